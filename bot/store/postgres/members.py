"""Member profiles: one row per (guild, user), created on first use."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.models import Experience, Focus, LegDay, MemberRef, Profile, Units
from bot.store.columns import LEG_DAY_COLUMNS, PROFILE_COLUMNS, prefixed
from bot.store.postgres.db import PostgresDatabase, Row, Transaction, moment
from bot.store.protocols import UNSET, Unset
from bot.store.zones import stored_zone, zone_key

__all__ = ["UNSET", "Members", "Unset", "ensure_member_row", "profile_from_row"]

_SELECT_PROFILE = f"""
    SELECT {PROFILE_COLUMNS} FROM members
    WHERE guild_id = $1 AND user_id = $2
"""

# One static statement for any subset of fields: each `$n` flag says whether the field changes.
# The row itself is created first by ensure_member_row, so column defaults live in one place:
# the schema.
_UPDATE_PROFILE = """
    UPDATE members SET
        timezone   = CASE WHEN $3::boolean  THEN $4::text    ELSE timezone   END,
        experience = CASE WHEN $5::boolean  THEN $6::text    ELSE experience END,
        focus      = CASE WHEN $7::boolean  THEN $8::text    ELSE focus      END,
        units      = CASE WHEN $9::boolean  THEN $10::text   ELSE units      END,
        listed     = CASE WHEN $11::boolean THEN $12::boolean ELSE listed    END,
        max_hr     = CASE WHEN $13::boolean THEN $14::integer ELSE max_hr    END
    WHERE guild_id = $1 AND user_id = $2
    RETURNING timezone, experience, focus, units, listed, max_hr
"""

# The profile row, with each of the member's leg days from `since` on joined to it (no member
# row: no rows at all, since every leg day has one).
_PROFILE_AND_LEG_DAYS = f"""
    SELECT {prefixed(PROFILE_COLUMNS, "m")}, {prefixed(LEG_DAY_COLUMNS, "l")}
    FROM members AS m
    LEFT JOIN leg_days AS l
        ON l.guild_id = m.guild_id AND l.user_id = m.user_id AND l.at >= $3
    WHERE m.guild_id = $1 AND m.user_id = $2
    ORDER BY l.at DESC, l.id DESC
"""


async def ensure_member_row(tx: Transaction, member: MemberRef, now: datetime) -> None:
    """Create the member's row with the schema defaults if it does not exist yet."""
    await tx.execute(
        "INSERT INTO members (guild_id, user_id, created_at) VALUES ($1, $2, $3)"
        " ON CONFLICT (guild_id, user_id) DO NOTHING",
        member.guild_id,
        member.user_id,
        moment(now),
    )


def profile_from_row(row: Row | None) -> Profile:
    if row is None:
        return Profile()
    return Profile(
        # The IANA key as stored; NULL: the member chose none (the club's applies).
        timezone=stored_zone(row["timezone"]),
        experience=Experience(row["experience"]),
        focus=Focus(row["focus"]),
        units=Units(row["units"]),
        listed=bool(row["listed"]),
        max_hr=row["max_hr"],
    )


class Members:
    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db

    async def get_profile(self, member: MemberRef) -> Profile:
        """The stored profile, or the defaults for a member who never saved one."""
        row = await self._db.fetchone(_SELECT_PROFILE, member.guild_id, member.user_id)
        return profile_from_row(row)

    async def profile_and_leg_days(
        self, member: MemberRef, since: datetime
    ) -> tuple[Profile, list[LegDay]]:
        """The profile and the leg days with `since <= at`, newest first, in one statement."""
        rows = await self._db.fetchall(
            _PROFILE_AND_LEG_DAYS, member.guild_id, member.user_id, since
        )
        if not rows:
            return Profile(), []
        return profile_from_row(rows[0]), [
            LegDay(
                id=row["id"],
                at=row["at"],
                exercises=row["exercises"],
                heaviest=row["heaviest"],
                sets=row["sets"],
                reps=row["reps"],
                hard_given=row["hard_given"],
                is_hard=row["is_hard"],
                notes=row["notes"],
            )
            for row in rows
            if row["id"] is not None
        ]

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
        """Change only the given fields (creating the row if needed); returns the new profile.

        `timezone=None` clears the member's own zone so the club default applies again.
        `now` is recorded as created_at when the row is new.
        """
        async with self._db.transaction() as tx:
            await ensure_member_row(tx, member, now)
            row = await tx.fetchone(
                _UPDATE_PROFILE,
                member.guild_id,
                member.user_id,
                timezone is not UNSET,
                None if timezone is UNSET else zone_key(timezone),
                experience is not UNSET,
                None if experience is UNSET else experience.value,
                focus is not UNSET,
                None if focus is UNSET else focus.value,
                units is not UNSET,
                None if units is UNSET else units.value,
                listed is not UNSET,
                None if listed is UNSET else listed,
                max_hr is not UNSET,
                None if max_hr is UNSET else max_hr,
            )
        return profile_from_row(row)

    async def ensure(
        self, member: MemberRef, now: datetime, *, tx: Transaction | None = None
    ) -> None:
        """Create the member's row if missing, inside `tx` when given, else on its own."""
        if tx is not None:
            await ensure_member_row(tx, member, now)
            return
        async with self._db.transaction() as own:
            await ensure_member_row(own, member, now)
