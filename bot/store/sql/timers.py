"""Reminders and check-ins (`timers`, `checkin_answers`, `member_notices`): see bot.store.protocols.

A timer is claimed with one `UPDATE ... WHERE state = 'pending' RETURNING`, committed before
the DM is sent, so one row fires at most once whatever restarts or other processes do.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.core.models import MemberRef
from bot.core.reminders import (
    NOTICES_READ_EVERY,
    CheckinAnswer,
    Timer,
    TimerKind,
    TimerState,
)
from bot.store.columns import TIMER_COLUMNS
from bot.store.sql.codec import maybe_moment, moment
from bot.store.sql.seam import Db, Tx, scope

_MEMBER = "guild_id = :guild_id AND user_id = :user_id"
_INSERT = f"""
    INSERT INTO timers (guild_id, user_id, kind, due_at, next_at, entry_id, minute, state,
                        created_at, updated_at)
    VALUES (:guild_id, :user_id, :kind, :due_at, :due_at, :entry_id, :minute, 'pending',
            :now, :now)
    RETURNING {TIMER_COLUMNS}
"""
_MOVE_READY = f"""
    UPDATE timers SET entry_id = :entry_id, due_at = :due_at, next_at = :due_at,
        updated_at = :now
    WHERE {_MEMBER} AND kind = 'ready' AND state = 'pending'
    RETURNING {TIMER_COLUMNS}
"""
_CANCEL_CHECKINS = f"""
    UPDATE timers SET state = 'cancelled', updated_at = :now
    WHERE {_MEMBER} AND kind = 'checkin' AND state = 'pending'
"""
_CANCEL = f"""
    UPDATE timers SET state = 'cancelled', updated_at = :now
    WHERE id = :id AND {_MEMBER} AND state = 'pending'
    RETURNING {TIMER_COLUMNS}
"""
_MOVE = f"""
    UPDATE timers SET entry_id = :entry_id, due_at = :due_at, next_at = :due_at,
        attempts = 0, updated_at = :now
    WHERE id = :id AND {_MEMBER} AND kind = 'ready' AND state = 'pending'
    RETURNING {TIMER_COLUMNS}
"""
_RESCHEDULE = f"""
    UPDATE timers SET due_at = :due_at, next_at = :due_at, attempts = 0, updated_at = :now
    WHERE id = :id AND {_MEMBER} AND state = 'pending'
    RETURNING {TIMER_COLUMNS}
"""
_CLAIM = f"""
    UPDATE timers SET state = :state,
        attempts = attempts + CASE WHEN :state = 'sending' THEN 1 ELSE 0 END,
        updated_at = :now
    WHERE id = :id AND state = 'pending'
    RETURNING {TIMER_COLUMNS}
"""
_SAVE_SORENESS = """
    INSERT INTO checkin_answers (guild_id, user_id, local_date, soreness, answered_at)
    VALUES (:guild_id, :user_id, :day, :soreness, :now)
    ON CONFLICT (guild_id, user_id, local_date) DO NOTHING
"""
_ADD_NOTICE = """
    INSERT INTO member_notices (guild_id, user_id, kind, message, created_at)
    VALUES (:guild_id, :user_id, :kind, :message, :now)
    ON CONFLICT (guild_id, user_id, kind)
    DO UPDATE SET message = excluded.message, created_at = excluded.created_at
"""


def timer_of(row: Any) -> Timer:
    return Timer(
        id=row["id"],
        guild_id=row["guild_id"],
        user_id=row["user_id"],
        kind=TimerKind(row["kind"]),
        due_at=moment(row["due_at"]),
        next_at=moment(row["next_at"]),
        entry_id=row["entry_id"],
        minute=row["minute"],
        state=TimerState(row["state"]),
        attempts=row["attempts"],
        created_at=moment(row["created_at"]),
    )


def checkin_answer_from_row(row: Any) -> CheckinAnswer:
    return CheckinAnswer(
        local_date=date.fromisoformat(row["local_date"]),
        soreness=row["soreness"],
        answered_at=moment(row["answered_at"]),
    )


async def _insert(
    tx: Tx,
    guild_id: int,
    user_id: int,
    kind: TimerKind,
    *,
    due_at: datetime,
    entry_id: int | None = None,
    minute: int | None = None,
    now: datetime,
) -> Timer:
    row = await tx.one(
        _INSERT,
        guild_id=guild_id,
        user_id=user_id,
        kind=kind.value,
        due_at=due_at,
        entry_id=entry_id,
        minute=minute,
        now=now,
    )
    assert row is not None
    return timer_of(row)


class Timers:
    def __init__(self, db: Db) -> None:
        self._db = db
        # (guild_id, user_id) of the members with a notice waiting, as last read, plus those
        # this handle stored since; a member in it whose notice another process took costs
        # one empty DELETE, never a lost notice.
        self._waiting: set[tuple[int, int]] = set()
        self._read_at: datetime | None = None
        # Stored while a read is under way, which could miss them.
        self._stored_meanwhile: set[tuple[int, int]] | None = None

    async def add_ready(
        self, member: MemberRef, *, entry_id: int, due_at: datetime, now: datetime
    ) -> Timer:
        async with self._db.transaction() as tx:
            row = await tx.one(
                _MOVE_READY, entry_id=entry_id, due_at=due_at, now=now, **scope(member)
            )
            if row is not None:
                return timer_of(row)
            return await _insert(
                tx,
                member.guild_id,
                member.user_id,
                TimerKind.READY,
                due_at=due_at,
                entry_id=entry_id,
                now=now,
            )

    async def set_checkin(
        self, member: MemberRef, *, minute: int | None, due_at: datetime | None, now: datetime
    ) -> Timer | None:
        async with self._db.transaction() as tx:
            await tx.run(_CANCEL_CHECKINS, now=now, **scope(member))
            if minute is None or due_at is None:
                return None
            return await _insert(
                tx,
                member.guild_id,
                member.user_id,
                TimerKind.CHECKIN,
                due_at=due_at,
                minute=minute,
                now=now,
            )

    async def pending(self, member: MemberRef) -> list[Timer]:
        rows = await self._db.all(
            f"SELECT {TIMER_COLUMNS} FROM timers WHERE {_MEMBER} AND state = 'pending'"
            " ORDER BY due_at, id",
            **scope(member),
        )
        return [timer_of(row) for row in rows]

    async def cancel(self, member: MemberRef, timer_id: int, *, now: datetime) -> Timer | None:
        rows = await self._db.write(_CANCEL, now=now, id=timer_id, **scope(member))
        return timer_of(rows[0]) if rows else None

    async def move(
        self, member: MemberRef, timer_id: int, *, entry_id: int, due_at: datetime, now: datetime
    ) -> Timer | None:
        rows = await self._db.write(
            _MOVE, entry_id=entry_id, due_at=due_at, now=now, id=timer_id, **scope(member)
        )
        return timer_of(rows[0]) if rows else None

    async def reschedule(
        self, member: MemberRef, timer_id: int, *, due_at: datetime, now: datetime
    ) -> Timer | None:
        rows = await self._db.write(
            _RESCHEDULE, due_at=due_at, now=now, id=timer_id, **scope(member)
        )
        return timer_of(rows[0]) if rows else None

    async def next_due(self) -> datetime | None:
        row = await self._db.one(
            "SELECT min(next_at) AS next_at FROM timers WHERE state = 'pending'"
        )
        return None if row is None else maybe_moment(row["next_at"])

    async def due(self, now: datetime, limit: int) -> list[Timer]:
        rows = await self._db.all(
            f"SELECT {TIMER_COLUMNS} FROM timers WHERE state = 'pending' AND next_at <= :now"
            " ORDER BY next_at, id LIMIT :limit",
            now=now,
            limit=limit,
        )
        return [timer_of(row) for row in rows]

    async def claim(
        self,
        timer_id: int,
        *,
        now: datetime,
        state: TimerState = TimerState.SENDING,
        next_checkin: datetime | None = None,
    ) -> Timer | None:
        async with self._db.transaction() as tx:
            row = await tx.one(_CLAIM, state=state.value, now=now, id=timer_id)
            if row is None:
                return None
            timer = timer_of(row)
            if next_checkin is not None and timer.kind is TimerKind.CHECKIN:
                await _insert(
                    tx,
                    timer.guild_id,
                    timer.user_id,
                    TimerKind.CHECKIN,
                    due_at=next_checkin,
                    minute=timer.minute,
                    now=now,
                )
        return timer

    async def finish(
        self, timer_id: int, state: TimerState, *, now: datetime, error: str | None = None
    ) -> None:
        await self._db.run(
            "UPDATE timers SET state = :state, error = :error, updated_at = :now"
            " WHERE id = :id AND state = 'sending'",
            state=state.value,
            error=error,
            now=now,
            id=timer_id,
        )

    async def retry(self, timer_id: int, *, next_at: datetime, error: str, now: datetime) -> None:
        await self._db.run(
            "UPDATE timers SET state = 'pending', next_at = :next_at, error = :error,"
            " updated_at = :now WHERE id = :id AND state = 'sending'",
            next_at=next_at,
            error=error,
            now=now,
            id=timer_id,
        )

    async def resolve_stale(self, claimed_before: datetime, *, now: datetime) -> int:
        return await self._db.run(
            "UPDATE timers SET state = 'unknown', updated_at = :now"
            " WHERE state = 'sending' AND updated_at < :before",
            now=now,
            before=claimed_before,
        )

    async def stop_checkins(self, member: MemberRef, *, now: datetime) -> int:
        return await self._db.run(_CANCEL_CHECKINS, now=now, **scope(member))

    async def save_soreness(
        self, member: MemberRef, day: date, soreness: int, *, now: datetime
    ) -> bool:
        changed = await self._db.run(
            _SAVE_SORENESS, day=day.isoformat(), soreness=soreness, now=now, **scope(member)
        )
        return changed > 0

    async def soreness_on(self, member: MemberRef, day: date) -> CheckinAnswer | None:
        row = await self._db.one(
            "SELECT local_date, soreness, answered_at FROM checkin_answers"
            f" WHERE {_MEMBER} AND local_date = :day",
            day=day.isoformat(),
            **scope(member),
        )
        return None if row is None else checkin_answer_from_row(row)

    async def add_notice(
        self, member: MemberRef, kind: str, message: str, *, now: datetime
    ) -> None:
        await self._db.run(_ADD_NOTICE, kind=kind, message=message, now=now, **scope(member))
        key = (member.guild_id, member.user_id)
        self._waiting.add(key)
        if self._stored_meanwhile is not None:
            self._stored_meanwhile.add(key)

    async def read_notices(self, now: datetime) -> None:
        self._read_at = now
        meanwhile: set[tuple[int, int]] = set()
        self._stored_meanwhile = meanwhile
        try:
            rows = await self._db.all("SELECT DISTINCT guild_id, user_id FROM member_notices")
        finally:
            self._stored_meanwhile = None
        self._waiting = {(row["guild_id"], row["user_id"]) for row in rows} | meanwhile

    async def take_notices(self, member: MemberRef, *, now: datetime) -> list[str]:
        # A clock set back counts as stale too.
        if self._read_at is None or not self._read_at <= now < self._read_at + NOTICES_READ_EVERY:
            await self.read_notices(now)
        key = (member.guild_id, member.user_id)
        if key not in self._waiting:
            return []
        # Forgotten before the DELETE: a notice stored during it is remembered again.
        self._waiting.discard(key)
        rows = await self._db.write(
            f"DELETE FROM member_notices WHERE {_MEMBER} RETURNING message, created_at",
            **scope(member),
        )
        return [str(row["message"]) for row in sorted(rows, key=lambda r: r["created_at"])]
