"""The "fine again" time a reply shows is a minute at which /canirun answers GO (README, How the
advice decides): for a hard leg day logged late behind a newer one too, and, with a soreness
that still counts then, it is that soreness, not the leg day, that keeps the run easy."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from tests.discord.harness import ALICE, FakeClock, Harness
from tests.discord.test_reminders import button_ids, dms, fire

_SHOWN = re.compile(r"fine again (?:from|since) <t:(\d+):F>")


def shown_clear(text: str) -> datetime:
    """The 'fine again' moment a /legday reply shows."""
    found = _SHOWN.search(text)
    assert found is not None, text
    return datetime.fromtimestamp(int(found.group(1)), UTC)


async def test_a_backdated_hard_leg_day_shows_a_fine_again_time_at_which_canirun_says_go(
    harness: Harness, clock: FakeClock
) -> None:
    """README, How the advice decides: "Every "fine again" time you are shown (in `/canirun`,
    `/legday`, `/run` and the club post) is rounded up to the next whole minute, so at the
    minute you see, hard running is fine." A hard leg day logged late, behind a newer one that
    still holds hard running back, shows its own 48 hours as the time hard running is fine."""
    await harness.invoke("legday", {"exercises": 3})  # now: holds hard running for 48 h
    late = await harness.invoke("legday", {"exercises": 3, "when": "1 day ago"})
    shown = shown_clear(late.text)
    verdict = await harness.invoke("canirun", {"type": "tempo", "when": discord_when(shown)})
    assert verdict.embed["title"].startswith("GO"), (late.text, verdict.text)


async def test_a_long_backdated_hard_leg_day_does_not_say_hard_running_has_been_fine(
    harness: Harness, clock: FakeClock
) -> None:
    """README, Members, /legday: "for a leg day logged late whose 48 hours are over, since when
    it has been fine". With a newer hard leg day holding hard running back, it has not been."""
    await harness.invoke("legday", {"exercises": 3})
    late = await harness.invoke("legday", {"exercises": 3, "when": "3 days ago"})
    now = await harness.invoke("canirun", {"type": "tempo"})
    assert now.embed["title"].startswith("WAIT")
    assert "Hard running (tempo, intervals, hills, sprints, HIIT, races) has been fine" not in (
        late.text
    ), late.text


async def test_at_the_wait_time_a_check_ins_soreness_still_keeps_it_easy(
    harness: Harness, clock: FakeClock
) -> None:
    """README, Members, /canirun: a WAIT shows when hard running is fine again, "a minute at
    which `/canirun` answers GO, unless your soreness ... still keeps it easy then"."""
    await harness.invoke("checkin", {"time": "09:02"})
    clock.advance(timedelta(minutes=2))
    (sent,) = dms(await fire(harness))
    answered = await harness.click_dm(sent.response, button_ids(sent.response)["5"], user=ALICE)
    assert "soreness 5" in answered.content
    await harness.invoke("legday", {"exercises": 3, "when": "40 hours ago"})
    wait = await harness.invoke("canirun", {"type": "tempo"})
    assert wait.embed["title"].startswith("WAIT")
    ready = re.search(r"Hard running OK from <t:(\d+):F>", wait.text)
    assert ready is not None, wait.text
    at = datetime.fromtimestamp(int(ready.group(1)), UTC)
    assert at.date() == clock.now().date()  # the same day: the check-in's soreness counts
    later = await harness.invoke("canirun", {"type": "tempo", "when": discord_when(at)})
    # The leg day holds nothing back then; the soreness of 5 keeps it easy (rule 2), as the
    # README says beside the shown time.
    assert later.embed["title"].startswith("EASY-ONLY"), later.text
    assert "Using your 09:02 check-in: 5." in later.text


def discord_when(moment: datetime) -> str:
    """A `when` for `moment` (UTC), as ISO 8601 with its offset."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def test_a_newer_hard_leg_day_a_few_seconds_ahead_decides_the_fine_again_time(
    harness: Harness, clock: FakeClock
) -> None:
    # A log may lie up to a minute ahead of now (clock drift): one 50 s ahead is the newer.
    ahead = clock.now() + timedelta(seconds=50)
    newer = await harness.invoke("legday", {"exercises": 3, "when": discord_when(ahead)})
    assert newer.embed["title"] == "Leg day logged: HARD", newer.text
    late = await harness.invoke("legday", {"exercises": 3, "when": "1 day ago"})
    shown = shown_clear(late.text)
    verdict = await harness.invoke("canirun", {"type": "tempo", "when": discord_when(shown)})
    assert verdict.embed["title"].startswith("GO"), (late.text, verdict.text)


async def test_a_hard_leg_day_logged_seconds_ahead_holds_back_a_run_asked_right_after(
    harness: Harness, clock: FakeClock
) -> None:
    # The member's clock 30 s ahead of the bot's: the leg day is taken (a minute of slack for
    # clock drift), and its reply says hard running waits 48 hours; /canirun right after said
    # GO, "Nothing in your log calls for holding back", as it read only leg days up to now,
    # and this one was stored 30 s ahead (review 36). Within the slack, a log is for now.
    ahead = clock.now() + timedelta(seconds=30)
    logged = await harness.invoke("legday", {"exercises": 3, "when": discord_when(ahead)})
    assert logged.embed["title"] == "Leg day logged: HARD", logged.text
    verdict = await harness.invoke("canirun", {"type": "tempo"})
    assert verdict.embed["title"].startswith("WAIT"), verdict.text
    # Logged for now, so hard running is fine 48 hours from now, a whole minute here.
    assert shown_clear(logged.text) == clock.now() + timedelta(hours=48)
