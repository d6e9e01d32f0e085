"""A club's daily-post settings (`clubs`), and the club-wide leg-day query the post needs."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Mapping
from datetime import datetime, time
from itertools import groupby
from zoneinfo import ZoneInfo

from bot.core.clubpost import MemberLegDays
from bot.core.schedule import ClubReminder, PostRecord
from bot.store.columns import LEG_DAY_COLUMNS, POST_COLUMNS, PROFILE_COLUMNS, prefixed
from bot.store.postgres.db import PostgresDatabase, Row, moment
from bot.store.postgres.entries import leg_day_from_row
from bot.store.postgres.members import profile_from_row
from bot.store.postgres.posts import post_record
from bot.store.zones import readable_clubs, stored_zone, zone_key

_COLUMNS = "guild_id, channel_id, post_minute, timezone, enabled, paused, failed_days, effective_at"

# Setting the post again is how an admin un-pauses it, so it clears the failure count too.
_SET = f"""
    INSERT INTO clubs (guild_id, channel_id, post_minute, timezone, enabled, paused,
                       failed_days, effective_at, updated_at)
    VALUES ($1, $2, $3, $4, true, false, 0, $5, $5)
    ON CONFLICT (guild_id) DO UPDATE SET
        channel_id = excluded.channel_id,
        post_minute = excluded.post_minute,
        timezone = excluded.timezone,
        enabled = true,
        paused = false,
        failed_days = 0,
        effective_at = excluded.effective_at,
        updated_at = excluded.updated_at
    RETURNING {_COLUMNS}
"""

# Every leg day of the club in a range, with the owner's profile, grouped by member. Served by
# the leg_days (guild_id, at) index; the join is one primary-key lookup per row.
CLUB_LEG_DAYS = f"""
    SELECT l.user_id, {prefixed(LEG_DAY_COLUMNS, "l")}, {prefixed(PROFILE_COLUMNS, "m")}
    FROM leg_days AS l
    JOIN members AS m ON m.guild_id = l.guild_id AND m.user_id = l.user_id
    WHERE l.guild_id = $1 AND l.at BETWEEN $2 AND $3
    ORDER BY l.user_id, l.at DESC, l.id DESC
"""

# The same for many clubs at once, each with its own range; grouped by guild, then member.
CLUBS_LEG_DAYS = f"""
    SELECT l.guild_id, l.user_id, {prefixed(LEG_DAY_COLUMNS, "l")}, {prefixed(PROFILE_COLUMNS, "m")}
    FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[]) AS w (guild_id, lo, hi)
    JOIN leg_days AS l ON l.guild_id = w.guild_id AND l.at BETWEEN w.lo AND w.hi
    JOIN members AS m ON m.guild_id = l.guild_id AND m.user_id = l.user_id
    ORDER BY l.guild_id, l.user_id, l.at DESC, l.id DESC
"""

# The clubs due (partial index clubs_due), each with its latest record: one primary-key seek
# per club, backwards.
ACTIVE_WITH_LATEST = f"""
    SELECT c.guild_id, c.channel_id, c.post_minute, c.timezone, c.enabled, c.paused,
           c.failed_days, c.effective_at,
           {", ".join(f"p.{name} AS post_{name}" for name in POST_COLUMNS)}
    FROM clubs AS c
    LEFT JOIN LATERAL (
        SELECT * FROM posts WHERE posts.guild_id = c.guild_id
        ORDER BY local_date DESC LIMIT 1
    ) AS p ON true
    WHERE c.enabled AND NOT c.paused
    ORDER BY c.guild_id
"""


def minute_of_day(t: time) -> int:
    return t.hour * 60 + t.minute


def time_of_minute(minute: int) -> time:
    return time(minute // 60, minute % 60)


def _reminder(row: Row) -> ClubReminder:
    return ClubReminder(
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        post_time=time_of_minute(row["post_minute"]),
        timezone=stored_zone(row["timezone"]),
        enabled=row["enabled"],
        paused=row["paused"],
        failed_days=row["failed_days"],
        effective_at=row["effective_at"],
    )


def _members(rows: list[Row]) -> Iterator[MemberLegDays]:
    for user_id, group in groupby(rows, key=lambda row: int(row["user_id"])):
        member_rows = list(group)
        yield MemberLegDays(
            user_id=user_id,
            profile=profile_from_row(member_rows[0]),
            leg_days=tuple(leg_day_from_row(row) for row in member_rows),
        )


def _latest_post(row: Row) -> PostRecord:
    # The post's columns are prefixed: some share their names with the club's.
    return post_record({name: row[f"post_{name}"] for name in POST_COLUMNS})


class Clubs:
    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db

    async def get(self, guild_id: int) -> ClubReminder | None:
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} FROM clubs WHERE guild_id = $1",
            guild_id,
        )
        return None if row is None else _reminder(row)

    async def set_reminder(
        self,
        guild_id: int,
        *,
        channel_id: int,
        post_time: time,
        timezone: ZoneInfo | None,
        now: datetime,
    ) -> ClubReminder:
        """Turn the daily post on (or change it); slots from `now` on are owed.

        `post_time` is kept to the minute; `timezone=None` follows the club's configured zone.
        """
        row = await self._db.fetchone(
            _SET, guild_id, channel_id, minute_of_day(post_time), zone_key(timezone), moment(now)
        )
        assert row is not None
        return _reminder(row)

    async def turn_off(self, guild_id: int, *, now: datetime) -> bool:
        """Stop the daily post, keeping its settings for /club status; False if it was off."""
        changed = await self._db.execute(
            "UPDATE clubs SET enabled = false, updated_at = $1 WHERE guild_id = $2 AND enabled",
            moment(now),
            guild_id,
        )
        return changed > 0

    async def active(self) -> list[ClubReminder]:
        """Every reminder that is on and not paused: what the loop posts for."""
        return [reminder for reminder, _ in await self.active_with_latest_post()]

    async def active_with_latest_post(self) -> list[tuple[ClubReminder, PostRecord | None]]:
        """Every active reminder with its club's latest post record: one query per loop tick,
        however many clubs there are."""
        rows = await self._db.fetchall(ACTIVE_WITH_LATEST)
        return readable_clubs(
            rows,
            lambda row: (
                _reminder(row),
                None if row["post_local_date"] is None else _latest_post(row),
            ),
            lambda row: (row["guild_id"], row["timezone"]),
        )

    async def member_leg_days(
        self, guild_id: int, start: datetime, end: datetime
    ) -> list[MemberLegDays]:
        """Every member of the club with leg days in `start <= at <= end`, with their profile;
        each member's leg days newest first."""
        _aware(start, end)
        rows = await self._db.fetchall(CLUB_LEG_DAYS, guild_id, start, end)
        return list(_members(rows))

    async def member_leg_days_of(
        self, windows: Mapping[int, tuple[datetime, datetime]]
    ) -> dict[int, list[MemberLegDays]]:
        """member_leg_days of every guild of `windows`, each in its own range, in one
        statement."""
        found: dict[int, list[MemberLegDays]] = {guild_id: [] for guild_id in windows}
        if not found:
            return found
        _aware(*(bound for window in windows.values() for bound in window))
        rows = await self._db.fetchall(
            CLUBS_LEG_DAYS,
            list(windows),
            [start for start, _ in windows.values()],
            [end for _, end in windows.values()],
        )

        def models() -> dict[int, list[MemberLegDays]]:
            for guild_id, group in groupby(rows, key=lambda row: int(row["guild_id"])):
                found[guild_id] = list(_members(list(group)))
            return found

        # Thousands of rows to models: in a thread, so the event loop stays responsive.
        return await asyncio.to_thread(models)


def _aware(*bounds: datetime) -> None:
    for bound in bounds:
        if bound.tzinfo is None or bound.utcoffset() is None:
            raise ValueError(f"datetime must be timezone-aware, got {bound!r}")
