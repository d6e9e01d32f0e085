"""/legday and /run: log what a member did."""

from __future__ import annotations

from bot.actions.context import Context
from bot.actions.logged_at import logged_at
from bot.actions.options import LegDayOptions, RunOptions
from bot.actions.reminders import hard_leg_day_logged
from bot.actions.run_files import log_run_files
from bot.actions.run_notes import after_the_fact, spike_note
from bot.actions.spec import CommandSpec
from bot.core.errors import InputError
from bot.core.legday import classify_leg_day
from bot.core.load import leg_day_load, load_line, run_load
from bot.core.models import LegDay, LegDayClass, LegDayInput, Run
from bot.core.plausible import check_leg_load, check_pace
from bot.core.races import taper_note
from bot.core.tips import tips_for_leg_day
from bot.core.units import to_km
from bot.core.when import PAST_SLACK, local_date
from bot.render.member import legday_reply, run_reply
from bot.render.races import taper_line
from bot.render.reply import Reply
from bot.render.week import with_lines


async def log_leg_day(ctx: Context, opts: LegDayOptions) -> Reply:
    check_leg_load(opts.exercises, opts.heaviest, opts.sets, opts.reps)
    profile = await ctx.profile()
    tz = ctx.member_zone(profile)
    at, skipped = logged_at(opts.when, ctx.now, tz)
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
            minutes=opts.minutes,
            rpe=opts.rpe,
        ),
        now=ctx.now,
    )
    await hard_leg_day_logged(ctx, stored)
    # A leg day logged late may sit behind a newer hard one: that one says when hard running
    # is fine again.
    newest = None
    if stored.is_hard and stored.at < ctx.now:
        # A log may be up to PAST_SLACK ahead of now: a newer one there counts too.
        newest = await ctx.store.entries.last_hard_at_or_before(ctx.member, ctx.now + PAST_SLACK)
    lines = [skipped, load_line(leg_day_load(stored, rules))]
    day = local_date(stored.at, tz)
    race = taper_note(day, stored.is_hard, await ctx.store.races.upcoming(ctx.member, day), rules)
    if race is not None:
        # A member who chose not to be listed has their races never named in the channel.
        named = profile.listed or not ctx.settings.club.public_logs
        lines.append(taper_line(race, day, named=named))
    reply = legday_reply(
        stored,
        classification,
        rules,
        # The entry's id turns the tips' rotation, so consecutive logs show different tips.
        tips_for_leg_day(classification.klass, profile, rules, turn=stored.id or 0),
        now=ctx.now,
        public=ctx.settings.club.public_logs,
        who=ctx.member.user_id,
        newer_hard=None if newest is None else newest.at,
    )
    return with_lines(reply, lines)


async def log_run(ctx: Context, opts: RunOptions) -> Reply:
    if opts.files:
        return await log_run_files(ctx, opts)
    if opts.type is None:  # RunOptions refuses this; kept for the type checker
        raise InputError("type", "is required")
    profile = await ctx.profile()
    tz = ctx.member_zone(profile)
    at, skipped = logged_at(opts.when, ctx.now, tz)
    distance_km = None if opts.distance is None else to_km(opts.distance, profile.units)
    check_pace(distance_km, opts.minutes, profile.units)
    run = await ctx.store.entries.add_run(
        ctx.member,
        Run(
            at=at,
            run_type=opts.type,
            distance_km=distance_km,
            minutes=opts.minutes,
            rpe=opts.rpe,
            notes=opts.notes or None,
        ),
        now=ctx.now,
    )
    warning, hard_fine_from = await after_the_fact(ctx, opts.type, opts.rpe, at)
    rules = ctx.settings.advice
    # The member's usual pace stands in for missing minutes: from their latest runs with both
    # a distance and minutes.
    paces = await ctx.paces(at)
    reply = run_reply(
        run,
        profile,
        rules=ctx.settings.advice,
        too_hard_warning=warning,
        hard_fine_from=hard_fine_from,
        public=ctx.settings.club.public_logs,
        who=ctx.member.user_id,
    )
    spike = await spike_note(
        ctx, profile.units, run.distance_km, run.minutes, run.at, run_id=run.id
    )
    return with_lines(
        reply,
        [
            skipped,
            load_line(run_load(run, rules, paces)),
            spike or "",
        ],
    )


LEGDAY = CommandSpec(
    "legday",
    "Log a leg day; see whether it was hard and when hard running is fine again.",
    LegDayOptions,
    log_leg_day,
    description="Log a leg day; see when hard running is fine",
)
RUN = CommandSpec(
    "run",
    "Log a run, typed or from your watch's FIT, GPX or TCX files; shows your pace.",
    RunOptions,
    log_run,
    description="Log a run: type it in, or attach your watch's FIT, GPX or TCX file",
)
