"""/canirun: the verdict for a planned run."""

from __future__ import annotations

from bot.actions.context import Context
from bot.actions.options import CanIRunOptions
from bot.actions.run_notes import spike_note
from bot.actions.spec import CommandSpec
from bot.core.advice import advise
from bot.core.models import PlannedRun, Verdict
from bot.core.plausible import check_pace
from bot.core.races import next_race
from bot.core.units import format_distance, to_km
from bot.core.when import FUTURE_SLACK, Direction, local_date, read_when, require_future
from bot.core.wording import is_now, plan_label
from bot.render import skipped_time_line
from bot.render.member import advice_reply
from bot.render.races import next_race_field
from bot.render.reminders import checkin_used_line, remind_button
from bot.render.reply import Reply
from bot.render.week import with_lines


async def can_i_run(ctx: Context, opts: CanIRunOptions) -> Reply:
    rules = ctx.settings.advice
    # One read for all. `when` needs the member's zone, so the leg days cannot wait for the
    # plan's time: every plan passes require_future (at >= now - FUTURE_SLACK) and is judged
    # at that moment's minute at the earliest, so the leg days that can count
    # (at - window <= leg day <= at) all lie from `since` on.
    since = (ctx.now - FUTURE_SLACK).replace(second=0, microsecond=0) - rules.window
    inputs = await ctx.advice_inputs(since)
    profile, recent = inputs.profile, inputs.leg_days
    zone = ctx.member_zone(profile)
    today = local_date(ctx.now, zone)
    read = read_when(opts.when, now=ctx.now, tz=zone, direction=Direction.FUTURE)
    require_future(read.at, ctx.now)
    # A later plan is shown as a Discord timestamp, to the minute, so it is judged at that
    # minute: the verdict shown is /canirun's for the moment shown (advice-rules.md, rounding).
    # Checked before, so that a plan the autocomplete offers is never refused for its seconds.
    # A plan within a minute of now reads "now" (advice_reply), so it is judged now: a `when`
    # typed as the current minute must not fall before a leg day logged seconds ago.
    at = ctx.now if is_now(read.at, ctx.now) else read.at.replace(second=0, microsecond=0)
    distance_km = None if opts.distance is None else to_km(opts.distance, profile.units)
    # A plan no one could run is the typo /run refuses, in its words (nothing is judged by it).
    check_pace(distance_km, opts.minutes, profile.units)
    # Today's morning check-in stands in for a soreness not typed (a typed one wins).
    answer = inputs.checkin_on(today) if opts.soreness is None else None
    soreness = opts.soreness if answer is None else answer.soreness
    plan = PlannedRun(run_type=opts.type, at=at, minutes=opts.minutes, soreness=soreness)
    start = at - rules.window
    leg_days = [leg_day for leg_day in recent if start <= leg_day.at <= at]
    advice = advise(plan, leg_days, profile, rules, now=ctx.now)
    checkin_line = checkin_used_line(answer, zone, advice)
    distance = None if distance_km is None else format_distance(distance_km, profile.units)
    reply = advice_reply(advice, at, plan_label(opts.type, distance, opts.minutes), now=ctx.now)
    # The verdict stays: the spike is a note beside it (advice-rules.md, "Single-run spike").
    spike = None
    if distance_km is not None or opts.minutes is not None:
        spike = await spike_note(ctx, profile.units, distance_km, opts.minutes, at, planned=True)
    update: dict[str, object] = {}
    if checkin_line is not None:
        update["description"] = f"{reply.description}\n{checkin_line}"
    if advice.verdict is Verdict.WAIT:
        hard = next((d for d in leg_days if d.is_hard and d.at == advice.last_hard), None)
        if hard is not None and hard.id is not None:
            update["buttons"] = (remind_button(hard.id),)
    if update:
        reply = reply.model_copy(update=update)
    race = next_race(inputs.races, today)
    skipped = skipped_time_line(read.skipped, at, zone)
    return with_lines(reply, [skipped, spike or ""], next_race_field(race, today))


CANIRUN = CommandSpec(
    "canirun",
    "GO, EASY-ONLY or WAIT for a run you have in mind, with the reason.",
    CanIRunOptions,
    can_i_run,
    description="Can I do this run, and how hard?",
)
