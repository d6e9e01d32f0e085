"""A check-in answer saved while /mydata delete runs on another connection (another process, or
the same pool's next connection): README, "Your data": a press after the deletion stores
nothing, and the deletion leaves nothing of the member. The answer's insert reads that its
check-in is on record; the delete removes the member's answers before their timers, so an answer
committed between the two must not outlive the deletion."""

from __future__ import annotations

import asyncio
from datetime import date

import asyncpg

from bot.store.postgres import PostgresStore
from tests.storage.conftest import ALICE, T0

DAY = date(2024, 3, 4)
# The delete, waiting for a row lock on the member's timers (its answers' delete done already).
_WAITING = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
    " AND wait_event_type = 'Lock'"
    " AND query LIKE 'DELETE FROM timers%'"
)
# Any other statement waiting for a lock: the save, were it to wait for the delete.
_WAITING_SAVE = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
    " AND wait_event_type = 'Lock'"
    " AND query NOT LIKE 'DELETE FROM timers%'"
)


async def test_an_answer_racing_mydata_delete_is_not_left_behind(postgres_url: str) -> None:
    deleter = await PostgresStore.open(postgres_url)
    presser = await PostgresStore.open(postgres_url)
    holder = await asyncpg.connect(postgres_url)
    # Outside any transaction: pg_stat_activity is read once per transaction.
    watcher = await asyncpg.connect(postgres_url)
    try:
        timer = await deleter.timers.set_checkin(ALICE, minute=420, first=lambda _: T0, now=T0)
        assert timer.id is not None
        assert await deleter.timers.claim(timer.id, now=T0, day=DAY, checkins_of=ALICE)
        # Another statement holds the timers row for a moment (a claim, a finish): the delete
        # waits there, after its DELETE FROM checkin_answers, as any slow moment would.
        hold = holder.transaction()
        await hold.start()
        await holder.execute(
            "SELECT 1 FROM timers WHERE guild_id = $1 AND user_id = $2 FOR UPDATE",
            ALICE.guild_id,
            ALICE.user_id,
        )
        deleting = asyncio.create_task(deleter.privacy.delete_member(ALICE))
        for _ in range(2000):
            if await watcher.fetchval(_WAITING):
                break
            await asyncio.sleep(0.01)
        assert await watcher.fetchval(_WAITING), "the delete never reached the timers"
        # The member presses the morning's check-in button meanwhile: the save is done, or
        # waits for the delete (as it would behind the member's check-in lock).
        saving = asyncio.create_task(presser.checkin_answers.save(ALICE, DAY, 5, now=T0))
        for _ in range(2000):
            if saving.done() or await watcher.fetchval(_WAITING_SAVE):
                break
            await asyncio.sleep(0.01)
        await hold.rollback()
        await asyncio.gather(deleting, saving)

        left = await presser.db.fetchall(
            "SELECT * FROM checkin_answers WHERE guild_id = $1 AND user_id = $2",
            ALICE.guild_id,
            ALICE.user_id,
        )
        assert [dict(row.items()) for row in left] == [], (
            "a soreness answered while /mydata delete ran outlived the deletion"
        )
    finally:
        await watcher.close()
        await holder.close()
        await presser.close()
        await deleter.close()
