"""The daily post's contents for a batch of clubs due together: a fixed number of reads for the
whole batch (previous tips, sessions, members' leg days counted, races; a calendar read per club
with events; on a Monday last week's block per club), then one build per club.

The one-club path (`/club preview`) is bot/actions/post_contents.py, which this shares its parts
with; the batches' sending is bot/actions/daily_post.py.
"""

from __future__ import annotations

from datetime import datetime

from bot.actions.calendar import Calendar
from bot.actions.post_contents import (
    RACING,
    DaysInterest,
    interested_rows,
    last_week_block,
    post_reads,
    with_week_extras,
)
from bot.actions.post_send import Built, Due
from bot.actions.session_events import todays_events
from bot.config import Settings
from bot.core.clubpost import build_club_post
from bot.core.tips import tip_of_the_day
from bot.render.club import club_post_reply
from bot.store import Store
from bot.turns import taking_turns

# Clubs whose moments are worked out between two turns of the event loop: a few milliseconds.
_CLUBS_PER_TURN = 50


async def build_batch(
    store: Store, settings: Settings, calendar: Calendar | None, batch: list[Due], now: datetime
) -> list[Built]:
    """Read the batch's posts and build them: one job per club.

    Reads come before any claim, so a failed read leaves no claim behind (a claim that is
    never sent would cost a look in the channel, or silence the club for the day where the
    bot cannot read it).
    """
    rules = settings.advice
    guild_ids = [d.reminder.guild_id for d in batch]
    tips = await store.posts.previous_tips({d.reminder.guild_id: d.slot.local_date for d in batch})
    stored = await store.club_sessions.for_clubs(guild_ids)
    # The day's sessions as their events show them, and who is interested in each: a calendar
    # read per club with events (its event, then its interested list, per session that day).
    # Once Discord leaves one unanswered (discord.py has already tried it five times, 25 s for
    # a 5xx), the batch's other clubs go without their events rather than wait the same.
    events = {}
    for d in batch:
        found = await todays_events(
            calendar,
            d.reminder.guild_id,
            stored[d.reminder.guild_id],
            d.slot.local_date,
            d.schedule.timezone,
            now,
        )
        events[d.reminder.guild_id] = found
        if not found.answered:
            calendar = None
    sessions = {guild_id: found.sessions for guild_id, found in events.items()}
    moments = {}
    async for d in taking_turns(batch, _CLUBS_PER_TURN):
        moments[d.reminder.guild_id] = post_reads(
            d.slot.local_date, now, d.schedule.timezone, sessions[d.reminder.guild_id], rules
        )
    rows = await store.clubs.hard_leg_days_of(moments)
    # Those interested, with their rows: one read for the clubs where anyone is.
    interested = await interested_rows(
        store,
        {
            d.reminder.guild_id: DaysInterest(
                sessions[d.reminder.guild_id],
                events[d.reminder.guild_id].interested,
                d.slot.local_date,
                d.schedule.timezone,
            )
            for d in batch
        },
        at=now,
        rules=rules,
    )
    # The training-week additions: the clubs' races (one read for the batch), and on a
    # Monday last week's block (a club-wide read of its own, once a week).
    races = await store.races.clubs_between(
        {d.reminder.guild_id: (d.slot.local_date, d.slot.local_date + RACING) for d in batch}
    )
    weeks = {
        d.reminder.guild_id: await last_week_block(
            store,
            settings,
            d.reminder.guild_id,
            day=d.slot.local_date,
            timezone=d.schedule.timezone,
        )
        for d in batch
        if d.slot.local_date.weekday() == 0
    }

    jobs: list[Built] = []
    # A club's post is a few distinct verdicts and one render (its members come counted):
    # about a millisecond, so the loop gets a turn after each.
    async for d in taking_turns(batch, 1):
        guild_id, day = d.reminder.guild_id, d.slot.local_date
        tip = tip_of_the_day(day, tips[guild_id])
        post = build_club_post(
            day=day,
            at=now,
            timezone=d.schedule.timezone,
            sessions=sessions[guild_id],
            rows=rows[guild_id],
            rules=rules,
            tip=tip,
            interested=interested[guild_id],
        )
        own_zone = d.reminder.timezone is not None
        reply = with_week_extras(
            club_post_reply(post, own_zone=own_zone), weeks.get(guild_id), races[guild_id], day
        )
        jobs.append(Built(d, reply, tip.id))
    return jobs
