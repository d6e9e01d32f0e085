"""Logged leg days and runs. Every query is scoped to one member of one guild."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.core.models import LegDay, MemberRef, Run, RunType
from bot.store.db import Database
from bot.store.members import ensure_member_row
from bot.store.timeconv import from_epoch, to_epoch, to_epoch_ceil

# `id DESC` breaks ties between entries logged for the same second; the (…, at) indexes end
# in the rowid, so this order still comes straight from the index without a sort.
_LEG_DAYS_BETWEEN = """
    SELECT id, at, exercises, heaviest, sets, reps, hard_given, is_hard, notes FROM leg_days
    WHERE guild_id = ? AND user_id = ? AND at BETWEEN ? AND ?
    ORDER BY at DESC, id DESC
"""

_RUNS_BETWEEN = """
    SELECT id, at, run_type, distance_km, minutes, rpe, notes FROM runs
    WHERE guild_id = ? AND user_id = ? AND at BETWEEN ? AND ?
    ORDER BY at DESC, id DESC
"""

_LAST_HARD = """
    SELECT id, at, exercises, heaviest, sets, reps, hard_given, is_hard, notes FROM leg_days
    WHERE guild_id = ? AND user_id = ? AND is_hard = 1 AND at <= ?
    ORDER BY at DESC, id DESC
    LIMIT 1
"""


def _optional_bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _optional_int(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _leg_day(row: sqlite3.Row) -> LegDay:
    return LegDay(
        id=row["id"],
        at=from_epoch(row["at"]),
        exercises=row["exercises"],
        heaviest=row["heaviest"],
        sets=row["sets"],
        reps=row["reps"],
        hard_given=_optional_bool(row["hard_given"]),
        is_hard=bool(row["is_hard"]),
        notes=row["notes"],
    )


def _run(row: sqlite3.Row) -> Run:
    return Run(
        id=row["id"],
        at=from_epoch(row["at"]),
        run_type=RunType(row["run_type"]),
        distance_km=row["distance_km"],
        minutes=row["minutes"],
        rpe=row["rpe"],
        notes=row["notes"],
    )


def _require_new(entry: LegDay | Run) -> None:
    if entry.id is not None:
        # Adding it again would store a second copy under a new id.
        raise ValueError(f"entry already stored with id {entry.id}")


class Entries:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add_leg_day(self, member: MemberRef, leg_day: LegDay, *, now: datetime) -> LegDay:
        """Store a leg day (creating the member's row if needed); returns it with its id.

        `leg_day.at` is stored to the second, rounded down.
        """
        _require_new(leg_day)
        async with self._db.transaction() as tx:
            await ensure_member_row(tx, member, now)
            new_id = await tx.insert(
                "INSERT INTO leg_days (guild_id, user_id, at, exercises, heaviest, sets, reps,"
                " hard_given, is_hard, notes, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    member.guild_id,
                    member.user_id,
                    to_epoch(leg_day.at),
                    leg_day.exercises,
                    leg_day.heaviest,
                    leg_day.sets,
                    leg_day.reps,
                    _optional_int(leg_day.hard_given),
                    int(leg_day.is_hard),
                    leg_day.notes,
                    to_epoch(now),
                ),
            )
        return leg_day.model_copy(update={"id": new_id, "at": from_epoch(to_epoch(leg_day.at))})

    async def add_run(self, member: MemberRef, run: Run, *, now: datetime) -> Run:
        """Store a run (creating the member's row if needed); returns it with its id.

        `run.at` is stored to the second, rounded down.
        """
        _require_new(run)
        async with self._db.transaction() as tx:
            await ensure_member_row(tx, member, now)
            new_id = await tx.insert(
                "INSERT INTO runs (guild_id, user_id, at, run_type, distance_km, minutes, rpe,"
                " notes, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    member.guild_id,
                    member.user_id,
                    to_epoch(run.at),
                    run.run_type.value,
                    run.distance_km,
                    run.minutes,
                    run.rpe,
                    run.notes,
                    to_epoch(now),
                ),
            )
        return run.model_copy(update={"id": new_id, "at": from_epoch(to_epoch(run.at))})

    async def leg_days_between(
        self, member: MemberRef, start: datetime, end: datetime
    ) -> list[LegDay]:
        """Leg days with `start <= at <= end`, newest first: the /canirun lookup."""
        rows = await self._db.fetchall(
            _LEG_DAYS_BETWEEN,
            (member.guild_id, member.user_id, to_epoch_ceil(start), to_epoch(end)),
        )
        return [_leg_day(row) for row in rows]

    async def runs_between(self, member: MemberRef, start: datetime, end: datetime) -> list[Run]:
        """Runs with `start <= at <= end`, newest first."""
        rows = await self._db.fetchall(
            _RUNS_BETWEEN,
            (member.guild_id, member.user_id, to_epoch_ceil(start), to_epoch(end)),
        )
        return [_run(row) for row in rows]

    async def last_hard_at_or_before(self, member: MemberRef, t: datetime) -> LegDay | None:
        """The most recent HARD leg day with `at <= t`, if any."""
        row = await self._db.fetchone(_LAST_HARD, (member.guild_id, member.user_id, to_epoch(t)))
        return None if row is None else _leg_day(row)
