"""The record of every daily post (`posts`): one row per club and local date.

The row is claimed ("sending") in its own committed transaction *before* the message is sent,
then updated with the outcome, as in the SQLite backend. The claim is one INSERT ... ON
CONFLICT statement on the (guild_id, local_date) primary key: PostgreSQL runs it atomically
against concurrent claims from any number of processes, so at most one of them gets a row back.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from bot.core.models import TipId
from bot.core.schedule import PAUSE_AFTER_FAILED_DAYS, PostRecord, PostStatus, Slot
from bot.store.columns import POST_COLUMNS
from bot.store.postgres.db import PostgresDatabase, Row, moment
from bot.store.values import stored_tip

_COLUMNS = ", ".join(POST_COLUMNS)


# previous_tip of many clubs: one backwards primary-key seek per club.
_PREVIOUS_TIPS = """
    SELECT w.guild_id, (
        SELECT tip_id FROM posts
        WHERE guild_id = w.guild_id AND local_date < w.before
          AND status IN ('sent', 'unknown') AND tip_id IS NOT NULL
        ORDER BY local_date DESC LIMIT 1
    ) AS tip_id
    FROM unnest($1::bigint[], $2::date[]) AS w (guild_id, before)
"""


_CLAIM = """
    INSERT INTO posts (guild_id, local_date, slot_at, status, channel_id, attempts, tip_id,
                       updated_at)
    VALUES ($1, $2, $3, 'sending', $4, 1, $5, $6)
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

_COUNT_FAILED_DAY = """
    UPDATE clubs SET
        failed_days = failed_days + 1,
        paused = CASE WHEN failed_days + 1 >= $2 THEN true ELSE paused END
    WHERE guild_id = $1
    RETURNING failed_days, paused
"""


def post_record(row: Row | Mapping[str, Any]) -> PostRecord:
    return PostRecord(
        guild_id=row["guild_id"],
        local_date=row["local_date"],
        slot_at=row["slot_at"],
        status=PostStatus(row["status"]),
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        attempts=row["attempts"],
        retry_at=row["retry_at"],
        error=row["error"],
        tip_id=stored_tip(row["tip_id"]),
        updated_at=row["updated_at"],
    )


class Posts:
    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db

    async def _one(self, condition: str, *args: object) -> PostRecord | None:
        """The club's record matching `condition` with the latest local date."""
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} FROM posts WHERE guild_id = $1 AND {condition}"
            " ORDER BY local_date DESC LIMIT 1",
            *args,
        )
        return None if row is None else post_record(row)

    async def get(self, guild_id: int, day: date) -> PostRecord | None:
        return await self._one("local_date = $2", guild_id, day)

    async def latest(self, guild_id: int) -> PostRecord | None:
        """The club's record with the latest local date."""
        return await self._one("true", guild_id)

    async def latest_failure(self, guild_id: int) -> PostRecord | None:
        return await self._one("status = 'failed'", guild_id)

    async def previous_tip(self, guild_id: int, before: date) -> TipId | None:
        """The tip of the last post before `before` that (probably) went out."""
        row = await self._db.fetchone(
            "SELECT tip_id FROM posts WHERE guild_id = $1 AND local_date < $2"
            " AND status IN ('sent', 'unknown') AND tip_id IS NOT NULL"
            " ORDER BY local_date DESC LIMIT 1",
            guild_id,
            before,
        )
        return None if row is None else stored_tip(row["tip_id"])

    async def previous_tips(self, before: Mapping[int, date]) -> dict[int, TipId | None]:
        """previous_tip of every guild of `before`, in one statement."""
        rows = await self._db.fetchall(_PREVIOUS_TIPS, list(before), list(before.values()))
        found = {int(row["guild_id"]): stored_tip(row["tip_id"]) for row in rows}
        return {guild_id: found.get(guild_id) for guild_id in before}

    async def claim(
        self, guild_id: int, slot: Slot, *, channel_id: int, tip_id: TipId, now: datetime
    ) -> int | None:
        """Mark `slot`'s date as being sent, committed before the send; returns the attempt's
        number, or None when the date is taken (sent, failed, skipped, claimed, or its retry
        is not due yet)."""
        row = await self._db.fetchone(
            _CLAIM,
            guild_id,
            slot.local_date,
            moment(slot.at),
            channel_id,
            tip_id.value,
            moment(now),
        )
        return None if row is None else int(row["attempts"])

    async def mark_sent(self, guild_id: int, day: date, *, message_id: int, now: datetime) -> None:
        """The post went out: record its message and clear the club's failure count."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE posts SET status = 'sent', message_id = $1, retry_at = NULL,"
                " updated_at = $2 WHERE guild_id = $3 AND local_date = $4"
                " AND status IN ('sending', 'unknown')",
                message_id,
                moment(now),
                guild_id,
                day,
            )
            await tx.execute("UPDATE clubs SET failed_days = 0 WHERE guild_id = $1", guild_id)

    async def mark_retry(
        self, guild_id: int, day: date, *, error: str, retry_at: datetime, now: datetime
    ) -> None:
        await self._db.execute(
            "UPDATE posts SET status = 'retry', error = $1, retry_at = $2, updated_at = $3"
            " WHERE guild_id = $4 AND local_date = $5 AND status = 'sending'",
            error,
            moment(retry_at),
            moment(now),
            guild_id,
            day,
        )

    async def mark_failed(
        self, guild_id: int, day: date, *, error: str, now: datetime
    ) -> tuple[int, bool]:
        """The channel refused the post for good (403/404): the date is done, and it counts
        as a failed day; returns the club's failed days in a row and whether it paused."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE posts SET status = 'failed', error = $1, retry_at = NULL,"
                " updated_at = $2 WHERE guild_id = $3 AND local_date = $4 AND status = 'sending'",
                error,
                moment(now),
                guild_id,
                day,
            )
            row = await tx.fetchone(_COUNT_FAILED_DAY, guild_id, PAUSE_AFTER_FAILED_DAYS)
        if row is None:
            return 0, False
        return int(row["failed_days"]), bool(row["paused"])

    async def give_up(self, guild_id: int, day: date, *, now: datetime) -> None:
        """Stop retrying a transient failure; its last error stays on the record."""
        await self._db.execute(
            "UPDATE posts SET status = 'failed', retry_at = NULL, updated_at = $1"
            " WHERE guild_id = $2 AND local_date = $3 AND status = 'retry'",
            moment(now),
            guild_id,
            day,
        )

    async def resolve_unknown(self, guild_id: int, day: date, *, now: datetime) -> None:
        """A claim nobody finished: the post may be out; it is never sent again."""
        await self._db.execute(
            "UPDATE posts SET status = 'unknown', updated_at = $1"
            " WHERE guild_id = $2 AND local_date = $3 AND status = 'sending'",
            moment(now),
            guild_id,
            day,
        )

    async def skip(self, guild_id: int, slot: Slot, *, reason: str, now: datetime) -> None:
        """Record a date that is not posted at all (the bot was down for too long)."""
        await self._db.execute(
            "INSERT INTO posts (guild_id, local_date, slot_at, status, error, updated_at)"
            " VALUES ($1, $2, $3, 'skipped', $4, $5)"
            " ON CONFLICT (guild_id, local_date) DO NOTHING",
            guild_id,
            slot.local_date,
            moment(slot.at),
            reason,
            moment(now),
        )
