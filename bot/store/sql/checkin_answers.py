"""Check-in answers (`checkin_answers`): the soreness a member gave for a day, kept once."""

from __future__ import annotations

from datetime import date, datetime

from bot.core.models import MemberRef
from bot.core.reminders import CheckinAnswer
from bot.store.sql.codec import model_of
from bot.store.sql.seam import MEMBER_ROWS, Repository, scope

# Only for a check-in DM still on record: a press after /mydata delete or the purge of a
# removed club would store an answer nothing deletes.
_SAVE_SORENESS = f"""
    INSERT INTO checkin_answers (guild_id, user_id, local_date, soreness, answered_at)
    SELECT :guild_id, :user_id, :day, :soreness, :now
    WHERE EXISTS (
        SELECT 1 FROM timers WHERE {MEMBER_ROWS} AND kind = 'checkin' AND checkin_day = :day
    )
    ON CONFLICT (guild_id, user_id, local_date) DO NOTHING
"""


class CheckinAnswers(Repository):
    async def save(self, member: MemberRef, day: date, soreness: int, *, now: datetime) -> bool:
        """Keep the day's check-in answer; False when that day already has one (kept), or
        when no check-in for that day is on record (nothing kept)."""
        return await self._db.changed(
            _SAVE_SORENESS, day=day.isoformat(), soreness=soreness, now=now, **scope(member)
        )

    async def on_day(self, member: MemberRef, day: date) -> CheckinAnswer | None:
        row = await self._db.one(
            "SELECT local_date, soreness, answered_at FROM checkin_answers"
            f" WHERE {MEMBER_ROWS} AND local_date = :day",
            day=day.isoformat(),
            **scope(member),
        )
        return None if row is None else model_of(CheckinAnswer, row)
