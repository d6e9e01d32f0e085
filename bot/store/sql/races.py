"""Each member's races (`races`): their calendar, and the ones the daily post names."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from bot.core.models import MemberRef
from bot.core.races import MemberRace, Race, RaceDistance, check_new_race, edited_race
from bot.store.columns import RACE_COLUMNS, prefixed
from bot.store.sql.codec import model_of
from bot.store.sql.members import ensure_member_row
from bot.store.sql.seam import Repository, require_new, scope

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
    return model_of(Race, row, on=row["race_on"])


def _written(race: Race) -> dict[str, object]:
    """What an insert or an edit stores of `race`; dates as ISO text, as `race_on` holds them."""
    distance = None if race.distance is None else race.distance.value
    return {"race_on": race.on.isoformat(), "name": race.name, "distance": distance}


class Races(Repository):
    async def add(self, member: MemberRef, race: Race, *, today: date, now: datetime) -> Race:
        """Store a new race (its id must be None); raises UserError for a duplicate (same date
        and name) or when the member already has RACES_MAX races on or after `today`, checked
        under the member's lock together with the insert."""
        require_new("race", race.id)
        async with self._db.transaction() as tx:
            await ensure_member_row(tx, member, now)
            await tx.lock("races", member.guild_id, member.user_id)
            rows = await tx.all(_UPCOMING, today=today.isoformat(), **scope(member))
            check_new_race([race_from_row(row) for row in rows], race)
            row = await tx.one(_ADD_RACE, **_written(race), now=now, **scope(member))
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
        when the member has no such race ahead. Raises UserError when the changed race would
        repeat another one's date and name: the duplicate check and the update run under
        the member's lock, as `add`'s do."""
        async with self._db.transaction() as tx:
            await tx.lock("races", member.guild_id, member.user_id)
            rows = await tx.all(_UPCOMING, today=today.isoformat(), **scope(member))
            upcoming = [race_from_row(row) for row in rows]
            changed = edited_race(upcoming, race_id, on=on, name=name, distance=distance)
            if changed is not None:
                await tx.run(_EDIT_RACE, id=race_id, **_written(changed[1]), **scope(member))
        return changed

    async def upcoming(self, member: MemberRef, today: date) -> list[Race]:
        """The member's races on or after `today`, soonest first."""
        rows = await self._db.all(_UPCOMING, **scope(member), today=today.isoformat())
        return [race_from_row(row) for row in rows]

    async def remove(self, member: MemberRef, race_id: int) -> Race | None:
        """Delete the member's own race; None when they have no race with that id."""
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
            member_race = model_of(MemberRace, row, race=race_from_row(row))
            found[int(row["guild_id"])].append(member_race)
        return found
