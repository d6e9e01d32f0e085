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
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.actions.context import club_zone
from bot.config import Settings
from bot.core.models import MemberRef
from bot.core.reminders import checkin_in_zone
from bot.store import Store

log = logging.getLogger(__name__)


async def day_checked_in(
    store: Store, member: MemberRef, was: ZoneInfo | None = None
) -> date | None:
    """The day the member's latest tried check-in was for (`Timer.day`). One tried before
    days were stored (migration 0012) counts only when the zone the member was in then is
    known (`was`, a move's): read in the zone of now it may name the next day, and lose it."""
    last = await store.timers.last_checkin(member)
    if last is None:
        return None
    return last.checkin_day if was is None else last.day(was)


async def follow_club_zone(
    store: Store, settings: Settings, now: datetime, owns: Callable[[int], bool]
) -> int:
    """Move the untried check-ins of the members of `owns`'s guilds who follow the club's zone
    to their minute in it, where they are not there already; returns how many moved.

    One read of every such check-in (all guilds: the shards are not SQL), then, for each one
    to move only, a read of the member's latest tried check-in and one update, which leaves it
    if it changed since it was read (a /profile zone change, another process's claim)."""
    zone = club_zone(settings)
    moved = 0
    for timer in await store.timers.club_zone_checkins():
        if timer.minute is None or not owns(timer.guild_id):
            continue
        if checkin_in_zone(timer.due_at, timer.minute, zone, None, now) == timer.due_at:
            continue
        member = MemberRef(guild_id=timer.guild_id, user_id=timer.user_id)
        had = await day_checked_in(store, member)
        due = checkin_in_zone(timer.due_at, timer.minute, zone, had, now)
        if await store.timers.follow_zone(timer, due_at=due, now=now):
            moved += 1
    if moved:
        log.info("%d check-in(s) moved to their time in the club's zone, %s", moved, zone.key)
    return moved
