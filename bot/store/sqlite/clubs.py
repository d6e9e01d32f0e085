"""A club's daily-post settings (`clubs`), and the club-wide leg-day query the post needs."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import datetime, time
from itertools import groupby
from zoneinfo import ZoneInfo

from bot.core.clubpost import MemberLegDays
from bot.core.schedule import ClubReminder, PostRecord
from bot.store.columns import LEG_DAY_COLUMNS, POST_COLUMNS, PROFILE_COLUMNS, prefixed
from bot.store.sqlite.db import Database
from bot.store.sqlite.entries import leg_day_from_row
from bot.store.sqlite.members import profile_from_row
from bot.store.sqlite.posts import post_record
from bot.store.sqlite.timeconv import from_epoch, to_epoch, to_epoch_ceil
from bot.store.zones import readable_clubs, stored_zone, zone_key

log = logging.getLogger(__name__)

_COLUMNS = "guild_id, channel_id, post_minute, timezone, enabled, paused, failed_days, effective_at"

# Setting the post again is how an admin un-pauses it, so it clears the failure count too.
_SET = """
    INSERT INTO clubs (guild_id, channel_id, post_minute, timezone, enabled, paused,
                       failed_days, effective_at, updated_at)
    VALUES (:guild_id, :channel_id, :post_minute, :timezone, 1, 0, 0, :now, :now)
    ON CONFLICT (guild_id) DO UPDATE SET
        channel_id = excluded.channel_id,
        post_minute = excluded.post_minute,
        timezone = excluded.timezone,
        enabled = 1,
        paused = 0,
        failed_days = 0,
        effective_at = excluded.effective_at,
        updated_at = excluded.updated_at
"""

# Every leg day of the club in a range, with the owner's profile, grouped by member. Served by
# the leg_days (guild_id, at) index; the join is one primary-key lookup per row.
_CLUB_LEG_DAYS = f"""
    SELECT l.user_id, {prefixed(LEG_DAY_COLUMNS, "l")}, {prefixed(PROFILE_COLUMNS, "m")}
    FROM leg_days AS l
    JOIN members AS m ON m.guild_id = l.guild_id AND m.user_id = l.user_id
    WHERE l.guild_id = ? AND l.at BETWEEN ? AND ?
    ORDER BY l.user_id, l.at DESC, l.id DESC
"""


# The same for many clubs at once, each with its own range: a JSON array of
# [guild_id, start, end]; grouped by guild, then member.
_CLUBS_LEG_DAYS = f"""
    SELECT l.guild_id, l.user_id, {prefixed(LEG_DAY_COLUMNS, "l")}, {prefixed(PROFILE_COLUMNS, "m")}
    FROM json_each(?) AS w
    JOIN leg_days AS l
        ON l.guild_id = w.value ->> 0 AND l.at BETWEEN w.value ->> 1 AND w.value ->> 2
    JOIN members AS m ON m.guild_id = l.guild_id AND m.user_id = l.user_id
    ORDER BY l.guild_id, l.user_id, l.at DESC, l.id DESC
"""

# The latest record of each club comes from the posts primary key, one seek per club.
_ACTIVE_WITH_LATEST = f"""
    SELECT c.guild_id, c.channel_id, c.post_minute, c.timezone, c.enabled, c.paused,
           c.failed_days, c.effective_at, {", ".join(f"p.{name}" for name in POST_COLUMNS[1:])}
    FROM clubs AS c
    LEFT JOIN posts AS p ON p.guild_id = c.guild_id AND p.local_date = (
        SELECT max(local_date) FROM posts WHERE posts.guild_id = c.guild_id
    )
    WHERE c.enabled = 1 AND c.paused = 0
    ORDER BY c.guild_id
"""


def minute_of_day(t: time) -> int:
    return t.hour * 60 + t.minute


def time_of_minute(minute: int) -> time:
    return time(minute // 60, minute % 60)


def _reminder(row: sqlite3.Row) -> ClubReminder:
    return ClubReminder(
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        post_time=time_of_minute(row["post_minute"]),
        timezone=stored_zone(row["timezone"]),
        enabled=bool(row["enabled"]),
        paused=bool(row["paused"]),
        failed_days=row["failed_days"],
        effective_at=from_epoch(row["effective_at"]),
    )


def _members(rows: list[sqlite3.Row]) -> Iterator[MemberLegDays]:
    for user_id, group in groupby(rows, key=lambda row: int(row["user_id"])):
        member_rows = list(group)
        yield MemberLegDays(
            user_id=user_id,
            profile=profile_from_row(member_rows[0]),
            leg_days=tuple(leg_day_from_row(row) for row in member_rows),
        )


class Clubs:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, guild_id: int) -> ClubReminder | None:
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} FROM clubs WHERE guild_id = ?",
            (guild_id,),
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
        params = {
            "guild_id": guild_id,
            "channel_id": channel_id,
            "post_minute": minute_of_day(post_time),
            "timezone": zone_key(timezone),
            "now": to_epoch(now),
        }
        async with self._db.transaction() as tx:
            await tx.execute(_SET, params)
            row = await tx.fetchone(
                f"SELECT {_COLUMNS} FROM clubs WHERE guild_id = ?",
                (guild_id,),
            )
        assert row is not None
        return _reminder(row)

    async def turn_off(self, guild_id: int, *, now: datetime) -> bool:
        """Stop the daily post, keeping its settings for /club status; False if it was off."""
        changed = await self._db.execute(
            "UPDATE clubs SET enabled = 0, updated_at = ? WHERE guild_id = ? AND enabled = 1",
            (to_epoch(now), guild_id),
        )
        return changed > 0

    async def active(self) -> list[ClubReminder]:
        """Every reminder that is on and not paused: what the loop posts for."""
        return [reminder for reminder, _ in await self.active_with_latest_post()]

    async def active_with_latest_post(self) -> list[tuple[ClubReminder, PostRecord | None]]:
        """Every active reminder with its club's latest post record: one query per loop tick,
        however many clubs there are."""
        rows = await self._db.fetchall(_ACTIVE_WITH_LATEST)
        return readable_clubs(
            rows,
            lambda row: (_reminder(row), None if row["local_date"] is None else post_record(row)),
            lambda row: (row["guild_id"], row["timezone"]),
        )

    async def member_leg_days(
        self, guild_id: int, start: datetime, end: datetime
    ) -> list[MemberLegDays]:
        """Every member of the club with leg days in `start <= at <= end`, with their profile;
        each member's leg days newest first."""
        rows = await self._db.fetchall(
            _CLUB_LEG_DAYS, (guild_id, to_epoch_ceil(start), to_epoch(end))
        )
        return list(_members(rows))

    async def member_leg_days_of(
        self, windows: Mapping[int, tuple[datetime, datetime]]
    ) -> dict[int, list[MemberLegDays]]:
        """member_leg_days of every guild of `windows`, each in its own range, in one
        statement."""
        found: dict[int, list[MemberLegDays]] = {guild_id: [] for guild_id in windows}
        if not found:
            return found
        wanted = json.dumps(
            [[g, to_epoch_ceil(start), to_epoch(end)] for g, (start, end) in windows.items()]
        )
        rows = await self._db.fetchall(_CLUBS_LEG_DAYS, (wanted,))

        def models() -> dict[int, list[MemberLegDays]]:
            for guild_id, group in groupby(rows, key=lambda row: int(row["guild_id"])):
                found[guild_id] = list(_members(list(group)))
            return found

        # Thousands of rows to models: in a thread, so the event loop stays responsive.
        return await asyncio.to_thread(models)
