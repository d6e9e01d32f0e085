"""`/checkin` with a new time at the very moment the runner claims today's check-in (in
another process, or the same one): the new time reads which day had its check-in in the same
transaction as its write, under the member's check-in lock, which a check-in's first claim
takes too. So the next day's check-in that claim chains at the old time is cancelled with the
old time, and today is not asked again. Before, `/checkin` read that day outside its write:
on PostgreSQL, two daily chains were left, and the old time's went out every day.

The two transactions are put in the racing order by a third connection holding the check-in's
row lock; PostgreSQL only, as SQLite runs one write transaction at a time by construction."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import asyncpg
import pytest

from tests.discord.harness import FakeClock, Harness
from tests.discord.harness.capture import Capture
from tests.discord.test_checkin_days import pending_checkins
from tests.discord.test_reminders import reminders_cog
from tests.discord.test_reminders_delivery import DM_PATH, ME
from tests.discord.test_reminders_retries import check_ins_per_day

pytestmark = pytest.mark.postgresql_only

T = TypeVar("T")
WED_0700 = datetime(2026, 3, 11, 7, 0, tzinfo=UTC)
THU_0900 = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)


async def waiting_on_locks(conn: asyncpg.Connection, count: int) -> None:
    """Until `count` of the bot's statements wait for a lock (a hang guard, not a timing).
    `conn` is outside any transaction: inside one, the server's activity view is read once."""
    query = (
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    async with asyncio.timeout(30):
        while await conn.fetchval(query) < count:  # noqa: ASYNC110 (the server's view, no event)
            await asyncio.sleep(0.01)


async def beside_wednesdays_claim(
    harness: Harness, clock: FakeClock, database_url: str, act: Callable[[], Coroutine[Any, Any, T]]
) -> tuple[T, Capture]:
    """At Wednesday 07:00, `act` (a command, a click) started while the runner's first claim
    of that day's check-in waits for the check-in's row, held by a third connection until
    `act`'s own statement waits too; both run to the end then. What `act` gave, and what the
    run sent."""
    [today] = await harness.store.timers.pending(ME)
    clock.set(WED_0700)  # before `act` is built: a confirmation asked for now stays valid
    holder, watcher = await asyncpg.connect(database_url), await asyncpg.connect(database_url)
    try:
        async with harness.capture() as cap:
            async with holder.transaction():
                await holder.execute("SELECT 1 FROM timers WHERE id = $1 FOR UPDATE", today.id)
                tick = asyncio.create_task(reminders_cog(harness).runner.tick(clock.now()))
                await waiting_on_locks(watcher, 1)  # the runner's claim
                acting = asyncio.create_task(act())
                await waiting_on_locks(watcher, 2)  # and `act`'s
            await tick
            done = await acting
    finally:
        await holder.close()
        await watcher.close()
    return done, cap


async def test_a_new_time_set_while_todays_check_in_is_claimed_leaves_one_chain(
    harness: Harness, clock: FakeClock, database_url: str
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})
    reply, cap = await beside_wednesdays_claim(
        harness, clock, database_url, lambda: harness.invoke("checkin", {"time": "09:00"})
    )
    assert len(cap.to("POST", DM_PATH)) == 1  # Wednesday's check-in went out
    # Wednesday had its check-in: 09:00 starts on Thursday, and is the only chain left.
    assert f"<t:{int(THU_0900.timestamp())}:F>" in reply.content, reply.content
    assert await pending_checkins(harness) == [THU_0900]
    per_day = await check_ins_per_day(harness, clock, THU_0900 + timedelta(days=1, hours=1))
    assert per_day == {"2026-03-11": 1, "2026-03-12": 1, "2026-03-13": 1}
