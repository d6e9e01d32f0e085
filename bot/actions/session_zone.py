"""The club's sessions follow a change of the club's zone (`/club reminder set timezone:`, or
back to `[club] timezone`): a session's times are wall-clock times in that zone, so its event
and its heads-up reads must move with it, at once rather than a week late.

Each published event whose anchor no longer falls on the session's start in the new zone goes
through `refresh`, the same read-then-move as the drift check's: an event an admin edited by
hand is noticed and left as it is. The heads-up reads of every session with a readable event
start again at its next occurrence's heads-up time in the new zone (now, when that has passed
before the start); the pending read queued for the old zone is cancelled in the same step, and
a member's heads-up stays claimed once per occurrence.

A zone that changed while the bot was down (`[club] timezone`, for the clubs that follow it)
is followed at the start (`place_reads`): the reads then queued after their heads-up time in
the club's zone come at it. Their events move at the read (HeadsUpReader keeps an event on
the club's clock), or at the next `/club session list`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.actions.calendar import Calendar
from bot.actions.context import club_zone
from bot.actions.heads_up import schedule_reads
from bot.actions.session_events import refresh_for_a_command
from bot.config import Settings
from bot.core.clubpost import ClubSession, EventState, Weekday
from bot.core.models import RunType
from bot.core.reminders import clock_of, offset_spans
from bot.core.session_events import WEEK, ZoneFollowed, event_drifted, first_read, read_in_zone
from bot.store import Store
from bot.turns import taking_turns

log = logging.getLogger(__name__)


# How many times a move follows a zone another admin set meanwhile, before leaving the rest
# to the next change or drift check (only admins setting the zone again and again reach it).
_FOLLOWS_MAX = 3
# The zones' offsets are given to the read of heads-up reads from a day before now to three
# hours short of a week on. A read whose session's start (its due time plus the lead) falls on
# the session's weekly time there is at its place, and left out. One a week on may be next
# week's read queued in an older zone while this week's occurrence is still to come (when only
# one of the two zones changed its clocks, the two can meet on next week's grid), and a week on
# is at least a week less a clock change (2 hours at the most, Antarctica/Troll's) from now.
_SINCE = timedelta(days=1)
_SHORT_OF_A_WEEK = timedelta(hours=3)
# Reads checked between two turns of the event loop (a zone change: one per session).
_CHUNK = 1000


async def follow_zone(
    store: Store,
    settings: Settings,
    calendar: Calendar | None,
    guild_id: int,
    zone: ZoneInfo,
    now: datetime,
) -> ZoneFollowed:
    """Move the club's session events and heads-up reads to `zone`, the club's new zone; then
    to the zone the club has by the end, where another admin set another meanwhile, so that
    the sessions end on the zone set last whichever move reaches Discord last. What the first
    move did is the reply's."""
    followed: ZoneFollowed | None = None
    for _ in range(_FOLLOWS_MAX):
        moved = edited = stuck = 0
        for stored in await store.club_sessions.for_club(guild_id):
            session, anchor = stored, stored.event_start_at
            if calendar is not None and event_drifted(session, zone, now):
                session = (
                    await refresh_for_a_command(
                        store, calendar, guild_id, session, timezone=zone, now=now
                    )
                ).session
                if session.event_state is EventState.EDITED:
                    edited += 1
                elif session.event_state is EventState.PUBLISHED:
                    if session.event_start_at == anchor:
                        stuck += 1
                    else:
                        moved += 1
            await schedule_reads(store, settings, guild_id, session, zone, now)
        followed = followed or ZoneFollowed(zone, moved=moved, edited=edited, stuck=stuck)
        try:
            current = club_zone(settings, await store.clubs.get(guild_id))
        except ZoneInfoNotFoundError:
            break  # set by a process with a newer tz database: that one's move stands
        if current.key == zone.key:
            break
        zone = current
    assert followed is not None  # _FOLLOWS_MAX > 0
    return followed


async def place_reads(
    store: Store, settings: Settings, now: datetime, owns: Callable[[int], bool]
) -> int:
    """Move the pending heads-up reads of `owns`'s guilds that come after their occurrence's
    heads-up time in the club's zone to it (`first_read`, `read_in_zone`); returns how many
    moved. The store returns only the reads that may be elsewhere (none, at a start where
    neither the zone nor the lead changed: a re-read or so), with what places them; the loops
    take turns with the rest of the bot when they are many."""
    hours = settings.club.session_heads_up_hours
    config = settings.club.timezone
    window = (now - _SINCE, now + WEEK - _SHORT_OF_A_WEEK)
    spans: list[tuple[str, datetime, datetime, int]] = []
    # Each zone looked up once: ZoneInfo keeps only the few used last, and reads the tz
    # database's file again for any other (80 µs a read, at 40 zones).
    zones: dict[str, ZoneInfo | None] = {}
    async for key in taking_turns(sorted({config, *await store.zone_moves.club_zones()}), 10):
        zones[key] = zone = _known(key)
        if zone is not None:  # about a millisecond a zone
            spans += [(key, lo, hi, shift) for lo, hi, shift in offset_spans(zone, *window)]
    # A read the store leaves out is within a minute of its heads-up time: not one to move.
    reads = await store.zone_moves.heads_up_reads(config, round(hours * 60), spans)
    # The first read of each weekly time in each zone: a few dozen, however many clubs.
    firsts: dict[tuple[int, int, str], datetime] = {}
    moves = []
    async for read in taking_turns(reads, _CHUNK):
        key = read.club_zone or config
        if key not in zones:  # set by an admin since the zones were read
            zones[key] = _known(key)
        zone = zones[key]
        if not owns(read.guild_id) or zone is None:
            continue  # another shard's, or a zone this host does not know
        slot = (read.weekday, read.start_minute, zone.key)
        if slot not in firsts:
            session = ClubSession(
                weekday=Weekday.of(read.weekday),
                start=clock_of(read.start_minute),
                run_type=RunType(read.run_type),
            )
            firsts[slot] = first_read(session, zone, now, hours)
        due = read_in_zone(read.due_at, firsts[slot])
        if due != read.due_at:
            moves.append((read, due))
    moved = await store.zone_moves.move(moves, now=now)
    if moved:
        log.info("%d heads-up read(s) moved to their time in the club's zone", moved)
    return moved


def _known(key: str) -> ZoneInfo | None:
    """The zone named `key`, or None where this host's tz database lacks it (a hand-edited
    row, a process on older tzdata): its reads are left as they are."""
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        return None
