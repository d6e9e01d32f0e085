"""The training week's reads (`training`) and each member's races (`races`).

Every member query is one indexed range: /week reads five weeks of both kinds of entry from one
snapshot, never a query per day or per entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from bot.core.clubweek import MemberEntries
from bot.core.models import LegDay, MemberRef, Run
from bot.core.races import MemberRace, Race, RaceDistance, check_new_race
from bot.store.columns import LEG_DAY_COLUMNS, RACE_COLUMNS, RUN_COLUMNS, intensity_case, prefixed
from bot.store.sql.codec import rounded_up
from bot.store.sql.entries import run_from_row
from bot.store.sql.members import ensure_member_row, leg_day_from_row
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

_UPCOMING = f"""
    SELECT {RACE_COLUMNS} FROM races
    WHERE guild_id = :guild_id AND user_id = :user_id AND race_on >= :today
    ORDER BY race_on, id
"""

# The same for many clubs at once, each with its own dates.
_CLUBS_RACES = f"""
    SELECT r.guild_id, r.user_id, m.listed, {prefixed(RACE_COLUMNS, "r")}
    FROM {{rows w = dates: guild_id bigint, first_day text, last_day text}}
    JOIN races AS r ON r.guild_id = w.guild_id AND r.race_on BETWEEN w.first_day AND w.last_day
    JOIN members AS m ON m.guild_id = r.guild_id AND m.user_id = r.user_id
    ORDER BY r.guild_id, r.race_on, r.user_id, r.id
"""

_ADD_RACE = """
    INSERT INTO races (guild_id, user_id, race_on, name, distance, created_at)
    VALUES (:guild_id, :user_id, :race_on, :name, :distance, :now)
    RETURNING id
"""

_REMOVE_RACE = f"""
    DELETE FROM races WHERE id = :id AND guild_id = :guild_id AND user_id = :user_id
    RETURNING {RACE_COLUMNS}
"""

_EDIT_RACE = """
    UPDATE races SET race_on = :race_on, name = :name, distance = :distance
    WHERE id = :id AND guild_id = :guild_id AND user_id = :user_id
"""


def race_from_row(row: Any) -> Race:
    return Race(
        id=row["id"],
        on=date.fromisoformat(row["race_on"]),
        name=row["name"],
        distance=None if row["distance"] is None else RaceDistance(row["distance"]),
    )


class Training:
    def __init__(self, db: Db) -> None:
        self._db = db

    async def entries_between(
        self, member: MemberRef, start: datetime, end: datetime
    ) -> tuple[list[LegDay], list[Run]]:
        """The member's leg days and runs with `start <= at < end`, oldest first, from one
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


class Races:
    def __init__(self, db: Db) -> None:
        self._db = db

    async def add(self, member: MemberRef, race: Race, *, today: date, now: datetime) -> Race:
        """Store a race; raises UserError for a duplicate or too many upcoming races, checked
        under the member's lock together with the insert."""
        if race.id is not None:
            raise ValueError(f"race already stored with id {race.id}")
        async with self._db.transaction() as tx:
            await ensure_member_row(tx, member, now)
            await tx.lock("races", member.guild_id, member.user_id)
            rows = await tx.all(_UPCOMING, today=today.isoformat(), **scope(member))
            check_new_race([race_from_row(row) for row in rows], race)
            row = await tx.one(
                _ADD_RACE,
                race_on=race.on.isoformat(),
                name=race.name,
                distance=None if race.distance is None else race.distance.value,
                now=now,
                **scope(member),
            )
        assert row is not None
        return race.model_copy(update={"id": int(row["id"])})

    async def edit(
        self,
        member: MemberRef,
        race_id: int,
        *,
        today: date,
        on: date | None = None,
        name: str | None = None,
        distance: RaceDistance | None = None,
    ) -> tuple[Race, Race] | None:
        """Change the member's race `race_id` ahead of `today`: each of `on`, `name` and
        `distance` given replaces the stored one. The race as it was and as it is now; None
        when the member has no such race ahead. The duplicate check and the update run under
        the member's lock, as `add`'s do."""
        async with self._db.transaction() as tx:
            await tx.lock("races", member.guild_id, member.user_id)
            rows = await tx.all(_UPCOMING, today=today.isoformat(), **scope(member))
            upcoming = [race_from_row(row) for row in rows]
            before = next((race for race in upcoming if race.id == race_id), None)
            if before is None:
                return None
            after = Race(
                id=race_id,
                on=before.on if on is None else on,
                name=before.name if name is None else name,
                distance=before.distance if distance is None else distance,
            )
            check_new_race([race for race in upcoming if race.id != race_id], after)
            await tx.run(
                _EDIT_RACE,
                id=race_id,
                race_on=after.on.isoformat(),
                name=after.name,
                distance=None if after.distance is None else after.distance.value,
                **scope(member),
            )
        return before, after

    async def upcoming(self, member: MemberRef, today: date) -> list[Race]:
        rows = await self._db.all(_UPCOMING, **scope(member), today=today.isoformat())
        return [race_from_row(row) for row in rows]

    async def remove(self, member: MemberRef, race_id: int) -> Race | None:
        rows = await self._db.write(_REMOVE_RACE, id=race_id, **scope(member))
        return race_from_row(rows[0]) if rows else None

    async def clubs_between(
        self, dates: Mapping[int, tuple[date, date]]
    ) -> dict[int, list[MemberRace]]:
        """Every race of each guild's members on that guild's local dates `first` to `last`
        (inclusive), soonest first, in one statement; every guild asked for is a key."""
        found: dict[int, list[MemberRace]] = {guild_id: [] for guild_id in dates}
        if not found:
            return found
        wanted = [(g, first.isoformat(), last.isoformat()) for g, (first, last) in dates.items()]
        for row in await self._db.all(_CLUBS_RACES, dates=wanted):
            found[int(row["guild_id"])].append(
                MemberRace(
                    user_id=row["user_id"], listed=bool(row["listed"]), race=race_from_row(row)
                )
            )
        return found
