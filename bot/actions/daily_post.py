"""The daily club post: what it says (gathered from the store) and when it goes out.

`DailyPostRunner.tick(now)` is the whole loop body: for every club whose post is on, it asks the
pure `due_post` what to do, claims the date in the store, sends through a `PostSender` and records
the outcome. Each club runs in its own try/except, so one broken club never stops the others. The
only state kept between ticks is which clubs this runner is still preparing or sending (so a
later tick neither builds them again nor takes their claim for a cut-off one): a restart is a
new `DailyPostRunner` over the same store.

Why the claim comes first: a crash can always fall between an HTTP send and the write that
records it. Claiming the date ("sending", committed) before the send means such a crash leaves a
claim behind. Every attempt at one club's date carries the same nonce (bot.core.resend), which
Discord dedups for a few minutes: so the next tick (this process or the restarted one) sends a
claim it does not hold again while it is younger than SAME_NONCE_WINDOW (one post either way).
An older one is sent again only once its channel shows the post is not there; one whose
channel cannot be read, or whose day is over, is resolved as "sent, unknown" and never sent
again: a missing post is a smaller harm than a double one.

No discord import: the send and its record are bot/actions/post_send.py, whose sender
(bot/discord/cogs/daily_post.py) turns discord.py's errors into the kinds it tells apart.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.actions.calendar import Calendar
from bot.actions.context import club_zone
from bot.actions.post_batches import build_batch
from bot.actions.post_send import (
    Built,
    Due,
    Earlier,
    Outcome,
    PostSender,
    SentRecords,
    TickRun,
    claim_all,
    send_and_record,
)
from bot.actions.scheduler import RETRY_AFTER
from bot.actions.tasks import cancel_and_wait, put_for
from bot.clock import Clock
from bot.config import Settings
from bot.core.schedule import (
    Action,
    ClubReminder,
    PostRecord,
    due_post,
    next_due_post,
)
from bot.core.shards import owns_everything
from bot.store import Store, StoreUnavailable
from bot.turns import taking_turns

log = logging.getLogger(__name__)

# Clubs decided between two turns of the event loop: a few milliseconds' work.
_DECIDE_CHUNK = 100
# A tick resolves at most this many record-only steps (stale claim, give up) before it posts.
_MAX_STEPS = 4
# Posts in flight at once: enough that a slow channel holds nobody up, few enough to stay far
# below Discord's 50 requests a second.
CONCURRENT_CLUBS = 8
# Clubs read and built together: each batch costs the same few reads, and its sends start
# while the next batch is read.
BATCH_CLUBS = 200
# Batches built ahead of the sends: one ready while another goes out, so the sends never wait
# for a build, and a process with thousands of clubs due holds a few batches' posts, not all.
BUILT_AHEAD = 2
# Clubs claimed in one statement once the clubs before them have places to send. Half the
# places: a quarter of a statement per club, and a killed process leaves 12 unsure claims.
CLAIM_GROUP = CONCURRENT_CLUBS // 2


class DailyPostRunner:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        sender: PostSender,
        *,
        owns: Callable[[int], bool] = owns_everything,
        calendar: Calendar | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._store = store
        # The time when a claim is made, which may be well after its tick's (a post waits for
        # its turn to send): whether a cut-off claim is still within Discord's nonce memory is
        # judged then. None: the tick's time (tests that drive ticks by hand).
        self._clock = clock
        # Where the interested lists of today's session events are read (None: not at all).
        self._calendar = calendar
        # Which guilds this process posts for (bot.core.shards): every one unless sharded.
        self._owns = owns
        self._settings = settings
        self._sender = sender
        self._catch_up = timedelta(hours=settings.daily_post.catch_up_hours)
        # Shared by every tick's sends: a tick does not wait for the previous one's.
        self._limit = asyncio.Semaphore(CONCURRENT_CLUBS)
        self._records = SentRecords(store)
        # Clubs whose post this runner is preparing or sending (built, maybe still waiting for
        # a turn to send): a later tick neither reads nor builds them again, and a "sending"
        # claim of any other club is a cut-off one.
        self._sending: set[int] = set()
        # Clubs whose post just failed in a way a moment may mend (the database, a read of
        # its channel), until when they wait (scheduler.RETRY_AFTER): else the scheduler, told
        # the post is still due now, would run it again at once, over and over.
        self._paused: dict[int, datetime] = {}
        self._stopping = False

    def stop_claiming(self) -> None:
        """A stop has begun: claim nothing more; the sends already claimed go on."""
        self._stopping = True

    async def next_due(self, now: datetime) -> datetime | None:
        """When `tick` next has something to do for a club of this process (one read)."""
        due = []
        for r, last in await self._store.clubs.active_with_latest_post():
            if self._owns(r.guild_id):
                schedule = r.schedule(club_zone(self._settings, r))
                sending = r.guild_id in self._sending
                moment = next_due_post(
                    now, schedule, last, catch_up=self._catch_up, in_flight=sending
                )
                paused = self._paused.get(r.guild_id)
                due.append(moment if moment is None or paused is None else max(moment, paused))
        return min((d for d in due if d is not None), default=None)

    async def tick(self, now: datetime) -> dict[int, Outcome]:
        """Do whatever is due at `now` for every club, sends included; each club's outcome."""
        return await (await self.start(now)).finish()

    async def start(self, now: datetime) -> TickRun:
        """Decide what is due at `now` (one read, plus a write for a club whose record needs
        one), then start the reads, builds and sends and return without waiting for them
        (`TickRun.sending`): the scheduler's next run is never late.

        The clubs due are read BATCH_CLUBS at a time with a fixed number of statements per
        batch (their previous tips, sessions, members' leg days and races, each one read), and
        go out side by side, CONCURRENT_CLUBS at a time: one slow channel, which may take up
        to bot.core.resend.POST_SEND_TIMEOUT, holds back nobody. Claims come just before the sends
        (`_send_in_order`); every club a killed process had not claimed is still owed, and
        the next tick (this process or another) sends it.
        """
        outcomes: dict[int, Outcome] = {}
        if self._stopping:
            return TickRun(outcomes)
        due: list[Due] = []
        work = [
            (reminder, latest)
            for reminder, latest in await self._store.clubs.active_with_latest_post()
            if self._owns(reminder.guild_id)
        ]
        async for reminder, latest in taking_turns(work, _DECIDE_CHUNK):
            if reminder.guild_id in self._sending:
                outcomes[reminder.guild_id] = Outcome.NOTHING  # an earlier tick's, in flight
                continue
            if self._paused.get(reminder.guild_id, now) > now:
                outcomes[reminder.guild_id] = Outcome.NOTHING  # failed a moment ago
                continue
            self._paused.pop(reminder.guild_id, None)
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
                self._pause_on_error(reminder.guild_id, decided, now)
            else:
                self._sending.add(reminder.guild_id)
                due.append(decided)
        run = TickRun(outcomes)
        if due:
            run.sending = asyncio.create_task(self._prepare_and_send(due, now))
        return run

    def _done(self, due: Due, outcome: Outcome, now: datetime) -> tuple[int, Outcome]:
        guild_id = due.reminder.guild_id
        self._sending.discard(guild_id)
        self._pause_on_error(guild_id, outcome, now)
        return guild_id, outcome

    def _pause_on_error(self, guild_id: int, outcome: Outcome, now: datetime) -> None:
        if outcome is Outcome.ERROR:
            self._paused[guild_id] = now + RETRY_AFTER

    async def _decide(
        self, reminder: ClubReminder, last: PostRecord | None, now: datetime
    ) -> Outcome | Due:
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
            if decision.action in (Action.POST, Action.RESEND) and decision.slot is not None:
                resend = decision.action is Action.RESEND
                if resend:
                    log.warning(
                        "daily post for guild %s on %s: a send was cut off (restart?); %s",
                        guild_id,
                        day,
                        "looking in the channel for it before sending it again"
                        if decision.look
                        else "sending it again with the same nonce, which Discord dedups",
                    )
                # A resend, or a retry: an earlier attempt at this date may have made the post.
                earlier = None
                if last is not None and last.local_date == day:
                    channel = last.channel_id or reminder.channel_id
                    earlier = Earlier(channel, last.look_from, look=decision.look)
                return Due(reminder, schedule, decision.slot, resend=resend, earlier=earlier)
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
                    "daily post for guild %s on %s: a send was cut off (restart?) and that"
                    " day's post is no longer owed; it may have gone out, so it is not sent again",
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

    async def _prepare_and_send(self, due: list[Due], now: datetime) -> dict[int, Outcome]:
        """Read and build the posts a batch at a time, each batch's sends going out while the
        next is read: the first post waits for one batch's reads, not for every batch's."""
        # Every club's outcome, written as each ends (the sends' by themselves).
        outcomes: dict[int, Outcome] = {}
        built: asyncio.Queue[list[Built] | None] = asyncio.Queue(BUILT_AHEAD)
        sending = asyncio.create_task(self._send_in_order(built, now, outcomes))
        try:
            for first in range(0, len(due), BATCH_CLUBS):
                batch = due[first : first + BATCH_CLUBS]
                try:
                    jobs = await build_batch(
                        self._store, self._settings, self._calendar, batch, now
                    )
                except StoreUnavailable as exc:
                    # Reads come before the claim: nothing is claimed, a later tick tries again.
                    log.warning("daily posts for %d clubs: %s; trying again later", len(batch), exc)
                    outcomes.update(self._done(d, Outcome.ERROR, now) for d in batch)
                except Exception:
                    log.exception("daily posts for %d clubs failed; trying again", len(batch))
                    outcomes.update(self._done(d, Outcome.ERROR, now) for d in batch)
                else:
                    await put_for(built, jobs, sending)
            await put_for(built, None, sending)
            await sending
        finally:
            await cancel_and_wait([sending])
            # Whatever cut this short, no club of this call's is left "in flight", which would
            # hide its post from every later tick of this process: each is owed still. (A club
            # with an outcome may be a later tick's by now: left alone.)
            unfinished = [d for d in due if d.reminder.guild_id not in outcomes]
            outcomes.update(self._done(d, Outcome.ERROR, now) for d in unfinished)
        return outcomes

    async def _send_in_order(
        self, built: asyncio.Queue[list[Built] | None], now: datetime, outcomes: dict[int, Outcome]
    ) -> None:
        """Claim, send and record each club in the order built, CONCURRENT_CLUBS at a time
        across every tick. Each CLAIM_GROUP is claimed in one statement once the group before
        it has its places, so a process killed mid-tick leaves at most CONCURRENT_CLUBS +
        CLAIM_GROUP claims whose send may or may not have gone out (resent with the same nonce
        by a start within SAME_NONCE_WINDOW, else looked for in the channel first: never sent
        twice)."""
        sends: list[asyncio.Task[None]] = []
        try:
            while (jobs := await built.get()) is not None:
                for first in range(0, len(jobs), CLAIM_GROUP):
                    claimed = await self._claim(jobs[first : first + CLAIM_GROUP], now, outcomes)
                    for job, attempt in claimed:
                        await self._limit.acquire()
                        sends.append(asyncio.create_task(self._send(job, attempt, now, outcomes)))
            await asyncio.gather(*sends)
        finally:
            await cancel_and_wait(sends)

    async def _claim(
        self, jobs: list[Built], now: datetime, outcomes: dict[int, Outcome]
    ) -> list[tuple[Built, int]]:
        """Each claimed job with its attempt's number (post_send.claim_all). The others'
        outcomes go in `outcomes`: another tick or process has the date, or a stop has begun
        (still owed: the next start sends it)."""
        attempts: dict[int, int] = {}
        if not self._stopping:
            try:
                current = now if self._clock is None else max(now, self._clock())
                attempts = await claim_all(self._store, jobs, current)
            except StoreUnavailable as exc:
                # A claim that was written all the same is resent by a later tick.
                log.warning("daily posts for %d clubs: %s; trying again later", len(jobs), exc)
                outcomes.update(self._done(job.due, Outcome.ERROR, now) for job in jobs)
                return []
            except Exception:
                # The statement failed whole: nothing is claimed, and the clubs after these
                # still go out.
                log.exception("daily posts for %d clubs failed; trying again", len(jobs))
                outcomes.update(self._done(job.due, Outcome.ERROR, now) for job in jobs)
                return []
        claimed = []
        for job in jobs:
            attempt = attempts.get(job.due.reminder.guild_id)
            if attempt is None:
                outcomes.update([self._done(job.due, Outcome.NOTHING, now)])
            else:
                claimed.append((job, attempt))
        return claimed

    async def _send(
        self, job: Built, attempt: int, now: datetime, outcomes: dict[int, Outcome]
    ) -> None:
        """Send one claimed post and record it, holding one of the CONCURRENT_CLUBS places;
        its outcome goes in `outcomes`."""
        guild_id = job.due.reminder.guild_id
        try:
            outcome = await send_and_record(
                self._store, self._sender, self._records, job, attempt=attempt, now=now
            )
        except StoreUnavailable as exc:
            log.warning("daily post for guild %s: %s; trying again later", guild_id, exc)
            outcome = Outcome.ERROR
        except Exception:
            log.exception("daily post for guild %s failed; the other clubs go on", guild_id)
            outcome = Outcome.ERROR
        finally:
            # Cancelled too (a stop that ran out of time): the claim stays behind.
            self._limit.release()
            self._sending.discard(guild_id)
        outcomes[guild_id] = outcome
        self._pause_on_error(guild_id, outcome, now)
