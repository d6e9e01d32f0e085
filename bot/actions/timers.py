"""Reminders' and check-ins' run: `TimerRunner.tick(now)` sends every due one once.

Each timer is claimed in the store ('sending', committed; a check-in also chains the next day's
in the same transaction) before its DM goes out, and every attempt at one DM carries the same
nonce (bot.core.resend), which Discord dedups for a few minutes. A claim a crash left behind is
sent again, with that nonce, by a tick within SAME_NONCE_WINDOW of the claim (one DM either
way). An older one, still worth sending, is looked for in the member's DMs first: found, it is
recorded as sent; not there, it is sent (the claim then dates from that send); a look that
fails for now is tried again after RETRY_AFTER. One that is too late, or whose DMs cannot be
read (closed, the member gone), is resolved as 'unknown' and not resent: a crash can lose a
DM, never send one twice.
A DM whose last attempt failed for now (429, 5xx, the network) is tried again after a backoff;
Discord may have made it all the same and forgotten its nonce by then, so the retry looks in the
member's DMs first, from that attempt's start.
Catch-up follows the daily post: a reminder more than 6 hours late, and a check-in from an
earlier day, are dropped.

No discord import: the Discord sender (bot/discord/cogs/reminders.py) turns discord.py's errors
into `DmClosed` (403, e.g. code 50007: the member does not accept DMs from the bot),
`RecipientGone` (the bot is not in the member's server any more) and `TemporaryFailure`
(429, 5xx, network: retried with the daily post's backoff).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.actions.calendar import Calendar
from bot.actions.checkin_days import day_checked_in, follow_club_zone
from bot.actions.context import member_zone
from bot.actions.dm_sender import CONCURRENT_SENDS, DmSender
from bot.actions.heads_up import HeadsUpReader
from bot.actions.scheduler import RETRY_AFTER, SLOW_POLL
from bot.actions.send_errors import DmClosed, RecipientGone, TemporaryFailure, error_note
from bot.actions.session_zone import place_reads
from bot.config import Settings
from bot.core.models import MemberRef
from bot.core.reminders import (
    MAX_ATTEMPTS,
    Late,
    Timer,
    TimerKind,
    TimerState,
    first_claim,
    lateness,
)
from bot.core.resend import DM_SEND_TIMEOUT, SAME_NONCE_WINDOW, dm_nonce, may_resend
from bot.core.schedule import retry_delay
from bot.core.shards import owns_everything
from bot.render.reminders import (
    DM_NOTICE_KIND,
    checkin_dm_mark,
    checkin_dm_reply,
    dm_closed_notice,
    ready_dm_reply,
)
from bot.render.reply import Reply
from bot.store import Store

log = logging.getLogger(__name__)

# Timers read per query.
BATCH = 500
# Past any DM's lateness allowance (bot.core.reminders.lateness): a reminder's READY_LATE_LIMIT,
# a check-in's own day.
LOOK_BACK = timedelta(days=1)


class Fired(StrEnum):
    NOTHING = "nothing"  # taken by another process or an earlier tick
    SENT = "sent"
    DROPPED = "dropped"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"  # another process's shard
    MOVED = "moved"  # queued in another zone, moved ahead, not sent (a check-in, a read)


class TimerRunner:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        sender: DmSender,
        *,
        owns: Callable[[int], bool] = owns_everything,
        calendar: Calendar | None = None,
        quiet_for: timedelta = SLOW_POLL,
    ) -> None:
        self._store = store
        # After a tick at T that found only other processes' timers due (theirs to send, not a
        # reason to spin): (T, T + quiet_for), the next due time for a timer due by T.
        self._quiet_for = quiet_for
        self._quiet: tuple[datetime, datetime] | None = None
        self._settings = settings
        self._sender = sender
        self._owns = owns
        self._heads_ups = HeadsUpReader(store, settings, sender, calendar)
        # Once per process, before anything fires: sessions published without a chain of
        # heads-up reads get one, and the check-ins and reads queued in the club's zone of
        # before a restart follow it as it is now (checkin_days.py, session_zone.py).
        self._reads_checked = calendar is None
        self._zones_checked = False
        # Timers this runner is sending: any other claim left 'sending' was cut off.
        self._sending: set[int] = set()
        # Cut-off claims whose look failed for now, and when to look again.
        self._look_again: dict[int, datetime] = {}
        self._stopping = False
        # Set while no tick runs: what a graceful stop waits for.
        self._idle = asyncio.Event()
        self._idle.set()

    async def drain(self) -> None:
        """A stop has begun: claim nothing more, and return once the DMs already claimed are
        sent and recorded (the caller bounds the wait)."""
        self._stopping = True
        await self._idle.wait()

    async def tick(self, now: datetime) -> dict[int, Fired]:
        """Fire every timer due at `now`; returns each timer's outcome by id."""
        self._idle.clear()
        self._quiet = None
        try:
            outcomes = await self._tick(now)
        finally:
            self._idle.set()
        if outcomes and all(o is Fired.SKIPPED for o in outcomes.values()):
            self._quiet = (now, now + self._quiet_for)
        return outcomes

    async def _tick(self, now: datetime) -> dict[int, Fired]:
        if self._stopping:
            return {}
        timers = self._store.timers
        if not self._reads_checked:
            await self._heads_ups.ensure_reads(now, self._owns)
            self._reads_checked = True
        if not self._zones_checked:
            await follow_club_zone(self._store, self._settings, now, self._owns)
            await place_reads(self._store, self._settings, now, self._owns)
            self._zones_checked = True
        # Claims older than any DM is still worth sending (a reminder at most READY_LATE_LIMIT
        # late, a check-in on its own day): given up whole, without a look.
        look_back = now - LOOK_BACK
        stale = await timers.resolve_stale(look_back, now=now)
        if stale:
            log.warning(
                "%d reminder DM(s) cut off by a restart over %s ago were not resent",
                stale,
                LOOK_BACK,
            )
        # Ticks do not overlap: a heads-up this process claimed has been sent or given up for
        # now by the time the next tick gives up those its session's start left unsettled.
        given_up = await self._heads_ups.settle_started(now)
        if given_up:
            log.warning(
                "%d heads-up DM(s) unsettled when their session started were given up",
                given_up,
            )
        limit = asyncio.Semaphore(CONCURRENT_SENDS)
        outcomes: dict[int, Fired] = {}

        async def one(timer: Timer, *, resend: bool = False) -> None:
            if timer.id in self._sending:
                return
            self._sending.add(timer.id)
            async with limit:
                if self._stopping:
                    self._sending.discard(timer.id)
                    return  # still pending (or cut off): the next start sends it
                try:
                    fired = self._resend(timer, now) if resend else self._fire(timer, now)
                    outcomes[timer.id] = await fired
                except Exception:
                    log.exception("timer %s failed; the others go on", timer.id)
                    outcomes[timer.id] = Fired.FAILED
                finally:
                    self._sending.discard(timer.id)

        cut_off = [
            t
            for t in await timers.cut_off(look_back)
            if self._owns(t.guild_id) and self._look_again.get(t.id, now) <= now
        ]
        await asyncio.gather(*(one(t, resend=True) for t in cut_off))
        # Each page after the last one read: other shards' timers (left pending, a shard whose
        # process is down) must not fill every page this process reads.
        after: tuple[datetime, int] | None = None
        while not self._stopping and (read := await timers.due(now, BATCH, after=after)):
            after = (read[-1].next_at, read[-1].id)
            batch = [t for t in read if t.id not in outcomes]
            skipped = [t for t in batch if not self._owns(t.guild_id)]
            outcomes.update(dict.fromkeys((t.id for t in skipped), Fired.SKIPPED))
            await asyncio.gather(*(one(t) for t in batch if self._owns(t.guild_id)))
            if len(read) < BATCH:
                break
        return outcomes

    async def next_due(self, now: datetime) -> datetime | None:
        """When `tick` next has something to do: the soonest pending timer, or `now` when a
        claim of this process's guilds that it is not sending was cut off by a crash (resent or
        given up at once)."""
        if not self._zones_checked:
            return now  # a check-in may move earlier than any due now
        timers = self._store.timers
        later = []
        for timer_id, guild_id in await timers.claimed():
            if timer_id not in self._sending and self._owns(guild_id):
                again = self._look_again.get(timer_id, now)
                if again <= now:
                    return now
                later.append(again)
        pending = await timers.next_due()
        if pending is not None and self._quiet is not None and pending <= self._quiet[0]:
            # Due by a tick that found only other processes' timers: looked at again after the
            # quiet spell, and a timer due after that tick (this process's, maybe) at its time.
            after, again = self._quiet
            pending = min(filter(None, (await timers.next_due(after=after), again)))
        settle = await self._heads_ups.next_settle()
        return min([d for d in (pending, *later, settle) if d is not None], default=None)

    async def _fire(self, timer: Timer, now: datetime) -> Fired:
        if timer.kind is TimerKind.HEADS_UP:
            return Fired(await self._heads_ups.read(timer, now))
        timers = self._store.timers
        member = MemberRef(guild_id=timer.guild_id, user_id=timer.user_id)
        zone = member_zone(await self._store.members.get_profile(member), self._settings)
        chained = checkins_of = None
        late = lateness(timer, now, zone) is Late.DROP
        day = timer.day(zone) if timer.kind is TimerKind.CHECKIN else None
        # The first claim chains the next check-in; a retry's claim already has one.
        if timer.kind is TimerKind.CHECKIN and timer.minute is not None and not timer.attempts:
            plan = first_claim(timer, zone, await day_checked_in(self._store, member), now)
            if plan.move_to is not None:
                moved = await self._store.zone_moves.move([(timer, plan.move_to)], now=now)
                return Fired.MOVED if moved else Fired.NOTHING
            day, late, chained, checkins_of = plan.day, plan.late, plan.chained, member
        if late:
            dropped = await timers.claim(
                timer.id,
                now=now,
                state=TimerState.DROPPED,
                then=chained,
                day=day,
                checkins_of=checkins_of,
            )
            if dropped:
                log.info("timer %s (%s) dropped: %s late", timer.id, timer.kind, now - timer.due_at)
                return Fired.DROPPED
            return Fired.NOTHING
        # A retry's claim keeps when its first attempt began, also for a row written without it.
        since = timer.look_from if timer.attempts else None
        claimed = await timers.claim(
            timer.id, now=now, then=chained, since=since, day=day, checkins_of=checkins_of
        )
        if claimed is None:
            return Fired.NOTHING
        if since is not None and not may_resend(claimed.look_from, now):
            # An earlier attempt failed for now, and Discord may have made the DM all the same
            # (a 5xx, an answer lost on the way), then forgotten its nonce: looked for first.
            try:
                if await self._find(claimed, zone, after=claimed.look_from):
                    await timers.finish(timer.id, TimerState.SENT, now=now)
                    log.info(
                        "timer %s: the DM an earlier attempt made is there; recorded", timer.id
                    )
                    return Fired.SENT
            except (DmClosed, RecipientGone):
                pass  # the send says what that means
            except Exception as exc:
                return await self._retry(claimed, zone, now, f"reading the member's DMs: {exc!r}")
            if not await timers.restart_claim(timer.id, attempt=claimed.attempts, now=now):
                return Fired.NOTHING  # another process took the claim over and sends it
        return await self._send(claimed, member, zone, now)

    async def _find(self, timer: Timer, zone: ZoneInfo, *, after: datetime) -> bool:
        """Whether the member's DMs since `after` hold the timer's DM."""
        async with asyncio.timeout(DM_SEND_TIMEOUT.total_seconds()):
            return await self._sender.find_dm(
                timer.guild_id, timer.user_id, _mark(timer, zone), after=after
            )

    async def _resend(self, timer: Timer, now: datetime) -> Fired:
        """A DM whose send a crash cut off: sent again with its nonce while Discord dedups it
        (it answers with the first if it went out); later, still in time, only once the
        member's DMs show it is not there. Its check-in's successor was chained by the first
        claim."""
        timers = self._store.timers
        member = MemberRef(guild_id=timer.guild_id, user_id=timer.user_id)
        zone = member_zone(await self._store.members.get_profile(member), self._settings)
        since = timer.look_from
        fresh = may_resend(since, now)
        if not fresh and lateness(timer, now, zone) is Late.DROP:
            return await self._unknown(timer, now, "too late to send now")
        # A claim past the window is taken over only to look first: that claim itself (its
        # time is whole seconds; the bound is exclusive).
        after = now - SAME_NONCE_WINDOW if fresh else timer.updated_at - timedelta(seconds=1)
        claimed = await timers.retake(timer.id, claimed_after=after)
        if claimed is None:
            return Fired.NOTHING
        if fresh:
            log.warning(
                "timer %s: its DM was cut off (restart?); sending it again with the same nonce",
                timer.id,
            )
            return await self._send(claimed, member, zone, now)
        try:
            found = await self._find(claimed, zone, after=since)
        except (DmClosed, RecipientGone) as exc:
            # Not knowing is not "not there": a second DM is worse than a missing one.
            return await self._unknown(timer, now, f"its DMs cannot be read ({exc})")
        except Exception as exc:
            # For now (Discord, the network, the cache after a reconnect): the claim stays, and
            # is looked at again after RETRY_AFTER, not at once.
            self._look_again[timer.id] = now + RETRY_AFTER
            log.warning("timer %s: could not read the member's DMs for now (%r)", timer.id, exc)
            return Fired.RETRY
        self._look_again.pop(timer.id, None)
        if found:
            await timers.finish(timer.id, TimerState.SENT, now=now)
            log.info("timer %s: a cut-off DM went out; recorded, not sent again", timer.id)
            return Fired.SENT
        if not await timers.restart_claim(timer.id, attempt=claimed.attempts, now=now):
            return Fired.NOTHING  # another process took the claim over and sends it
        log.warning("timer %s: a cut-off DM is not in the member's DMs; sending it", timer.id)
        return await self._send(claimed, member, zone, now)

    async def _unknown(self, timer: Timer, now: datetime, why: str) -> Fired:
        await self._store.timers.finish(timer.id, TimerState.UNKNOWN, now=now)
        log.warning(
            "timer %s: its DM was cut off (restart?) and %s; it may have gone out, so it is"
            " not sent again",
            timer.id,
            why,
        )
        return Fired.NOTHING

    async def _send(self, timer: Timer, member: MemberRef, zone: ZoneInfo, now: datetime) -> Fired:
        timers = self._store.timers
        reply = _reply(timer, zone)
        try:
            async with asyncio.timeout(DM_SEND_TIMEOUT.total_seconds()):
                await self._sender.send_dm(
                    timer.guild_id, timer.user_id, reply, nonce=dm_nonce(timer.id, timer.due_at)
                )
        except DmClosed as exc:
            await timers.finish(timer.id, TimerState.FAILED, now=now, error=error_note(exc))
            stopped = await timers.stop_checkins(member, now=now)
            paused = stopped > 0 or timer.kind is TimerKind.CHECKIN
            notice = dm_closed_notice(timer.kind, timer.due_at, checkins_paused=paused)
            await self._store.notices.add_about_timer(
                timer.id, member, DM_NOTICE_KIND, notice, now=now
            )
            log.info("DM to user %s refused (%s); check-ins paused", timer.user_id, exc)
            return Fired.FAILED
        except RecipientGone as exc:
            await timers.finish(timer.id, TimerState.FAILED, now=now, error=error_note(exc))
            await timers.stop_checkins(member, now=now)
            return Fired.FAILED
        except (TemporaryFailure, TimeoutError) as exc:
            return await self._retry(timer, zone, now, str(exc) or type(exc).__name__)
        except Exception as exc:
            log.exception("timer %s: sending its DM failed unexpectedly", timer.id)
            return await self._retry(timer, zone, now, f"internal error ({exc!r})")
        await timers.finish(timer.id, TimerState.SENT, now=now)
        return Fired.SENT

    async def _retry(self, timer: Timer, zone: ZoneInfo, now: datetime, error: str) -> Fired:
        timers, note = self._store.timers, error_note(error)
        if timer.attempts >= MAX_ATTEMPTS:
            await timers.finish(timer.id, TimerState.FAILED, now=now, error=note)
            log.warning("timer %s: gave up after %d attempts (%s)", timer.id, timer.attempts, error)
            return Fired.FAILED
        next_at = now + retry_delay(timer.attempts)
        if lateness(timer, next_at, zone) is Late.DROP:
            # Its day would be over by the retry: dropped now, so nothing promises it.
            await timers.finish(timer.id, TimerState.DROPPED, now=now, error=note)
            log.info("timer %s: not retried, its day is over by then (%s)", timer.id, error)
            return Fired.DROPPED
        await timers.retry(timer.id, next_at=next_at, error=note, now=now)
        log.warning("timer %s: DM failed for now (%s); retrying at %s", timer.id, error, next_at)
        return Fired.RETRY


def _mark(timer: Timer, zone: ZoneInfo) -> Reply:
    """What the timer's DM, sent before a crash, begins with (DmSender.find_dm)."""
    return checkin_dm_mark() if timer.kind is TimerKind.CHECKIN else _reply(timer, zone)


def _reply(timer: Timer, zone: ZoneInfo) -> Reply:
    """A reminder's or check-in's DM, the same for every attempt at it."""
    if timer.kind is TimerKind.READY:
        return ready_dm_reply(timer.due_at)
    return checkin_dm_reply(timer.day(zone))
