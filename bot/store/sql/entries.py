"""Logged leg days and runs. Every query is scoped to one member of one guild."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from bot.core.history import Entry, EntryKind, EntryRef, kind_of, merged_newest_first
from bot.core.leaderboard import MemberWeek
from bot.core.models import LegDay, MemberRef, Run
from bot.core.repeats import (
    ZONE_SHIFT_MAX,
    repeat_window,
    repeated_in_another_zone,
    repeated_run,
)
from bot.store.columns import LEG_DAY_COLUMNS, RUN_COLUMNS
from bot.store.sql.codec import model_of, rounded_up, stored
from bot.store.sql.members import ensure_member_row
from bot.store.sql.seam import MEMBER_ROWS, Repository, Tx, require_new, scope

E = TypeVar("E", LegDay, Run)

LAST_HARD = f"""
    SELECT {LEG_DAY_COLUMNS} FROM leg_days
    WHERE guild_id = :guild_id AND user_id = :user_id AND is_hard = TRUE AND at <= :t
    ORDER BY at DESC, id DESC
    LIMIT 1
"""

# Speeds (km/h) of the member's latest easy and recovery runs before a moment, newest first:
# moving time where a file gave it, else the minutes typed.
_EASY_SPEEDS = """
    SELECT distance_km * 3600.0 / coalesce(moving_seconds, minutes * 60) AS speed FROM runs
    WHERE guild_id = :guild_id AND user_id = :user_id AND at < :before
      AND run_type IN ('easy', 'recovery')
      AND distance_km IS NOT NULL AND coalesce(moving_seconds, minutes * 60) > 0
    ORDER BY at DESC, id DESC
    LIMIT :limit
"""

# Taken before a read that decides a write (the duplicate check, /undo's latest entry): every
# such block for one member, from any process, runs one after the other. NO KEY UPDATE leaves
# the foreign-key checks of inserts (KEY SHARE) free.
_LOCK_MEMBER = """
    SELECT 1 FROM members WHERE guild_id = :guild_id AND user_id = :user_id FOR NO KEY UPDATE
"""

# The member scope is part of every WHERE, so an id of another member's entry matches nothing,
# exactly like an id that does not exist.
_SCOPE = f"WHERE id = :id AND {MEMBER_ROWS}"
_TABLE = {EntryKind.LEG_DAY: "leg_days", EntryKind.RUN: "runs"}
_MODEL: dict[EntryKind, type[Entry]] = {EntryKind.LEG_DAY: LegDay, EntryKind.RUN: Run}
_COLUMNS = {EntryKind.LEG_DAY: LEG_DAY_COLUMNS, EntryKind.RUN: RUN_COLUMNS}
# What an insert or an edit writes: every column but the id, each from the field of its name.
_WRITTEN = {k: [name for name in model.model_fields if name != "id"] for k, model in _MODEL.items()}
_INSERT = {
    k: f"INSERT INTO {t} (guild_id, user_id, created_at, {', '.join(_WRITTEN[k])})"
    f" VALUES (:guild_id, :user_id, :now, {', '.join(f':{c}' for c in _WRITTEN[k])})"
    " RETURNING id"
    for k, t in _TABLE.items()
}
# `id DESC` breaks ties between entries logged for the same second; the (…, at) indexes end
# in the id, so this order comes straight from the index without a sort.
_BETWEEN = {
    k: f"SELECT {_COLUMNS[k]} FROM {t} WHERE {MEMBER_ROWS}"
    " AND at BETWEEN :start AND :end ORDER BY at DESC, id DESC"
    for k, t in _TABLE.items()
}
LEG_DAYS_BETWEEN, RUNS_BETWEEN = _BETWEEN[EntryKind.LEG_DAY], _BETWEEN[EntryKind.RUN]
_RECENT = {
    k: f"SELECT {_COLUMNS[k]} FROM {t} WHERE {MEMBER_ROWS} ORDER BY at DESC, id DESC LIMIT :limit"
    for k, t in _TABLE.items()
}
_DELETE_ONE = {k: f"DELETE FROM {t} {_SCOPE} RETURNING {_COLUMNS[k]}" for k, t in _TABLE.items()}
# FOR UPDATE: two edits of one entry, from any process, run one after the other.
_SELECT_ONE = {k: f"SELECT {_COLUMNS[k]} FROM {t} {_SCOPE} FOR UPDATE" for k, t in _TABLE.items()}
_UPDATE_ONE = {
    k: f"UPDATE {t} SET {', '.join(f'{c} = :{c}' for c in _WRITTEN[k])}"
    f" {_SCOPE} RETURNING {_COLUMNS[k]}"
    for k, t in _TABLE.items()
}

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
    ) AS logged
    ORDER BY created_at DESC, tie DESC, id DESC
    LIMIT 1
"""

# Runs only: the board is about running. `listed` comes from the members row, which every run
# has (foreign key).
WEEK_TOTALS = """
    SELECT r.user_id, m.listed, count(*) AS runs,
           coalesce(sum(r.distance_km), 0.0) AS distance_km,
           coalesce(sum(r.minutes), 0.0) AS minutes, count(r.minutes) AS timed
    FROM runs AS r
    JOIN members AS m ON m.guild_id = r.guild_id AND m.user_id = r.user_id
    WHERE r.guild_id = :guild_id AND r.at >= :start AND r.at < :end
    GROUP BY r.user_id, m.listed
"""


def _values(entry: Entry) -> dict[str, object]:
    """The entry's stored columns but its id, by name."""
    values = entry.model_dump(exclude={"id"})
    if isinstance(entry, Run):
        values.update(run_type=entry.run_type.value, source=entry.source.value)
    return values


def _entry(kind: EntryKind, row: Any) -> Entry:
    return model_of(_MODEL[kind], row)


async def _insert(tx: Tx, member: MemberRef, entry: E, now: datetime) -> E:
    """Insert a new entry of the member (whose row must exist); returns it with its id and `at`
    as stored (whole seconds, rounded down)."""
    row = await tx.one(_INSERT[kind_of(entry)], **scope(member), now=now, **_values(entry))
    assert row is not None
    return entry.model_copy(update={"id": int(row["id"]), "at": stored(entry.at)})


async def _delete(tx: Tx, member: MemberRef, ref: EntryRef) -> Entry | None:
    row = await tx.one(_DELETE_ONE[ref.kind], id=ref.id, **scope(member))
    return None if row is None else _entry(ref.kind, row)


class Entries(Repository):
    async def add_leg_day(self, member: MemberRef, leg_day: LegDay, *, now: datetime) -> LegDay:
        """Store a new leg day (its id must be None); returns it with its id, `at` as stored."""
        require_new("entry", leg_day.id)
        async with self._db.transaction() as tx:
            await ensure_member_row(tx, member, now)
            return await _insert(tx, member, leg_day, now)

    async def add_run(self, member: MemberRef, run: Run, *, now: datetime) -> Run:
        require_new("entry", run.id)
        async with self._db.transaction() as tx:
            await ensure_member_row(tx, member, now)
            return await _insert(tx, member, run, now)

    async def add_run_unless_matching(
        self,
        member: MemberRef,
        run: Run,
        *,
        within: timedelta,
        tolerance: float,
        now: datetime,
        any_zone: bool = False,
    ) -> tuple[Run, None] | tuple[None, Run]:
        """Store the new `run` as `add_run` does, unless the member already has a run it would
        repeat (started within `within` of it or while it was under way, as a run typed when
        it ended is, with a distance within `tolerance` of its, or both without a distance;
        the nearest start wins): then nothing is stored. `any_zone`: `run` is placed by the
        watch's clock read in the member's zone, and also repeats the same file read in
        another zone (`repeated_in_another_zone`). Returns
        (the stored run, None) or (None, the existing run).
        The lookup and the insert are one transaction under the member's lock, so two adds of
        the same run, from any process, run one after the other and store it once."""
        require_new("entry", run.id)
        async with self._db.transaction() as tx:
            await ensure_member_row(tx, member, now)
            await tx.one(_LOCK_MEMBER, **scope(member))
            start, end = repeat_window(run.at, run.elapsed_seconds, within)
            rows = await tx.all(RUNS_BETWEEN, **scope(member), start=rounded_up(start), end=end)
            # Its start as it would be stored (whole seconds), against the stored starts.
            as_stored = run.model_copy(update={"at": stored(run.at)})
            twin = repeated_run(as_stored, [model_of(Run, row) for row in rows], tolerance)
            if twin is None and any_zone:
                rows = await tx.all(
                    RUNS_BETWEEN,
                    **scope(member),
                    start=rounded_up(run.at - ZONE_SHIFT_MAX),
                    end=run.at + ZONE_SHIFT_MAX,
                )
                nearby = [model_of(Run, row) for row in rows]
                twin = repeated_in_another_zone(as_stored, nearby, tolerance)
            if twin is not None:
                return None, twin
            return await _insert(tx, member, run, now), None

    async def leg_days_between(
        self, member: MemberRef, start: datetime, end: datetime
    ) -> list[LegDay]:
        """Leg days with `start <= at <= end`, newest first (same second: newest logged)."""
        rows = await self._db.all(
            LEG_DAYS_BETWEEN, **scope(member), start=rounded_up(start), end=end
        )
        return [model_of(LegDay, row) for row in rows]

    async def runs_between(self, member: MemberRef, start: datetime, end: datetime) -> list[Run]:
        rows = await self._db.all(RUNS_BETWEEN, **scope(member), start=rounded_up(start), end=end)
        return [model_of(Run, row) for row in rows]

    async def last_hard_at_or_before(self, member: MemberRef, t: datetime) -> LegDay | None:
        row = await self._db.one(LAST_HARD, **scope(member), t=t)
        return None if row is None else model_of(LegDay, row)

    async def recent_easy_speeds(
        self, member: MemberRef, before: datetime, limit: int
    ) -> list[float]:
        """Average speeds (km/h) of the member's latest `limit` easy and recovery runs that
        have a distance and a time (moving seconds, else minutes) and started before
        `before`, newest first."""
        rows = await self._db.all(
            _EASY_SPEEDS, **scope(member), before=rounded_up(before), limit=limit
        )
        return [float(row["speed"]) for row in rows]

    async def recent(self, member: MemberRef, limit: int) -> list[Entry]:
        """The member's `limit` latest entries by `at`, both kinds together, newest first."""
        leg_days = await self._db.all(_RECENT[EntryKind.LEG_DAY], **scope(member), limit=limit)
        runs = await self._db.all(_RECENT[EntryKind.RUN], **scope(member), limit=limit)
        return merged_newest_first(
            [model_of(LegDay, row) for row in leg_days], [model_of(Run, row) for row in runs]
        )[:limit]

    async def delete(self, member: MemberRef, ref: EntryRef) -> Entry | None:
        """Delete the member's own entry; None when they have no such entry."""
        async with self._db.transaction() as tx:
            return await _delete(tx, member, ref)

    async def delete_latest(self, member: MemberRef) -> Entry | None:
        """Delete the member's most recently *logged* entry and return it; None if none.

        The member's lock is taken first, so two quick /undo calls (from any process) run one
        after the other and take back two different entries.
        """
        async with self._db.transaction() as tx:
            await tx.one(_LOCK_MEMBER, **scope(member))
            row = await tx.one(_LATEST, **scope(member))
            if row is None:
                return None
            return await _delete(tx, member, EntryRef(kind=EntryKind(row["kind"]), id=row["id"]))

    async def update_entry(
        self, member: MemberRef, ref: EntryRef, change: Callable[[Entry], Entry]
    ) -> tuple[Entry, Entry] | None:
        """In one transaction, with the row locked so that two edits never interleave: read
        the member's own entry `ref`, store `change(entry)` in its place and return (before,
        after), `after.at` as stored (whole seconds). The id, kind, member and logging time
        never change; every other field is `change`'s. None (nothing changed) when the member
        has no such entry, whoever else might. An exception from `change` (e.g. a refused
        value) leaves the entry as it was and propagates."""
        params = {"id": ref.id, **scope(member)}
        async with self._db.transaction() as tx:
            row = await tx.one(_SELECT_ONE[ref.kind], **params)
            if row is None:
                return None
            before = _entry(ref.kind, row)
            after = change(before)
            if type(after) is not type(before):
                # An edit never turns a run into a leg day: that is a delete and a new log.
                raise ValueError(f"{ref} cannot become a {type(after).__name__}")
            stored_row = await tx.one(_UPDATE_ONE[ref.kind], **params, **_values(after))
            assert stored_row is not None  # in scope, in this transaction
            return before, _entry(ref.kind, stored_row)

    async def week_totals(self, guild_id: int, start: datetime, end: datetime) -> list[MemberWeek]:
        """Per member of the guild with runs in `start <= at < end`."""
        rows = await self._db.all(
            WEEK_TOTALS, guild_id=guild_id, start=rounded_up(start), end=rounded_up(end)
        )
        # Active days are counted above the store, for the one board that shows them.
        return [model_of(MemberWeek, row, active_days=0) for row in rows]
