"""Heads-ups before a club session: one DM to each interested member whose verdict for the
session, at its start, is WAIT or EASY-ONLY (GO too for a member who chose `heads_up: all`).

A session with an event has one stored read timer (kind 'heads_up', fired by `TimerRunner`) at
`[club] session_heads_up_hours` before each start. Each read takes the event's interested list, and
chains the next read in the same transaction: every REREAD_EVERY until the start (a late
"Interested" is told within that), then the next occurrence's heads-up time, with one at the end
between when the clocks change before it (`next_read`: it moves the event). A member's heads-up is
claimed by its row (guild, session, occurrence, user) before the DM goes out, so no second read,
restart or shard sends it twice. A claim a crash cut off (still 'sending', not this process's) is
settled by the next read: looked for in the member's DMs, recorded when there, sent when not (a
look that fails for now waits for the read after). One still 'sending' when its session starts,
which no read looks at any more, is given up (`settle_started`). The verdict is `/canirun`'s: the
same core, the same wording, the member's check-in soreness of the day as `/canirun` takes it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from bot.actions.calendar import Calendar
from bot.actions.context import club_zone, member_zone
from bot.actions.dm_sender import CONCURRENT_SENDS, DmSender
from bot.actions.send_errors import DmClosed, RecipientGone, TemporaryFailure, error_note
from bot.actions.session_events import refresh, stored_session
from bot.config import Settings
from bot.core.advice import advise
from bot.core.clubpost import ClubSession, EventState
from bot.core.links import event_link
from bot.core.models import Advice, HeadsUp, LegDay, MemberRef, PlannedRun, Verdict
from bot.core.reminders import Timer, TimerState
from bot.core.resend import DM_SEND_TIMEOUT, heads_up_nonce
from bot.core.session_events import (
    EventGone,
    EventsForbidden,
    HeadsUpKey,
    PublishedEvent,
    event_drifted,
    has_event,
    heads_up_at,
    judged_start,
    next_read,
    next_start,
    shown_occurrence,
)
from bot.core.when import local_date
from bot.render.heads_up import heads_up_mark, heads_up_notice, heads_up_reply
from bot.render.reminders import DM_NOTICE_KIND, checkin_used_line
from bot.store import Store

log = logging.getLogger(__name__)

Outcome = Literal["sent", "dropped", "nothing", "moved"]

# Why a claim no read settled before its session started was given up (the member's export).
UNSETTLED = "not settled before the session started: may have gone out"


class _Asked(NamedTuple):
    """What `/canirun` would answer a member for a session's start, and what goes with it."""

    advice: Advice
    leg_days: list[LegDay]
    wanted: HeadsUp
    checkin: str | None  # the line naming the check-in whose soreness counted


async def schedule_reads(
    store: Store,
    settings: Settings,
    guild_id: int,
    session: ClubSession,
    zone: ZoneInfo,
    now: datetime,
) -> None:
    """Store the first read of a session's interested list, its pending read cancelled: at
    the heads-up time of its next start, or now when that has passed already. Nothing for a
    session without a readable event."""
    if session.id is None or not has_event(session):
        return
    start = next_start(session, zone, now)
    due = max(heads_up_at(start, settings.club.session_heads_up_hours), now)
    await store.heads_ups.schedule(guild_id, session.id, due_at=due, now=now)


class HeadsUpReader:
    def __init__(
        self, store: Store, settings: Settings, sender: DmSender, calendar: Calendar | None
    ) -> None:
        self._store = store
        self._settings = settings
        self._sender = sender
        self._calendar = calendar
        # Heads-ups this process is sending: any other claim left 'sending' was cut off.
        self._sending: set[HeadsUpKey] = set()
        # The occurrence whose read last tried to move a drifted event and was refused or
        # answered, by (guild, session): one such try an occurrence (one entry a session whose
        # event drifted).
        self._moves_tried: dict[tuple[int, int], datetime] = {}

    async def read(self, timer: Timer, now: datetime) -> Outcome:
        """Fire one due read timer: chain the next, then tell whoever should hear."""
        store = self._store
        session = await stored_session(store, timer.guild_id, timer.session_id)
        if session is None or not has_event(session) or self._calendar is None:
            # Removed, or no event any more: the chain ends here.
            claimed = await store.timers.claim(timer.id, now=now, state=TimerState.CANCELLED)
            return "nothing" if claimed is None else "dropped"
        assert session.event_id is not None
        zone = club_zone(self._settings, await store.clubs.get(timer.guild_id))
        hours = self._settings.club.session_heads_up_hours
        start = next_start(session, zone, timer.due_at)
        due = heads_up_at(start, hours)
        if now < due:
            # Queued for another zone's occurrence (a [club] timezone change across a restart),
            # a shorter lead, or the end of the last occurrence before the clocks change
            # (`next_read`): nobody is told this early, nor the list read every REREAD_EVERY
            # until a start days away; the chain waits for this occurrence's heads-up time, and
            # a drifted event is moved now by the process whose claim this is.
            moved = await store.timers.claim(timer.id, now=now, state=TimerState.DROPPED, then=due)
            if moved is None:
                return "nothing"
            await self._on_the_clubs_clock(timer.guild_id, session, zone, start, now)
            return "moved"
        late = now >= start
        then = next_read(session, zone, start, now, hours)
        state = TimerState.DROPPED if late else TimerState.SENT
        if await store.timers.claim(timer.id, now=now, state=state, then=then) is None:
            return "nothing"
        if late:
            log.info("heads-up read %s dropped: the session started at %s", timer.id, start)
            return "dropped"
        session, event = await self._on_the_clubs_clock(timer.guild_id, session, zone, start, now)
        if session.event_id is None:
            return "sent"  # deleted in Discord, as the move found: the next read ends
        try:
            if event is None:
                event = await self._calendar.read(timer.guild_id, session.event_id)
            # Called off by an admin, the series or this one occurrence: nobody is told.
            shown = shown_occurrence(session, event, start, now)
            if shown.start is None:
                log.info("heads-up read %s: the event is cancelled", timer.id)
                return "sent"
            # Hand edits win: an interested member goes by the start the event shows.
            if shown.start != start:
                if not judged_start(shown.start, now, hours):
                    log.info("heads-up read %s: moved by hand to %s", timer.id, shown.start)
                    return "sent"
                start = shown.start
            interested = await self._calendar.interested(
                timer.guild_id, session.event_id, shown.original
            )
        except EventGone:
            # Deleted in Discord: recorded as the session list would; the next read ends.
            assert session.id is not None
            await store.club_sessions.set_event(
                timer.guild_id, session.id, event_id=None, state=EventState.DELETED, anchor=None
            )
            return "sent"
        except (EventsForbidden, TemporaryFailure) as exc:
            # The next read (chained above) tries again.
            log.warning("heads-up read %s: interested list unreadable (%r)", timer.id, exc)
            return "sent"
        await self.tell(timer.guild_id, session, start, interested, now)
        return "sent"

    async def _on_the_clubs_clock(
        self, guild_id: int, session: ClubSession, zone: ZoneInfo, start: datetime, now: datetime
    ) -> tuple[ClubSession, PublishedEvent | None]:
        """The session as stored once its event starts at the session's next start on the
        club's clock, and its event where this read it (the caller reads it otherwise): moved
        where Discord's weekly rule has drifted from it (the clocks changed, or the club's zone
        while the bot was down), before its members are told, as `/club session list` would;
        an event edited by hand is left as it is. One Discord refuses to move is asked once by
        the reads from the heads-up time of the occurrence starting at `start` (an early read's
        refusal, days before, does not count) in this process, not at every re-read (each
        refusal counts toward Discord's limit on invalid requests; the next occurrence, or the
        list, tries again); one Discord could not be reached is tried at the next re-read."""
        if (
            self._calendar is None
            or session.id is None
            or not event_drifted(session, zone, now)
            or self._moves_tried.get((guild_id, session.id)) == start
        ):
            return session, None
        self._moves_tried[guild_id, session.id] = start
        try:
            found = await refresh(
                self._store, self._calendar, guild_id, session, timezone=zone, now=now
            )
        except Exception:
            # An answer of Discord's nothing expects (a 400): the heads-ups go out all the same.
            log.exception("session %s: its event could not be moved", session.id)
            return session, None
        if found.for_now or now < heads_up_at(start, self._settings.club.session_heads_up_hours):
            self._moves_tried.pop((guild_id, session.id), None)
        return found.session, found.published

    async def ensure_reads(self, now: datetime, owns: Callable[[int], bool]) -> int:
        """Start the chain of reads of every published session that has none (published
        before this version, or a chain a failure broke); returns how many were started."""
        store = self._store
        started = 0
        for guild_id, session_id in await store.heads_ups.unscheduled():
            session = await stored_session(store, guild_id, session_id)
            if not owns(guild_id) or session is None:
                continue
            zone = club_zone(self._settings, await store.clubs.get(guild_id))
            await schedule_reads(store, self._settings, guild_id, session, zone, now)
            started += 1
        if started:
            log.info("heads-up reads started for %d published session(s)", started)
        return started

    async def settle_started(self, now: datetime) -> int:
        """Give up the claims still 'sending' (Discord's answer lost at the last read, a
        crash) of occurrences that started at least DM_SEND_TIMEOUT ago: no read looks for
        them any more, and a heads-up after the start is of no use. Recorded failed, as
        possibly sent, never sent; a send of theirs that made its DM after all still records
        it as sent. Returns how many."""
        return await self._store.heads_ups.resolve_stale(now - DM_SEND_TIMEOUT, error=UNSETTLED)

    async def next_settle(self) -> datetime | None:
        """When `settle_started` has a claim to give up, at the soonest."""
        first = await self._store.heads_ups.first_claimed_start()
        return None if first is None else first + DM_SEND_TIMEOUT

    async def tell(
        self,
        guild_id: int,
        session: ClubSession,
        start: datetime,
        interested: Sequence[int],
        now: datetime,
    ) -> None:
        """Send the occurrence's heads-ups not sent yet to the `interested` members, and
        settle those a crash cut off."""
        session_id = session.id
        assert session_id is not None
        told = await self._store.heads_ups.told(guild_id, session_id, start)
        limit = asyncio.Semaphore(CONCURRENT_SENDS)

        async def one(user_id: int) -> None:
            key = HeadsUpKey(guild_id, session_id, start, user_id)
            if key in self._sending:
                return
            self._sending.add(key)
            try:
                async with limit:
                    claimed_at = told.get(user_id)
                    if claimed_at is None:
                        await self._one(key, session, now)
                    else:
                        await self._cut_off(key, session, claimed_at, now)
            except Exception:
                log.exception("heads-up to user %s failed; the others go on", user_id)
            finally:
                self._sending.discard(key)

        # A claim that ended (None) is left alone.
        owed = [user for user in interested if user not in told or told[user] is not None]
        await asyncio.gather(*(one(user) for user in owed))

    async def _advice(
        self, member: MemberRef, session: ClubSession, start: datetime, now: datetime
    ) -> _Asked:
        """`/canirun type:<the session's> when:<its start> minutes:<its length>`, asked now."""
        store, rules = self._store, self._settings.advice
        # One read, as /canirun's: every zone's date lies within a day of UTC's.
        utc_today = now.astimezone(UTC).date()
        days = (utc_today - timedelta(days=1), utc_today + timedelta(days=1))
        inputs = await store.members.advice_inputs(member, start - rules.window, days)
        profile, recent = inputs.profile, inputs.leg_days
        zone = member_zone(profile, self._settings)
        # Today's check-in stands in for a soreness, as in /canirun (it counts within 24 h).
        answer = inputs.checkin_on(local_date(now, zone))
        plan = PlannedRun(
            run_type=session.run_type,
            at=start,
            minutes=session.minutes,
            soreness=None if answer is None else answer.soreness,
        )
        leg_days = [day for day in recent if day.at <= start]
        advice = advise(plan, leg_days, profile, rules, now=now)
        checkin = checkin_used_line(answer, zone, advice)
        return _Asked(advice, leg_days, profile.heads_up, checkin)

    def _link(self, guild_id: int, session: ClubSession) -> str | None:
        """The session's event link, where the front end has links to follow."""
        if self._calendar is None or not self._calendar.links or session.event_id is None:
            return None
        return event_link(guild_id, session.event_id)

    async def _one(
        self,
        key: HeadsUpKey,
        session: ClubSession,
        now: datetime,
        *,
        claimed_at: datetime | None = None,
    ) -> None:
        """Claim, send and record one member's heads-up; with `claimed_at`, the claim a crash
        cut off, whose DM is known not to be there, is taken over instead. Every write after
        the claim names the claim's time (`now`): a claim another process took over since is
        theirs, and left alone."""
        heads_ups = self._store.heads_ups
        member = MemberRef(guild_id=key.guild_id, user_id=key.user_id)
        advice, leg_days, wanted, checkin = await self._advice(member, session, key.occurrence, now)
        if not wanted.wants(advice.verdict):
            if claimed_at is not None:
                # Nothing went out, and nothing is owed now.
                await heads_ups.release(key, claimed_at=claimed_at)
            return
        if claimed_at is None:
            claimed = await heads_ups.claim(key, advice.verdict, now=now)
        else:
            claimed = await heads_ups.restart_claim(
                key, advice.verdict, claimed_at=claimed_at, now=now
            )
        if not claimed:
            return
        hard = None
        if advice.verdict is Verdict.WAIT:
            hard = next((d.id for d in leg_days if d.is_hard and d.at == advice.last_hard), None)
        reply = heads_up_reply(
            session,
            key.occurrence,
            self._link(key.guild_id, session),
            advice,
            rules=self._settings.advice,
            now=now,
            remind_entry=hard,
            checkin=checkin,
        )
        try:
            async with asyncio.timeout(DM_SEND_TIMEOUT.total_seconds()):
                await self._sender.send_dm(
                    member.guild_id, member.user_id, reply, nonce=heads_up_nonce(*key)
                )
        except DmClosed as exc:
            await heads_ups.finish(key, claimed_at=now, sent=False, error=error_note(exc))
            notice = heads_up_notice(session, key.occurrence)  # kept only while `key` is stored
            await self._store.notices.add_about_heads_up(key, DM_NOTICE_KIND, notice, now=now)
            return
        except RecipientGone as exc:
            await heads_ups.finish(key, claimed_at=now, sent=False, error=error_note(exc))
            return
        except (TemporaryFailure, TimeoutError) as exc:
            # Discord may have made it all the same (a 5xx, an answer lost on the way): the
            # claim stays, and the next read looks for the DM before sending it again.
            log.warning(
                "heads-up to user %s failed for now (%r); the next read looks for it first",
                member.user_id,
                exc,
            )
            return
        await heads_ups.finish(key, claimed_at=now, sent=True)

    async def _cut_off(
        self, key: HeadsUpKey, session: ClubSession, claimed_at: datetime, now: datetime
    ) -> None:
        """A heads-up claimed at `claimed_at` and never recorded (a crash, a send that failed
        for now): looked for in the member's DMs whatever its age, since a heads-up's text
        changes with the advice and so cannot lean on the nonce alone. A send still in flight
        elsewhere, which the look may miss, carries the same nonce and is younger than
        Discord's window (DM_SEND_TIMEOUT): one DM either way."""
        heads_ups = self._store.heads_ups
        mark = heads_up_mark(session, key.occurrence, self._link(key.guild_id, session))
        try:
            async with asyncio.timeout(DM_SEND_TIMEOUT.total_seconds()):
                found = await self._sender.find_dm(
                    key.guild_id, key.user_id, mark, after=claimed_at
                )
        except (DmClosed, RecipientGone) as exc:
            # Not knowing is not "not there": a second DM is worse than a missing one.
            error = f"cut off, and the member's DMs cannot be read: may have gone out ({exc})"
            await heads_ups.finish(key, claimed_at=claimed_at, sent=False, error=error_note(error))
            return
        except (TemporaryFailure, TimeoutError) as exc:
            log.warning(
                "heads-up to user %s: could not read their DMs for now (%r); the next read"
                " looks again",
                key.user_id,
                exc,
            )
            return
        if found:
            await heads_ups.finish(key, claimed_at=claimed_at, sent=True)
            log.info("heads-up to user %s: a cut-off DM went out; recorded", key.user_id)
            return
        log.warning(
            "heads-up to user %s: a cut-off DM is not in their DMs; sending it", key.user_id
        )
        await self._one(key, session, now, claimed_at=claimed_at)
