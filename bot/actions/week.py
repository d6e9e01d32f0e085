"""/week: a member's training week (runs, leg days, load against their usual week, a chart)."""

from __future__ import annotations

from datetime import timedelta

from bot.actions.context import Context
from bot.actions.options import (
    WeekOptions,
)
from bot.actions.spec import CommandSpec
from bot.core.races import next_race
from bot.core.week import WEEKS_BACK_MAX, training_week, week_back, week_fetch_range
from bot.core.when import local_date
from bot.render.reply import Reply
from bot.render.week import week_reply


async def show_week(ctx: Context, opts: WeekOptions) -> Reply:
    profile = await ctx.profile()
    tz = ctx.member_zone(profile)
    rules = ctx.settings.advice
    week = week_back(ctx.now, tz, opts.weeks_back)
    start, end = week_fetch_range(week, tz, rules)
    # One read of the five weeks, both kinds of entry; the paces and races are one more each.
    leg_days, runs = await ctx.store.training.entries_between(ctx.member, start, end)
    # Paces from runs up to the end of the week, not at it: Monday 00:00 is the next week's.
    last = week.end - timedelta(microseconds=1)
    paces = await ctx.paces(last)
    summary = training_week(week, leg_days, runs, tz=tz, rules=rules, paces=paces)
    today = local_date(ctx.now, tz)
    race = next_race(await ctx.store.races.upcoming(ctx.member, today), today)
    # Drawn off the event loop, like /history's chart.
    png = await ctx.charts.week_png(summary)
    return week_reply(summary, profile.units, rules, race, today, png)


WEEK = CommandSpec(
    "week",
    f"Your week (Monday to Sunday, or up to {WEEKS_BACK_MAX} back): runs, leg days, load"
    " against your usual week, a chart.",
    WeekOptions,
    show_week,
    description="Your training week: runs, leg days, load, chart",
    slow=True,
)

__all__ = ["WEEK"]
