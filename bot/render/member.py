"""Replies of the member commands: /legday, /run, /canirun, /profile."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.advice import hard_running_fine_from
from bot.core.models import (
    Advice,
    AdviceRules,
    Classification,
    LegDay,
    LegDayClass,
    Profile,
    Run,
    Tip,
    Verdict,
)
from bot.core.reminders import Timer, clock_of
from bot.core.rule_table import rule_for
from bot.core.wording import is_now, run_label
from bot.render import inline_text, mention, moved_wall_line, run_stats, ts, when_line
from bot.render.reply import Colour, EmbedField, Reply

VERDICT_COLOUR = {
    Verdict.GO: Colour.GO,
    Verdict.EASY_ONLY: Colour.EASY_ONLY,
    Verdict.WAIT: Colour.WAIT,
}

VERDICT_HEADLINE = {
    Verdict.GO: "GO",
    Verdict.EASY_ONLY: "EASY-ONLY",
    Verdict.WAIT: "WAIT",
}
# The high-intensity run types, as members type them (the /canirun and /run option values).
_HARD_RUNS = "tempo, intervals, hills, sprints, HIIT, races"


def _logged_line(at: datetime, who: int | None) -> str:
    if who is None:
        return f"Logged for {when_line(at)}."
    # The mention not first: the console shows the reader's own as "you", mid-sentence.
    return f"Logged by {mention(who)} for {when_line(at)}."


def _tips_field(tips: Iterable[Tip]) -> EmbedField | None:
    lines = [f"• {tip.text}" for tip in tips]
    if not lines:
        return None
    return EmbedField(name="Tips", value="\n".join(lines))


def _with_optional(*fields: EmbedField | None) -> tuple[EmbedField, ...]:
    return tuple(f for f in fields if f is not None)


def legday_reply(
    leg_day: LegDay,
    classification: Classification,
    rules: AdviceRules,
    tips: Iterable[Tip],
    *,
    now: datetime,
    public: bool,
    who: int | None = None,
    newer_hard: datetime | None = None,
) -> Reply:
    """`newer_hard`: a later hard leg day of the member's, logged before this backdated one;
    it decides when hard running is fine again, as /canirun answers."""
    hard = classification.klass is LegDayClass.HARD
    title = f"Leg day logged: {classification.klass.value}"
    lines = [_logged_line(leg_day.at, who if public else None), classification.reason]
    if hard:
        deciding = max(leg_day.at, newer_hard or leg_day.at)
        held_by_newer = deciding > leg_day.at
        ready = hard_running_fine_from(deciding, rules)
        if ready > now:
            why = " (a newer hard leg day holds it back that long)" if held_by_newer else ""
            lines.append(
                f"Hard running ({_HARD_RUNS}) is fine again from {when_line(ready)}{why}. Easy"
                " running before then is fine and even helps recovery."
            )
        else:
            # A backdated leg day whose window is over: it was fine from then, not "again".
            lines.append(
                f"Hard running ({_HARD_RUNS}) has been fine again since {when_line(ready)}:"
                " this leg day no longer holds anything back."
            )
    else:
        lines.append("A light session: it does not hold back any running.")
    fields = [_tips_field(tips)]
    if leg_day.notes:
        fields.insert(0, EmbedField(name="Notes", value=inline_text(leg_day.notes)))
    return Reply(
        title=title,
        description="\n".join(lines),
        colour=Colour.HARD if hard else Colour.LIGHT,
        fields=_with_optional(*fields),
        footer=f"Entry L{leg_day.id}" if leg_day.id is not None else None,
        ephemeral=not public,
    )


def hard_run_note(hard_fine_from: datetime, rules: AdviceRules) -> str:
    """The calm note on a HIGH run logged within the window after a hard leg day."""
    return (
        f"Hard running would have been fine from {when_line(hard_fine_from)}: that is what"
        f" the {rules.window_hours:g} hours after a hard leg day are for, letting the"
        " fibres heavy legs work recover. Next time, an easy run fits nicely in that gap."
    )


def run_reply(
    run: Run,
    profile: Profile,
    *,
    rules: AdviceRules,
    too_hard_warning: str | None,
    hard_fine_from: datetime | None = None,
    public: bool,
    who: int | None = None,
) -> Reply:
    """`hard_fine_from`: set for a HIGH run logged within the window after a hard leg day."""
    title = f"Run logged: {run_label(run.run_type)}"
    lines = [_logged_line(run.at, who if public else None)]
    stats = run_stats(run, profile.units)
    if stats:
        lines.append(" · ".join(stats))
    if too_hard_warning:
        lines.append(too_hard_warning)
    if hard_fine_from is not None:
        lines.append(hard_run_note(hard_fine_from, rules))
    fields: list[EmbedField] = []
    if run.notes:
        fields.append(EmbedField(name="Notes", value=inline_text(run.notes)))
    return Reply(
        title=title,
        description="\n".join(lines),
        colour=Colour.INFO,
        fields=tuple(fields),
        footer=f"Entry R{run.id}" if run.id is not None else None,
        ephemeral=not public,
    )


def advice_reply(advice: Advice, planned_at: datetime, label: str, *, now: datetime) -> Reply:
    verdict = advice.verdict
    # A plan for now reads "now"; a relative timestamp would already say "a few seconds ago".
    when = "now" if is_now(planned_at, now) else f"at {when_line(planned_at)}"
    lines = [f"**{label}** {when}"]
    lines.extend(reason.text for reason in advice.reasons)
    if verdict is Verdict.WAIT and advice.ready_at is not None:
        lines.append(
            f"Hard running OK from {ts(advice.ready_at, 'F')} ({ts(advice.ready_at, 'R')})"
        )
    fields: list[EmbedField | None] = []
    if advice.alternative:
        fields.append(EmbedField(name="Instead", value=advice.alternative))
    if advice.pain_warning:
        fields.append(EmbedField(name="Pain", value=advice.pain_warning))
    fields.append(_tips_field(advice.tips[:3]))
    return Reply(
        title=f"{VERDICT_HEADLINE[verdict]}: {rule_for(advice.reasons[0].code).headline}",
        description="\n".join(lines),
        colour=VERDICT_COLOUR[verdict],
        fields=_with_optional(*fields),
        ephemeral=True,
    )


def profile_reply(
    profile: Profile,
    zone: ZoneInfo,
    *,
    changed: Iterable[str] = (),
    checkin: Timer | None = None,
) -> Reply:
    """`zone` is the member's resolved zone: their own, or the club's when they chose none;
    `checkin` the pending check-in a change of zone moved."""
    changed = list(changed)
    # A member who never chose one is on the club's, which moves when an admin changes it.
    zone_text = zone.key if profile.timezone is not None else f"{zone.key} (the club's)"
    fields = (
        EmbedField(name="Time zone", value=zone_text, inline=True),
        EmbedField(name="Experience", value=profile.experience.value, inline=True),
        EmbedField(name="Focus", value=profile.focus.value, inline=True),
        EmbedField(name="Units", value=profile.units.value, inline=True),
        EmbedField(
            name="Named in the club post",
            value="yes" if profile.listed else "no (counted, not named)",
            inline=True,
        ),
        EmbedField(
            name="Maximum heart rate",
            value=f"{profile.max_hr} bpm" if profile.max_hr is not None else "not set",
            inline=True,
        ),
        EmbedField(name="Heads-up before sessions", value=profile.heads_up.value, inline=True),
    )
    description = (
        "Updated: " + ", ".join(changed) + "."
        if changed
        else "Change any of these with `/profile` and its options."
    )
    if checkin is not None and checkin.minute is not None:
        wall = clock_of(checkin.minute)
        description += (
            f"\nYour next check-in (`#{checkin.id}`) moved to {when_line(checkin.due_at)}:"
            f" {wall:%H:%M} on your clock in {zone.key}."
        )
        # A time the new zone's clocks skip that day: "02:30 on your clock" beside a 03:30.
        skipped = moved_wall_line(checkin.due_at, wall, zone)
        if skipped is not None:
            description += f"\n{skipped}"
    return Reply(
        title="Your profile",
        description=description,
        colour=Colour.INFO,
        fields=fields,
        ephemeral=True,
    )
