"""The steps `/club session` takes with the server's calendar.

The session is the club's own record and is kept whatever Discord answers; its event follows
it. The bot never fights an admin: an event deleted or edited by hand in Discord is noticed on
the next read (`refresh`), recorded as such, and left alone from then on.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from bot.actions.calendar import Calendar
from bot.actions.send_errors import TemporaryFailure, TriedOut
from bot.core.clubpost import ClubSession, EventState, session_start, sessions_on
from bot.core.session_events import (
    CANCELED,
    WEEK,
    EventGone,
    EventsForbidden,
    OccurrenceChange,
    PublishedEvent,
    SessionEvent,
    check_guild_room,
    event_drifted,
    has_event,
    next_start,
    rekeyed,
    session_event,
    shown_occurrence,
)
from bot.core.when import at_local, local_date
from bot.render.sessions import FORBIDDEN, REFUSED, UNREACHABLE
from bot.store import Store

log = logging.getLogger(__name__)


def planned_event(session: ClubSession, timezone: ZoneInfo, now: datetime) -> SessionEvent:
    return session_event(session, timezone=timezone, now=now)


async def check_room(calendar: Calendar, guild_id: int) -> None:
    """Refuse before storing anything when the server's calendar is full. A failure to count
    is not a refusal: Discord's own answer to the create request then decides."""
    try:
        count = await calendar.count(guild_id)
    except (EventsForbidden, TemporaryFailure):
        return
    check_guild_room(count)


async def publish(
    store: Store, calendar: Calendar, guild_id: int, session: ClubSession, event: SessionEvent
) -> tuple[ClubSession, str | None]:
    """Put the stored `session` on the calendar; the session is kept whatever Discord says.
    Returns it as stored now, and what went wrong (render/sessions.py's FORBIDDEN,
    UNREACHABLE, REFUSED) or None."""
    assert session.id is not None
    problem = None
    try:
        event_id: int | None = await calendar.publish(guild_id, event)
    except EventsForbidden:
        problem = FORBIDDEN
    except TemporaryFailure:
        problem = UNREACHABLE
    except Exception:
        # An answer nothing expects (a 400): the session is stored already, so the reply
        # says its event is not on the calendar, rather than failing as if nothing was added.
        log.exception("session %s: its event could not be published", session.id)
        problem = REFUSED
    if problem is not None:
        state, event_id, anchor = EventState.UNPUBLISHED, None, None
    else:
        state, anchor = EventState.PUBLISHED, event.start
    stored = await store.club_sessions.set_event(
        guild_id, session.id, event_id=event_id, state=state, anchor=anchor
    )
    return stored, problem


class TodaysEvents(NamedTuple):
    """The club's sessions as the events of one day show them, and who is interested in each
    of that day's, by session id (those whose event could be read)."""

    sessions: list[ClubSession]
    interested: dict[int, list[int]]
    # False when Discord did not answer a read then (a 5xx, a 429, after discord.py's own
    # tries; a timeout): the other clubs due with this one are built without their events.
    # A read that failed at once (an answer lost on the way) costs no wait to spare them.
    answered: bool = True


async def todays_events(
    calendar: Calendar | None,
    guild_id: int,
    sessions: Sequence[ClubSession],
    day: date,
    timezone: ZoneInfo,
    at: datetime,
) -> TodaysEvents:
    """`day`'s sessions as their events show them at `at`, as the heads-up reads them: one an
    admin cancelled in Discord (the series, or that day's occurrence) or moved to another day
    is left out, one moved to another time that day starts then. A session whose event cannot
    be read is kept as it is, its members counted over the whole club as without an event."""
    if calendar is None:
        return TodaysEvents(list(sessions), {})
    todays = {s.id for s in sessions_on(sessions, day)}
    # The event's occurrences from the day's first instant on (one at 00:00 included).
    day_began = at_local(day, time(0), timezone) - timedelta(microseconds=1)
    kept: list[ClubSession] = []
    found: dict[int, list[int]] = {}
    answered, tried_out = True, False
    for session in sessions:
        session_id, event_id = session.id, session.event_id
        # Another day's, or one without an event to go by (deleted, never published), or
        # any once Discord left one of the club's reads unanswered (each would wait the same).
        if (
            tried_out
            or session_id not in todays
            or session_id is None
            or event_id is None
            or not has_event(session)
        ):
            kept.append(session)
            continue
        start = session_start(day, session, timezone)
        try:
            event = await calendar.read(guild_id, event_id)
        except TriedOut as exc:
            tried_out, answered = True, not exc.everywhere
            kept.append(session)
            continue
        except TemporaryFailure:
            kept.append(session)
            continue
        except (EventGone, EventsForbidden):
            kept.append(session)
            continue
        except Exception:
            # An answer nothing expects (a 400, Missing Access): the day's posts, every club's
            # of the batch, go out all the same, this session counted as without an event.
            log.exception("session %s: its event could not be read for the post", session_id)
            kept.append(session)
            continue
        event = _moved_on(event, session, start, timezone)
        shown = shown_occurrence(session, _unstepped(event, day_began, at), start, day_began)
        if shown.start is None:
            continue
        if shown.start != start and local_date(shown.start, timezone) != day:
            continue
        # Moved by hand within the day: the post shows (and judges) it at its new time.
        moved = {"start": shown.start.astimezone(timezone).time()}
        kept.append(session if shown.start == start else session.model_copy(update=moved))
        try:
            found[session_id] = await calendar.interested(guild_id, event_id, shown.original)
        except TriedOut as exc:
            tried_out, answered = True, not exc.everywhere
        except TemporaryFailure:
            continue
        except (EventGone, EventsForbidden):
            continue
        except Exception:
            log.exception("session %s: its interested list could not be read", session_id)
    return TodaysEvents(kept, found, answered)


def _moved_on(
    event: PublishedEvent, session: ClubSession, start: datetime, timezone: ZoneInfo
) -> PublishedEvent:
    """`event` at today's occurrence (starting at `start`) where the bot moved it on to the
    session's next start, a week less or more an hour away when the clocks change before it
    (moved at today's end), where stepping back a week would find it an hour off."""
    if not session.event_start_at == event.start == next_start(session, timezone, start):
        return event
    end = None if event.end is None else start + (event.end - event.start)
    return event.model_copy(update={"start": start, "end": end})


def _unstepped(event: PublishedEvent, day_began: datetime, at: datetime) -> PublishedEvent:
    """The weekly `event` as it stood for the day begun at `day_began`: once an occurrence has
    ended (the console's calendar: begun) the event shows the next one's start, so a post read
    at `at`, after the day's session, reads next week's; its start goes back by whole weeks to
    the day's occurrence begun by then, or to one an admin changed (moved earlier, and over
    before `at`, though its start by the rule is still to come), else the session looks moved
    away by hand and is left out of the post."""
    if event.rule_start is None:
        return event
    changed = {change.original for change in event.changes}
    start, end = event.start, event.end
    while day_began < start - WEEK and (start - WEEK <= at or start - WEEK in changed):
        start, end = start - WEEK, None if end is None else end - WEEK
    return event.model_copy(update={"start": start, "end": end})


async def stored_session(store: Store, guild_id: int, session_id: int | None) -> ClubSession | None:
    """The club's session `session_id` as stored now; None once it was removed."""
    sessions = await store.club_sessions.for_club(guild_id)
    return next((s for s in sessions if s.id == session_id), None)


class Refreshed(NamedTuple):
    """What `refresh` found: the session as stored, and its event as read, if it was."""

    session: ClubSession
    published: PublishedEvent | None
    # Discord could not be reached, or asked to wait, before the event was read or moved, or
    # the move waits for an occurrence an admin moved to end (`_ongoing_by_hand`): a later try
    # may do it (a refusal, EventsForbidden, is no failure for now).
    for_now: bool = False


def _by_hand(published: PublishedEvent, session: ClubSession, event: SessionEvent) -> bool:
    """Whether an admin changed the event: another name, place, length or way of repeating
    (a move would set it back to weekly), or a start off the weekly grid the bot anchored
    (Discord steps it a week on by itself) and off that of the session's start now, where a
    lost answer to the bot's own move left it (it is then moved, and anchored, again)."""
    anchor = session.event_start_at
    if anchor is None or published.status == CANCELED or not published.weekly:
        return True
    if (published.name, published.location) != (event.name, event.location):
        return True
    if (published.start - anchor) % WEEK and (published.start - event.start) % WEEK:
        return True
    length = None if published.end is None else published.end - published.start
    return length != event.end - event.start


async def refresh(
    store: Store,
    calendar: Calendar,
    guild_id: int,
    session: ClubSession,
    *,
    timezone: ZoneInfo,
    now: datetime,
) -> Refreshed:
    """Read a published session's event: note a hand deletion or edit (and leave the event
    alone from then on), move it to the next local start when Discord's UTC rule has drifted
    from the club's clock."""
    if not has_event(session) or session.event_id is None:
        return Refreshed(session, None)
    assert session.id is not None
    session_id, event_id = session.id, session.event_id
    event = planned_event(session, timezone, now)
    try:
        published = await calendar.read(guild_id, event_id)
    except EventGone:
        gone = await store.club_sessions.set_event(
            guild_id, session_id, event_id=None, state=EventState.DELETED, anchor=None
        )
        return Refreshed(gone, None)
    except (EventsForbidden, TemporaryFailure) as exc:
        return Refreshed(session, None, for_now=isinstance(exc, TemporaryFailure))
    if session.event_state is EventState.EDITED:
        return Refreshed(session, published)  # the admin's now: only its deletion is noted
    if _by_hand(published, session, event):
        # Another move (an admin's change of the club's zone, a heads-up read) may have stored
        # a new anchor while the event was read: compared with the session as stored now,
        # that move is no edit by hand.
        stored = await stored_session(store, guild_id, session_id)
        if stored is None or (stored.event_state, stored.event_id) != (
            EventState.PUBLISHED,
            event_id,
        ):
            return Refreshed(stored or session, published)
        session, event = stored, planned_event(stored, timezone, now)
    if _by_hand(published, session, event):
        state, anchor = EventState.EDITED, session.event_start_at
    elif event_drifted(session, timezone, now):
        if _ongoing_by_hand(published, session, timezone, now):
            return Refreshed(session, published, for_now=True)
        try:
            await calendar.move(guild_id, event_id, event)
        except TemporaryFailure:
            # Discord may have made the move all the same (its answer lost on the way, a 5xx
            # after the change), dropping the admin's single-occurrence changes, which only
            # this read still knows: they are made again if the event shows the move.
            if not await _moved_all_the_same(calendar, guild_id, event_id, event):
                return Refreshed(session, published, for_now=True)
        except (EventsForbidden, EventGone):
            return Refreshed(session, published)
        state, anchor = EventState.PUBLISHED, event.start
        kept = await _keep_changes(calendar, guild_id, event_id, published, session, timezone, now)
        # As Discord has it now: a list shows the start the event was moved to.
        published = published.model_copy(
            update={"start": event.start, "end": event.end, "changes": kept}
        )
    else:
        return Refreshed(session, published)
    recorded = await store.club_sessions.set_event(
        guild_id, session_id, event_id=event_id, state=state, anchor=anchor
    )
    return Refreshed(recorded, published)


async def _moved_all_the_same(
    calendar: Calendar, guild_id: int, event_id: int, event: SessionEvent
) -> bool:
    """Whether a move that failed for now shows in the event read again: it starts at
    `event`'s start (a read that fails too counts as not moved)."""
    try:
        now_shown = await calendar.read(guild_id, event_id)
    except (EventGone, EventsForbidden, TemporaryFailure):
        return False
    return now_shown.start == event.start


async def refresh_for_a_command(
    store: Store,
    calendar: Calendar,
    guild_id: int,
    session: ClubSession,
    *,
    timezone: ZoneInfo,
    now: datetime,
) -> Refreshed:
    """`refresh`, for a command that goes through every session (`/club session list`, a new
    club zone): an answer of Discord's nothing expects (a 400, Missing Access) is logged and
    the session kept as stored, so the other sessions are listed or moved all the same, as
    the daily post and the heads-ups go on."""
    try:
        return await refresh(store, calendar, guild_id, session, timezone=timezone, now=now)
    except Exception:
        log.exception("session %s: its event could not be read or moved", session.id)
        return Refreshed(session, None)


def _ongoing_by_hand(
    published: PublishedEvent, session: ClubSession, timezone: ZoneInfo, now: datetime
) -> bool:
    """Whether an occurrence an admin moved has not ended though its start by the rule has
    passed (18:30 moved to 20:00, read at 19:30): a move of the event now makes Discord drop
    that change, which cannot be made again (`rekeyed`: its key lies before the new rule's
    start), and the session vanishes from the calendar. The move waits for a later read."""
    length = timedelta(minutes=session.minutes)
    return any(
        not change.canceled
        and change.start is not None
        and (change.end or change.start + length) > now
        and rekeyed(change, session, timezone, now) is None
        for change in published.changes
    )


async def _keep_changes(
    calendar: Calendar,
    guild_id: int,
    event_id: int,
    moved: PublishedEvent,
    session: ClubSession,
    timezone: ZoneInfo,
    now: datetime,
) -> tuple[OccurrenceChange, ...]:
    """Make again the admin's changes to single occurrences ahead (cancelled, or moved) that
    the bot's move of the event made Discord drop, each at its occurrence's new start; the
    changes the event has now. One Discord will not take now is left: the admin sees it gone
    from the event."""
    kept: list[OccurrenceChange] = []
    for change in moved.changes:
        again = rekeyed(change, session, timezone, now)
        if again is None:
            continue
        try:
            await calendar.keep_change(guild_id, event_id, again)
        except (EventsForbidden, TemporaryFailure, EventGone) as exc:
            log.warning("event %s: a change to one occurrence not made again (%r)", event_id, exc)
            continue
        except Exception:
            # An answer nothing expects (a 400): that change alone is lost, not those after it.
            log.exception("event %s: a change to one occurrence not made again", event_id)
            continue
        kept.append(again)
    return tuple(kept)


async def unpublish(
    calendar: Calendar, guild_id: int, session: ClubSession, *, timezone: ZoneInfo, now: datetime
) -> tuple[ClubSession, str | None]:
    """Delete a removed session's event, unless an admin changed it since the last read: it is
    theirs then, and stays. Returns the session with its event's state as found, and what went
    wrong, for the reply, or None."""
    if not has_event(session) or session.event_id is None:
        return session, None
    try:
        published = await calendar.read(guild_id, session.event_id)
        edited = session.event_state is EventState.EDITED
        if edited or _by_hand(published, session, planned_event(session, timezone, now)):
            return session.model_copy(update={"event_state": EventState.EDITED}), None
        await calendar.remove(guild_id, session.event_id)
    except EventGone:
        return session.model_copy(update={"event_state": EventState.DELETED}), None
    except EventsForbidden:
        return session, FORBIDDEN
    except TemporaryFailure:
        return session, UNREACHABLE
    return session, None
