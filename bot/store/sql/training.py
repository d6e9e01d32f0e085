"""The training week's reads (`training`).

Every member query is one indexed range: /week reads five weeks of both kinds of entry from one
snapshot, never a query per day or per entry.
"""

from __future__ import annotations

from datetime import datetime

from bot.core.clubweek import MemberEntries
from bot.core.models import LegDay, MemberRef, Run
from bot.store.columns import LEG_DAY_COLUMNS, RUN_COLUMNS, intensity_case, prefixed
from bot.store.sql.codec import rounded_up
from bot.store.sql.entries import run_from_row
from bot.store.sql.members import leg_day_from_row
from bot.store.sql.seam import Db, scope

_MEMBER_LEG_DAYS = f"""
    SELECT {LEG_DAY_COLUMNS} FROM leg_days
    WHERE guild_id = :guild_id AND user_id = :user_id AND at >= :start AND at < :end
    ORDER BY at, id
"""

_MEMBER_RUNS = f"""
    SELECT {RUN_COLUMNS} FROM runs
    WHERE guild_id = :guild_id AND user_id = :user_id AND at >= :start AND at < :end
    ORDER BY at, id
"""

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

_GUILD_LEG_DAYS = f"""
    SELECT l.user_id, m.listed, {prefixed(LEG_DAY_COLUMNS, "l")}
    FROM leg_days AS l
    JOIN members AS m ON m.guild_id = l.guild_id AND m.user_id = l.user_id
    WHERE l.guild_id = :guild_id AND l.at >= :start AND l.at < :end
    ORDER BY l.user_id, l.at, l.id
"""

_GUILD_RUNS = f"""
    SELECT r.user_id, m.listed, {prefixed(RUN_COLUMNS, "r")}
    FROM runs AS r
    JOIN members AS m ON m.guild_id = r.guild_id AND m.user_id = r.user_id
    WHERE r.guild_id = :guild_id AND r.at >= :start AND r.at < :end
    ORDER BY r.user_id, r.at, r.id
"""


class Training:
    """The training week's reads: ranges of both kinds of entry at once."""

    def __init__(self, db: Db) -> None:
        self._db = db

    async def entries_between(
        self, member: MemberRef, start: datetime, end: datetime
    ) -> tuple[list[LegDay], list[Run]]:
        """The member's leg days and runs with `start <= at < end`, each oldest first, from one
        snapshot (two ranges of the (guild_id, user_id, at) indexes)."""
        params = {
            "guild_id": member.guild_id,
            "user_id": member.user_id,
            "start": rounded_up(start),
            "end": rounded_up(end),
        }
        async with self._db.transaction(snapshot=True) as tx:
            leg_rows = await tx.all(_MEMBER_LEG_DAYS, **params)
            run_rows = await tx.all(_MEMBER_RUNS, **params)
        return [leg_day_from_row(r) for r in leg_rows], [run_from_row(r) for r in run_rows]

    async def timed_runs(
        self, member: MemberRef, before: datetime, per_intensity: int
    ) -> list[Run]:
        """The latest `per_intensity` runs of each intensity with `at <= before` that have both
        a distance and minutes, newest first."""
        rows = await self._db.all(
            _TIMED_RUNS,
            **scope(member),
            before=before,
            n=per_intensity,
        )
        return [run_from_row(row) for row in rows]

    async def club_entries_between(
        self, guild_id: int, start: datetime, end: datetime
    ) -> list[MemberEntries]:
        """Every member of the guild with entries in `start <= at < end`, by user id, with
        `listed`; entries oldest first."""
        params = {"guild_id": guild_id, "start": rounded_up(start), "end": rounded_up(end)}
        async with self._db.transaction(snapshot=True) as tx:
            leg_rows = await tx.all(_GUILD_LEG_DAYS, **params)
            run_rows = await tx.all(_GUILD_RUNS, **params)
        listed: dict[int, bool] = {}
        leg_days: dict[int, list[LegDay]] = {}
        runs: dict[int, list[Run]] = {}
        for row in leg_rows:
            listed[row["user_id"]] = bool(row["listed"])
            leg_days.setdefault(row["user_id"], []).append(leg_day_from_row(row))
        for row in run_rows:
            listed[row["user_id"]] = bool(row["listed"])
            runs.setdefault(row["user_id"], []).append(run_from_row(row))
        return [
            MemberEntries(
                user_id=user_id,
                listed=listed[user_id],
                leg_days=tuple(leg_days.get(user_id, ())),
                runs=tuple(runs.get(user_id, ())),
            )
            for user_id in sorted(listed)
        ]
