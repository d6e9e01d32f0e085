"""A change of `[club] timezone` from a zone past UTC+12 (Auckland in summer, +13): a
check-in queued there is for its own day. `queued_day` read offsets up to +12 only, so it put
the check-in on the day before in the new zone, a moment gone by, and sent it at once for a
day nobody asked to be checked in on. README: "each next check-in comes at its time on the
new zone's clock, on the day it was for" (found in review; failed before the fix).
Expected moments are worked out here with zoneinfo, not read from the bot."""

from __future__ import annotations

from collections.abc import Callable

from tests.discord.harness import FakeClock, Harness
from tests.discord.test_checkin_club_zone_change import at, club, dm_times, run_until
from tests.discord.test_checkin_days import days_asked
from tests.discord.test_reminders_delivery import wake

AUCKLAND = "Pacific/Auckland"  # UTC+13 until 5 April 2026
SYDNEY = "Australia/Sydney"  # UTC+11 until 5 April 2026


async def test_a_check_in_queued_in_auckland_comes_on_its_own_day_in_sydney(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    clock.set(at(10, "20:00", AUCKLAND))  # Tuesday evening: the first is Wednesday 07:00
    async with make_harness(config=club(AUCKLAND)) as first:
        await first.invoke("checkin", {"time": "07:00"})
    second = make_harness(config=club(SYDNEY))
    second.fake = first.fake
    clock.set(at(10, "22:30", SYDNEY))  # the restart, still Tuesday in Sydney
    async with second:
        await wake(second)
        await run_until(second, clock, at(11, "12:00", SYDNEY))
    assert dm_times(second) == [at(11, "07:00", SYDNEY)]
    assert days_asked(second) == {"Wed 11 Mar": 1}
