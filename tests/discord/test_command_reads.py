"""What a command costs the database (issue 21): a command with no data sends no statement,
and the notice after a failed DM still reaches the member's next command, also when another
process recorded it. Counted on each backend's own statement counter, below the interface."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from bot.core.reminders import NOTICES_READ_EVERY
from bot.store import Store
from tests.discord.harness import ALICE, BOB, FakeClock, Harness, Result
from tests.discord.test_reminders import dms, fire

NOTICE_START = "I couldn't DM you:"


def statements(store: Store) -> int:
    """Statements sent so far (each backend's database wrapper counts every one)."""
    return int(getattr(store, "db").statements)  # noqa: B009


def notices(result: Result) -> list[str]:
    """The followups that carry a notice: the answer itself is the callback."""
    return [
        str(body.get("content") or "")
        for body in result.followups
        if str(body.get("content") or "").startswith(NOTICE_START)
    ]


async def test_help_sends_no_statement_to_the_database(harness: Harness) -> None:
    before = statements(harness.store)
    first = await harness.invoke("help")
    again = await harness.invoke("help", user=BOB)
    assert "/canirun" in first.text and "/canirun" in again.text
    assert statements(harness.store) == before


async def test_a_failed_dm_recorded_by_another_process_reaches_the_next_command(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    # Two processes on one database: the member talks to `here`; `there` fires the check-in
    # (an old process still running during a rolling restart, say) into closed DMs.
    async with make_harness() as here, make_harness() as there:
        await here.invoke("checkin", {"time": "09:30"})
        there.fake.closed_dms.add(ALICE.id)
        clock.advance(timedelta(minutes=30))
        await here.invoke("help")  # `here` reads who has notices waiting: nobody yet
        assert [r.status for r in dms(await fire(there))] == [403]

        # Not known here until `here` reads the list again, within NOTICES_READ_EVERY.
        before = statements(here.store)
        assert notices(await here.invoke("help")) == []
        assert statements(here.store) == before
        clock.advance(NOTICES_READ_EVERY)
        shown = await here.invoke("help")
        assert len(notices(shown)) == 1
        assert notices(await here.invoke("help")) == []  # once


async def test_a_failed_dm_in_this_process_reaches_the_very_next_command(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("checkin", {"time": "09:30"})
    harness.fake.closed_dms.add(ALICE.id)
    clock.advance(timedelta(minutes=30))
    assert [r.status for r in dms(await fire(harness))] == [403]
    assert notices(await harness.invoke("help", user=BOB)) == []
    assert len(notices(await harness.invoke("help"))) == 1
    assert notices(await harness.invoke("help")) == []


async def test_canirun_reads_once_and_shows_the_check_in_and_next_race_of_the_members_today(
    harness: Harness, clock: FakeClock
) -> None:
    # Kiritimati is UTC+14: at the start (09:00 UTC, 10 March) it is 23:00 there, and from
    # 10:00 UTC on it is 11 March there while UTC's date is still the 10th.
    await harness.invoke("profile", {"timezone": "Pacific/Kiritimati"})
    await harness.invoke("race set", {"date": "2026-03-10", "name": "Tonight 5k"})
    await harness.invoke("race set", {"date": "2026-03-14", "name": "Park 10k"})
    await harness.invoke("checkin", {"time": "01:02"})
    clock.advance(timedelta(hours=2, minutes=2))  # 11:02 UTC: 01:02 on the 11th there
    (sent,) = dms(await fire(harness))
    answers = {
        b["label"]: b["custom_id"] for row in sent.response["components"] for b in row["components"]
    }
    await harness.click_dm(sent.response, answers["6"], user=ALICE)
    await harness.invoke("help")  # the notices' list, read again after two hours, is fresh

    before = statements(harness.store)
    result = await harness.invoke("canirun", {"type": "easy"})
    assert statements(harness.store) == before + 1
    assert "Using your 01:02 check-in: 6." in result.embed["description"]
    fields = {f["name"]: f["value"] for f in result.embed.get("fields", [])}
    assert "Park 10k" in fields["Next race"] and "in 3 days" in fields["Next race"]
