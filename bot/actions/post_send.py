"""One club's daily post, once claimed: sent through a `PostSender` and its outcome recorded.

The nonce is the club's date's (bot.core.resend), the same for every attempt, so a resend of a
cut-off claim, or a retry after an ambiguous network error, is deduped by Discord within its
window. The errors are the sender's (bot/discord/cogs/daily_post.py): `ChannelUnavailable`
(403/404: failed for that day, counted, pauses after three days in a row) and
`TemporaryFailure` (429, 5xx, network: retried the same day after a backoff).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from bot.actions.send_errors import ChannelGone, ChannelUnavailable, TemporaryFailure, error_note
from bot.core.models import TipId
from bot.core.resend import POST_SEND_TIMEOUT, SAME_NONCE_WINDOW, post_nonce
from bot.core.schedule import ClubReminder, DailySchedule, Slot, retry_delay
from bot.render.reply import Reply
from bot.store import Claim, SentPost, Store, StoreUnavailable

log = logging.getLogger("bot.actions.daily_post")


class PostSender(Protocol):
    async def send(self, guild_id: int, channel_id: int, reply: Reply, *, nonce: str) -> int:
        """Send the post with its button; returns the message id."""
        ...

    async def find(
        self, guild_id: int, channel_id: int, reply: Reply, *, after: datetime
    ) -> int | None:
        """The id of the bot's own message in the channel, made after `after`, that is this
        post (its title: the post's date), or None. Raises like `send`: ChannelUnavailable
        when the channel cannot be read (Read Message History), TemporaryFailure for now."""
        ...


class Outcome(StrEnum):
    NOTHING = "nothing"
    SENT = "sent"
    # A cut-off attempt's post, found in the channel and recorded instead of sent again.
    FOUND = "found"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Earlier:
    """An earlier attempt at the date that may have made the post (a send cut off, or answered
    with an error)."""

    # Where it went: this attempt goes there too, since Discord dedups a nonce within one
    # channel, or reads it first.
    channel_id: int
    # When the earliest such attempt began (`PostRecord.look_from`).
    since: datetime
    # Discord may have forgotten the nonce: the channel is read for a post made since before
    # anything is sent, and a post not there goes to the channel set now.
    look: bool


@dataclass(frozen=True, slots=True)
class Due:
    """A club whose post goes out this tick, and everything its sending needs."""

    reminder: ClubReminder
    schedule: DailySchedule
    slot: Slot
    # A claim a cut-off send left: taken over, not claimed anew.
    resend: bool = False
    earlier: Earlier | None = None

    @property
    def channel_id(self) -> int:
        """Where this attempt goes, unless a look shows the post is not there."""
        return self.reminder.channel_id if self.earlier is None else self.earlier.channel_id

    @property
    def look_after(self) -> datetime | None:
        earlier = self.earlier
        return earlier.since if earlier is not None and earlier.look else None


@dataclass(frozen=True, slots=True)
class Built:
    """A due club's post, built and ready to be claimed and sent."""

    due: Due
    reply: Reply
    tip_id: TipId

    @property
    def claim(self) -> Claim:
        due = self.due
        since = None if due.earlier is None else due.earlier.since
        return Claim(due.reminder.guild_id, due.slot, due.channel_id, self.tip_id, since)


@dataclass(slots=True)
class TickRun:
    """What `DailyPostRunner.start` did at once, and the reads and sends still going
    (`sending`)."""

    outcomes: dict[int, Outcome]
    sending: asyncio.Task[dict[int, Outcome]] | None = None

    async def finish(self) -> dict[int, Outcome]:
        """Wait for the sends; every club's outcome."""
        if self.sending is not None:
            self.outcomes.update(await self.sending)
        return self.outcomes


async def claim_all(store: Store, jobs: Sequence[Built], now: datetime) -> dict[int, int]:
    """Claim the jobs' dates, committed before their sends: new ones in one statement, cut-off
    ones (rare) taken over one by one. The attempt's number of each club claimed; a club whose
    date another tick or process holds is left out."""
    posts = store.posts
    fresh = [job.claim for job in jobs if not job.due.resend]
    attempts = await posts.claim_many(fresh, now=now) if fresh else {}
    for job in jobs:
        due = job.due
        if due.resend:
            attempt = await posts.retake(
                due.reminder.guild_id,
                due.slot.local_date,
                channel_id=due.channel_id,
                tip_id=job.tip_id,
                # A claim older than the window is taken over only to look first: that claim
                # itself (its time is whole seconds; the bound is exclusive).
                claimed_after=(
                    now - SAME_NONCE_WINDOW
                    if due.look_after is None
                    else due.look_after - timedelta(seconds=1)
                ),
            )
            if attempt is not None:
                attempts[job.due.reminder.guild_id] = attempt
    return attempts


class SentRecords:
    """Writes the "sent" records of posts together: a send that ends while a write is under
    way waits for the next write, which takes every record waiting by then. Sends that end
    close together (a fast Discord, a club-wide catch-up) cost one statement for many; paced
    sends one each, as soon as each ends. A record that fails reaches each waiting caller.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._waiting: list[tuple[SentPost, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def record(self, sent: SentPost, failed_days: int) -> None:
        """Record one post sent; `failed_days`, as read before the send (only this club's own
        send changes it), says whether the club's count of failed days needs clearing."""
        if failed_days:
            await self._store.posts.mark_sent(
                sent.guild_id, sent.day, message_id=sent.message_id, now=sent.now
            )
            return
        done = asyncio.get_running_loop().create_future()
        self._waiting.append((sent, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())
        await done

    async def _write(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                await self._store.posts.mark_sent_many([sent for sent, _ in batch])
            except Exception as exc:  # each caller tells what it means
                for _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
            else:
                for _, done in batch:
                    if not done.done():
                        done.set_result(None)


async def send_and_record(
    store: Store,
    sender: PostSender,
    records: SentRecords,
    job: Built,
    *,
    attempt: int,
    now: datetime,
) -> Outcome:
    """Send the claimed post (the `attempt`-th try) and record what happened. With
    `Due.look_after`, the earlier attempt's channel is read first: the post found there is
    recorded instead of sent again, and one not there goes to the channel set now."""
    reminder, day, reply = job.due.reminder, job.due.slot.local_date, job.reply
    guild_id = reminder.guild_id
    posts = store.posts
    channel_id = job.due.channel_id
    if job.due.look_after is not None:
        looked = await _look(store, sender, records, job, attempt, now)
        if looked is not None:
            return looked
        channel_id = reminder.channel_id

    async def send_to(channel: int) -> int:
        async with asyncio.timeout(POST_SEND_TIMEOUT.total_seconds()):
            return await sender.send(guild_id, channel, reply, nonce=post_nonce(guild_id, day))

    try:
        try:
            message_id = await send_to(channel_id)
        except ChannelUnavailable as exc:
            if channel_id == reminder.channel_id:
                raise
            # The earlier attempt's channel, and the admin has set another since.
            moved = await _moved_on(store, job, attempt, exc, now)
            if moved is not None:
                return moved
            channel_id = reminder.channel_id
            message_id = await send_to(channel_id)
    except ChannelUnavailable as exc:
        failed_days, paused = await posts.mark_failed(guild_id, day, error=error_note(exc), now=now)
        log.warning(
            "daily post for guild %s on %s refused by channel %s: %s (%d failed day(s) in a row)%s",
            guild_id,
            day,
            channel_id,
            exc,
            failed_days,
            "; the reminder is paused until an admin sets it again" if paused else "",
        )
        return Outcome.FAILED
    except (TemporaryFailure, TimeoutError) as exc:
        error = str(exc) or type(exc).__name__
        await _retry_later(store, guild_id, day, attempt, error, now)
        log.warning(
            "daily post for guild %s on %s failed for now (%s); retrying later",
            guild_id,
            day,
            error,
        )
        return Outcome.RETRY
    except Exception as exc:
        # A bug, or an error nobody classified: logged in full, retried with the same
        # backoff so it is neither lost nor repeated every tick.
        log.exception("daily post for guild %s on %s failed unexpectedly", guild_id, day)
        await _retry_later(store, guild_id, day, attempt, f"internal error ({exc!r})", now)
        return Outcome.RETRY
    try:
        await records.record(SentPost(guild_id, day, message_id, now), reminder.failed_days)
    except StoreUnavailable as exc:
        # The post is out and its claim stays: a later tick resends it with the same nonce
        # (Discord answers with this message) or, past the window, finds it in the channel.
        log.warning("daily post for guild %s on %s sent, not recorded: %s", guild_id, day, exc)
        return Outcome.SENT
    log.info("daily post for guild %s on %s sent (message %s)", guild_id, day, message_id)
    return Outcome.SENT


async def _to_channel_set_now(store: Store, job: Built, attempt: int, now: datetime) -> bool:
    """The `attempt`-th claim, whose post is not where the earlier attempt went, dates from
    `now`, for the channel set now; False when another process took it over first."""
    reminder = job.due.reminder
    return await store.posts.restart_claim(
        reminder.guild_id,
        job.due.slot.local_date,
        attempt=attempt,
        channel_id=reminder.channel_id,
        now=now,
    )


async def _moved_on(
    store: Store, job: Built, attempt: int, refused: ChannelUnavailable, now: datetime
) -> Outcome | None:
    """The earlier attempt's channel refused this one, and the admin has set another since. A
    deleted channel holds nothing: None, the post goes to the channel set now. One the bot may
    not use any more may hold the earlier attempt's post, cut off or answered with a 5xx or
    not at all: that day's is "unknown", not posted twice."""
    reminder, day = job.due.reminder, job.due.slot.local_date
    guild_id = reminder.guild_id
    if isinstance(refused, ChannelGone):
        return None if await _to_channel_set_now(store, job, attempt, now) else Outcome.NOTHING
    await store.posts.resolve_unknown(guild_id, day, now=now)
    log.warning(
        "daily post for guild %s on %s: the channel an earlier attempt went to refused it (%s)"
        " and may hold it; it is not posted again in channel %s",
        guild_id,
        day,
        refused,
        reminder.channel_id,
    )
    return Outcome.NOTHING


async def _look(
    store: Store,
    sender: PostSender,
    records: SentRecords,
    job: Built,
    attempt: int,
    now: datetime,
) -> Outcome | None:
    """The outcome when the earlier attempt's channel has the post, or cannot say; None: send
    it (the claim then dates from now, for the channel set now).

    Two cases differ when the channel cannot say. A cut-off send's claim was never answered at
    all: it becomes "unknown" (or waits for the next tick, for a read that failed for now). A
    retry's failed attempt was answered with an error, which far more often means no post: it
    is sent all the same when the channel cannot be read (as without a look), and tried again
    after its backoff when the read failed for now."""
    due = job.due
    assert due.look_after is not None
    reminder, day = due.reminder, due.slot.local_date
    guild_id = reminder.guild_id
    try:
        async with asyncio.timeout(POST_SEND_TIMEOUT.total_seconds()):
            found = await sender.find(guild_id, due.channel_id, job.reply, after=due.look_after)
    except ChannelGone:
        found = None  # deleted, its messages with it: nothing there to be posted twice
    except ChannelUnavailable as exc:
        if due.resend:
            await store.posts.resolve_unknown(guild_id, day, now=now)
            log.warning(
                "daily post for guild %s on %s: a send was cut off and channel %s cannot be"
                " read (%s); it may have gone out, so it is not sent again",
                guild_id,
                day,
                due.channel_id,
                exc,
            )
            return Outcome.NOTHING
        found = None
    except (TemporaryFailure, TimeoutError) as exc:
        error = str(exc) or type(exc).__name__
        log.warning(
            "daily post for guild %s on %s: could not read the channel for now (%s)",
            guild_id,
            day,
            error,
        )
        if not due.resend:
            await _retry_later(store, guild_id, day, attempt, f"reading the channel: {error}", now)
            return Outcome.RETRY
        return Outcome.ERROR  # the claim stays as it was: a later tick looks again
    if found is not None:
        await records.record(SentPost(guild_id, day, found, now), reminder.failed_days)
        log.info(
            "daily post for guild %s on %s: an earlier attempt made the post (message %s);"
            " recorded, not sent again",
            guild_id,
            day,
            found,
        )
        return Outcome.FOUND
    if not await _to_channel_set_now(store, job, attempt, now):
        return Outcome.NOTHING  # another process took the claim over and sends it
    log.warning(
        "daily post for guild %s on %s: an earlier attempt was %s and its post is not in the"
        " channel; sending it",
        guild_id,
        day,
        "cut off" if due.resend else "answered with an error",
    )
    return None


async def _retry_later(
    store: Store, guild_id: int, day: date, attempt: int, error: str, now: datetime
) -> None:
    await store.posts.mark_retry(
        guild_id, day, error=error_note(error), retry_at=now + retry_delay(attempt), now=now
    )
