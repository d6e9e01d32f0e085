"""Member profiles: one row per (guild, user), created on first use."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.models import Experience, Focus, LegDay, MemberRef, Profile, Units
from bot.store.columns import LEG_DAY_COLUMNS, PROFILE_COLUMNS, prefixed
from bot.store.protocols import UNSET, Unset
from bot.store.sqlite.db import Database, Transaction
from bot.store.sqlite.timeconv import from_epoch, to_epoch, to_epoch_ceil
from bot.store.zones import stored_zone, zone_key

_SELECT_PROFILE = f"""
    SELECT {PROFILE_COLUMNS} FROM members
    WHERE guild_id = ? AND user_id = ?
"""

# One static statement for any subset of fields: each `:set_x` flag says whether `x` changes.
# The row itself is created first by ensure_member_row, so column defaults live in one place:
# the schema.
_UPDATE_PROFILE = """
    UPDATE members SET
        timezone   = CASE WHEN :set_timezone   THEN :timezone   ELSE timezone   END,
        experience = CASE WHEN :set_experience THEN :experience ELSE experience END,
        focus      = CASE WHEN :set_focus      THEN :focus      ELSE focus      END,
        units      = CASE WHEN :set_units      THEN :units      ELSE units      END,
        listed     = CASE WHEN :set_listed     THEN :listed     ELSE listed     END,
        max_hr     = CASE WHEN :set_max_hr     THEN :max_hr     ELSE max_hr     END
    WHERE guild_id = :guild_id AND user_id = :user_id
"""

# The profile row, with each of the member's leg days from `since` on joined to it (no member
# row: no rows at all, since every leg day has one). One index seek on members, one range on
# leg_days (guild_id, user_id, at).
_PROFILE_AND_LEG_DAYS = f"""
    SELECT {prefixed(PROFILE_COLUMNS, "m")}, {prefixed(LEG_DAY_COLUMNS, "l")}
    FROM members AS m
    LEFT JOIN leg_days AS l
        ON l.guild_id = m.guild_id AND l.user_id = m.user_id AND l.at >= ?
    WHERE m.guild_id = ? AND m.user_id = ?
    ORDER BY l.at DESC, l.id DESC
"""


async def ensure_member_row(tx: Transaction, member: MemberRef, now: datetime) -> None:
    """Create the member's row with the schema defaults if it does not exist yet.

    A function over a transaction so that entry writes can create the row in their own
    transaction (the foreign key needs it).
    """
    await tx.execute(
        "INSERT INTO members (guild_id, user_id, created_at) VALUES (?, ?, ?)"
        " ON CONFLICT (guild_id, user_id) DO NOTHING",
        (member.guild_id, member.user_id, to_epoch(now)),
    )


def profile_from_row(row: sqlite3.Row | None) -> Profile:
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
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get_profile(self, member: MemberRef) -> Profile:
        """The stored profile, or the defaults for a member who never saved one."""
        row = await self._db.fetchone(_SELECT_PROFILE, (member.guild_id, member.user_id))
        return profile_from_row(row)

    async def profile_and_leg_days(
        self, member: MemberRef, since: datetime
    ) -> tuple[Profile, list[LegDay]]:
        """The profile and the leg days with `since <= at`, newest first, in one statement."""
        rows = await self._db.fetchall(
            _PROFILE_AND_LEG_DAYS, (to_epoch_ceil(since), member.guild_id, member.user_id)
        )
        if not rows:
            return Profile(), []
        return profile_from_row(rows[0]), [
            LegDay(
                id=row["id"],
                at=from_epoch(row["at"]),
                exercises=row["exercises"],
                heaviest=row["heaviest"],
                sets=row["sets"],
                reps=row["reps"],
                hard_given=None if row["hard_given"] is None else bool(row["hard_given"]),
                is_hard=bool(row["is_hard"]),
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
        params: dict[str, int | str | None] = {
            "guild_id": member.guild_id,
            "user_id": member.user_id,
            "set_timezone": timezone is not UNSET,
            "timezone": None if timezone is UNSET else zone_key(timezone),
            "set_experience": experience is not UNSET,
            "experience": None if experience is UNSET else experience.value,
            "set_focus": focus is not UNSET,
            "focus": None if focus is UNSET else focus.value,
            "set_units": units is not UNSET,
            "units": None if units is UNSET else units.value,
            "set_listed": listed is not UNSET,
            "listed": None if listed is UNSET else int(listed),
            "set_max_hr": max_hr is not UNSET,
            "max_hr": None if max_hr is UNSET else max_hr,
        }
        async with self._db.transaction() as tx:
            await ensure_member_row(tx, member, now)
            await tx.execute(_UPDATE_PROFILE, params)
            row = await tx.fetchone(_SELECT_PROFILE, (member.guild_id, member.user_id))
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
