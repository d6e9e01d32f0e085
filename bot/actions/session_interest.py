"""How many are interested in a session's event, as `/club session list` shows it: the members
interested in its next occurrence, counted as the daily post and the heads-up count them.

Discord's own count (`user_count`) is not that: it counts the bot itself (Discord subscribes an
event's creator to it), users who left the server, and the series' answers only, not a
member's "not this week" or "this week only"."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.actions.calendar import Calendar
from bot.actions.send_errors import TemporaryFailure
from bot.core.clubpost import ClubSession, EventState
from bot.core.session_events import (
    EventGone,
    EventsForbidden,
    PublishedEvent,
    next_start,
    shown_occurrence,
)

log = logging.getLogger(__name__)


async def members_interested(
    calendar: Calendar,
    guild_id: int,
    session: ClubSession,
    published: PublishedEvent | None,
    *,
    timezone: ZoneInfo,
    now: datetime,
) -> PublishedEvent | None:
    """`published` with `interested` the count of members interested in the session's next
    occurrence (the one the event shows for it), or None when the list could not be read
    (the line then shows no count); as it is for an event that is not the bot's to count."""
    if published is None or session.event_state is not EventState.PUBLISHED:
        return published
    start = next_start(session, timezone, now)
    original = shown_occurrence(session, published, start, now).original
    try:
        members = await calendar.interested(guild_id, published.id, original)
    except (EventGone, EventsForbidden, TemporaryFailure):
        members = None
    except Exception:
        # An answer nothing expects (a 400): the other sessions are listed all the same.
        log.exception("session %s: its interested list could not be read", session.id)
        members = None
    return published.model_copy(update={"interested": None if members is None else len(members)})
