"""Reminders and check-ins: "remind me when I'm clear", the morning check-in, /remind and /checkin.

The buttons live in the front ends (Discord: bot/discord/buttons.py; the console: prompts);
what a press does is here. `leg_day_changed` is the hook every change of a leg day calls
(/delete, /undo, /edit), so a pending reminder follows its leg day.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.actions.club import parse_clock
from bot.actions.context import Context
from bot.actions.option_base import PICKED_ID_MAX, Options, Suggest, matching
from bot.actions.options import (
    NoOptions,
)
from bot.actions.spec import CommandSpec, GroupSpec
from bot.core.advice import hard_running_fine_from
from bot.core.errors import InputError, NotFound
from bot.core.models import LegDay
from bot.core.reminders import (
    Late,
    ReminderFollow,
    Timer,
    TimerKind,
    checkin_day_over,
    lateness,
    minute_of,
    next_checkin_day,
)
from bot.core.when import CLOCK_MAX, local_date
from bot.render.reminders import (
    already_clear_reply,
    checkin_already_reply,
    checkin_expired_reply,
    checkin_gone_reply,
    checkin_off_reply,
    checkin_saved_reply,
    checkin_set_reply,
    no_hard_leg_day_reply,
    no_such_reminder_message,
    reminder_cancelled_reply,
    reminder_set_reply,
    reminders_reply,
    timer_choice,
)
from bot.render.reply import Reply

# A leg day may be logged a minute ahead (clock drift): it still counts as "the latest".
_SLACK = timedelta(minutes=1)
_ONE_DAY = timedelta(days=1)
_TIMER_ID = re.compile(r"\s*#?\s*(\d{1,18})(?:\s*·.*)?\s*", re.DOTALL | re.ASCII)


class RemindCancelOptions(Options):
    # Free text like DeleteOptions: an id from the autocomplete, checked against the member's
    # own pending reminders.
    reminder: Annotated[str, Suggest.REMINDER] = Field(
        max_length=PICKED_ID_MAX, description="The reminder to cancel (pick from your list)"
    )


class CheckinOptions(Options):
    time: str = Field(
        max_length=CLOCK_MAX,
        description="Your time, HH:MM (24-hour), e.g. 07:00; or off to stop the check-ins",
    )


async def _latest_hard(ctx: Context) -> LegDay | None:
    return await ctx.store.entries.last_hard_at_or_before(ctx.member, ctx.now + _SLACK)


async def remind_when_clear(ctx: Context, entry_id: int) -> Reply:
    """The button under a WAIT: one DM at the moment hard running is fine again.

    The reminder follows the member's latest hard leg day (a newer one replaces the one the
    button was shown for); none left (deleted, undone, edited to LIGHT) leaves nothing to
    remind of.
    """
    hard = await _latest_hard(ctx)
    if hard is None or hard.id is None:
        return no_hard_leg_day_reply()
    ready = hard_running_fine_from(hard.at, ctx.settings.advice)
    if ready <= ctx.now:
        return already_clear_reply(ready)
    before = [t for t in await ctx.store.timers.pending(ctx.member) if t.kind is TimerKind.READY]
    timer = await ctx.store.timers.add_ready(
        ctx.member, entry_id=hard.id, due_at=ready, now=ctx.now
    )
    ctx.due_changed()
    del entry_id  # the pressed button's leg day; the latest hard one is what counts
    return reminder_set_reply(timer, replaced=bool(before) and before[0].due_at != ready)


async def _follow_latest(ctx: Context, timer: Timer) -> ReminderFollow:
    """Point a pending reminder at the latest hard leg day, or cancel it if none is ahead."""
    hard = await _latest_hard(ctx)
    ready = None if hard is None else hard_running_fine_from(hard.at, ctx.settings.advice)
    if hard is None or hard.id is None or ready is None or ready <= ctx.now:
        await ctx.store.timers.cancel(ctx.member, timer.id, now=ctx.now)
        return ReminderFollow(timer=timer, cancelled=True)
    if hard.id != timer.entry_id or ready != timer.due_at:
        moved = await ctx.store.timers.move(
            ctx.member, timer.id, entry_id=hard.id, due_at=ready, now=ctx.now
        )
        ctx.due_changed()
        return ReminderFollow(timer=moved or timer, moved=moved is not None)
    return ReminderFollow(timer=timer)


async def leg_day_changed(ctx: Context, leg_day: LegDay) -> list[ReminderFollow]:
    """The one path for a leg day that was deleted (/delete, /undo) or edited (/edit): a pending
    reminder for it, or one a newer hard leg day now outlasts, follows the latest hard leg day
    still logged (moved to its ready time), or is cancelled when none holds hard running back.
    Returns what happened to each reminder, for the reply to say."""
    followed = []
    for timer in await ctx.store.timers.pending(ctx.member):
        if timer.kind is not TimerKind.READY:
            continue
        if timer.entry_id == leg_day.id or leg_day.is_hard:
            followed.append(await _follow_latest(ctx, timer))
    return followed


async def hard_leg_day_logged(ctx: Context, leg_day: LegDay) -> None:
    """A newer hard leg day replaces a pending reminder: it moves to the new ready time."""
    if not leg_day.is_hard:
        return
    for timer in await ctx.store.timers.pending(ctx.member):
        if timer.kind is TimerKind.READY:
            await _follow_latest(ctx, timer)


async def answer_checkin(ctx: Context, day: date, soreness: int) -> Reply:
    """A check-in button: the day's soreness, kept once; a press after that day ends expires."""
    zone = ctx.member_zone(await ctx.profile())
    # A day ahead is the member's next: a check-in sent just before a move west names it.
    if checkin_day_over(day, ctx.now, zone) or day > local_date(ctx.now, zone) + _ONE_DAY:
        return checkin_expired_reply(day)
    if await ctx.store.checkin_answers.save(ctx.member, day, soreness, now=ctx.now):
        return checkin_saved_reply(day, soreness, today=local_date(ctx.now, zone))
    kept = await ctx.store.checkin_answers.on_day(ctx.member, day)
    if kept is None:
        return checkin_gone_reply(day)
    return checkin_already_reply(day, kept.soreness)


async def set_checkin(ctx: Context, opts: CheckinOptions) -> Reply:
    if opts.time.strip().lower() == "off":
        had = any(t.kind is TimerKind.CHECKIN for t in await ctx.store.timers.pending(ctx.member))
        await ctx.store.timers.stop_checkins(ctx.member, now=ctx.now)
        return checkin_off_reply(had)
    try:
        minute = minute_of(parse_clock(opts.time))
    except InputError as exc:
        # `off` is the option's other answer: a refusal names it too.
        raise InputError(None, f"{exc.message.rstrip('.')}; or `off` to stop them.") from None
    profile = await ctx.profile()
    zone = ctx.member_zone(profile)
    await ctx.store.members.ensure(ctx.member, ctx.now)
    # The day last checked in is read in the write: a check-in claimed meanwhile is seen.
    timer = await ctx.store.timers.set_checkin(
        ctx.member,
        minute=minute,
        first=lambda asked: next_checkin_day(ctx.now, minute, zone, asked),
        now=ctx.now,
    )
    ctx.due_changed()
    retry = [
        t.next_at
        for t in await ctx.store.timers.pending(ctx.member)
        if t.kind is TimerKind.CHECKIN and t.retrying
    ]
    return checkin_set_reply(
        minute,
        zone,
        timer.due_at,
        own_zone=profile.timezone is not None,
        retry_at=min(retry, default=None),
    )


async def checkin_follows_zone(ctx: Context, was: ZoneInfo, zone: ZoneInfo) -> Timer | None:
    """After a time-zone change (from `was`), the pending check-in moves to its time in the new
    zone (07:00 stays 07:00 on the member's clock), keeping its id; the moved one, if any. Never
    to a day that had a check-in tried already (`Timer.day`; `was` reads one tried before days
    were stored). One waiting to be retried is its day's and stays, unless that day is over
    where the member is now: it is dropped then, as it would be when next tried."""

    def place(timer: Timer, latest: Timer | None) -> datetime | None:
        if timer.retrying:
            return None if lateness(timer, ctx.now, zone) is Late.DROP else timer.due_at
        if timer.minute is None:
            return timer.due_at
        asked = None if latest is None else latest.day(was)
        return next_checkin_day(ctx.now, timer.minute, zone, asked)

    untried = await ctx.store.timers.follow_zone(ctx.member, place, now=ctx.now)
    ctx.due_changed()
    return untried[-1] if untried else None


async def list_reminders(ctx: Context, opts: NoOptions) -> Reply:
    del opts
    return reminders_reply(await ctx.store.timers.pending(ctx.member))


def parse_timer_id(typed: str) -> int | None:
    match = _TIMER_ID.fullmatch(typed)
    return None if match is None else int(match[1])


async def cancel_reminder(ctx: Context, opts: RemindCancelOptions) -> Reply:
    timer_id = parse_timer_id(opts.reminder)
    cancelled = (
        None
        if timer_id is None
        else await ctx.store.timers.cancel(ctx.member, timer_id, now=ctx.now)
    )
    if cancelled is None:
        raise NotFound(no_such_reminder_message(opts.reminder, PICKED_ID_MAX))
    return reminder_cancelled_reply(cancelled)


async def reminder_choices(ctx: Context, typed: str, limit: int) -> list[tuple[str, str]]:
    """(label, id) of the member's own pending reminders matching what they typed."""
    zone = ctx.member_zone(await ctx.profile())
    timers = await ctx.store.timers.pending(ctx.member)
    return matching(((timer_choice(t, zone), f"#{t.id}") for t in timers), typed, limit)


REMIND = GroupSpec("remind", "Your reminders: see them or cancel one")
REMIND_LIST = CommandSpec(
    "remind list",
    "Your pending reminders and check-ins, each with its id.",
    NoOptions,
    list_reminders,
    description="Your pending reminders",
)
REMIND_CANCEL = CommandSpec(
    "remind cancel",
    "Cancel one of your reminders (or the next check-in), picked by its id.",
    RemindCancelOptions,
    cancel_reminder,
    description="Cancel one of your reminders",
)
CHECKIN = CommandSpec(
    "checkin",
    "A daily DM at your time asking how sore your legs are, for /canirun; `time:off` stops it.",
    CheckinOptions,
    set_checkin,
    description="A daily DM asking how sore your legs are (or off)",
)
