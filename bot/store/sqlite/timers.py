"""Personal nudges (`timers`, `checkin_answers`, `member_notices`): see bot.store.protocols.

A timer is claimed with `UPDATE ... WHERE state = 'pending' RETURNING`, committed before the DM
is sent, so one row fires at most once whatever restarts or other processes do.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from bot.core.models import MemberRef
from bot.core.nudges import CheckinAnswer, Timer, TimerKind, TimerState
from bot.store.columns import TIMER_COLUMNS
from bot.store.sqlite.db import Database, Transaction
from bot.store.sqlite.timeconv import from_epoch, to_epoch


def timer_of(row: sqlite3.Row) -> Timer:
    return Timer(
        id=row["id"],
        guild_id=row["guild_id"],
        user_id=row["user_id"],
        kind=TimerKind(row["kind"]),
        due_at=from_epoch(row["due_at"]),
        next_at=from_epoch(row["next_at"]),
        entry_id=row["entry_id"],
        minute=row["minute"],
        state=TimerState(row["state"]),
        attempts=row["attempts"],
        created_at=from_epoch(row["created_at"]),
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
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)"
        f" RETURNING {TIMER_COLUMNS}",
        (
            guild_id,
            user_id,
            kind.value,
            to_epoch(due_at),
            to_epoch(due_at),
            entry_id,
            minute,
            to_epoch(now),
            to_epoch(now),
        ),
    )
    assert row is not None
    return timer_of(row)


class Timers:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add_ready(
        self, member: MemberRef, *, entry_id: int, due_at: datetime, now: datetime
    ) -> Timer:
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "UPDATE timers SET entry_id = ?, due_at = ?, next_at = ?, updated_at = ?"
                " WHERE guild_id = ? AND user_id = ? AND kind = 'ready' AND state = 'pending'"
                f" RETURNING {TIMER_COLUMNS}",
                (
                    entry_id,
                    to_epoch(due_at),
                    to_epoch(due_at),
                    to_epoch(now),
                    member.guild_id,
                    member.user_id,
                ),
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
                "UPDATE timers SET state = 'cancelled', updated_at = ?"
                " WHERE guild_id = ? AND user_id = ? AND kind = 'checkin' AND state = 'pending'",
                (to_epoch(now), member.guild_id, member.user_id),
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
            f"SELECT {TIMER_COLUMNS} FROM timers WHERE guild_id = ? AND user_id = ?"
            " AND state = 'pending' ORDER BY due_at, id",
            (member.guild_id, member.user_id),
        )
        return [timer_of(row) for row in rows]

    async def cancel(self, member: MemberRef, timer_id: int, *, now: datetime) -> Timer | None:
        # Writes with RETURNING go through a transaction: the plain fetches read on the
        # read-only connection.
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "UPDATE timers SET state = 'cancelled', updated_at = ?"
                " WHERE id = ? AND guild_id = ? AND user_id = ? AND state = 'pending'"
                f" RETURNING {TIMER_COLUMNS}",
                (to_epoch(now), timer_id, member.guild_id, member.user_id),
            )
        return None if row is None else timer_of(row)

    async def move(
        self, member: MemberRef, timer_id: int, *, entry_id: int, due_at: datetime, now: datetime
    ) -> Timer | None:
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "UPDATE timers SET entry_id = ?, due_at = ?, next_at = ?, attempts = 0,"
                " updated_at = ? WHERE id = ? AND guild_id = ? AND user_id = ?"
                " AND kind = 'ready' AND state = 'pending'"
                f" RETURNING {TIMER_COLUMNS}",
                (
                    entry_id,
                    to_epoch(due_at),
                    to_epoch(due_at),
                    to_epoch(now),
                    timer_id,
                    member.guild_id,
                    member.user_id,
                ),
            )
        return None if row is None else timer_of(row)

    async def reschedule(
        self, member: MemberRef, timer_id: int, *, due_at: datetime, now: datetime
    ) -> Timer | None:
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "UPDATE timers SET due_at = ?, next_at = ?, attempts = 0, updated_at = ?"
                " WHERE id = ? AND guild_id = ? AND user_id = ? AND state = 'pending'"
                f" RETURNING {TIMER_COLUMNS}",
                (
                    to_epoch(due_at),
                    to_epoch(due_at),
                    to_epoch(now),
                    timer_id,
                    member.guild_id,
                    member.user_id,
                ),
            )
        return None if row is None else timer_of(row)

    async def next_due(self) -> datetime | None:
        row = await self._db.fetchone(
            "SELECT min(next_at) AS next_at FROM timers WHERE state = 'pending'"
        )
        return None if row is None or row["next_at"] is None else from_epoch(row["next_at"])

    async def due(self, now: datetime, limit: int) -> list[Timer]:
        rows = await self._db.fetchall(
            f"SELECT {TIMER_COLUMNS} FROM timers WHERE state = 'pending' AND next_at <= ?"
            " ORDER BY next_at, id LIMIT ?",
            (to_epoch(now), limit),
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
                "UPDATE timers SET state = ?, attempts = attempts + (? = 'sending'),"
                " updated_at = ? WHERE id = ? AND state = 'pending'"
                f" RETURNING {TIMER_COLUMNS}",
                (state.value, state.value, to_epoch(now), timer_id),
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
            "UPDATE timers SET state = ?, error = ?, updated_at = ?"
            " WHERE id = ? AND state = 'sending'",
            (state.value, error, to_epoch(now), timer_id),
        )

    async def retry(self, timer_id: int, *, next_at: datetime, error: str, now: datetime) -> None:
        await self._db.execute(
            "UPDATE timers SET state = 'pending', next_at = ?, error = ?, updated_at = ?"
            " WHERE id = ? AND state = 'sending'",
            (to_epoch(next_at), error, to_epoch(now), timer_id),
        )

    async def resolve_stale(self, claimed_before: datetime, *, now: datetime) -> int:
        return await self._db.execute(
            "UPDATE timers SET state = 'unknown', updated_at = ?"
            " WHERE state = 'sending' AND updated_at < ?",
            (to_epoch(now), to_epoch(claimed_before)),
        )

    async def stop_checkins(self, member: MemberRef, *, now: datetime) -> int:
        return await self._db.execute(
            "UPDATE timers SET state = 'cancelled', updated_at = ?"
            " WHERE guild_id = ? AND user_id = ? AND kind = 'checkin' AND state = 'pending'",
            (to_epoch(now), member.guild_id, member.user_id),
        )

    async def save_soreness(
        self, member: MemberRef, day: date, soreness: int, *, now: datetime
    ) -> bool:
        changed = await self._db.execute(
            "INSERT INTO checkin_answers (guild_id, user_id, local_date, soreness, answered_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id, local_date) DO NOTHING",
            (member.guild_id, member.user_id, day.isoformat(), soreness, to_epoch(now)),
        )
        return changed > 0

    async def soreness_on(self, member: MemberRef, day: date) -> CheckinAnswer | None:
        row = await self._db.fetchone(
            "SELECT local_date, soreness, answered_at FROM checkin_answers"
            " WHERE guild_id = ? AND user_id = ? AND local_date = ?",
            (member.guild_id, member.user_id, day.isoformat()),
        )
        if row is None:
            return None
        return CheckinAnswer(
            local_date=date.fromisoformat(row["local_date"]),
            soreness=row["soreness"],
            answered_at=from_epoch(row["answered_at"]),
        )

    async def add_notice(
        self, member: MemberRef, kind: str, message: str, *, now: datetime
    ) -> None:
        await self._db.execute(
            "INSERT INTO member_notices (guild_id, user_id, kind, message, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id, kind)"
            " DO UPDATE SET message = excluded.message, created_at = excluded.created_at",
            (member.guild_id, member.user_id, kind, message, to_epoch(now)),
        )

    async def take_notices(self, member: MemberRef) -> list[str]:
        # Every command asks; almost always there is nothing. A read on the read-only
        # connection answers that without taking the write lock.
        pending = await self._db.fetchone(
            "SELECT 1 FROM member_notices WHERE guild_id = ? AND user_id = ? LIMIT 1",
            (member.guild_id, member.user_id),
        )
        if pending is None:
            return []
        async with self._db.transaction() as tx:
            rows = await tx.fetchall(
                "DELETE FROM member_notices WHERE guild_id = ? AND user_id = ?"
                " RETURNING message, created_at",
                (member.guild_id, member.user_id),
            )
        return [str(row["message"]) for row in sorted(rows, key=lambda r: r["created_at"])]
