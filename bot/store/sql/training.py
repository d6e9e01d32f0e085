"""The training week's reads: ranges of both kinds of entry at once (`training`).

Every member query is one indexed range: /week reads five weeks of both kinds of entry from one
snapshot, never a query per day or per entry.
"""

from __future__ import annotations

from datetime import datetime

from bot.core.clubweek import MemberEntries, by_member
from bot.core.models import LegDay, MemberRef, Run
from bot.store.columns import LEG_DAY_COLUMNS, RUN_COLUMNS, intensity_case, prefixed
from bot.store.sql.codec import model_of, rounded_up
from bot.store.sql.seam import Repository, scope

_TABLES = {"leg_days": LEG_DAY_COLUMNS, "runs": RUN_COLUMNS}

# A member's entries of one table in a range, oldest first.
_MEMBER_RANGE = {
    table: f"""
    SELECT {columns} FROM {table}
    WHERE guild_id = :guild_id AND user_id = :user_id AND at >= :start AND at < :end
    ORDER BY at, id
"""
    for table, columns in _TABLES.items()
}

# The same for every member of a club, with the member's `listed`, by member.
_CLUB_RANGE = {
    table: f"""
    SELECT e.user_id, m.listed, {prefixed(columns, "e")}
    FROM {table} AS e
    JOIN members AS m ON m.guild_id = e.guild_id AND m.user_id = e.user_id
    WHERE e.guild_id = :guild_id AND e.at >= :start AND e.at < :end
    ORDER BY e.user_id, e.at, e.id
"""
    for table, columns in _TABLES.items()
}

# The latest `n` runs with both a distance and minutes, per intensity: one range of the
# runs_member_at index, numbered per intensity.
_TIMED_RUNS = f"""
    SELECT {RUN_COLUMNS} FROM (
        SELECT {RUN_COLUMNS}, row_number() OVER (
            PARTITION BY {intensity_case("run_type")} ORDER BY at DESC, id DESC
        ) AS n
        FROM runs
        WHERE guild_id = :guild_id AND user_id = :user_id AND at <= :before
          AND distance_km IS NOT NULL AND minutes IS NOT NULL
    ) AS numbered WHERE n <= :n
    ORDER BY at DESC, id DESC
"""


class Training(Repository):
    async def entries_between(
        self, member: MemberRef, start: datetime, end: datetime
    ) -> tuple[list[LegDay], list[Run]]:
        """The member's leg days and runs with `start <= at < end`, each oldest first, from one
        snapshot (two ranges of the (guild_id, user_id, at) indexes)."""
        params = {**scope(member), "start": rounded_up(start), "end": rounded_up(end)}
        async with self._db.transaction(snapshot=True) as tx:
            leg_rows = await tx.all(_MEMBER_RANGE["leg_days"], **params)
            run_rows = await tx.all(_MEMBER_RANGE["runs"], **params)
        return [model_of(LegDay, r) for r in leg_rows], [model_of(Run, r) for r in run_rows]

    async def paced_runs(
        self, member: MemberRef, before: datetime, per_intensity: int
    ) -> list[Run]:
        """The latest `per_intensity` runs of each intensity with `at <= before` that have both
        a distance and minutes, newest first."""
        rows = await self._db.all(_TIMED_RUNS, **scope(member), before=before, n=per_intensity)
        return [model_of(Run, row) for row in rows]

    async def club_entries_between(
        self, guild_id: int, start: datetime, end: datetime
    ) -> list[MemberEntries]:
        """Every member of the guild with entries in `start <= at < end`, by user id, with
        `listed`; entries oldest first."""
        params = {"guild_id": guild_id, "start": rounded_up(start), "end": rounded_up(end)}
        async with self._db.transaction(snapshot=True) as tx:
            leg_rows = await tx.all(_CLUB_RANGE["leg_days"], **params)
            run_rows = await tx.all(_CLUB_RANGE["runs"], **params)
        return by_member(
            [(row["user_id"], bool(row["listed"]), model_of(LegDay, row)) for row in leg_rows]
            + [(row["user_id"], bool(row["listed"]), model_of(Run, row)) for row in run_rows]
        )
