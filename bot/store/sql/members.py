"""Member profiles: one row per (guild, user), created on first use; and the "leave it as it
is" sentinel of a partial update."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Final, Literal, TypeAlias
from zoneinfo import ZoneInfo

from bot.core.models import Experience, Focus, HeadsUp, LegDay, MemberRef, Profile, Units
from bot.core.races import Race
from bot.core.reminders import CheckinAnswer
from bot.store.columns import LEG_DAY_COLUMNS, PROFILE_COLUMNS, prefixed
from bot.store.sql.codec import model_of, rounded_up, zone, zone_key
from bot.store.sql.seam import Db, Repository, Tx, scope


class _Unset(Enum):
    UNSET = "UNSET"


UNSET: Final = _Unset.UNSET
"""Default of `save_profile` fields: "leave as it is". `timezone=None` means "club default"."""

Unset: TypeAlias = Literal[_Unset.UNSET]


@dataclass(frozen=True, slots=True)
class AdviceInputs:
    """What /canirun reads in one statement (`Members.advice_inputs`)."""

    profile: Profile
    leg_days: list[LegDay]
    checkins: list[CheckinAnswer]
    races: list[Race]

    def checkin_on(self, day: date) -> CheckinAnswer | None:
        return next((answer for answer in self.checkins if answer.local_date == day), None)


_SELECT_PROFILE = f"""
    SELECT {PROFILE_COLUMNS} FROM members
    WHERE guild_id = :guild_id AND user_id = :user_id
"""

# Each profile column `save_profile` may change, with its SQL type.
_PROFILE_TYPES = {
    "timezone": "text",
    "experience": "text",
    "focus": "text",
    "units": "text",
    "listed": "boolean",
    "max_hr": "integer",
    "heads_up": "text",
}
# One static statement for any subset of fields: each `set_x` flag says whether `x` changes.
# The row itself is created first by ensure_member_row, so column defaults live in one place:
# the schema. The casts tell PostgreSQL each parameter's type.
_SET_COLUMN = "{0} = CASE WHEN CAST(:set_{0} AS boolean) THEN CAST(:{0} AS {1}) ELSE {0} END"
_UPDATE_PROFILE = f"""
    UPDATE members SET {", ".join(_SET_COLUMN.format(*pair) for pair in _PROFILE_TYPES.items())}
    WHERE guild_id = :guild_id AND user_id = :user_id
    RETURNING {PROFILE_COLUMNS}
"""

# /canirun's one read, in three parts (`part`; the columns of another part are NULL): the
# profile row with each of the member's leg days from `since` on joined to it, newest first,
# their check-in answers of the dates from :first_day to :last_day by date, and their races
# from :first_day on, soonest first. No member row: no rows at all (every leg day, answer and
# race has one). Index seeks on members, checkin_answers and races, one range on leg_days
# (guild_id, user_id, at). race_id's NULLs are typed: PostgreSQL types a UNION's column by its
# first two parts. Sorted by `part` first: within a part, the other parts' keys are all NULL
# (equal, at whichever end each backend puts NULLs) and its own are never NULL, but for the one
# 'leg_day' row (the profile's) of a member without leg days.
_NO_PROFILE = ", ".join("NULL" for _ in PROFILE_COLUMNS.split(","))
_NO_LEG_DAY = ", ".join("NULL" for _ in LEG_DAY_COLUMNS.split(","))
_ADVICE_INPUTS = f"""
    SELECT 'leg_day' AS part, {prefixed(PROFILE_COLUMNS, "m")}, {prefixed(LEG_DAY_COLUMNS, "l")},
        NULL AS local_date, NULL AS soreness, NULL AS answered_at,
        CAST(NULL AS bigint) AS race_id, NULL AS race_on, NULL AS name, NULL AS distance
    FROM members AS m
    LEFT JOIN leg_days AS l
        ON l.guild_id = m.guild_id AND l.user_id = m.user_id AND l.at >= :since
    WHERE m.guild_id = :guild_id AND m.user_id = :user_id
    UNION ALL
    SELECT 'checkin', {_NO_PROFILE}, {_NO_LEG_DAY}, c.local_date, c.soreness, c.answered_at,
        CAST(NULL AS bigint), NULL, NULL, NULL
    FROM checkin_answers AS c
    WHERE c.guild_id = :guild_id AND c.user_id = :user_id
        AND c.local_date BETWEEN :first_day AND :last_day
    UNION ALL
    SELECT 'race', {_NO_PROFILE}, {_NO_LEG_DAY}, NULL, NULL, NULL,
        r.id, r.race_on, r.name, r.distance
    FROM races AS r
    WHERE r.guild_id = :guild_id AND r.user_id = :user_id AND r.race_on >= :first_day
    ORDER BY part, at DESC, id DESC, local_date, race_on, race_id
"""

_ENSURE = """
    INSERT INTO members (guild_id, user_id, created_at) VALUES (:guild_id, :user_id, :now)
    ON CONFLICT (guild_id, user_id) DO NOTHING
"""


async def ensure_member_row(db: Db | Tx, member: MemberRef, now: datetime) -> None:
    """Create the member's row with the schema defaults if it does not exist yet (entry
    writes do it in their own transaction: the foreign key needs it)."""
    await db.run(_ENSURE, **scope(member), now=now)


def profile_from_row(row: Any | None) -> Profile:
    if row is None:
        return Profile()
    # The IANA key as stored; NULL: the member chose none (the club's applies).
    return model_of(Profile, row, timezone=zone(row["timezone"]))


class Members(Repository):
    async def get_profile(self, member: MemberRef) -> Profile:
        """The stored profile, or the defaults for a member who never saved one. A member
        without a zone of their own gets `timezone=None` (see bot.actions.context)."""
        row = await self._db.one(_SELECT_PROFILE, **scope(member))
        return profile_from_row(row)

    async def advice_inputs(
        self, member: MemberRef, since: datetime, days: tuple[date, date]
    ) -> AdviceInputs:
        """/canirun's one read, in one statement: the profile (as `get_profile`), the leg days
        with `since <= at` (newest first, as `leg_days_between`), the check-in answers of the
        local dates `days[0]` to `days[1]`, and the races on or after `days[0]` (soonest first,
        as `races.upcoming`). The member's today depends on the zone the profile holds, so
        the caller passes the dates it can be."""
        first_day, last_day = days
        rows = await self._db.all(
            _ADVICE_INPUTS,
            **scope(member),
            since=rounded_up(since),
            first_day=first_day.isoformat(),
            last_day=last_day.isoformat(),
        )
        parts: dict[str, list[Any]] = {"leg_day": [], "checkin": [], "race": []}
        for row in rows:
            parts[row["part"]].append(row)
        if not parts["leg_day"]:
            return AdviceInputs(Profile(), [], [], [])
        return AdviceInputs(
            profile=profile_from_row(parts["leg_day"][0]),
            leg_days=[model_of(LegDay, row) for row in parts["leg_day"] if row["id"] is not None],
            checkins=[model_of(CheckinAnswer, row) for row in parts["checkin"]],
            races=[
                model_of(Race, row, id=row["race_id"], on=row["race_on"]) for row in parts["race"]
            ],
        )

    async def save_profile(
        self,
        member: MemberRef,
        *,
        now: datetime,
        timezone: ZoneInfo | Unset | None = UNSET,
        experience: Experience | Unset = UNSET,
        focus: Focus | Unset = UNSET,
        units: Units | Unset = UNSET,
        listed: bool | Unset = UNSET,
        max_hr: int | Unset | None = UNSET,
        heads_up: HeadsUp | Unset = UNSET,
    ) -> Profile:
        """Change only the given fields (creating the member if needed); returns the new
        profile. `timezone=None` clears the member's own zone, `max_hr=None` their maximum
        heart rate; `now` dates a new member."""
        given = {
            "timezone": timezone if timezone is UNSET else zone_key(timezone),
            "experience": experience,
            "focus": focus,
            "units": units,
            "listed": listed,
            "max_hr": max_hr,
            "heads_up": heads_up,
        }
        params: dict[str, object] = {}
        for name, value in given.items():
            params[f"set_{name}"] = value is not UNSET
            params[name] = (
                None if value is UNSET else value.value if isinstance(value, Enum) else value
            )
        async with self._db.transaction() as tx:
            await ensure_member_row(tx, member, now)
            row = await tx.one(_UPDATE_PROFILE, **scope(member), **params)
        return profile_from_row(row)

    async def ensure(self, member: MemberRef, now: datetime) -> None:
        """Create the member with the default profile if they do not exist yet."""
        await ensure_member_row(self._db, member, now)
