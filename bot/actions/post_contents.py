"""What one club's daily post says, read for that club alone (the `/club preview` path; the
daily post itself reads clubs in batches, bot/actions/daily_post.py): its tip, its sessions
and recovering members, and what the training week adds: last week's club block on the first
post of the week (Monday, in the post's zone) and the listed members racing soon."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from bot.actions.calendar import Calendar
from bot.actions.session_events import todays_events
from bot.config import Settings
from bot.core.clubpost import (
    ClubPost,
    ClubSession,
    Interested,
    build_club_post,
    data_window,
    interested_of,
    post_moments,
)
from bot.core.clubweek import ClubWeek, build_club_week
from bot.core.leaderboard import week_of
from bot.core.models import AdviceRules, Tip, Units
from bot.core.races import RACING_DAYS, MemberRace
from bot.core.tips import tip_of_the_day
from bot.core.when import at_local
from bot.render.races import racing_field
from bot.render.reply import Reply
from bot.render.week import club_week_field
from bot.store import Store

RACING = timedelta(days=RACING_DAYS)


async def todays_tip(store: Store, guild_id: int, day: date) -> Tip:
    """The tip for `day`: rotating, and never the one the club's previous post carried."""
    return tip_of_the_day(day, await store.posts.previous_tip(guild_id, day))


async def gather_club_post(
    store: Store,
    settings: Settings,
    guild_id: int,
    *,
    day: date,
    at: datetime,
    timezone: ZoneInfo,
    tip: Tip,
    calendar: Calendar | None = None,
) -> ClubPost:
    """Everything the post for `day` says, as it reads at `at`: one sessions query, one
    club-wide leg-day query, the interested lists of the day's events, and the pure core (the
    daily post's own path, for one club)."""
    rules = settings.advice
    events = await todays_events(
        calendar, guild_id, await store.club_sessions.for_club(guild_id), day, timezone, at
    )
    sessions = events.sessions
    rows = await store.clubs.hard_leg_days_of(
        {guild_id: post_reads(day, at, timezone, sessions, rules)}
    )
    club = DaysInterest(sessions, events.interested, day, timezone)
    interested = (await interested_rows(store, {guild_id: club}, at=at, rules=rules))[guild_id]
    return build_club_post(
        day=day,
        at=at,
        timezone=timezone,
        sessions=sessions,
        rows=rows[guild_id],
        rules=rules,
        tip=tip,
        interested=interested,
    )


def post_reads(
    day: date, at: datetime, timezone: ZoneInfo, sessions: list[ClubSession], rules: AdviceRules
) -> tuple[datetime, tuple[datetime, ...]]:
    """What `Clubs.hard_leg_days_of` needs of one club's post: its data window's start and
    the moments its verdicts are for."""
    start, _ = data_window(day, at, timezone, sessions, rules)
    return start, post_moments(day, at, timezone, sessions)


class DaysInterest(NamedTuple):
    """One club's day for `interested_rows`: its sessions as their events show them, who is
    interested in each (by session id: `todays_events`), the day and its zone."""

    sessions: list[ClubSession]
    coming: dict[int, list[int]]
    day: date
    timezone: ZoneInfo


async def interested_rows(
    store: Store, clubs: Mapping[int, DaysInterest], *, at: datetime, rules: AdviceRules
) -> dict[int, dict[int, Interested]]:
    """Per club, those interested in its day's events, with their rows. The counted rows of
    `hard_leg_days_of` name nobody unlisted, so the leg days of the clubs where some event has
    anyone interested are read member by member: one statement for all of them."""
    windows = {
        guild_id: data_window(c.day, at, c.timezone, c.sessions, rules)
        for guild_id, c in clubs.items()
        if any(c.coming.values())
    }
    members = await store.clubs.member_leg_days_of(windows)
    return {
        guild_id: (
            interested_of(
                members[guild_id], c.coming, post_moments(c.day, at, c.timezone, c.sessions)
            )
            if guild_id in windows
            else {session_id: Interested(0, ()) for session_id in c.coming}
        )
        for guild_id, c in clubs.items()
    }


async def gather_week_extras(
    store: Store, settings: Settings, guild_id: int, *, day: date, timezone: ZoneInfo
) -> tuple[ClubWeek | None, list[MemberRace]]:
    """The post's training-week additions for one club: on a Monday (the club's first post of
    its week, in the post's zone) last week's block, and the club's races of the next
    RACING_DAYS days."""
    races = (await store.races.clubs_between({guild_id: (day, day + RACING)}))[guild_id]
    if day.weekday() != 0:
        return None, races
    return await last_week_block(store, settings, guild_id, day=day, timezone=timezone), races


async def last_week_block(
    store: Store, settings: Settings, guild_id: int, *, day: date, timezone: ZoneInfo
) -> ClubWeek:
    """The week before `day`'s, for the club: one club-wide read of both kinds of entry."""
    rules = settings.advice
    last_week = week_of(at_local(day - timedelta(days=7), time(12), timezone), timezone)
    members = await store.training.club_entries_between(
        guild_id, last_week.start - rules.window, last_week.end
    )
    return build_club_week(members, last_week, timezone, rules)


def with_week_extras(
    reply: Reply, club_week: ClubWeek | None, races: list[MemberRace], day: date
) -> Reply:
    fields = [racing_field(races, day)]
    if club_week is not None:
        # The post is public: distances in km, the bot's default.
        fields.append(club_week_field(club_week, Units.KM))
    return reply.model_copy(
        update={"fields": (*reply.fields, *(f for f in fields if f is not None))}
    )
