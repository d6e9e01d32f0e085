"""The club's sessions follow a change of the club's zone (`/club reminder set timezone:`, or
back to `[club] timezone`): a session's times are wall-clock times in that zone, so its event
and its heads-up reads must move with it, at once rather than a week late.

Each published event whose anchor no longer falls on the session's start in the new zone goes
through `refresh`, the same read-then-move as the drift check's: an event an admin edited by
hand is noticed and left as it is. The heads-up reads of every session with a readable event
start again at its next occurrence's heads-up time in the new zone (now, when that has passed
before the start); the pending read queued for the old zone is cancelled in the same step, and
a member's heads-up stays claimed once per occurrence.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.actions.calendar import Calendar
from bot.actions.heads_up import schedule_reads
from bot.actions.session_events import refresh
from bot.config import Settings
from bot.core.clubpost import EventState
from bot.core.session_events import ZoneFollowed, drifted
from bot.store import Store


async def follow_zone(
    store: Store,
    settings: Settings,
    calendar: Calendar | None,
    guild_id: int,
    zone: ZoneInfo,
    now: datetime,
) -> ZoneFollowed:
    """Move the club's session events and heads-up reads to `zone`, the club's new zone."""
    moved = edited = stuck = 0
    for stored in await store.club_sessions.for_club(guild_id):
        session, anchor = stored, stored.event_start_at
        if (
            calendar is not None
            and session.event_state is EventState.PUBLISHED
            and anchor is not None
            and drifted(anchor, session, zone, now)
        ):
            session, _ = await refresh(store, calendar, guild_id, session, timezone=zone, now=now)
            if session.event_state is EventState.EDITED:
                edited += 1
            elif session.event_state is EventState.PUBLISHED:
                if session.event_start_at == anchor:
                    stuck += 1
                else:
                    moved += 1
        await schedule_reads(store, settings, guild_id, session, zone, now)
    return ZoneFollowed(zone, moved=moved, edited=edited, stuck=stuck)
