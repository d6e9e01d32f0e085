"""Logged leg days and runs. Every query is scoped to one member of one guild."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.core.history import Entry, EntryKind, EntryRef, merged_newest_first
from bot.core.leaderboard import MemberWeek
from bot.core.models import LegDay, MemberRef, Run
from bot.store.columns import LEG_DAY_COLUMNS, RUN_COLUMNS
from bot.store.sqlite.db import Database, SqlValue, Transaction
from bot.store.sqlite.members import ensure_member_row
from bot.store.sqlite.runs import (
    MATCHING_RUN,
    insert_run,
    matching_params,
    run_from_row,
)
from bot.store.sqlite.timeconv import from_epoch, to_epoch, to_epoch_ceil

__all__ = ["Entries", "leg_day_from_row", "run_from_row"]


# `id DESC` breaks ties between entries logged for the same second; the (…, at) indexes end
# in the rowid, so this order still comes straight from the index without a sort.
_LEG_DAYS_BETWEEN = f"""
    SELECT {LEG_DAY_COLUMNS} FROM leg_days
    WHERE guild_id = ? AND user_id = ? AND at BETWEEN ? AND ?
    ORDER BY at DESC, id DESC
"""

_RUNS_BETWEEN = f"""
    SELECT {RUN_COLUMNS} FROM runs
    WHERE guild_id = ? AND user_id = ? AND at BETWEEN ? AND ?
    ORDER BY at DESC, id DESC
"""

_LAST_HARD = f"""
    SELECT {LEG_DAY_COLUMNS} FROM leg_days
    WHERE guild_id = ? AND user_id = ? AND is_hard = 1 AND at <= ?
    ORDER BY at DESC, id DESC
    LIMIT 1
"""


_RECENT_LEG_DAYS = f"""
    SELECT {LEG_DAY_COLUMNS} FROM leg_days
    WHERE guild_id = ? AND user_id = ?
    ORDER BY at DESC, id DESC
    LIMIT ?
"""

_RECENT_RUNS = f"""
    SELECT {RUN_COLUMNS} FROM runs
    WHERE guild_id = ? AND user_id = ?
    ORDER BY at DESC, id DESC
    LIMIT ?
"""

# Speeds (km/h) of the member's latest easy and recovery runs before a moment, newest first:
# moving time where a file gave it, else the minutes typed.
_EASY_SPEEDS = """
    SELECT distance_km * 3600.0 / coalesce(moving_seconds, minutes * 60) AS speed FROM runs
    WHERE guild_id = ? AND user_id = ? AND at < ? AND run_type IN ('easy', 'recovery')
      AND distance_km IS NOT NULL AND coalesce(moving_seconds, minutes * 60) > 0
    ORDER BY at DESC, id DESC
    LIMIT ?
"""

# Statements per kind; the member scope is part of every WHERE, so an id of another member's
# entry matches nothing, exactly like an id that does not exist.
_DELETE_ONE = {
    EntryKind.LEG_DAY: f"""
        DELETE FROM leg_days WHERE id = ? AND guild_id = ? AND user_id = ?
        RETURNING {LEG_DAY_COLUMNS}
    """,
    EntryKind.RUN: f"""
        DELETE FROM runs WHERE id = ? AND guild_id = ? AND user_id = ?
        RETURNING {RUN_COLUMNS}
    """,
}

_SELECT_ONE = {
    EntryKind.LEG_DAY: f"""
        SELECT {LEG_DAY_COLUMNS} FROM leg_days
        WHERE id = ? AND guild_id = ? AND user_id = ?
    """,
    EntryKind.RUN: f"""
        SELECT {RUN_COLUMNS} FROM runs
        WHERE id = ? AND guild_id = ? AND user_id = ?
    """,
}

_UPDATE_LEG_DAY = f"""
    UPDATE leg_days SET at = ?, exercises = ?, heaviest = ?, sets = ?, reps = ?,
        hard_given = ?, is_hard = ?, notes = ?, minutes = ?, rpe = ?
    WHERE id = ? AND guild_id = ? AND user_id = ?
    RETURNING {LEG_DAY_COLUMNS}
"""

_UPDATE_RUN = f"""
    UPDATE runs SET at = ?, run_type = ?, distance_km = ?, minutes = ?, rpe = ?, notes = ?,
        moving_seconds = ?, elapsed_seconds = ?, avg_hr = ?, max_hr = ?, elevation_gain_m = ?,
        source = ?
    WHERE id = ? AND guild_id = ? AND user_id = ?
    RETURNING {RUN_COLUMNS}
"""

# The most recently *logged* entry (created_at), not the latest `at`: /undo takes back the
# last thing the member did, even if it was a run logged for last week. A leg day and a run
# logged in the same second: the higher id of its own table cannot say which came first, so
# the run (usually logged after the session it followed) goes first.
_LATEST = """
    SELECT kind, id FROM (
        SELECT 'L' AS kind, id, created_at, 0 AS tie FROM leg_days
        WHERE guild_id = :guild_id AND user_id = :user_id
        UNION ALL
        SELECT 'R' AS kind, id, created_at, 1 AS tie FROM runs
        WHERE guild_id = :guild_id AND user_id = :user_id
    )
    ORDER BY created_at DESC, tie DESC, id DESC
    LIMIT 1
"""

# Runs only: the board is about running. `listed` comes from the members row, which every run
# has (foreign key).
_WEEK_TOTALS = """
    SELECT r.user_id, m.listed, count(*) AS runs,
           coalesce(sum(r.distance_km), 0.0) AS distance_km,
           coalesce(sum(r.minutes), 0.0) AS minutes
    FROM runs AS r
    JOIN members AS m ON m.guild_id = r.guild_id AND m.user_id = r.user_id
    WHERE r.guild_id = ? AND r.at >= ? AND r.at < ?
    GROUP BY r.user_id, m.listed
"""


def _optional_bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _optional_int(value: bool | None) -> int | None:
    return None if value is None else int(value)


def leg_day_from_row(row: sqlite3.Row) -> LegDay:
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
        minutes=row["minutes"],
        rpe=row["rpe"],
    )


def _require_new(entry: LegDay | Run) -> None:
    if entry.id is not None:
        # Adding it again would store a second copy under a new id.
        raise ValueError(f"entry already stored with id {entry.id}")


def _entry(kind: EntryKind, row: sqlite3.Row) -> Entry:
    return leg_day_from_row(row) if kind is EntryKind.LEG_DAY else run_from_row(row)


async def _delete(tx: Transaction, member: MemberRef, ref: EntryRef) -> Entry | None:
    rows = await tx.fetchall(_DELETE_ONE[ref.kind], (ref.id, member.guild_id, member.user_id))
    return _entry(ref.kind, rows[0]) if rows else None


def _update_params(entry: Entry) -> tuple[str, tuple[SqlValue, ...]]:
    if isinstance(entry, LegDay):
        return _UPDATE_LEG_DAY, (
            to_epoch(entry.at),
            entry.exercises,
            entry.heaviest,
            entry.sets,
            entry.reps,
            _optional_int(entry.hard_given),
            int(entry.is_hard),
            entry.notes,
            entry.minutes,
            entry.rpe,
        )
    return _UPDATE_RUN, (
        to_epoch(entry.at),
        entry.run_type.value,
        entry.distance_km,
        entry.minutes,
        entry.rpe,
        entry.notes,
        entry.moving_seconds,
        entry.elapsed_seconds,
        entry.avg_hr,
        entry.max_hr,
        entry.elevation_gain_m,
        entry.source.value,
    )


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
                " hard_given, is_hard, notes, created_at, minutes, rpe)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    leg_day.minutes,
                    leg_day.rpe,
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
            return await insert_run(tx, member, run, now)

    async def add_run_unless_matching(
        self, member: MemberRef, run: Run, *, within: timedelta, tolerance: float, now: datetime
    ) -> tuple[Run, None] | tuple[None, Run]:
        """Store `run` unless the member has a run it would repeat (see protocols): the lookup
        and the insert share one BEGIN IMMEDIATE transaction, so two adds of the same run
        store it once."""
        _require_new(run)
        params = matching_params(member, run.at, run.distance_km, within, tolerance)
        async with self._db.transaction() as tx:
            twin = await tx.fetchone(MATCHING_RUN, params)
            if twin is not None:
                return None, run_from_row(twin)
            await ensure_member_row(tx, member, now)
            return await insert_run(tx, member, run, now), None

    async def leg_days_between(
        self, member: MemberRef, start: datetime, end: datetime
    ) -> list[LegDay]:
        """Leg days with `start <= at <= end`, newest first: the /canirun lookup."""
        rows = await self._db.fetchall(
            _LEG_DAYS_BETWEEN,
            (member.guild_id, member.user_id, to_epoch_ceil(start), to_epoch(end)),
        )
        return [leg_day_from_row(row) for row in rows]

    async def runs_between(self, member: MemberRef, start: datetime, end: datetime) -> list[Run]:
        """Runs with `start <= at <= end`, newest first."""
        rows = await self._db.fetchall(
            _RUNS_BETWEEN,
            (member.guild_id, member.user_id, to_epoch_ceil(start), to_epoch(end)),
        )
        return [run_from_row(row) for row in rows]

    async def last_hard_at_or_before(self, member: MemberRef, t: datetime) -> LegDay | None:
        """The most recent HARD leg day with `at <= t`, if any."""
        row = await self._db.fetchone(_LAST_HARD, (member.guild_id, member.user_id, to_epoch(t)))
        return None if row is None else leg_day_from_row(row)

    async def recent_easy_speeds(
        self, member: MemberRef, before: datetime, limit: int
    ) -> list[float]:
        """Speeds (km/h) of the member's latest `limit` easy and recovery runs with a distance
        and a time, started before `before`, newest first."""
        rows = await self._db.fetchall(
            _EASY_SPEEDS, (member.guild_id, member.user_id, to_epoch_ceil(before), limit)
        )
        return [float(row["speed"]) for row in rows]

    async def recent(self, member: MemberRef, limit: int) -> list[Entry]:
        """The member's `limit` latest entries by `at`, leg days and runs together, newest
        first: what the /delete picker offers."""
        params = (member.guild_id, member.user_id, limit)
        leg_days = [
            leg_day_from_row(row) for row in await self._db.fetchall(_RECENT_LEG_DAYS, params)
        ]
        runs = [run_from_row(row) for row in await self._db.fetchall(_RECENT_RUNS, params)]
        return merged_newest_first(leg_days, runs)[:limit]

    async def delete(self, member: MemberRef, ref: EntryRef) -> Entry | None:
        """Delete the member's own entry `ref`; None (and nothing changed) when the member has
        no such entry, whoever else might."""
        async with self._db.transaction() as tx:
            return await _delete(tx, member, ref)

    async def delete_latest(self, member: MemberRef) -> Entry | None:
        """Delete the member's most recently logged entry and return it; None if they have none.

        Finding and deleting happen in one transaction, so two quick /undo calls take back two
        different entries rather than racing for the same one.
        """
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                _LATEST, {"guild_id": member.guild_id, "user_id": member.user_id}
            )
            if row is None:
                return None
            return await _delete(tx, member, EntryRef(kind=EntryKind(row["kind"]), id=row["id"]))

    async def update_entry(
        self, member: MemberRef, ref: EntryRef, change: Callable[[Entry], Entry]
    ) -> tuple[Entry, Entry] | None:
        """Read the member's entry, store `change(entry)` in its place, return (before,
        after); one transaction, so two edits never interleave. None when not theirs."""
        scope = (ref.id, member.guild_id, member.user_id)
        async with self._db.transaction() as tx:
            row = await tx.fetchone(_SELECT_ONE[ref.kind], scope)
            if row is None:
                return None
            before = _entry(ref.kind, row)
            after = change(before)
            if type(after) is not type(before):
                # An edit never turns a run into a leg day: that is a delete and a new log.
                raise ValueError(f"{ref} cannot become a {type(after).__name__}")
            sql, values = _update_params(after)
            [stored] = await tx.fetchall(sql, (*values, *scope))
            return before, _entry(ref.kind, stored)

    async def week_totals(self, guild_id: int, start: datetime, end: datetime) -> list[MemberWeek]:
        """Per member of the guild with runs in `start <= at < end`: count, km, minutes."""
        rows = await self._db.fetchall(
            _WEEK_TOTALS, (guild_id, to_epoch_ceil(start), to_epoch_ceil(end))
        )
        return [
            MemberWeek(
                user_id=row["user_id"],
                listed=bool(row["listed"]),
                runs=row["runs"],
                distance_km=row["distance_km"],
                minutes=row["minutes"],
            )
            for row in rows
        ]
