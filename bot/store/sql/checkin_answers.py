"""Check-in answers (`checkin_answers`): the soreness a member gave for a day, kept once."""

from __future__ import annotations

from datetime import date, datetime

from bot.core.models import MemberRef
from bot.core.reminders import CheckinAnswer
from bot.store.sql.codec import model_of
from bot.store.sql.seam import MEMBER_ROWS, Repository, scope

_SAVE_SORENESS = """
    INSERT INTO checkin_answers (guild_id, user_id, local_date, soreness, answered_at)
    VALUES (:guild_id, :user_id, :day, :soreness, :now)
    ON CONFLICT (guild_id, user_id, local_date) DO NOTHING
"""
# The check-in DM an answer is for, still on record (a check-in tried before migration 0012 has
# no day: any tried one of the member's stands for it). Locked, so that a /mydata delete or a
# purge deleting it meanwhile is waited for and then seen: they delete timers before answers.
_ON_RECORD = f"""
    SELECT 1 FROM timers
    WHERE {MEMBER_ROWS} AND kind = 'checkin'
        AND (checkin_day = :day OR (checkin_day IS NULL AND state <> 'pending'))
    LIMIT 1 FOR NO KEY UPDATE
"""


class CheckinAnswers(Repository):
    async def save(self, member: MemberRef, day: date, soreness: int, *, now: datetime) -> bool:
        """Keep the day's check-in answer; False when that day already has one (kept), or
        when no check-in for that day is on record (nothing kept: a press after /mydata
        delete or a removed club's purge would leave an answer nothing deletes)."""
        params = {"day": day.isoformat(), **scope(member)}
        async with self._db.transaction() as tx:
            if await tx.one(_ON_RECORD, **params) is None:
                return False
            return await tx.changed(_SAVE_SORENESS, soreness=soreness, now=now, **params)

    async def on_day(self, member: MemberRef, day: date) -> CheckinAnswer | None:
        row = await self._db.one(
            "SELECT local_date, soreness, answered_at FROM checkin_answers"
            f" WHERE {MEMBER_ROWS} AND local_date = :day",
            day=day.isoformat(),
            **scope(member),
        )
        return None if row is None else model_of(CheckinAnswer, row)
