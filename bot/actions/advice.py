"""/canirun: the verdict for a planned run."""

from __future__ import annotations

from bot.actions.context import Context
from bot.actions.options import CanIRunOptions
from bot.actions.spec import CommandSpec
from bot.core.advice import advise
from bot.core.models import PlannedRun, Verdict
from bot.core.races import next_race
from bot.core.when import Direction, local_date, parse_when, require_future
from bot.core.wording import run_label
from bot.render.member import advice_reply
from bot.render.nudges import checkin_used_line, remind_button
from bot.render.reply import Reply
from bot.render.week import next_race_field, with_lines


async def can_i_run(ctx: Context, opts: CanIRunOptions) -> Reply:
    profile = await ctx.profile()
    at = parse_when(opts.when, now=ctx.now, tz=ctx.member_zone(profile), direction=Direction.FUTURE)
    require_future(at, ctx.now)
    rules = ctx.settings.advice
    soreness, checkin_line = opts.soreness, None
    if soreness is None:
        # Today's morning check-in stands in for a soreness not typed (a typed one wins).
        zone = ctx.member_zone(profile)
        answer = await ctx.store.timers.soreness_on(ctx.member, local_date(ctx.now, zone))
        if answer is not None:
            soreness = answer.soreness
            checkin_line = checkin_used_line(answer.answered_at, zone, answer.soreness)
    plan = PlannedRun(run_type=opts.type, at=at, minutes=opts.minutes, soreness=soreness)
    # Only leg days inside the window can change a verdict: one indexed range query.
    leg_days = await ctx.store.entries.leg_days_between(ctx.member, at - rules.window, at)
    advice = advise(plan, leg_days, profile, rules, now=ctx.now)
    label = run_label(opts.type)
    if opts.minutes:
        label += f", {opts.minutes} min"
    reply = advice_reply(advice, at, label, now=ctx.now)
    update: dict[str, object] = {}
    if checkin_line is not None:
        update["description"] = f"{reply.description}\n{checkin_line}"
    if advice.verdict is Verdict.WAIT:
        hard = next((d for d in leg_days if d.is_hard and d.at == advice.last_hard), None)
        if hard is not None and hard.id is not None:
            update["buttons"] = (remind_button(hard.id),)
    if update:
        reply = reply.model_copy(update=update)
    today = local_date(ctx.now, ctx.member_zone(profile))
    race = next_race(await ctx.store.races.upcoming(ctx.member, today), today)
    return with_lines(reply, (), next_race_field(race, today))


CANIRUN = CommandSpec(
    "canirun",
    "GO, EASY-ONLY or WAIT for a run you have in mind, with the reason.",
    CanIRunOptions,
    can_i_run,
    description="Can I do this run, and how hard?",
)
