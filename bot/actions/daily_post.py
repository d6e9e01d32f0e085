"""The daily club post: what it says (gathered from the store) and when it goes out.

`DailyPostRunner.tick(now)` is the whole loop body: for every club whose post is on, it asks the
pure `due_post` what to do, claims the date in the store, sends through a `PostSender` and records
the outcome. Each club runs in its own try/except, so one broken club never stops the others, and
nothing here holds state between ticks: a restart is a new `DailyPostRunner` over the same store.

Why the claim comes first: a crash can always fall between an HTTP send and the write that
records it. Claiming the date ("sending", committed) before the send means such a crash leaves a
claim behind, which the next tick resolves as "sent, unknown" and never sends again: a missing
post is a smaller harm than a double one. Discord's message nonce (the same for every attempt at
one club's date) also stops a retry after an ambiguous network error from posting twice, within
the few minutes Discord remembers nonces.

No discord import: the Discord sender (bot/discord/cogs/daily_post.py) turns discord.py's errors
into `ChannelUnavailable` (403/404: failed for that day, counted, pauses after three days in a row)
and `TemporaryFailure` (429, 5xx, network: retried the same day after a backoff).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from bot.actions.context import club_zone
from bot.actions.post_contents import RACING, last_week_block, with_week_extras
from bot.actions.send_errors import ChannelUnavailable, TemporaryFailure
from bot.config import Settings
from bot.core.clubpost import build_club_post, data_window
from bot.core.models import TipId
from bot.core.schedule import (
    Action,
    ClubReminder,
    DailySchedule,
    PostRecord,
    Slot,
    due_post,
    next_due_post,
    retry_delay,
)
from bot.core.shards import owns_everything
from bot.core.tips import tip_of_the_day
from bot.render.club import club_post_reply
from bot.render.reply import Reply
from bot.store import Store, StoreUnavailable

log = logging.getLogger(__name__)

# Well below bot.core.schedule.CLAIM_STALE_AFTER, so a claim of this process is never taken
# for an abandoned one while its send is still running.
SEND_TIMEOUT = timedelta(seconds=90)
# A tick resolves at most this many record-only steps (stale claim, give up) before it posts.
_MAX_STEPS = 4
_NONCE_LENGTH = 25  # Discord's limit for a message nonce
# Posts in flight at once: enough that a slow channel holds nobody up, few enough to stay far
# below Discord's 50 requests a second.
CONCURRENT_CLUBS = 8
# Clubs read and built together: each batch costs the same few reads.
BATCH_CLUBS = 200


class PostSender(Protocol):
    async def send(self, guild_id: int, channel_id: int, reply: Reply, *, nonce: str) -> int:
        """Send the post with its button; returns the message id."""
        ...


class Outcome(StrEnum):
    NOTHING = "nothing"
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"
    ERROR = "error"


def post_nonce(guild_id: int, day: date) -> str:
    """The same nonce for every attempt at one club's post for one date."""
    digest = hashlib.sha256(f"runclub-post:{guild_id}:{day.isoformat()}".encode()).hexdigest()
    return digest[:_NONCE_LENGTH]


@dataclass(frozen=True, slots=True)
class _Due:
    """A club whose post goes out this tick, and everything its sending needs."""

    reminder: ClubReminder
    schedule: DailySchedule
    slot: Slot


@dataclass(slots=True)
class _Job:
    due: _Due
    reply: Reply
    tip_id: TipId
    attempt: int = 0


@dataclass(slots=True)
class TickRun:
    """What `DailyPostRunner.start` did at once, and its sends still in flight (`sending`)."""

    outcomes: dict[int, Outcome]
    sending: asyncio.Task[dict[int, Outcome]] | None = None

    async def finish(self) -> dict[int, Outcome]:
        """Wait for the sends; every club's outcome."""
        if self.sending is not None:
            self.outcomes.update(await self.sending)
        return self.outcomes


class DailyPostRunner:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        sender: PostSender,
        *,
        owns: Callable[[int], bool] = owns_everything,
    ) -> None:
        self._store = store
        # Which guilds this process posts for (bot.core.shards): every one unless sharded.
        self._owns = owns
        self._settings = settings
        self._sender = sender
        self._catch_up = timedelta(hours=settings.reminders.catch_up_hours)
        # Shared by every tick's sends: a tick does not wait for the previous one's.
        self._limit = asyncio.Semaphore(CONCURRENT_CLUBS)

    async def next_due(self, now: datetime) -> datetime | None:
        """When `tick` next has something to do for a club of this process (one read)."""
        due = []
        for r, last in await self._store.clubs.active_with_latest_post():
            if self._owns(r.guild_id):
                zone = club_zone(self._settings, r)
                due.append(next_due_post(now, r.schedule(zone), last, catch_up=self._catch_up))
        return min((d for d in due if d is not None), default=None)

    async def tick(self, now: datetime) -> dict[int, Outcome]:
        """Do whatever is due at `now` for every club, sends included; each club's outcome."""
        return await (await self.start(now)).finish()

    async def start(self, now: datetime) -> TickRun:
        """Decide, read, build and claim what is due at `now`, then start the sends and return
        without waiting for them (`TickRun.sending`): the loop's next tick is never late.

        Clubs go out side by side (a few at a time), so one slow channel, which may take up to
        SEND_TIMEOUT, holds back nobody. The clubs due are read BATCH_CLUBS at a time with a
        fixed number of statements per batch: their previous tips, sessions, members' leg days
        and races are each one read. Each club is claimed just before its send and recorded
        just after, so a process killed mid-tick leaves at most CONCURRENT_CLUBS claims whose
        send may or may not have gone out ("sent, unknown", never sent twice); every club it
        had not reached is still owed, and the next tick (this process or another) sends it.
        """
        outcomes: dict[int, Outcome] = {}
        due: list[_Due] = []
        work = [
            (reminder, latest)
            for reminder, latest in await self._store.clubs.active_with_latest_post()
            if self._owns(reminder.guild_id)
        ]
        for reminder, latest in work:
            try:
                decided = await self._decide(reminder, latest, now)
            except StoreUnavailable as exc:
                # Nothing claimed yet: a later tick carries on from what the database holds.
                log.warning(
                    "daily post for guild %s: %s; trying again on a later tick",
                    reminder.guild_id,
                    exc,
                )
                decided = Outcome.ERROR
            except Exception:
                log.exception(
                    "daily post for guild %s failed; the other clubs go on", reminder.guild_id
                )
                decided = Outcome.ERROR
            if isinstance(decided, Outcome):
                outcomes[reminder.guild_id] = decided
            else:
                due.append(decided)
        batches: list[list[_Job]] = []
        for first in range(0, len(due), BATCH_CLUBS):
            batch = due[first : first + BATCH_CLUBS]
            try:
                jobs = await self._prepare(batch, now)
            except StoreUnavailable as exc:
                # Reads come before the claim: nothing is claimed, a later tick tries again.
                log.warning("daily posts for %d clubs: %s; trying again later", len(batch), exc)
                outcomes.update((d.reminder.guild_id, Outcome.ERROR) for d in batch)
                continue
            except Exception:
                log.exception("daily posts for %d clubs failed; trying again", len(batch))
                outcomes.update((d.reminder.guild_id, Outcome.ERROR) for d in batch)
                continue
            batches.append(jobs)
        run = TickRun(outcomes)
        if batches:
            run.sending = asyncio.create_task(self._send_all(batches, now))
        return run

    async def _decide(
        self, reminder: ClubReminder, last: PostRecord | None, now: datetime
    ) -> Outcome | _Due:
        """The club's due post, or the outcome of a tick with nothing to send for it."""
        guild_id = reminder.guild_id
        posts = self._store.posts
        schedule = reminder.schedule(club_zone(self._settings, reminder))
        for step in range(_MAX_STEPS):
            if step:
                # A record-only step changed the latest record; read it again.
                last = await posts.latest(guild_id)
            decision = due_post(now, schedule, last, catch_up=self._catch_up)
            day = decision.local_date
            if decision.action is Action.POST and decision.slot is not None:
                return _Due(reminder, schedule, decision.slot)
            if decision.action is Action.SKIP and decision.slot is not None:
                await posts.skip(guild_id, decision.slot, reason=decision.why, now=now)
                log.warning(
                    "daily post for guild %s on %s skipped: the bot was down at its time"
                    " (%s) and is back more than %s later",
                    guild_id,
                    decision.slot.local_date,
                    decision.slot.at.isoformat(),
                    self._catch_up,
                )
                return Outcome.SKIPPED
            if decision.action is Action.RESOLVE_UNKNOWN and day is not None:
                await posts.resolve_unknown(guild_id, day, now=now)
                log.warning(
                    "daily post for guild %s on %s: a send was cut off (restart?); it may have"
                    " gone out, so it is not sent again",
                    guild_id,
                    day,
                )
                continue
            if decision.action is Action.GIVE_UP and day is not None:
                await posts.give_up(guild_id, day, now=now)
                log.warning("daily post for guild %s on %s: gave up retrying", guild_id, day)
                continue
            return Outcome.NOTHING
        return Outcome.NOTHING

    async def _prepare(self, batch: list[_Due], now: datetime) -> list[_Job]:
        """Read the batch's posts and build them: one job per club.

        Reads come before any claim, so a failed read leaves no claim behind (a claim that is
        never sent would count as "sent, unknown" and silence the club for the day).
        """
        store, rules = self._store, self._settings.advice
        guild_ids = [d.reminder.guild_id for d in batch]
        tips = await store.posts.previous_tips(
            {d.reminder.guild_id: d.slot.local_date for d in batch}
        )
        sessions = await store.club_sessions.for_clubs(guild_ids)
        windows = {
            d.reminder.guild_id: data_window(
                d.slot.local_date, now, d.schedule.timezone, sessions[d.reminder.guild_id], rules
            )
            for d in batch
        }
        members = await store.clubs.member_leg_days_of(windows)
        # The training-week additions: the clubs' races (one read for the batch), and on a
        # Monday last week's block (a club-wide read of its own, once a week).
        races = await store.races.clubs_between(
            {d.reminder.guild_id: (d.slot.local_date, d.slot.local_date + RACING) for d in batch}
        )
        weeks = {
            d.reminder.guild_id: await last_week_block(
                store,
                self._settings,
                d.reminder.guild_id,
                day=d.slot.local_date,
                timezone=d.schedule.timezone,
            )
            for d in batch
            if d.slot.local_date.weekday() == 0
        }

        def build() -> list[_Job]:
            jobs: list[_Job] = []
            for d in batch:
                guild_id, day = d.reminder.guild_id, d.slot.local_date
                tip = tip_of_the_day(day, tips[guild_id])
                post = build_club_post(
                    day=day,
                    at=now,
                    timezone=d.schedule.timezone,
                    sessions=sessions[guild_id],
                    members=members[guild_id],
                    rules=rules,
                    tip=tip,
                )
                reply = with_week_extras(
                    club_post_reply(post), weeks.get(guild_id), races[guild_id], day
                )
                jobs.append(_Job(d, reply, tip.id))
            return jobs

        # Pure work over thousands of members: in a thread, so the event loop (interactions,
        # the gateway's heartbeat) gets the interpreter back every few milliseconds.
        return await asyncio.to_thread(build)

    async def _send_all(self, batches: list[list[_Job]], now: datetime) -> dict[int, Outcome]:
        outcomes: dict[int, Outcome] = {}
        for result in await asyncio.gather(*(self._send_batch(jobs, now) for jobs in batches)):
            outcomes.update(result)
        return outcomes

    async def _send_batch(self, jobs: list[_Job], now: datetime) -> dict[int, Outcome]:
        """Claim, send and record each club of a batch, side by side (CONCURRENT_CLUBS at a
        time across every tick)."""

        async def one(job: _Job) -> tuple[int, Outcome]:
            guild_id = job.due.reminder.guild_id
            async with self._limit:
                try:
                    return guild_id, await self._claim_and_send(job, now)
                except StoreUnavailable as exc:
                    log.warning("daily post for guild %s: %s; trying again later", guild_id, exc)
                    return guild_id, Outcome.ERROR
                except Exception:
                    log.exception("daily post for guild %s failed; the other clubs go on", guild_id)
                    return guild_id, Outcome.ERROR

        return dict(await asyncio.gather(*(one(job) for job in jobs)))

    async def _claim_and_send(self, job: _Job, now: datetime) -> Outcome:
        due = job.due
        guild_id = due.reminder.guild_id
        attempt = await self._store.posts.claim(
            guild_id, due.slot, channel_id=due.reminder.channel_id, tip_id=job.tip_id, now=now
        )
        if attempt is None:
            return Outcome.NOTHING  # another tick or process has it
        job.attempt = attempt
        return await self._send(job, now)

    async def _send(self, job: _Job, now: datetime) -> Outcome:
        reminder, day = job.due.reminder, job.due.slot.local_date
        guild_id = reminder.guild_id
        posts = self._store.posts
        try:
            async with asyncio.timeout(SEND_TIMEOUT.total_seconds()):
                message_id = await self._sender.send(
                    guild_id, reminder.channel_id, job.reply, nonce=post_nonce(guild_id, day)
                )
        except ChannelUnavailable as exc:
            failed_days, paused = await posts.mark_failed(guild_id, day, error=str(exc), now=now)
            log.warning(
                "daily post for guild %s on %s refused by channel %s: %s (%d failed day(s) in"
                " a row)%s",
                guild_id,
                day,
                reminder.channel_id,
                exc,
                failed_days,
                "; the reminder is paused until an admin sets it again" if paused else "",
            )
            return Outcome.FAILED
        except (TemporaryFailure, TimeoutError) as exc:
            error = str(exc) or type(exc).__name__
            await self._retry_later(guild_id, day, job.attempt, error, now)
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
            await self._retry_later(guild_id, day, job.attempt, f"internal error ({exc!r})", now)
            return Outcome.RETRY
        try:
            await posts.mark_sent(guild_id, day, message_id=message_id, now=now)
        except StoreUnavailable as exc:
            # The post is out and its claim stays: a later tick takes it as "sent, unknown"
            # and never sends it again.
            log.warning("daily post for guild %s on %s sent, not recorded: %s", guild_id, day, exc)
            return Outcome.SENT
        log.info("daily post for guild %s on %s sent (message %s)", guild_id, day, message_id)
        return Outcome.SENT

    async def _retry_later(
        self, guild_id: int, day: date, attempt: int, error: str, now: datetime
    ) -> None:
        await self._store.posts.mark_retry(
            guild_id, day, error=error[:200], retry_at=now + retry_delay(attempt), now=now
        )
