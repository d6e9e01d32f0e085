"""The days check-ins are for: the day the member's latest check-in was tried for, and the
pending check-ins of members on the club's zone following a change of `[club] timezone`.

A member without a zone of their own follows `[club] timezone`: their next check-in was queued
at its minute in the zone the club had then. A restart with another club zone moves each one
not tried yet to its minute in the new zone (`checkin_in_zone`), before any of them fires: the
runner's first tick does it for the guilds this process serves. A retry waiting (tried
already) keeps its day; a member's own zone is not the club's to move.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta

from bot.actions.context import club_zone
from bot.config import Settings
from bot.core.models import MemberRef
from bot.core.reminders import checkin_in_zone, offset_spans
from bot.store import Store

log = logging.getLogger(__name__)

# Around now, the club's offsets are given to the read that finds check-ins to move; one due
# outside (the bot was down for days) is read and checked whatever it is.
_WINDOW = timedelta(days=3)


async def day_checked_in(store: Store, member: MemberRef) -> date | None:
    """The day the member's latest tried check-in was for, as its first claim stored it. One
    tried before days were stored (migration 0012) names none: read in the zone of now it
    may name the next day, and lose it (a zone move, which knows the zone before, reads it
    with `Timer.day`)."""
    last = await store.timers.last_checkin(member)
    return None if last is None else last.checkin_day


async def follow_club_zone(
    store: Store, settings: Settings, now: datetime, owns: Callable[[int], bool]
) -> int:
    """Move the untried check-ins of the members of `owns`'s guilds who follow the club's zone
    to their minute in it, where they are not there already; returns how many moved.

    One read finds those that may not be (in SQL, by the zone's offsets around now), with the
    day of each member's latest check-in; the moves are one statement per MOVE_BATCH, each
    leaving a check-in that changed since it was read (a /profile zone change, a claim)."""
    zone = club_zone(settings)
    spans = offset_spans(zone, now - _WINDOW, now + _WINDOW)
    moves = []
    for timer, had in await store.zone_moves.misplaced_checkins(spans):
        if timer.minute is None or not owns(timer.guild_id):
            continue
        due = checkin_in_zone(timer.due_at, timer.minute, zone, had, now)
        if due != timer.due_at:
            moves.append((timer, due))
    moved = await store.zone_moves.move(moves, now=now)
    if moved:
        log.info("%d check-in(s) moved to their time in the club's zone, %s", moved, zone.key)
    return moved
