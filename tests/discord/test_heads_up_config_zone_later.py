"""`[club] timezone` changed from Asia/Tokyo to UTC while the bot was down, on the session's
own day: Tuesday's 18:00 in Tokyo (09:00 UTC) had started, so the reads waited for the next
Tuesday; in UTC this Tuesday's 18:00 is still ahead, its heads-up (3 hours) at 15:00 UTC. The
restart's first look brings the read back to today, and Alice, interested, is told at 15:00
about today's 18:00 UTC, once. Expected instants from zoneinfo."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

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


@asynccontextmanager
async def restarted_on_utc(
    make_harness: Callable[..., Harness], clock: FakeClock, zone: str, day: datetime
) -> AsyncIterator[Harness]:
    """Tuesday's 18:00 session added on `day` half an hour after its start in `zone`, the
    config's zone then, Alice interested and wanting every heads-up; the bot started again
    10 minutes later on the config's zone UTC, its fake Discord's calendar carried over."""
    started = local(day, zone)
    clock.set(started + timedelta(minutes=30))
    async with make_harness(config={"club": {"timezone": zone}}) as first:
        event_id = await add(first)
        await first.invoke("profile", {"heads_up": "all"})
        first.fake.events.mark_interested(event_id, ALICE.id)
        calendar = first.fake.events
    clock.set(started + timedelta(minutes=40))
    async with make_harness() as second:
        second.fake.events.events.update(calendar.events)
        second.fake.events.interested.update(calendar.interested)
        yield second


async def told_until(h: Harness, clock: FakeClock, start: datetime) -> list[tuple[datetime, Any]]:
    """The heads-ups to Alice, with when, waking the bot every 5 minutes from now to `start`."""
    told = []
    moment = clock.now()
    while moment < start:
        clock.set(moment)
        told += [(moment, dm) for dm in heads_ups_to_alice(await fire(h))]
        moment += timedelta(minutes=5)
    return told


async def test_a_config_zone_change_west_on_the_day_still_tells_todays_session(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    async with restarted_on_utc(make_harness, clock, "Asia/Tokyo", ADDED) as second:
        told = await told_until(second, clock, OLD_START)
    assert [moment for moment, _ in told] == [OLD_HEADS_UP]
    assert discord_ts(OLD_START) in told[0][1]["embeds"][0]["description"]
