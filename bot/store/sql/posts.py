"""The record of every daily post (`posts`): one row per club and local date.

The row is claimed ("sending") in its own committed statement *before* the message is sent,
then updated with the outcome. A process that dies in between leaves the claim behind; the
loop later resends it with the same nonce while Discord dedups it, else resolves it as
"unknown" and never sends that date again (see bot.core.schedule). While a row is "sending",
its `updated_at` is the claim's time, which a retake leaves; `attempted_at` is when the earliest
attempt began that may have made the post, kept through failures for now and their retries
until a look rules it out: the window counts from it, and a look reads from it.
Outcomes that change the club's failure count update `clubs` in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from bot.core.models import TipId
from bot.core.schedule import PAUSE_AFTER_FAILED_DAYS, PostRecord, Slot
from bot.store.columns import POST_COLUMNS
from bot.store.sql.codec import model_of
from bot.store.sql.seam import Repository

_COLUMNS = ", ".join(POST_COLUMNS)

_LATEST = f"""
    SELECT {_COLUMNS} FROM posts WHERE guild_id = :guild_id AND {{}}
    ORDER BY local_date DESC LIMIT 1
"""
_GET, _LATEST_ANY, _LATEST_FAILED = (
    _LATEST.format(condition) for condition in ("local_date = :day", "TRUE", "status = 'failed'")
)

# The tip of each club's latest post before a date that went out (or may have): one
# backwards primary-key seek per club.
_PREVIOUS_TIPS = """
    SELECT w.guild_id, (
        SELECT tip_id FROM posts
        WHERE guild_id = w.guild_id AND local_date < w.before_day
          AND status IN ('sent', 'unknown') AND tip_id IS NOT NULL
        ORDER BY local_date DESC LIMIT 1
    ) AS tip_id
    FROM {rows w = wanted: guild_id bigint, before_day date}
"""

# A new date is claimed by inserting; a date waiting to retry only once its backoff is over.
# Any other existing row (sent, failed, even another process's fresh claim) wins: no change.
# One statement on the primary key for any number of clubs, so concurrent claims from any
# process get each row back once. (`WHERE TRUE`: SQLite's parser needs it before ON CONFLICT.)
_CLAIM = """
    INSERT INTO posts (guild_id, local_date, slot_at, status, channel_id, attempts, tip_id,
                       updated_at, attempted_at)
    SELECT w.guild_id, w.day, w.slot_at, 'sending', w.channel_id, 1, w.tip_id, :now,
           COALESCE(w.since, :now)
    FROM {rows w = claims: guild_id bigint, day date, slot_at timestamptz, channel_id bigint,
                           tip_id text, since timestamptz}
    WHERE TRUE
    ON CONFLICT (guild_id, local_date) DO UPDATE SET
        status = 'sending',
        attempts = posts.attempts + 1,
        channel_id = excluded.channel_id,
        tip_id = excluded.tip_id,
        retry_at = NULL,
        updated_at = excluded.updated_at,
        attempted_at = COALESCE(posts.attempted_at, excluded.attempted_at)
    WHERE posts.status = 'retry' AND posts.retry_at <= excluded.updated_at
    RETURNING guild_id, attempts
"""

_RETAKE = """
    UPDATE posts SET attempts = attempts + 1, channel_id = :channel_id, tip_id = :tip_id
    WHERE guild_id = :guild_id AND local_date = :day
      AND status = 'sending' AND updated_at > :claimed_after
    RETURNING attempts
"""

_DAY = " WHERE guild_id = :guild_id AND local_date = :day"
_RESTART = (
    "UPDATE posts SET updated_at = :now, attempted_at = :now, channel_id = :channel_id"
    f" {_DAY} AND status = 'sending' AND attempts = :attempt"
)
# Posts' "sent" records, any number in one statement (`mark_sent_many`: sends that end
# together).
_SENT = """
    UPDATE posts SET status = 'sent', message_id = w.message_id, retry_at = NULL,
                     updated_at = w.now
    FROM {rows w = sent: guild_id bigint, day date, message_id bigint, now timestamptz}
    WHERE posts.guild_id = w.guild_id AND posts.local_date = w.day
      AND posts.status IN ('sending', 'unknown')
"""
_RETRY = (
    "UPDATE posts SET status = 'retry', error = :error, retry_at = :retry_at,"
    f" updated_at = :now {_DAY} AND status = 'sending'"
)
_FAILED = (
    "UPDATE posts SET status = 'failed', error = :error, retry_at = NULL, updated_at = :now"
    f" {_DAY} AND status = 'sending'"
)
_GIVE_UP = (
    "UPDATE posts SET status = 'failed', retry_at = NULL, updated_at = :now"
    f" {_DAY} AND status = 'retry'"
)
_UNKNOWN = f"UPDATE posts SET status = 'unknown', updated_at = :now {_DAY} AND status = 'sending'"
_SKIP = """
    INSERT INTO posts (guild_id, local_date, slot_at, status, error, updated_at)
    VALUES (:guild_id, :day, :slot_at, 'skipped', :reason, :now)
    ON CONFLICT (guild_id, local_date) DO NOTHING
"""

_COUNT_FAILED_DAY = """
    UPDATE clubs SET
        failed_days = failed_days + 1,
        paused = CASE WHEN failed_days + 1 >= :limit THEN TRUE ELSE paused END
    WHERE guild_id = :guild_id
    RETURNING failed_days, paused
"""


@dataclass(frozen=True, slots=True)
class Claim:
    """One club's date to claim before its post is sent (`Posts.claim_many`)."""

    guild_id: int
    slot: Slot
    channel_id: int
    tip_id: TipId
    # A retry's: when the earliest attempt began that may have made the post, should its row
    # not say (`PostRecord.look_from`); else the claim's own time.
    since: datetime | None = None


class SentPost(NamedTuple):
    """A post that went out, to be recorded (`Posts.mark_sent_many`)."""

    guild_id: int
    day: date
    message_id: int
    now: datetime


def stored_tip(value: str | None) -> TipId | None:
    """A post's tip as stored. A tip a later version dropped must not make every club's
    record unreadable: the loop reads all clubs' latest records in one go."""
    try:
        return None if value is None else TipId(value)
    except ValueError:
        return None


def post_record(row: Any) -> PostRecord:
    return model_of(PostRecord, row, tip_id=stored_tip(row["tip_id"]))


class Posts(Repository):
    async def _one(self, sql: str, guild_id: int, **params: object) -> PostRecord | None:
        row = await self._db.one(sql, guild_id=guild_id, **params)
        return None if row is None else post_record(row)

    async def get(self, guild_id: int, day: date) -> PostRecord | None:
        return await self._one(_GET, guild_id, day=day)

    async def latest(self, guild_id: int) -> PostRecord | None:
        return await self._one(_LATEST_ANY, guild_id)

    async def latest_failure(self, guild_id: int) -> PostRecord | None:
        return await self._one(_LATEST_FAILED, guild_id)

    async def previous_tip(self, guild_id: int, before: date) -> TipId | None:
        return (await self.previous_tips({guild_id: before}))[guild_id]

    async def previous_tips(self, before: Mapping[int, date]) -> dict[int, TipId | None]:
        """`previous_tip(guild, day)` for every guild of `before`, in one statement."""
        rows = await self._db.all(_PREVIOUS_TIPS, wanted=list(before.items()))
        found = {int(row["guild_id"]): stored_tip(row["tip_id"]) for row in rows}
        return {guild_id: found.get(guild_id) for guild_id in before}

    async def claim(
        self, guild_id: int, slot: Slot, *, channel_id: int, tip_id: TipId, now: datetime
    ) -> int | None:
        """Claim `slot`'s date, committed before the send; the attempt's number, or None."""
        claimed = await self.claim_many([Claim(guild_id, slot, channel_id, tip_id)], now=now)
        return claimed.get(guild_id)

    async def claim_many(self, claims: Sequence[Claim], *, now: datetime) -> dict[int, int]:
        """`claim` for several clubs in one statement: the attempt's number of each club
        claimed (a club whose date another tick or process holds is left out)."""
        rows = await self._db.write(
            _CLAIM,
            claims=[
                (c.guild_id, c.slot.local_date, c.slot.at, c.channel_id, c.tip_id.value, c.since)
                for c in claims
            ],
            now=now,
        )
        return {int(row["guild_id"]): int(row["attempts"]) for row in rows}

    async def retake(
        self,
        guild_id: int,
        day: date,
        *,
        channel_id: int,
        tip_id: TipId,
        claimed_after: datetime,
    ) -> int | None:
        """Take over a claim a cut-off send left, if it was made after `claimed_after`; the
        attempt's number, or None. The claim's time (`updated_at`) stays as it was: the resend
        window counts from it."""
        rows = await self._db.write(
            _RETAKE,
            guild_id=guild_id,
            day=day,
            channel_id=channel_id,
            tip_id=tip_id.value,
            claimed_after=claimed_after,
        )
        return int(rows[0]["attempts"]) if rows else None

    async def restart_claim(
        self, guild_id: int, day: date, *, attempt: int, channel_id: int, now: datetime
    ) -> bool:
        """The `attempt`-th claim, whose post an earlier attempt's channel shows was never made,
        dates from `now` (the claim's time and `attempted_at`), for the send about to be made
        to `channel_id`: a later look starts from that send, in that channel. False when the
        claim is not that one any more (another process took it over first)."""
        return await self._db.changed(
            _RESTART, guild_id=guild_id, day=day, attempt=attempt, channel_id=channel_id, now=now
        )

    async def mark_sent(self, guild_id: int, day: date, *, message_id: int, now: datetime) -> None:
        """Record the post sent; the club's count of failed days in a row goes back to 0."""
        async with self._db.transaction() as tx:
            await tx.run(_SENT, sent=[SentPost(guild_id, day, message_id, now)])
            await tx.run("UPDATE clubs SET failed_days = 0 WHERE guild_id = :g", g=guild_id)

    async def mark_sent_many(self, sent: Sequence[SentPost]) -> None:
        """`mark_sent` of posts whose clubs have no failed days to clear, in one statement."""
        if sent:
            await self._db.run(_SENT, sent=list(sent))

    async def mark_retry(
        self, guild_id: int, day: date, *, error: str, retry_at: datetime, now: datetime
    ) -> None:
        await self._db.run(
            _RETRY, error=error, retry_at=retry_at, now=now, guild_id=guild_id, day=day
        )

    async def mark_failed(
        self, guild_id: int, day: date, *, error: str, now: datetime
    ) -> tuple[int, bool]:
        async with self._db.transaction() as tx:
            await tx.run(_FAILED, error=error, now=now, guild_id=guild_id, day=day)
            row = await tx.one(_COUNT_FAILED_DAY, guild_id=guild_id, limit=PAUSE_AFTER_FAILED_DAYS)
        if row is None:
            return 0, False
        return int(row["failed_days"]), bool(row["paused"])

    async def give_up(self, guild_id: int, day: date, *, now: datetime) -> None:
        await self._db.run(_GIVE_UP, now=now, guild_id=guild_id, day=day)

    async def resolve_unknown(self, guild_id: int, day: date, *, now: datetime) -> None:
        await self._db.run(_UNKNOWN, now=now, guild_id=guild_id, day=day)

    async def skip(self, guild_id: int, slot: Slot, *, reason: str, now: datetime) -> None:
        await self._db.run(
            _SKIP, guild_id=guild_id, day=slot.local_date, slot_at=slot.at, reason=reason, now=now
        )
