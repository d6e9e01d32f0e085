"""`/checkin time:off` (also `/remind cancel` of the next check-in, `/mydata delete`) at the
very moment the runner makes today's check-in's first claim, which chains tomorrow's in the
same transaction. `stop_checkins` (and the member's DELETE) is one statement that does not
take the member's check-in lock: on PostgreSQL, started while the claim's transaction is
open, it waits for the claimed row, then cancels (deletes) it, but never sees the next day's
row the claim inserted, which stays pending and goes out.

Ordered as tests/discord/test_checkin_new_time_racing_its_claim.py orders its two: a third
connection holds the check-in's row lock until both of the bot's statements wait for it.
PostgreSQL only: SQLite runs one write transaction at a time by construction."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from tests.discord.harness import FakeClock, Harness
from tests.discord.test_checkin_days import pending_checkins
from tests.discord.test_checkin_new_time_racing_its_claim import waiting_on_locks
from tests.discord.test_reminders import reminders_cog
from tests.discord.test_reminders_delivery import DM_PATH, ME
from tests.discord.test_reminders_retries import check_ins_per_day

pytestmark = pytest.mark.postgresql_only

WED_0700 = datetime(2026, 3, 11, 7, 0, tzinfo=UTC)


async def test_time_off_while_todays_check_in_is_claimed_leaves_no_check_in(
    harness: Harness, clock: FakeClock, database_url: str
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})
    [today] = await harness.store.timers.pending(ME)
    clock.set(WED_0700)
    holder, watcher = await asyncpg.connect(database_url), await asyncpg.connect(database_url)
    try:
        async with harness.capture() as cap:
            async with holder.transaction():
                await holder.execute("SELECT 1 FROM timers WHERE id = $1 FOR UPDATE", today.id)
                tick = asyncio.create_task(reminders_cog(harness).runner.tick(clock.now()))
                await waiting_on_locks(watcher, 1)  # the runner's claim of Wednesday's 07:00
                off = asyncio.create_task(harness.invoke("checkin", {"time": "off"}))
                await waiting_on_locks(watcher, 2)  # and time:off's stop
            await tick
            await off
        assert len(cap.to("POST", DM_PATH)) == 1  # Wednesday's check-in went out
    finally:
        await holder.close()
        await watcher.close()
    # The member turned check-ins off: none is left, and none comes on the days after.
    assert await pending_checkins(harness) == []
    per_day = await check_ins_per_day(harness, clock, WED_0700 + timedelta(days=2, hours=1))
    assert per_day == {"2026-03-11": 1}


async def test_cancelling_the_check_in_while_it_is_claimed_stops_the_check_ins(
    harness: Harness, clock: FakeClock, database_url: str
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})
    [today] = await harness.store.timers.pending(ME)
    clock.set(WED_0700)
    holder, watcher = await asyncpg.connect(database_url), await asyncpg.connect(database_url)
    try:
        async with holder.transaction():
            await holder.execute("SELECT 1 FROM timers WHERE id = $1 FOR UPDATE", today.id)
            tick = asyncio.create_task(reminders_cog(harness).runner.tick(clock.now()))
            await waiting_on_locks(watcher, 1)
            cancel = asyncio.create_task(
                harness.invoke("remind cancel", {"reminder": f"#{today.id}"})
            )
            await waiting_on_locks(watcher, 2)
        await tick
        await cancel
    finally:
        await holder.close()
        await watcher.close()
    # Either the cancel came first (no DM, nothing pending) or the DM did; never a next day.
    assert await pending_checkins(harness) == []


async def test_deleting_my_data_while_todays_check_in_is_claimed_leaves_no_check_in(
    harness: Harness, clock: FakeClock, database_url: str
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})
    [today] = await harness.store.timers.pending(ME)
    clock.set(WED_0700)
    asked = await harness.invoke("mydata delete")
    assert asked.created_message is not None
    (row,) = asked.created_message["components"]
    confirm = next(b["custom_id"] for b in row["components"] if b["label"].startswith("Delete"))
    holder, watcher = await asyncpg.connect(database_url), await asyncpg.connect(database_url)
    try:
        async with holder.transaction():
            await holder.execute("SELECT 1 FROM timers WHERE id = $1 FOR UPDATE", today.id)
            tick = asyncio.create_task(reminders_cog(harness).runner.tick(clock.now()))
            await waiting_on_locks(watcher, 1)
            delete = asyncio.create_task(harness.click(asked.created_message, confirm))
            await waiting_on_locks(watcher, 2)
        await tick
        done = await delete
        assert done.callback is not None
        assert done.callback["data"]["embeds"][0]["title"] == "Deleted"
    finally:
        await holder.close()
        await watcher.close()
    assert await pending_checkins(harness) == []


async def test_a_zone_change_while_todays_check_in_is_claimed_moves_the_next_check_in(
    harness: Harness, clock: FakeClock, database_url: str
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})  # the club's zone: UTC
    [today] = await harness.store.timers.pending(ME)
    clock.set(WED_0700)
    holder, watcher = await asyncpg.connect(database_url), await asyncpg.connect(database_url)
    try:
        async with holder.transaction():
            await holder.execute("SELECT 1 FROM timers WHERE id = $1 FOR UPDATE", today.id)
            tick = asyncio.create_task(reminders_cog(harness).runner.tick(clock.now()))
            await waiting_on_locks(watcher, 1)
            move = asyncio.create_task(harness.invoke("profile", {"timezone": "America/New_York"}))
            await waiting_on_locks(watcher, 2)  # its reschedule of the claimed check-in
        await tick
        await move
    finally:
        await holder.close()
        await watcher.close()
    # Thursday 07:00 on the member's new clock: New York is on EDT (UTC-4) from 8 March.
    assert await pending_checkins(harness) == [datetime(2026, 3, 12, 11, 0, tzinfo=UTC)]
