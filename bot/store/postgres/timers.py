"""Personal nudges (`timers`, `checkin_answers`, `member_notices`): see bot.store.protocols.

The SQLite backend's class of the same name, method for method. A claim is one
`UPDATE ... WHERE state = 'pending' RETURNING`: PostgreSQL runs it atomically against every
other process's, so exactly one of them gets the row back.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from bot.core.models import MemberRef
from bot.core.nudges import CheckinAnswer, Timer, TimerKind, TimerState
from bot.store.columns import TIMER_COLUMNS
from bot.store.postgres.db import PostgresDatabase, Row, Transaction, moment


def timer_of(row: Row | Mapping[str, Any]) -> Timer:
    return Timer(
        id=row["id"],
        guild_id=row["guild_id"],
        user_id=row["user_id"],
        kind=TimerKind(row["kind"]),
        due_at=row["due_at"],
        next_at=row["next_at"],
        entry_id=row["entry_id"],
        minute=row["minute"],
        state=TimerState(row["state"]),
        attempts=row["attempts"],
        created_at=row["created_at"],
    )


async def _insert(
    tx: Transaction,
    guild_id: int,
    user_id: int,
    kind: TimerKind,
    *,
    due_at: datetime,
    entry_id: int | None,
    minute: int | None,
    now: datetime,
) -> Timer:
    row = await tx.fetchone(
        "INSERT INTO timers (guild_id, user_id, kind, due_at, next_at, entry_id, minute, state,"
        " created_at, updated_at) VALUES ($1, $2, $3, $4, $4, $5, $6, 'pending', $7, $7)"
        f" RETURNING {TIMER_COLUMNS}",
        guild_id,
        user_id,
        kind.value,
        moment(due_at),
        entry_id,
        minute,
        moment(now),
    )
    assert row is not None
    return timer_of(row)


class Timers:
    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db

    async def add_ready(
        self, member: MemberRef, *, entry_id: int, due_at: datetime, now: datetime
    ) -> Timer:
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "UPDATE timers SET entry_id = $1, due_at = $2, next_at = $2, updated_at = $3"
                " WHERE guild_id = $4 AND user_id = $5 AND kind = 'ready' AND state = 'pending'"
                f" RETURNING {TIMER_COLUMNS}",
                entry_id,
                moment(due_at),
                moment(now),
                member.guild_id,
                member.user_id,
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
                minute=None,
                now=now,
            )

    async def set_checkin(
        self, member: MemberRef, *, minute: int | None, due_at: datetime | None, now: datetime
    ) -> Timer | None:
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE timers SET state = 'cancelled', updated_at = $1 WHERE guild_id = $2"
                " AND user_id = $3 AND kind = 'checkin' AND state = 'pending'",
                moment(now),
                member.guild_id,
                member.user_id,
            )
            if minute is None or due_at is None:
                return None
            return await _insert(
                tx,
                member.guild_id,
                member.user_id,
                TimerKind.CHECKIN,
                due_at=due_at,
                entry_id=None,
                minute=minute,
                now=now,
            )

    async def pending(self, member: MemberRef) -> list[Timer]:
        rows = await self._db.fetchall(
            f"SELECT {TIMER_COLUMNS} FROM timers WHERE guild_id = $1 AND user_id = $2"
            " AND state = 'pending' ORDER BY due_at, id",
            member.guild_id,
            member.user_id,
        )
        return [timer_of(row) for row in rows]

    async def cancel(self, member: MemberRef, timer_id: int, *, now: datetime) -> Timer | None:
        row = await self._db.fetchone(
            "UPDATE timers SET state = 'cancelled', updated_at = $1"
            " WHERE id = $2 AND guild_id = $3 AND user_id = $4 AND state = 'pending'"
            f" RETURNING {TIMER_COLUMNS}",
            moment(now),
            timer_id,
            member.guild_id,
            member.user_id,
        )
        return None if row is None else timer_of(row)

    async def move(
        self, member: MemberRef, timer_id: int, *, entry_id: int, due_at: datetime, now: datetime
    ) -> Timer | None:
        row = await self._db.fetchone(
            "UPDATE timers SET entry_id = $1, due_at = $2, next_at = $2, attempts = 0,"
            " updated_at = $3 WHERE id = $4 AND guild_id = $5 AND user_id = $6"
            " AND kind = 'ready' AND state = 'pending'"
            f" RETURNING {TIMER_COLUMNS}",
            entry_id,
            moment(due_at),
            moment(now),
            timer_id,
            member.guild_id,
            member.user_id,
        )
        return None if row is None else timer_of(row)

    async def reschedule(
        self, member: MemberRef, timer_id: int, *, due_at: datetime, now: datetime
    ) -> Timer | None:
        row = await self._db.fetchone(
            "UPDATE timers SET due_at = $1, next_at = $1, attempts = 0, updated_at = $2"
            " WHERE id = $3 AND guild_id = $4 AND user_id = $5 AND state = 'pending'"
            f" RETURNING {TIMER_COLUMNS}",
            moment(due_at),
            moment(now),
            timer_id,
            member.guild_id,
            member.user_id,
        )
        return None if row is None else timer_of(row)

    async def next_due(self) -> datetime | None:
        row = await self._db.fetchone(
            "SELECT min(next_at) AS next_at FROM timers WHERE state = 'pending'"
        )
        return None if row is None else row["next_at"]

    async def due(self, now: datetime, limit: int) -> list[Timer]:
        rows = await self._db.fetchall(
            f"SELECT {TIMER_COLUMNS} FROM timers WHERE state = 'pending' AND next_at <= $1"
            " ORDER BY next_at, id LIMIT $2",
            moment(now),
            limit,
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
            row = await tx.fetchone(
                "UPDATE timers SET state = $1,"
                " attempts = attempts + CASE WHEN $1 = 'sending' THEN 1 ELSE 0 END,"
                " updated_at = $2 WHERE id = $3 AND state = 'pending'"
                f" RETURNING {TIMER_COLUMNS}",
                state.value,
                moment(now),
                timer_id,
            )
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
                    entry_id=None,
                    minute=timer.minute,
                    now=now,
                )
        return timer

    async def finish(
        self, timer_id: int, state: TimerState, *, now: datetime, error: str | None = None
    ) -> None:
        await self._db.execute(
            "UPDATE timers SET state = $1, error = $2, updated_at = $3"
            " WHERE id = $4 AND state = 'sending'",
            state.value,
            error,
            moment(now),
            timer_id,
        )

    async def retry(self, timer_id: int, *, next_at: datetime, error: str, now: datetime) -> None:
        await self._db.execute(
            "UPDATE timers SET state = 'pending', next_at = $1, error = $2, updated_at = $3"
            " WHERE id = $4 AND state = 'sending'",
            moment(next_at),
            error,
            moment(now),
            timer_id,
        )

    async def resolve_stale(self, claimed_before: datetime, *, now: datetime) -> int:
        return await self._db.execute(
            "UPDATE timers SET state = 'unknown', updated_at = $1"
            " WHERE state = 'sending' AND updated_at < $2",
            moment(now),
            moment(claimed_before),
        )

    async def stop_checkins(self, member: MemberRef, *, now: datetime) -> int:
        return await self._db.execute(
            "UPDATE timers SET state = 'cancelled', updated_at = $1 WHERE guild_id = $2"
            " AND user_id = $3 AND kind = 'checkin' AND state = 'pending'",
            moment(now),
            member.guild_id,
            member.user_id,
        )

    async def save_soreness(
        self, member: MemberRef, day: date, soreness: int, *, now: datetime
    ) -> bool:
        changed = await self._db.execute(
            "INSERT INTO checkin_answers (guild_id, user_id, local_date, soreness, answered_at)"
            " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (guild_id, user_id, local_date) DO NOTHING",
            member.guild_id,
            member.user_id,
            day.isoformat(),
            soreness,
            moment(now),
        )
        return changed > 0

    async def soreness_on(self, member: MemberRef, day: date) -> CheckinAnswer | None:
        row = await self._db.fetchone(
            "SELECT local_date, soreness, answered_at FROM checkin_answers"
            " WHERE guild_id = $1 AND user_id = $2 AND local_date = $3",
            member.guild_id,
            member.user_id,
            day.isoformat(),
        )
        if row is None:
            return None
        return CheckinAnswer(
            local_date=date.fromisoformat(row["local_date"]),
            soreness=row["soreness"],
            answered_at=row["answered_at"],
        )

    async def add_notice(
        self, member: MemberRef, kind: str, message: str, *, now: datetime
    ) -> None:
        await self._db.execute(
            "INSERT INTO member_notices (guild_id, user_id, kind, message, created_at)"
            " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (guild_id, user_id, kind)"
            " DO UPDATE SET message = excluded.message, created_at = excluded.created_at",
            member.guild_id,
            member.user_id,
            kind,
            message,
            moment(now),
        )

    async def take_notices(self, member: MemberRef) -> list[str]:
        rows = await self._db.fetchall(
            "DELETE FROM member_notices WHERE guild_id = $1 AND user_id = $2"
            " RETURNING message, created_at",
            member.guild_id,
            member.user_id,
        )
        return [str(row["message"]) for row in sorted(rows, key=lambda r: r["created_at"])]
