"""`[club] timezone` changed from UTC to Asia/Tokyo while the bot was down, a day before the
session: Tuesday's 18:00 in Tokyo is 09:00 UTC, its heads-up (3 hours) 06:00 UTC. The read
chain still waited at the old zone's heads-up time (15:00 UTC), after that start; the
restart's first look moves it to 06:00 (`place_reads`), so this week's occurrence, a day
after the restart, gets its heads-up, once. Expected instants from zoneinfo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from tests.discord.harness import FakeClock, Harness
from tests.discord.test_session_zone_change import (
    ADDED,
    OLD_START,
    fire,
    heads_ups_to_alice,
    local,
    restarted_on_tokyo,
)


async def test_a_config_zone_change_a_day_ahead_still_tells_this_weeks_session(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    async with restarted_on_tokyo(make_harness, clock) as second:
        await fire(second)  # the restart's first look, Monday 09:00 UTC
        told = 0
        start = local(ADDED, "Asia/Tokyo")
        moment = start - timedelta(hours=3)
        while moment < start:  # every 5 minutes from Tokyo's heads-up time to the start
            clock.set(moment)
            told += len(heads_ups_to_alice(await fire(second)))
            moment += timedelta(minutes=5)
    assert told == 1


async def test_a_longer_lead_set_while_the_bot_was_down_tells_at_the_new_lead(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    """`[club] session_heads_up_hours` from 3 to 6 at the restart, the zone still UTC: the read
    queued for 15:00 UTC comes at 12:00 UTC, 6 hours before Tuesday's 18:00 UTC, and Alice is
    told then, once."""
    async with restarted_on_tokyo(make_harness, clock, {"session_heads_up_hours": 6}) as second:
        await fire(second)  # the restart's first look, Monday 09:00 UTC
        told = []
        moment = OLD_START - timedelta(hours=6, minutes=5)
        while moment < OLD_START:
            clock.set(moment)
            told += [moment] * len(heads_ups_to_alice(await fire(second)))
            moment += timedelta(minutes=5)
    assert told == [OLD_START - timedelta(hours=6)]
