"""Logged leg days and runs. Every query is scoped to one member of one guild.

Moments are stored to the whole second (see `moment`), so comparing them with the exact bounds
a caller passes gives the same answers as the SQLite backend's rounded unix seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bot.core.history import Entry, EntryKind, EntryRef, merged_newest_first
from bot.core.leaderboard import MemberWeek
from bot.core.models import LegDay, MemberRef, Run
from bot.store.columns import LEG_DAY_COLUMNS, RUN_COLUMNS
from bot.store.postgres.db import PostgresDatabase, Row, Transaction, moment
from bot.store.postgres.members import ensure_member_row
from bot.store.postgres.runs import (
    LOCK_MEMBER,
    MATCHING_RUN,
    insert_run,
    matching_args,
    run_from_row,
)

__all__ = ["Entries", "leg_day_from_row", "run_from_row"]


# `id DESC` breaks ties between entries logged for the same second; the (…, at, id) indexes
# give this order by scanning backwards, without a sort.
LEG_DAYS_BETWEEN = f"""
    SELECT {LEG_DAY_COLUMNS} FROM leg_days
    WHERE guild_id = $1 AND user_id = $2 AND at BETWEEN $3 AND $4
    ORDER BY at DESC, id DESC
"""

RUNS_BETWEEN = f"""
    SELECT {RUN_COLUMNS} FROM runs
    WHERE guild_id = $1 AND user_id = $2 AND at BETWEEN $3 AND $4
    ORDER BY at DESC, id DESC
"""

# Served by the partial index leg_days_member_hard_at (WHERE is_hard).
LAST_HARD = f"""
    SELECT {LEG_DAY_COLUMNS} FROM leg_days
    WHERE guild_id = $1 AND user_id = $2 AND is_hard AND at <= $3
    ORDER BY at DESC, id DESC
    LIMIT 1
"""

_RECENT_LEG_DAYS = f"""
    SELECT {LEG_DAY_COLUMNS} FROM leg_days
    WHERE guild_id = $1 AND user_id = $2
    ORDER BY at DESC, id DESC
    LIMIT $3
"""

_RECENT_RUNS = f"""
    SELECT {RUN_COLUMNS} FROM runs
    WHERE guild_id = $1 AND user_id = $2
    ORDER BY at DESC, id DESC
    LIMIT $3
"""

# Speeds (km/h) of the member's latest easy and recovery runs before a moment, newest first:
# moving time where a file gave it, else the minutes typed.
_EASY_SPEEDS = """
    SELECT distance_km * 3600.0 / coalesce(moving_seconds, minutes * 60) AS speed FROM runs
    WHERE guild_id = $1 AND user_id = $2 AND at < $3 AND run_type IN ('easy', 'recovery')
      AND distance_km IS NOT NULL AND coalesce(moving_seconds, minutes * 60) > 0
    ORDER BY at DESC, id DESC
    LIMIT $4
"""

# The member scope is part of every WHERE, so an id of another member's entry matches nothing,
# exactly like an id that does not exist.
_DELETE_ONE = {
    EntryKind.LEG_DAY: f"""
        DELETE FROM leg_days WHERE id = $1 AND guild_id = $2 AND user_id = $3
        RETURNING {LEG_DAY_COLUMNS}
    """,
    EntryKind.RUN: f"""
        DELETE FROM runs WHERE id = $1 AND guild_id = $2 AND user_id = $3
        RETURNING {RUN_COLUMNS}
    """,
}

# FOR UPDATE: two edits of one entry, from any process, run one after the other.
_SELECT_ONE = {
    EntryKind.LEG_DAY: f"""
        SELECT {LEG_DAY_COLUMNS} FROM leg_days
        WHERE id = $1 AND guild_id = $2 AND user_id = $3 FOR UPDATE
    """,
    EntryKind.RUN: f"""
        SELECT {RUN_COLUMNS} FROM runs
        WHERE id = $1 AND guild_id = $2 AND user_id = $3 FOR UPDATE
    """,
}

_UPDATE_LEG_DAY = f"""
    UPDATE leg_days SET at = $4, exercises = $5, heaviest = $6, sets = $7, reps = $8,
        hard_given = $9, is_hard = $10, notes = $11, minutes = $12, rpe = $13
    WHERE id = $1 AND guild_id = $2 AND user_id = $3
    RETURNING {LEG_DAY_COLUMNS}
"""

_UPDATE_RUN = f"""
    UPDATE runs SET at = $4, run_type = $5, distance_km = $6, minutes = $7, rpe = $8, notes = $9,
        moving_seconds = $10, elapsed_seconds = $11, avg_hr = $12, max_hr = $13,
        elevation_gain_m = $14, source = $15
    WHERE id = $1 AND guild_id = $2 AND user_id = $3
    RETURNING {RUN_COLUMNS}
"""

# The most recently *logged* entry (created_at), not the latest `at`. A leg day and a run
# logged in the same second: the run goes first, as in the SQLite backend.
_LATEST = """
    SELECT kind, id FROM (
        SELECT 'L' AS kind, id, created_at, 0 AS tie FROM leg_days
        WHERE guild_id = $1 AND user_id = $2
        UNION ALL
        SELECT 'R' AS kind, id, created_at, 1 AS tie FROM runs
        WHERE guild_id = $1 AND user_id = $2
    ) AS logged
    ORDER BY created_at DESC, tie DESC, id DESC
    LIMIT 1
"""

# Runs only: the board is about running. Served by runs_guild_at.
WEEK_TOTALS = """
    SELECT r.user_id, m.listed, count(*) AS runs,
           coalesce(sum(r.distance_km), 0.0) AS distance_km,
           coalesce(sum(r.minutes), 0.0) AS minutes
    FROM runs AS r
    JOIN members AS m ON m.guild_id = r.guild_id AND m.user_id = r.user_id
    WHERE r.guild_id = $1 AND r.at >= $2 AND r.at < $3
    GROUP BY r.user_id, m.listed
"""


def leg_day_from_row(row: Row) -> LegDay:
    return LegDay(
        id=row["id"],
        at=row["at"],
        exercises=row["exercises"],
        heaviest=row["heaviest"],
        sets=row["sets"],
        reps=row["reps"],
        hard_given=row["hard_given"],
        is_hard=row["is_hard"],
        notes=row["notes"],
        minutes=row["minutes"],
        rpe=row["rpe"],
    )


def _require_new(entry: LegDay | Run) -> None:
    if entry.id is not None:
        # Adding it again would store a second copy under a new id.
        raise ValueError(f"entry already stored with id {entry.id}")


def _update_params(entry: Entry) -> tuple[str, tuple[object, ...]]:
    if isinstance(entry, LegDay):
        return _UPDATE_LEG_DAY, (
            moment(entry.at),
            entry.exercises,
            entry.heaviest,
            entry.sets,
            entry.reps,
            entry.hard_given,
            entry.is_hard,
            entry.notes,
            entry.minutes,
            entry.rpe,
        )
    return _UPDATE_RUN, (
        moment(entry.at),
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


def _entry(kind: EntryKind, row: Row) -> Entry:
    return leg_day_from_row(row) if kind is EntryKind.LEG_DAY else run_from_row(row)


async def _delete(tx: Transaction, member: MemberRef, ref: EntryRef) -> Entry | None:
    row = await tx.fetchone(_DELETE_ONE[ref.kind], ref.id, member.guild_id, member.user_id)
    return None if row is None else _entry(ref.kind, row)


class Entries:
    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db

    async def add_leg_day(self, member: MemberRef, leg_day: LegDay, *, now: datetime) -> LegDay:
        """Store a leg day (creating the member's row if needed); returns it with its id.

        `leg_day.at` is stored to the second, rounded down.
        """
        _require_new(leg_day)
        at = moment(leg_day.at)
        async with self._db.transaction() as tx:
            await ensure_member_row(tx, member, now)
            row = await tx.fetchone(
                "INSERT INTO leg_days (guild_id, user_id, at, exercises, heaviest, sets, reps,"
                " hard_given, is_hard, notes, created_at, minutes, rpe)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
                member.guild_id,
                member.user_id,
                at,
                leg_day.exercises,
                leg_day.heaviest,
                leg_day.sets,
                leg_day.reps,
                leg_day.hard_given,
                leg_day.is_hard,
                leg_day.notes,
                moment(now),
                leg_day.minutes,
                leg_day.rpe,
            )
        assert row is not None
        return leg_day.model_copy(update={"id": int(row["id"]), "at": at})

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
        """Store `run` unless the member has a run it would repeat (see protocols). The
        member's row is locked before the lookup, so two adds of the same run, from any
        process, run one after the other and store it once."""
        _require_new(run)
        args = matching_args(member, run.at, run.distance_km, within, tolerance)
        async with self._db.transaction() as tx:
            await ensure_member_row(tx, member, now)
            await tx.fetchone(LOCK_MEMBER, member.guild_id, member.user_id)
            twin = await tx.fetchone(MATCHING_RUN, *args)
            if twin is not None:
                return None, run_from_row(twin)
            return await insert_run(tx, member, run, now), None

    async def leg_days_between(
        self, member: MemberRef, start: datetime, end: datetime
    ) -> list[LegDay]:
        """Leg days with `start <= at <= end`, newest first: the /canirun lookup."""
        rows = await self._db.fetchall(
            LEG_DAYS_BETWEEN, member.guild_id, member.user_id, _exact(start), _exact(end)
        )
        return [leg_day_from_row(row) for row in rows]

    async def runs_between(self, member: MemberRef, start: datetime, end: datetime) -> list[Run]:
        """Runs with `start <= at <= end`, newest first."""
        rows = await self._db.fetchall(
            RUNS_BETWEEN, member.guild_id, member.user_id, _exact(start), _exact(end)
        )
        return [run_from_row(row) for row in rows]

    async def last_hard_at_or_before(self, member: MemberRef, t: datetime) -> LegDay | None:
        """The most recent HARD leg day with `at <= t`, if any."""
        row = await self._db.fetchone(LAST_HARD, member.guild_id, member.user_id, _exact(t))
        return None if row is None else leg_day_from_row(row)

    async def recent_easy_speeds(
        self, member: MemberRef, before: datetime, limit: int
    ) -> list[float]:
        """Speeds (km/h) of the member's latest `limit` easy and recovery runs with a distance
        and a time, started before `before`, newest first."""
        rows = await self._db.fetchall(
            _EASY_SPEEDS, member.guild_id, member.user_id, _exact(before), limit
        )
        return [float(row["speed"]) for row in rows]

    async def recent(self, member: MemberRef, limit: int) -> list[Entry]:
        """The member's `limit` latest entries by `at`, leg days and runs together, newest
        first: what the /delete picker offers."""
        args = (member.guild_id, member.user_id, limit)
        leg_days = [
            leg_day_from_row(row) for row in await self._db.fetchall(_RECENT_LEG_DAYS, *args)
        ]
        runs = [run_from_row(row) for row in await self._db.fetchall(_RECENT_RUNS, *args)]
        return merged_newest_first(leg_days, runs)[:limit]

    async def delete(self, member: MemberRef, ref: EntryRef) -> Entry | None:
        """Delete the member's own entry `ref`; None (and nothing changed) when the member has
        no such entry, whoever else might."""
        async with self._db.transaction() as tx:
            return await _delete(tx, member, ref)

    async def delete_latest(self, member: MemberRef) -> Entry | None:
        """Delete the member's most recently logged entry and return it; None if they have none.

        The member's row is locked first, so two quick /undo calls (from any process) run one
        after the other and take back two different entries.
        """
        async with self._db.transaction() as tx:
            owner = await tx.fetchone(LOCK_MEMBER, member.guild_id, member.user_id)
            if owner is None:
                return None  # no member row, so no entries (foreign key)
            row = await tx.fetchone(_LATEST, member.guild_id, member.user_id)
            if row is None:
                return None
            return await _delete(tx, member, EntryRef(kind=EntryKind(row["kind"]), id=row["id"]))

    async def update_entry(
        self, member: MemberRef, ref: EntryRef, change: Callable[[Entry], Entry]
    ) -> tuple[Entry, Entry] | None:
        """Read the member's entry, store `change(entry)` in its place, return (before,
        after); one transaction with the row locked, so two edits never interleave. None
        when not theirs."""
        scope = (ref.id, member.guild_id, member.user_id)
        async with self._db.transaction() as tx:
            row = await tx.fetchone(_SELECT_ONE[ref.kind], *scope)
            if row is None:
                return None
            before = _entry(ref.kind, row)
            after = change(before)
            if type(after) is not type(before):
                # An edit never turns a run into a leg day: that is a delete and a new log.
                raise ValueError(f"{ref} cannot become a {type(after).__name__}")
            sql, values = _update_params(after)
            stored = await tx.fetchone(sql, *scope, *values)
            assert stored is not None  # the row is locked and in scope
            return before, _entry(ref.kind, stored)

    async def week_totals(self, guild_id: int, start: datetime, end: datetime) -> list[MemberWeek]:
        """Per member of the guild with runs in `start <= at < end`: count, km, minutes."""
        rows = await self._db.fetchall(WEEK_TOTALS, guild_id, _exact(start), _exact(end))
        return [
            MemberWeek(
                user_id=row["user_id"],
                listed=row["listed"],
                runs=row["runs"],
                distance_km=row["distance_km"],
                minutes=row["minutes"],
            )
            for row in rows
        ]


def _exact(bound: datetime) -> datetime:
    """A query bound, compared exactly with whole-second stored moments; naive is refused."""
    if bound.tzinfo is None or bound.utcoffset() is None:
        raise ValueError(f"datetime must be timezone-aware, got {bound!r}")
    return bound
