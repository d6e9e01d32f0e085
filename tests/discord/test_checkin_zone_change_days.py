"""A time-zone change and the check-in's days: the day a sent check-in was for is the day its
buttons answer (the member's date when it was sent), not the date its moment falls on in the new
zone. Eastward, an evening check-in's moment falls on the new zone's next day: that day still
gets its own check-in. Westward, a just-after-midnight check-in's moment falls on the new zone's
day before: the day it was for gets no second one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from bot.core.reminders import TimerKind
from tests.discord.harness import ALICE, FakeClock, Harness
from tests.discord.test_reminders import button_ids, dms, fire
from tests.discord.test_reminders_edit import ME


async def moved_east_after_tuesdays_check_in(
    harness: Harness,
    clock: FakeClock,
    meanwhile: Callable[[Harness], Awaitable[None]] | None = None,
) -> Any:
    """Alice's 23:30 check-in (the club's zone, hers, is UTC) goes out on Tuesday 10 March; 15
    minutes later (after `meanwhile`) she moves to Berlin (UTC+1 until 29 March), where it is
    Wed 00:45. Returns Tuesday's DM request."""
    await harness.invoke("checkin", {"time": "23:30"})
    clock.set(datetime(2026, 3, 10, 23, 30, tzinfo=UTC))
    (tuesday,) = dms(await fire(harness))
    if meanwhile is not None:
        await meanwhile(harness)
    clock.set(datetime(2026, 3, 10, 23, 45, tzinfo=UTC))
    await harness.invoke("profile", {"timezone": "Europe/Berlin"})
    return tuesday


async def test_an_eastward_move_after_an_evening_check_in_still_checks_in_the_new_day(
    harness: Harness, clock: FakeClock
) -> None:
    tuesday = await moved_east_after_tuesdays_check_in(harness, clock)
    # Tuesday's check-in cannot be answered any more (Tuesday is over in Berlin) ...
    late = await harness.click_dm(tuesday.response, button_ids(tuesday.response)["4"], user=ALICE)
    assert "expired" in late.content
    # ... so Wednesday, in Berlin, needs its own: 23:30 Berlin = 22:30 UTC.
    wednesday_2330_berlin = datetime(2026, 3, 11, 22, 30, tzinfo=UTC)
    [pending] = [t for t in await harness.store.timers.pending(ME) if t.kind is TimerKind.CHECKIN]
    assert pending.due_at == wednesday_2330_berlin, "Wednesday (Berlin) gets no check-in"
    clock.set(wednesday_2330_berlin)
    (wednesday,) = dms(await fire(harness))
    answered = await harness.click_dm(
        wednesday.response, button_ids(wednesday.response)["4"], user=ALICE
    )
    assert "soreness 4" in answered.content


async def moved_west_after_wednesdays_check_in(harness: Harness, clock: FakeClock) -> None:
    """Alice lives in Berlin (UTC+1 in March), her check-in at 00:30: she answers Wednesday 11
    March's (23:30 UTC on the 10th), and ten minutes later moves to London (UTC+0), where it is
    Tue 10 March 23:40."""
    await harness.invoke("profile", {"timezone": "Europe/Berlin"})
    await harness.invoke("checkin", {"time": "00:30"})
    clock.set(datetime(2026, 3, 10, 23, 30, tzinfo=UTC))
    (first,) = dms(await fire(harness))
    answered = await harness.click_dm(first.response, button_ids(first.response)["5"], user=ALICE)
    assert "soreness 5" in answered.content  # Wednesday's soreness, kept
    clock.set(datetime(2026, 3, 10, 23, 40, tzinfo=UTC))
    await harness.invoke("profile", {"timezone": "Europe/London"})


async def test_a_westward_move_after_a_just_past_midnight_check_in_asks_that_day_once(
    harness: Harness, clock: FakeClock
) -> None:
    await moved_west_after_wednesdays_check_in(harness, clock)
    # Wednesday had its check-in; the next is Thursday 00:30 London = 00:30 UTC.
    thursday_0030_london = datetime(2026, 3, 12, 0, 30, tzinfo=UTC)
    [pending] = [t for t in await harness.store.timers.pending(ME) if t.kind is TimerKind.CHECKIN]
    assert pending.due_at == thursday_0030_london, "Wednesday's check-in is asked twice"
