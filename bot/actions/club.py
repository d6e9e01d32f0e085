"""/club (the daily post and the club's weekly sessions) and the post's "Can I run today?".

The admin check itself lives in the Discord layer (permissions are Discord's); everything a
command does with the store is here, scoped to the interaction's guild.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.actions.advice import can_i_run
from bot.actions.context import Context, club_zone
from bot.actions.heads_up import schedule_reads
from bot.actions.option_base import PICKED_ID_MAX, TEXT_CHANNEL, Options, Suggest, matching
from bot.actions.options import (
    CanIRunOptions,
    NoOptions,
)
from bot.actions.post_contents import (
    gather_club_post,
    gather_week_extras,
    todays_tip,
    with_week_extras,
)
from bot.actions.session_events import (
    check_room,
    planned_event,
    publish,
    refresh_for_a_command,
    unpublish,
)
from bot.actions.session_interest import members_interested
from bot.actions.session_zone import follow_zone
from bot.actions.spec import CommandSpec, GroupSpec
from bot.core.clubpost import (
    HARD_PROBE,
    SESSION_MINUTES_DEFAULT,
    SESSION_MINUTES_MAX,
    SESSION_MINUTES_MIN,
    SESSION_NAME_MAX,
    SESSION_PLACE_MAX,
    ClubSession,
    Weekday,
)
from bot.core.errors import InputError, NotFound
from bot.core.models import RunType
from bot.core.schedule import ClubReminder, PostStatus, next_post, retry_comes
from bot.core.session_events import PublishedEvent, check_minutes, check_place
from bot.core.when import CLOCK_MAX, TIMEZONE_MAX, local_date, parse_hhmm, valid_timezone
from bot.render.club import (
    club_post_reply,
    reminder_off_reply,
    reminder_set_reply,
    run_today_reply,
    status_reply,
)
from bot.render.reply import Reply
from bot.render.sessions import (
    NO_CALENDAR,
    NO_SUCH_SESSION,
    session_added_reply,
    session_removed_reply,
    sessions_reply,
)

# The button compares an easy run with the hard run the post asks about.
EASY_PROBE = RunType.EASY


# /club (admins). Times are wall-clock HH:MM in the club's time zone.
_CLOCK = "Club time, HH:MM (24-hour), e.g. 07:00 or 18:30"


class ReminderSetOptions(Options):
    channel: Annotated[int, TEXT_CHANNEL] = Field(gt=0, description="The text channel to post in")
    time: str = Field(max_length=CLOCK_MAX, description=_CLOCK)
    timezone: Annotated[str | None, Suggest.TIMEZONE] = Field(
        default=None,
        max_length=TIMEZONE_MAX,
        description="IANA time zone of that time, e.g. Europe/London (default: the club's)",
    )


class SessionAddOptions(Options):
    day: Weekday = Field(description="Day of the week")
    time: str = Field(max_length=CLOCK_MAX, description=_CLOCK)
    type: RunType = Field(description="The kind of run")
    name: str | None = Field(
        default=None,
        min_length=1,
        max_length=SESSION_NAME_MAX,
        description=f"A name for it, e.g. Track Tuesday (up to {SESSION_NAME_MAX} characters)",
    )
    event: bool | None = Field(
        default=None,
        # Not "default: yes": the default is the bot's `[club] session_events`.
        description=(
            "Publish it on the server's calendar as a weekly event (default: the bot's setting)"
        ),
    )
    place: str | None = Field(
        default=None,
        min_length=1,
        max_length=SESSION_PLACE_MAX,
        description=(
            f"Where the group meets, e.g. Park gates (up to {SESSION_PLACE_MAX} characters)"
        ),
    )
    minutes: int | None = Field(
        default=None,
        ge=SESSION_MINUTES_MIN,
        le=SESSION_MINUTES_MAX,
        description=(
            f"How long it lasts, in minutes ({SESSION_MINUTES_MIN}-{SESSION_MINUTES_MAX};"
            f" default {SESSION_MINUTES_DEFAULT})"
        ),
    )


class SessionRemoveOptions(Options):
    # Free text like DeleteOptions: a session id from the autocomplete, checked against the
    # club's own sessions.
    session: Annotated[str, Suggest.SESSION] = Field(
        max_length=PICKED_ID_MAX, description="The session to remove (pick from the list)"
    )


def parse_clock(text: str, option: str = "time") -> time:
    """A wall-clock time to the minute ("07:00", "18:30", "6:30pm")."""
    parsed = parse_hhmm(text, option)
    if parsed.second:
        raise InputError(option, "hours and minutes only, please, e.g. 07:00 or 18:30")
    return parsed


def _catch_up(ctx: Context) -> timedelta:
    return timedelta(hours=ctx.settings.daily_post.catch_up_hours)


async def _reminder(ctx: Context) -> tuple[ClubReminder | None, ZoneInfo]:
    """The club's reminder (if any) and the club's time zone: the reminder's, else the config's."""
    reminder = await ctx.store.clubs.get(ctx.member.guild_id)
    return reminder, club_zone(ctx.settings, reminder)


async def _post_zone(ctx: Context) -> tuple[ZoneInfo, bool]:
    """The daily post's zone, and whether it is its own (named by `/club reminder set`), which
    replies call the post's, not `[club] timezone`, the club's."""
    reminder, zone = await _reminder(ctx)
    return zone, reminder is not None and reminder.timezone is not None


async def set_reminder(ctx: Context, opts: ReminderSetOptions) -> Reply:
    """Turn the daily post on (or change it). The channel was checked by the front end."""
    post_time = parse_clock(opts.time)
    timezone = None if opts.timezone is None else valid_timezone(opts.timezone)
    guild_id = ctx.member.guild_id
    reminder, before = await ctx.store.clubs.set_reminder(
        guild_id,
        channel_id=opts.channel,
        post_time=post_time,
        timezone=timezone,
        now=ctx.now,
    )
    zone = club_zone(ctx.settings, reminder)
    followed = None
    if zone.key != (before or ctx.settings.club.timezone):
        # The sessions' times are wall-clock times in the club's zone: their events and
        # heads-up reads move now, not at the next drift check a week on.
        followed = await follow_zone(ctx.store, ctx.settings, ctx.calendar, guild_id, zone, ctx.now)
    ctx.due_changed()
    latest = await ctx.store.posts.latest(guild_id)
    first = next_post(ctx.now, reminder.schedule(zone), latest, catch_up=_catch_up(ctx))
    today = local_date(ctx.now, zone)
    # Today's record is why a first post is a later day's; say so (a day gets one post).
    done = (
        latest
        if latest is not None
        and latest.local_date == today
        and first is not None
        and local_date(first, zone) > today
        else None
    )
    return reminder_set_reply(reminder, ctx.club_zone, first, followed, today_done=done)


async def reminder_off(ctx: Context, opts: NoOptions) -> Reply:
    del opts
    turned_off = await ctx.store.clubs.turn_off(ctx.member.guild_id, now=ctx.now)
    ctx.due_changed()  # else the scheduler wakes at the old time, to find nothing due
    return reminder_off_reply(turned_off)


async def club_status(ctx: Context, opts: NoOptions) -> Reply:
    del opts
    guild_id = ctx.member.guild_id
    reminder, _ = await _reminder(ctx)
    last = await ctx.store.posts.latest(guild_id)
    upcoming = None
    retries_over = False
    if reminder is not None:
        schedule = reminder.schedule(club_zone(ctx.settings, reminder))
        # A retry that would come after its day's retries end is given up, not tried.
        retries_over = (
            last is not None
            and last.status is PostStatus.RETRY
            and not retry_comes(last, schedule, _catch_up(ctx))
        )
        if reminder.active:
            upcoming = next_post(ctx.now, schedule, last, catch_up=_catch_up(ctx))
    return status_reply(
        guild_id,
        reminder,
        ctx.club_zone,
        next_post=upcoming,
        last=last,
        last_failure=await ctx.store.posts.latest_failure(guild_id),
        retries_over=retries_over,
        local=ctx.offline,
    )


async def club_preview(ctx: Context, opts: NoOptions) -> Reply:
    """Today's post as it would read now: the very Reply the loop sends, shown privately."""
    del opts
    guild_id = ctx.member.guild_id
    zone, own_zone = await _post_zone(ctx)
    day = local_date(ctx.now, zone)
    post = await gather_club_post(
        ctx.store,
        ctx.settings,
        guild_id,
        day=day,
        at=ctx.now,
        timezone=zone,
        tip=await todays_tip(ctx.store, guild_id, day),
        calendar=ctx.calendar,
    )
    club_week, races = await gather_week_extras(
        ctx.store, ctx.settings, guild_id, day=day, timezone=zone
    )
    reply = with_week_extras(club_post_reply(post, own_zone=own_zone), club_week, races, day)
    return reply.model_copy(update={"ephemeral": True})


async def add_session(ctx: Context, opts: SessionAddOptions) -> Reply:
    session = ClubSession(
        weekday=opts.day,
        start=parse_clock(opts.time),
        run_type=opts.type,
        name=opts.name,
        place=check_place(opts.place),
        minutes=check_minutes(opts.minutes or SESSION_MINUTES_DEFAULT),
    )
    reminder, zone = await _reminder(ctx)
    guild_id = ctx.member.guild_id
    wanted = ctx.settings.club.session_events if opts.event is None else opts.event
    calendar = ctx.calendar if wanted else None
    # Discord's limits first: a refusal leaves nothing half-written.
    event = planned_event(session, zone, ctx.now)
    if calendar is not None:
        await check_room(calendar, guild_id)
    stored = await ctx.store.club_sessions.add(guild_id, session, now=ctx.now)
    problem: str | None = NO_CALENDAR
    if calendar is not None:
        stored, problem = await publish(ctx.store, calendar, guild_id, stored, event)
        await schedule_reads(ctx.store, ctx.settings, guild_id, stored, zone, ctx.now)
        ctx.due_changed()  # its first heads-up read may be sooner than anything else due
    posting = reminder is not None and reminder.active
    return session_added_reply(
        stored, zone, guild_id, problem, event=wanted, local=ctx.offline, posting=posting
    )


async def remove_session(ctx: Context, opts: SessionRemoveOptions) -> Reply:
    # Anything that is not one of this club's ids gets the same answer, a foreign id included.
    typed = opts.session
    session_id = int(typed) if typed.isascii() and typed.isdigit() else None
    guild_id = ctx.member.guild_id
    sessions = await ctx.store.club_sessions.for_club(guild_id)
    found = next((s for s in sessions if session_id is not None and s.id == session_id), None)
    problem = None
    # Its event goes first, while the session is still stored: the console's calendar reads
    # its events from the sessions. Discord refusing or not answering is said in the reply
    # (the admin deletes the event by hand); anything unexpected leaves both, to try again.
    if found is not None and ctx.calendar is not None:
        _, zone = await _reminder(ctx)
        found, problem = await unpublish(ctx.calendar, guild_id, found, timezone=zone, now=ctx.now)
    removed = None
    if found is not None and found.id is not None:
        # None also when another admin removed it meanwhile.
        removed = await ctx.store.club_sessions.remove(guild_id, found.id)
    if found is None or removed is None or removed.id is None:
        raise NotFound(NO_SUCH_SESSION)
    await ctx.store.heads_ups.cancel(guild_id, removed.id, now=ctx.now)
    return session_removed_reply(found, problem, local=ctx.offline)


async def list_sessions(ctx: Context, opts: NoOptions) -> Reply:
    del opts
    zone, own_zone = await _post_zone(ctx)
    guild_id = ctx.member.guild_id
    listed: list[tuple[ClubSession, PublishedEvent | None]] = []
    for session in await ctx.store.club_sessions.for_club(guild_id):
        if ctx.calendar is None:
            listed.append((session, None))
            continue
        found = await refresh_for_a_command(
            ctx.store, ctx.calendar, guild_id, session, timezone=zone, now=ctx.now
        )
        published = await members_interested(
            ctx.calendar, guild_id, found.session, found.published, timezone=zone, now=ctx.now
        )
        listed.append((found.session, published))
    return sessions_reply(listed, zone, guild_id, local=ctx.offline, own_zone=own_zone)


async def session_suggestions(ctx: Context, typed: str, limit: int) -> list[tuple[str, str]]:
    """(label, id) pairs of the club's own sessions whose label contains `typed`."""
    sessions = await ctx.store.club_sessions.for_club(ctx.member.guild_id)
    return matching(((s.label(), str(s.id)) for s in sessions), typed, limit)


async def run_today(ctx: Context) -> Reply:
    """The post's button: the member's own /canirun verdicts for an easy and a hard run now."""
    easy = await can_i_run(ctx, CanIRunOptions(type=EASY_PROBE))
    hard = await can_i_run(ctx, CanIRunOptions(type=HARD_PROBE))
    return run_today_reply(easy, hard)


CLUB = GroupSpec(
    "club", "Set up the daily club post and the club's weekly sessions (admins)", admin=True
)
CLUB_REMINDER = GroupSpec("club reminder", "Turn the daily club post on or off", admin=True)
CLUB_SESSION = GroupSpec("club session", "The club's weekly sessions", admin=True)
CLUB_GROUPS = (CLUB, CLUB_REMINDER, CLUB_SESSION)
# Slow: a new zone moves the sessions' events through Discord's scheduled-event routes.
CLUB_REMINDER_SET = CommandSpec(
    "club reminder set",
    "Post the club's day every day at this time",
    ReminderSetOptions,
    set_reminder,
    slow=True,
)
CLUB_PREVIEW = CommandSpec(
    "club preview", "See today's club post, privately", NoOptions, club_preview
)
CLUB_COMMANDS = (
    CLUB_REMINDER_SET,
    CommandSpec("club reminder off", "Stop the daily club post", NoOptions, reminder_off),
    CommandSpec(
        "club status",
        "The daily post's channel, time, next post and last result",
        NoOptions,
        club_status,
    ),
    CLUB_PREVIEW,
    # Slow: each may wait on Discord's scheduled-event routes.
    CommandSpec(
        "club session add",
        "Add a weekly club session, and its event on the server's calendar",
        SessionAddOptions,
        add_session,
        slow=True,
    ),
    CommandSpec(
        "club session remove",
        "Remove a weekly club session and its event",
        SessionRemoveOptions,
        remove_session,
        slow=True,
    ),
    CommandSpec(
        "club session list",
        "The club's weekly sessions, their events and who is interested",
        NoOptions,
        list_sessions,
        slow=True,
    ),
)
