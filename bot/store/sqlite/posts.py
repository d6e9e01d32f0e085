"""The record of every daily post (`posts`): one row per club and local date.

The row is claimed ("sending") in its own committed transaction *before* the message is sent,
then updated with the outcome. A process that dies in between leaves the claim behind; the
loop later resolves it as "unknown" and never sends that date again (see bot.core.schedule).
Outcomes that change the club's failure count update `clubs` in the same transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import date, datetime

from bot.core.models import TipId
from bot.core.schedule import PAUSE_AFTER_FAILED_DAYS, PostRecord, PostStatus, Slot
from bot.store.columns import POST_COLUMNS
from bot.store.sqlite.db import Database, SqlValue
from bot.store.sqlite.timeconv import from_epoch, to_epoch
from bot.store.values import stored_tip

_COLUMNS = ", ".join(POST_COLUMNS)

# A new date is claimed by inserting; a date waiting to retry only once its backoff is over.
# Any other existing row (sent, failed, even another process's fresh claim) wins: no change.
_CLAIM = """
    INSERT INTO posts (guild_id, local_date, slot_at, status, channel_id, attempts, tip_id,
                       updated_at)
    VALUES (:guild_id, :local_date, :slot_at, 'sending', :channel_id, 1, :tip_id, :now)
    ON CONFLICT (guild_id, local_date) DO UPDATE SET
        status = 'sending',
        attempts = posts.attempts + 1,
        channel_id = excluded.channel_id,
        tip_id = excluded.tip_id,
        retry_at = NULL,
        updated_at = excluded.updated_at
    WHERE posts.status = 'retry' AND posts.retry_at <= excluded.updated_at
    RETURNING attempts
"""


# previous_tip for a JSON array of [guild_id, before]: one posts-key seek per club.
_PREVIOUS_TIPS = """
    SELECT w.value ->> 0 AS guild_id, (
        SELECT tip_id FROM posts
        WHERE guild_id = w.value ->> 0 AND local_date < w.value ->> 1
          AND status IN ('sent', 'unknown') AND tip_id IS NOT NULL
        ORDER BY local_date DESC LIMIT 1
    ) AS tip_id
    FROM json_each(?) AS w
"""


_COUNT_FAILED_DAY = """
    UPDATE clubs SET
        failed_days = failed_days + 1,
        paused = CASE WHEN failed_days + 1 >= :limit THEN 1 ELSE paused END
    WHERE guild_id = :guild_id
    RETURNING failed_days, paused
"""


def post_record(row: sqlite3.Row) -> PostRecord:
    return PostRecord(
        guild_id=row["guild_id"],
        local_date=date.fromisoformat(row["local_date"]),
        slot_at=from_epoch(row["slot_at"]),
        status=PostStatus(row["status"]),
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        attempts=row["attempts"],
        retry_at=None if row["retry_at"] is None else from_epoch(row["retry_at"]),
        error=row["error"],
        tip_id=stored_tip(row["tip_id"]),
        updated_at=from_epoch(row["updated_at"]),
    )


class Posts:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def _one(self, condition: str, params: tuple[int | str, ...]) -> PostRecord | None:
        """The club's record matching `condition` with the latest local date."""
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} FROM posts WHERE guild_id = ? AND {condition}"
            " ORDER BY local_date DESC LIMIT 1",
            params,
        )
        return None if row is None else post_record(row)

    async def get(self, guild_id: int, day: date) -> PostRecord | None:
        return await self._one("local_date = ?", (guild_id, day.isoformat()))

    async def latest(self, guild_id: int) -> PostRecord | None:
        """The club's record with the latest local date."""
        return await self._one("1", (guild_id,))

    async def latest_failure(self, guild_id: int) -> PostRecord | None:
        return await self._one("status = 'failed'", (guild_id,))

    async def previous_tip(self, guild_id: int, before: date) -> TipId | None:
        """The tip of the last post before `before` that (probably) went out."""
        row = await self._db.fetchone(
            "SELECT tip_id FROM posts WHERE guild_id = ? AND local_date < ?"
            " AND status IN ('sent', 'unknown') AND tip_id IS NOT NULL"
            " ORDER BY local_date DESC LIMIT 1",
            (guild_id, before.isoformat()),
        )
        return None if row is None else stored_tip(row["tip_id"])

    async def previous_tips(self, before: Mapping[int, date]) -> dict[int, TipId | None]:
        """previous_tip of every guild of `before`, in one statement."""
        wanted = json.dumps([[guild_id, day.isoformat()] for guild_id, day in before.items()])
        rows = await self._db.fetchall(_PREVIOUS_TIPS, (wanted,))
        found = {int(row["guild_id"]): stored_tip(row["tip_id"]) for row in rows}
        return {guild_id: found.get(guild_id) for guild_id in before}

    async def claim(
        self, guild_id: int, slot: Slot, *, channel_id: int, tip_id: TipId, now: datetime
    ) -> int | None:
        """Mark `slot`'s date as being sent, committed before the send; returns the attempt's
        number, or None when the date is taken (sent, failed, skipped, claimed, or its retry
        is not due yet)."""
        params: dict[str, SqlValue] = {
            "guild_id": guild_id,
            "local_date": slot.local_date.isoformat(),
            "slot_at": to_epoch(slot.at),
            "channel_id": channel_id,
            "tip_id": tip_id.value,
            "now": to_epoch(now),
        }
        async with self._db.transaction() as tx:
            row = await tx.fetchone(_CLAIM, params)
        return None if row is None else int(row["attempts"])

    async def mark_sent(self, guild_id: int, day: date, *, message_id: int, now: datetime) -> None:
        """The post went out: record its message and clear the club's failure count."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE posts SET status = 'sent', message_id = ?, retry_at = NULL,"
                " updated_at = ? WHERE guild_id = ? AND local_date = ?"
                " AND status IN ('sending', 'unknown')",
                (message_id, to_epoch(now), guild_id, day.isoformat()),
            )
            await tx.execute("UPDATE clubs SET failed_days = 0 WHERE guild_id = ?", (guild_id,))

    async def mark_retry(
        self, guild_id: int, day: date, *, error: str, retry_at: datetime, now: datetime
    ) -> None:
        await self._db.execute(
            "UPDATE posts SET status = 'retry', error = ?, retry_at = ?, updated_at = ?"
            " WHERE guild_id = ? AND local_date = ? AND status = 'sending'",
            (error, to_epoch(retry_at), to_epoch(now), guild_id, day.isoformat()),
        )

    async def mark_failed(
        self, guild_id: int, day: date, *, error: str, now: datetime
    ) -> tuple[int, bool]:
        """The channel refused the post for good (403/404): the date is done, and it counts
        as a failed day; returns the club's failed days in a row and whether it paused."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE posts SET status = 'failed', error = ?, retry_at = NULL, updated_at = ?"
                " WHERE guild_id = ? AND local_date = ? AND status = 'sending'",
                (error, to_epoch(now), guild_id, day.isoformat()),
            )
            row = await tx.fetchone(
                _COUNT_FAILED_DAY, {"guild_id": guild_id, "limit": PAUSE_AFTER_FAILED_DAYS}
            )
        if row is None:
            return 0, False
        return int(row["failed_days"]), bool(row["paused"])

    async def give_up(self, guild_id: int, day: date, *, now: datetime) -> None:
        """Stop retrying a transient failure; its last error stays on the record."""
        await self._db.execute(
            "UPDATE posts SET status = 'failed', retry_at = NULL, updated_at = ?"
            " WHERE guild_id = ? AND local_date = ? AND status = 'retry'",
            (to_epoch(now), guild_id, day.isoformat()),
        )

    async def resolve_unknown(self, guild_id: int, day: date, *, now: datetime) -> None:
        """A claim nobody finished: the post may be out; it is never sent again."""
        await self._db.execute(
            "UPDATE posts SET status = 'unknown', updated_at = ?"
            " WHERE guild_id = ? AND local_date = ? AND status = 'sending'",
            (to_epoch(now), guild_id, day.isoformat()),
        )

    async def skip(self, guild_id: int, slot: Slot, *, reason: str, now: datetime) -> None:
        """Record a date that is not posted at all (the bot was down for too long)."""
        await self._db.execute(
            "INSERT INTO posts (guild_id, local_date, slot_at, status, error, updated_at)"
            " VALUES (?, ?, ?, 'skipped', ?, ?)"
            " ON CONFLICT (guild_id, local_date) DO NOTHING",
            (guild_id, slot.local_date.isoformat(), to_epoch(slot.at), reason, to_epoch(now)),
        )
