"""/canirun: the verdict for a planned run."""

from __future__ import annotations

from bot.actions.context import Context
from bot.actions.options import CanIRunOptions
from bot.actions.spec import CommandSpec
from bot.core.advice import advise
from bot.core.models import PlannedRun
from bot.core.when import FUTURE_SLACK, Direction, parse_when, require_future
from bot.core.wording import run_label
from bot.render.member import advice_reply
from bot.render.reply import Reply


async def can_i_run(ctx: Context, opts: CanIRunOptions) -> Reply:
    rules = ctx.settings.advice
    # One read for both. `when` needs the member's zone, so the leg days cannot wait for the
    # plan's time: every plan passes require_future (at >= now - FUTURE_SLACK), so the leg
    # days that can count (at - window <= leg day <= at) all lie from `since` on.
    since = ctx.now - FUTURE_SLACK - rules.window
    profile, recent = await ctx.profile_and_leg_days(since)
    at = parse_when(opts.when, now=ctx.now, tz=ctx.member_zone(profile), direction=Direction.FUTURE)
    require_future(at, ctx.now)
    plan = PlannedRun(run_type=opts.type, at=at, minutes=opts.minutes, soreness=opts.soreness)
    start = at - rules.window
    leg_days = [leg_day for leg_day in recent if start <= leg_day.at <= at]
    advice = advise(plan, leg_days, profile, rules, now=ctx.now)
    label = run_label(opts.type)
    if opts.minutes:
        label += f", {opts.minutes} min"
    return advice_reply(advice, at, label, now=ctx.now)


CANIRUN = CommandSpec(
    "canirun",
    "GO, EASY-ONLY or WAIT for a run you have in mind, with the reason.",
    CanIRunOptions,
    can_i_run,
    description="Can I do this run, and how hard?",
)
