"""`[club] timezone` changed from Asia/Tokyo to UTC while the bot was down, on the session's
own day: Tuesday's 18:00 in Tokyo (09:00 UTC) had started, so the reads waited for the next
Tuesday; in UTC this Tuesday's 18:00 is still ahead, its heads-up (3 hours) at 15:00 UTC. The
restart's first look brings the read back to today, and Alice, interested, is told at 15:00
about today's 18:00 UTC, once. Expected instants from zoneinfo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from tests.discord.harness import ALICE, FakeClock, Harness, discord_ts
from tests.discord.test_session_zone_change import (
    ADDED,
    OLD_HEADS_UP,
    OLD_START,
    add,
    fire,
    heads_ups_to_alice,
    local,
)


async def test_a_config_zone_change_west_on_the_day_still_tells_todays_session(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    tokyo_start = local(ADDED, "Asia/Tokyo")
    clock.set(tokyo_start + timedelta(minutes=30))  # added after Tokyo's Tuesday started
    async with make_harness(config={"club": {"timezone": "Asia/Tokyo"}}) as first:
        event_id = await add(first)
        await first.invoke("profile", {"heads_up": "all"})
        first.fake.events.mark_interested(event_id, ALICE.id)
        calendar = first.fake.events
    clock.set(tokyo_start + timedelta(hours=1))
    async with make_harness() as second:  # the config's zone, UTC
        second.fake.events.events.update(calendar.events)
        second.fake.events.interested.update(calendar.interested)
        await fire(second)  # the restart's first look
        told = []
        moment = OLD_HEADS_UP - timedelta(minutes=5)
        while moment < OLD_START:
            clock.set(moment)
            told += [(moment, dm) for dm in heads_ups_to_alice(await fire(second))]
            moment += timedelta(minutes=5)
    assert [moment for moment, _ in told] == [OLD_HEADS_UP]
    assert discord_ts(OLD_START) in told[0][1]["embeds"][0]["description"]
