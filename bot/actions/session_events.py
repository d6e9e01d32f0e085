"""The steps `/club session` takes with the server's calendar.

The session is the club's own record and is kept whatever Discord answers; its event follows
it. The bot never fights an admin: an event deleted or edited by hand in Discord is noticed on
the next read (`refresh`), recorded as such, and left alone from then on.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from bot.actions.calendar import Calendar
from bot.actions.send_errors import TemporaryFailure
from bot.core.clubpost import ClubSession, EventState, session_start, sessions_on
from bot.core.session_events import (
    EventGone,
    EventsForbidden,
    PublishedEvent,
    SessionEvent,
    check_guild_room,
    event_drifted,
    session_event,
)
from bot.render.sessions import FORBIDDEN, UNREACHABLE
from bot.store import Store

WEEK = timedelta(days=7)
# Discord's GuildScheduledEventStatuses CANCELED: only an admin cancels the bot's event.
CANCELED = 4


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
    UNREACHABLE) or None."""
    assert session.id is not None
    problem = None
    try:
        event_id: int | None = await calendar.publish(guild_id, event)
    except EventsForbidden:
        problem = FORBIDDEN
    except TemporaryFailure:
        problem = UNREACHABLE
    if problem is not None:
        state, event_id, anchor = EventState.UNPUBLISHED, None, None
    else:
        state, anchor = EventState.PUBLISHED, event.start
    stored = await store.club_sessions.set_event(
        guild_id, session.id, event_id=event_id, state=state, anchor=anchor
    )
    return stored, problem


async def interested_today(
    calendar: Calendar | None,
    guild_id: int,
    sessions: Sequence[ClubSession],
    day: date,
    timezone: ZoneInfo,
) -> dict[int, list[int]]:
    """Who is interested in the events of `day`'s sessions, by session id: the sessions whose
    event could be read (the others are counted over all members, as without events)."""
    found: dict[int, list[int]] = {}
    if calendar is None:
        return found
    for session in sessions_on(sessions, day):
        if session.id is None or session.event_id is None:
            continue
        if session.event_state not in (EventState.PUBLISHED, EventState.EDITED):
            continue
        try:
            found[session.id] = await calendar.interested(
                guild_id, session.event_id, session_start(day, session, timezone)
            )
        except (EventGone, EventsForbidden, TemporaryFailure):
            continue
    return found


async def stored_session(store: Store, guild_id: int, session_id: int | None) -> ClubSession | None:
    """The club's session `session_id` as stored now; None once it was removed."""
    sessions = await store.club_sessions.for_club(guild_id)
    return next((s for s in sessions if s.id == session_id), None)


class Refreshed(NamedTuple):
    """What `refresh` found: the session as stored, and its event as read, if it was."""

    session: ClubSession
    published: PublishedEvent | None
    # Discord could not be reached, or asked to wait, before the event was read or moved: a
    # later try may do it (a refusal, EventsForbidden, is no failure for now).
    for_now: bool = False


def _by_hand(published: PublishedEvent, session: ClubSession, event: SessionEvent) -> bool:
    """Whether an admin changed the event: another name or place, another length, or a start
    off the weekly grid the bot anchored (Discord moves the start a week on by itself) and off
    the grid of the session's start now, where a move of the bot's own whose answer was lost
    left it (it is then moved, and anchored, again)."""
    anchor = session.event_start_at
    if anchor is None or published.status == CANCELED:
        return True
    if (published.name, published.location) != (event.name, event.location):
        return True
    if (published.start - anchor) % WEEK and (published.start - event.start) % WEEK:
        return True
    length = None if published.end is None else published.end - published.start
    return length != event.end - event.start


# The events read again: the bot's own, and one an admin edited (to notice its deletion; an
# edited one is otherwise left as they set it).
_READ = (EventState.PUBLISHED, EventState.EDITED)


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
    if session.event_state not in _READ or session.event_id is None:
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
        try:
            await calendar.move(guild_id, event_id, event)
        except (EventsForbidden, TemporaryFailure, EventGone) as exc:
            return Refreshed(session, published, for_now=isinstance(exc, TemporaryFailure))
        state, anchor = EventState.PUBLISHED, event.start
        # As Discord has it now: a list shows the start the event was moved to.
        published = published.model_copy(update={"start": event.start, "end": event.end})
    else:
        return Refreshed(session, published)
    recorded = await store.club_sessions.set_event(
        guild_id, session_id, event_id=event_id, state=state, anchor=anchor
    )
    return Refreshed(recorded, published)


async def unpublish(
    calendar: Calendar, guild_id: int, session: ClubSession, *, timezone: ZoneInfo, now: datetime
) -> tuple[ClubSession, str | None]:
    """Delete a removed session's event, unless an admin changed it since the last read: it is
    theirs then, and stays. Returns the session with its event's state as found, and what went
    wrong, for the reply, or None."""
    if session.event_id is None or session.event_state not in _READ:
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
