"""The advice contract (advice-rules.md) at its edges, through /canirun and /run end to end
(found by an independent audit; each test failed before its fix)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from tests.discord.harness import FakeClock, Harness
from tests.discord.test_run_files import NOW, sample

_PLANNED = re.compile(r"\*\* at <t:(\d+):F>")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def test_a_later_plan_shows_a_minute_at_which_its_verdict_holds(
    harness: Harness, clock: FakeClock
) -> None:
    """advice-rules.md: "Any moment shown to a member is rounded so that the advice at the
    shown moment is what the reply promises." A hard leg day at 09:00:27 holds hard running
    back until 09:00:27 two days later (shown as 09:01). Asked at 09:00:40 for a tempo run "in
    48 hours", the plan is at 09:00:40 two days later: GO, 48 h 13 s after the leg day. A
    Discord timestamp shows whole minutes, so the reply must not show that GO at 09:00, a
    minute at which /canirun answers WAIT (09:00 is 47 h 59 min 33 s after the leg day)."""
    start = clock.now().replace(second=0, microsecond=0)
    clock.set(start + timedelta(seconds=27))
    await harness.invoke("legday", {"exercises": 3})
    clock.set(start + timedelta(seconds=40))
    planned = await harness.invoke("canirun", {"type": "tempo", "when": "in 48 hours"})
    found = _PLANNED.search(planned.text)
    assert found is not None, planned.text
    # What a member reads: Discord's `F` style shows the day and the minute, no seconds.
    shown = datetime.fromtimestamp(int(found.group(1)), UTC).replace(second=0)
    verdict = planned.embed["title"].split(":")[0]
    again = await harness.invoke("canirun", {"type": "tempo", "when": _iso(shown)})
    assert again.embed["title"].split(":")[0] == verdict, (planned.text, again.text)


async def test_watch_files_sent_newest_first_still_get_the_spike_note(
    harness: Harness, clock: FakeClock
) -> None:
    """advice-rules.md, "Single-run spike": a run logged from a file that is more than 10%
    longer than the longest run of the 30 days before it gets a note. run.tcx holds 4.251 km on
    8 May 2025; two_tracks.gpx 3.004 km and 1.250 km on 6 May. With no other runs, the 8 May
    run is 4.251 / 3.004 = 1.415 times the longest of its 30 days before: 42% longer, 1.2 km,
    whichever order the member attached the files in (here the newest first)."""
    clock.set(NOW)  # two days after the newest run
    result = await harness.invoke(
        "run", {"file": sample("run.tcx"), "file2": sample("two_tracks.gpx")}
    )
    (newest,) = [f for f in result.embed["fields"] if f["name"].endswith("run.tcx")]
    assert (
        "1.2 km (42%) longer than your longest run of the 30 days before it" in (newest["value"])
    ), result.text


async def test_a_plan_typed_for_the_current_minute_is_judged_now_as_it_reads(
    harness: Harness, clock: FakeClock
) -> None:
    """advice-rules.md: the plan's time is "now, or a later time the member names", and "any
    moment shown to a member is rounded so that the advice at the shown moment is what the
    reply promises". A `when` naming the minute it is reads "now" in the reply, so it is judged
    now, as /canirun without a `when` is. A HARD leg day logged at 09:00:33 and, a few seconds
    later, a tempo run "09:00" was a GO: judged at 09:00:00, before the leg day. And a HARD
    leg day at 09:00:50 two days before 09:00:55 was a WAIT for "09:00" (47 h 59 min 10 s),
    where now it is a GO (48 h 5 s)."""
    start = clock.now().replace(second=0, microsecond=0)
    clock.set(start + timedelta(seconds=33))
    await harness.invoke("legday", {"exercises": 3})
    clock.set(start + timedelta(seconds=40))
    typed = await harness.invoke("canirun", {"type": "tempo", "when": _iso(start)})
    now = await harness.invoke("canirun", {"type": "tempo"})
    assert "** now" in typed.text, typed.text
    assert now.embed["title"].startswith("WAIT"), now.text
    assert typed.embed["title"].startswith("WAIT"), typed.text

    later = start + timedelta(days=10)
    clock.set(later + timedelta(seconds=50))
    await harness.invoke("legday", {"exercises": 3})
    clock.set(later + timedelta(hours=48, seconds=55))
    typed = await harness.invoke(
        "canirun", {"type": "tempo", "when": _iso(later + timedelta(hours=48))}
    )
    now = await harness.invoke("canirun", {"type": "tempo"})
    assert "** now" in typed.text, typed.text
    assert now.embed["title"].startswith("GO"), now.text
    assert typed.embed["title"].startswith("GO"), typed.text
