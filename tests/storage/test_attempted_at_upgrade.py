"""Migration 0011 on both backends, and every one after it: a daily post or a DM waiting to
retry when the bot is upgraded kept only when its failure was recorded (`updated_at`). Its
attempt began up to one send's time limit before that (bot.core.resend), so after the upgrade
its earliest attempt is never taken as later than that: a look from the failure's time would
miss a post the attempt made at its start, and the nonce would be carried past Discord's
window."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.core.models import MemberRef
from bot.core.resend import DM_SEND_TIMEOUT, POST_SEND_TIMEOUT
from bot.store.sql import SqlStore
from bot.store.sql.seam import Db
from tests.storage.upgrades import postgres_upgraded, sqlite_upgraded

GUILD, USER = 11, 22
# The failure of the day's first attempt, recorded 80 s after the attempt began (a timeout).
FAILED_AT = datetime(2026, 3, 10, 7, 1, 20, tzinfo=UTC)
CLUB = (
    "INSERT INTO clubs (guild_id, channel_id, post_minute, enabled, effective_at, updated_at)"
    " VALUES ({g}, 5, 420, {yes}, {t}, {t})"
)
POST = (
    "INSERT INTO posts (guild_id, local_date, slot_at, status, channel_id, attempts, retry_at,"
    " error, updated_at) VALUES ({g}, '2026-03-10', {t}, 'retry', 5, 1, {t}, '503', {t})"
)
TIMER = (
    "INSERT INTO timers (guild_id, user_id, kind, due_at, next_at, entry_id, state, attempts,"
    " error, created_at, updated_at)"
    " VALUES ({g}, {u}, 'ready', {t}, {t}, 1, 'pending', 1, '503', {t}, {t})"
)


async def _check(store: SqlStore[Db]) -> None:
    record = await store.posts.latest(GUILD)
    assert record is not None and record.updated_at == FAILED_AT
    assert record.look_from <= FAILED_AT - POST_SEND_TIMEOUT, (
        f"the post's earliest attempt is taken to begin at {record.look_from}, later than"
        " the earliest moment it may have begun (the failure less the send's time limit)"
    )
    [timer] = await store.timers.pending(MemberRef(guild_id=GUILD, user_id=USER))
    assert timer.updated_at == FAILED_AT
    assert timer.look_from <= FAILED_AT - DM_SEND_TIMEOUT, (
        f"the DM's earliest attempt is taken to begin at {timer.look_from}"
    )


async def test_sqlite_upgrade_keeps_when_a_retry_may_have_begun(db_path: Path) -> None:
    t = int(FAILED_AT.timestamp())
    rows = (sql.format(g=GUILD, u=USER, t=t, yes=1) for sql in (CLUB, POST, TIMER))
    async with sqlite_upgraded(db_path, 10, *rows) as store:
        await _check(store)


async def test_postgresql_upgrade_keeps_when_a_retry_may_have_begun(postgres_url: str) -> None:
    t = f"'{FAILED_AT.isoformat()}'::timestamptz"
    rows = (sql.format(g=GUILD, u=USER, t=t, yes="true") for sql in (CLUB, POST, TIMER))
    async with postgres_upgraded(postgres_url, 10, *rows) as store:
        await _check(store)
