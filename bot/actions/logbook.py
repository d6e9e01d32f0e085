"""/legday and /run: log what a member did."""

from __future__ import annotations

from bot.actions.context import Context
from bot.actions.nudges import hard_leg_day_logged
from bot.actions.options import LegDayOptions, RunOptions
from bot.actions.spec import CommandSpec
from bot.core.advice import hard_running_fine_from
from bot.core.legday import classify_leg_day
from bot.core.models import Intensity, LegDay, LegDayClass, LegDayInput, Run, intensity_of
from bot.core.tips import easy_run_too_hard, tips_for_leg_day
from bot.core.units import to_km
from bot.core.when import Direction, parse_when, require_past
from bot.render.member import legday_reply, run_reply
from bot.render.reply import Reply


async def log_leg_day(ctx: Context, opts: LegDayOptions) -> Reply:
    profile = await ctx.profile()
    at = parse_when(opts.when, now=ctx.now, tz=ctx.member_zone(profile), direction=Direction.PAST)
    require_past(at, ctx.now)
    entry = LegDayInput(
        exercises=opts.exercises,
        heaviest=opts.heaviest,
        sets=opts.sets,
        reps=opts.reps,
        hard=opts.hard,
    )
    rules = ctx.settings.advice
    classification = classify_leg_day(entry, rules)
    stored = await ctx.store.entries.add_leg_day(
        ctx.member,
        LegDay(
            at=at,
            is_hard=classification.klass is LegDayClass.HARD,
            exercises=opts.exercises,
            heaviest=opts.heaviest,
            sets=opts.sets,
            reps=opts.reps,
            hard_given=opts.hard,
            notes=opts.notes or None,
        ),
        now=ctx.now,
    )
    await hard_leg_day_logged(ctx, stored)
    return legday_reply(
        stored,
        classification,
        rules,
        # The entry's id turns the tips' rotation, so consecutive logs show different tips.
        tips_for_leg_day(classification.klass, profile, turn=stored.id or 0),
        now=ctx.now,
        public=ctx.settings.club.public_logs,
        who=ctx.member.user_id,
    )


async def log_run(ctx: Context, opts: RunOptions) -> Reply:
    profile = await ctx.profile()
    at = parse_when(opts.when, now=ctx.now, tz=ctx.member_zone(profile), direction=Direction.PAST)
    require_past(at, ctx.now)
    rules = ctx.settings.advice
    run = await ctx.store.entries.add_run(
        ctx.member,
        Run(
            at=at,
            run_type=opts.type,
            distance_km=None if opts.distance is None else to_km(opts.distance, profile.units),
            minutes=opts.minutes,
            rpe=opts.rpe,
            notes=opts.notes or None,
        ),
        now=ctx.now,
    )
    last_hard = await ctx.store.entries.last_hard_at_or_before(ctx.member, at)
    within_window = last_hard is not None and at - last_hard.at < rules.window
    warning = None
    if easy_run_too_hard(opts.type, opts.rpe, within_window, rules):
        warning = (
            f"RPE {opts.rpe} sounds harder than easy. Within {rules.window_hours:g} hours of a "
            "hard leg day, keep easy runs truly easy (you can talk in full sentences): the same "
            "tired fibres do the hard work."
        )
    hard_fine_from = None
    if within_window and last_hard is not None and intensity_of(opts.type) is Intensity.HIGH:
        hard_fine_from = hard_running_fine_from(last_hard.at, rules)
    return run_reply(
        run,
        profile,
        rules=rules,
        too_hard_warning=warning,
        hard_fine_from=hard_fine_from,
        public=ctx.settings.club.public_logs,
        who=ctx.member.user_id,
    )


LEGDAY = CommandSpec(
    "legday",
    "Log a leg day; see whether it was hard and when hard running is fine again.",
    LegDayOptions,
    log_leg_day,
    description="Log a leg day; see when hard running is fine",
)
RUN = CommandSpec(
    "run", "Log a run; shows your pace.", RunOptions, log_run, description="Log a run"
)
