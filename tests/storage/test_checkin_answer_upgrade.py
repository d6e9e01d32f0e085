"""Migration 0012 on both backends: a check-in DM sent before the upgrade has no `checkin_day`
(the migration adds the column, NULL on every row). Its buttons name its due time's day, as
`Timer.day` reads such a row, and the member presses one after the upgrade, the same morning:
the answer is kept. README, "Your data": only a press after /mydata delete (or a removed club's
purge) stores nothing; this check-in is on record."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.models import MemberRef
from bot.core.reminders import Timer
from bot.store.sql import SqlStore
from bot.store.sql.seam import Db
from tests.storage.upgrades import postgres_upgraded, sqlite_upgraded

MEMBER = MemberRef(guild_id=11, user_id=22)
# The morning's check-in DM, sent at 07:00 UTC (the member's zone) before the upgrade.
SENT_AT = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
CHECKIN = (
    "INSERT INTO timers (guild_id, user_id, kind, due_at, next_at, minute, state, attempts,"
    " created_at, updated_at)"
    " VALUES (11, 22, 'checkin', {t}, {t}, 420, 'sent', 1, {t}, {t})"
)


async def _check(store: SqlStore[Db]) -> None:
    sent = await store.timers.last_checkin(MEMBER)
    assert isinstance(sent, Timer) and sent.checkin_day is None
    day = sent.day(ZoneInfo("UTC"))  # the day its DM and buttons name
    assert await store.checkin_answers.save(MEMBER, day, 5, now=SENT_AT.replace(hour=8)), (
        "an answer to a check-in DM sent before migration 0012 was refused as not on record"
    )
    kept = await store.checkin_answers.on_day(MEMBER, day)
    assert kept is not None and kept.soreness == 5


async def test_sqlite_a_checkin_sent_before_the_upgrade_takes_its_answer(db_path: Path) -> None:
    sent = CHECKIN.format(t=int(SENT_AT.timestamp()))
    async with sqlite_upgraded(db_path, 11, sent) as store:
        await _check(store)


async def test_postgresql_a_checkin_sent_before_the_upgrade_takes_its_answer(
    postgres_url: str,
) -> None:
    sent = CHECKIN.format(t=f"'{SENT_AT.isoformat()}'::timestamptz")
    async with postgres_upgraded(postgres_url, 11, sent) as store:
        await _check(store)
