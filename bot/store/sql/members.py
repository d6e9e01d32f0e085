"""Member profiles: one row per (guild, user), created on first use."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.models import Experience, Focus, LegDay, MemberRef, Profile, Units
from bot.core.races import Race, RaceDistance
from bot.core.reminders import CheckinAnswer
from bot.store.columns import LEG_DAY_COLUMNS, PROFILE_COLUMNS, prefixed
from bot.store.protocols import UNSET, AdviceInputs, Unset
from bot.store.sql.codec import maybe_bool, moment, rounded_up, zone, zone_key
from bot.store.sql.seam import Db, Tx, scope
from bot.store.sql.timers import checkin_answer_from_row

_SELECT_PROFILE = f"""
    SELECT {PROFILE_COLUMNS} FROM members
    WHERE guild_id = :guild_id AND user_id = :user_id
"""

# One static statement for any subset of fields: each `set_x` flag says whether `x` changes.
# The row itself is created first by ensure_member_row, so column defaults live in one place:
# the schema. The casts tell PostgreSQL each parameter's type.
_UPDATE_PROFILE = f"""
    UPDATE members SET
        timezone   = CASE WHEN CAST(:set_timezone AS boolean)   THEN CAST(:timezone AS text)
                     ELSE timezone END,
        experience = CASE WHEN CAST(:set_experience AS boolean) THEN CAST(:experience AS text)
                     ELSE experience END,
        focus      = CASE WHEN CAST(:set_focus AS boolean)      THEN CAST(:focus AS text)
                     ELSE focus END,
        units      = CASE WHEN CAST(:set_units AS boolean)      THEN CAST(:units AS text)
                     ELSE units END,
        listed     = CASE WHEN CAST(:set_listed AS boolean)     THEN CAST(:listed AS boolean)
                     ELSE listed END,
        max_hr     = CASE WHEN CAST(:set_max_hr AS boolean)     THEN CAST(:max_hr AS integer)
                     ELSE max_hr END
    WHERE guild_id = :guild_id AND user_id = :user_id
    RETURNING {PROFILE_COLUMNS}
"""

# /canirun's one read, in three parts (`part`; the columns of another part are NULL): the
# profile row with each of the member's leg days from `since` on joined to it, their check-in
# answers of the dates from :first_day to :last_day, and their races from :first_day on. No
# member row: no rows at all (every leg day, answer and race has one). Index seeks on members,
# checkin_answers and races, one range on leg_days (guild_id, user_id, at). race_id's NULLs are
# typed: PostgreSQL types a UNION's column by its first two parts.
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
"""

_ENSURE = """
    INSERT INTO members (guild_id, user_id, created_at) VALUES (:guild_id, :user_id, :now)
    ON CONFLICT (guild_id, user_id) DO NOTHING
"""


async def ensure_member_row(tx: Tx, member: MemberRef, now: datetime) -> None:
    """Create the member's row with the schema defaults if it does not exist yet (entry
    writes do it in their own transaction: the foreign key needs it)."""
    await tx.run(_ENSURE, **scope(member), now=now)


def profile_from_row(row: Any | None) -> Profile:
    if row is None:
        return Profile()
    return Profile(
        # The IANA key as stored; NULL: the member chose none (the club's applies).
        timezone=zone(row["timezone"]),
        experience=Experience(row["experience"]),
        focus=Focus(row["focus"]),
        units=Units(row["units"]),
        listed=bool(row["listed"]),
        max_hr=row["max_hr"],
    )


def race_from_row(row: Any, id_column: str = "id") -> Race:
    return Race(
        id=row[id_column],
        on=date.fromisoformat(row["race_on"]),
        name=row["name"],
        distance=None if row["distance"] is None else RaceDistance(row["distance"]),
    )


def leg_day_from_row(row: Any) -> LegDay:
    return LegDay(
        id=row["id"],
        at=moment(row["at"]),
        exercises=row["exercises"],
        heaviest=row["heaviest"],
        sets=row["sets"],
        reps=row["reps"],
        hard_given=maybe_bool(row["hard_given"]),
        is_hard=bool(row["is_hard"]),
        notes=row["notes"],
        minutes=row["minutes"],
        rpe=row["rpe"],
    )


def _by_date(answer: CheckinAnswer) -> date:
    return answer.local_date


class Members:
    def __init__(self, db: Db) -> None:
        self._db = db

    async def get_profile(self, member: MemberRef) -> Profile:
        row = await self._db.one(_SELECT_PROFILE, **scope(member))
        return profile_from_row(row)

    async def advice_inputs(
        self, member: MemberRef, since: datetime, days: tuple[date, date]
    ) -> AdviceInputs:
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
        leg_days = [leg_day_from_row(row) for row in parts["leg_day"] if row["id"] is not None]
        return AdviceInputs(
            profile=profile_from_row(parts["leg_day"][0]),
            leg_days=sorted(leg_days, key=lambda d: (d.at, d.id or 0), reverse=True),
            checkins=sorted(map(checkin_answer_from_row, parts["checkin"]), key=_by_date),
            races=sorted(
                (race_from_row(row, "race_id") for row in parts["race"]),
                key=lambda r: (r.on, r.id or 0),
            ),
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
    ) -> Profile:
        async with self._db.transaction() as tx:
            await ensure_member_row(tx, member, now)
            row = await tx.one(
                _UPDATE_PROFILE,
                **scope(member),
                set_timezone=timezone is not UNSET,
                timezone=None if timezone is UNSET else zone_key(timezone),
                set_experience=experience is not UNSET,
                experience=None if experience is UNSET else experience.value,
                set_focus=focus is not UNSET,
                focus=None if focus is UNSET else focus.value,
                set_units=units is not UNSET,
                units=None if units is UNSET else units.value,
                set_listed=listed is not UNSET,
                listed=None if listed is UNSET else listed,
                set_max_hr=max_hr is not UNSET,
                max_hr=None if max_hr is UNSET else max_hr,
            )
        return profile_from_row(row)

    async def ensure(self, member: MemberRef, now: datetime, *, tx: Tx | None = None) -> None:
        if tx is not None:
            await ensure_member_row(tx, member, now)
            return
        async with self._db.transaction() as own:
            await ensure_member_row(own, member, now)
