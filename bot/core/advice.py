"""The verdict for a planned run (advice-rules.md, "The verdict for a planned run").

`advise` is pure: the run's time comes in with the plan, the leg days come in as a sequence,
and the same inputs always give the same Advice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.core.models import (
    Advice,
    AdviceRules,
    Intensity,
    LegDay,
    PlannedRun,
    Profile,
    Reason,
    Verdict,
    intensity_of,
)
from bot.core.rule_table import Facts, club_wording, fill, first_match
from bot.core.tips import tips_for_advice

PAIN_WARNING = (
    "Sharp pain, or pain that changes the way you run, is not soreness: rest, and get it looked at."
)


def _duration(delta: timedelta) -> str:
    minutes_total = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes_total, 60)
    hours_text = "1 hour" if hours == 1 else f"{hours} hours"
    if minutes == 0:
        return hours_text
    minutes_text = "1 minute" if minutes == 1 else f"{minutes} minutes"
    return minutes_text if hours == 0 else f"{hours_text} {minutes_text}"


def _latest(moments: Sequence[datetime]) -> datetime | None:
    return max(moments, default=None)


def _sore_why(facts: Facts, run_name: str, rules: AdviceRules) -> str:
    """Which half of rule 2's condition this case meets, in the reply's words."""
    if facts.intensity is Intensity.LOW:
        return f"{facts.minutes} minutes is longer than {rules.easy_minutes_max}"
    return f"this {run_name} run is more than easy running"


def advise(
    plan: PlannedRun, leg_days: Sequence[LegDay], profile: Profile, rules: AdviceRules
) -> Advice:
    """Decide GO / EASY-ONLY / WAIT for one planned run: the first matching rule of RULE_TABLE."""
    t = plan.at
    window = rules.window

    # Leg days logged for later than the run (a planned session) cannot have tired it.
    counted = [day for day in leg_days if day.at <= t]
    last_hard = _latest([day.at for day in counted if day.is_hard])
    last_any = _latest([day.at for day in counted])
    facts = Facts(
        intensity=intensity_of(plan.run_type),
        since_last_hard=t - last_hard if last_hard is not None else None,
        soreness=plan.soreness if plan.soreness is not None else 0,
        minutes=plan.minutes,
        experience=profile.experience,
    )
    recent_any_at = last_any if last_any is not None and t - last_any < window else None
    hard_recent = facts.hard_within(window)
    leg_recent = recent_any_at is not None
    run_name = plan.run_type.value

    rule = first_match(facts, rules)
    values = club_wording(rules)
    values["run"] = run_name
    values["soreness"] = str(facts.soreness)
    values["sore_why"] = _sore_why(facts, run_name, rules)
    # Left out without a hard leg day, so a rule naming it there fails loudly in the tests.
    if facts.since_last_hard is not None:
        values["since_last_hard"] = _duration(facts.since_last_hard)

    reasons = [Reason(code=rule.code, text=fill(rule.reason, values))]
    alternative = fill(rule.instead, values) if rule.instead is not None else None
    # Rule 1 is the only WAIT, and it matched because last_hard is within the window.
    ready_at = None
    if rule.verdict is Verdict.WAIT and last_hard is not None:
        ready_at = last_hard + window

    if rule.verdict is Verdict.GO:
        # Not rules of their own: GO stays GO, these only add what the member should know.
        if facts.soreness >= rules.soreness_threshold:
            reasons.append(
                Reason(
                    code="sore_legs_easy_ok",
                    text=(
                        f"Soreness {facts.soreness}/10: a short, easy run is fine on sore legs"
                        " and can even ease them."
                    ),
                )
            )
        if recent_any_at is not None:
            reasons.append(
                Reason(
                    code="recent_leg_day",
                    text=(
                        f"Your last leg day was {_duration(t - recent_any_at)} before this run:"
                        " keep it relaxed. Easy running brings blood to your legs and helps them"
                        " recover."
                    ),
                )
            )

    pain_warning = PAIN_WARNING if facts.soreness >= rules.pain_soreness else None
    draft = Advice(
        verdict=rule.verdict,
        intensity=facts.intensity,
        reasons=tuple(reasons),
        ready_at=ready_at,
        alternative=alternative,
        last_hard=last_hard,
        pain_warning=pain_warning,
    )
    tips = tips_for_advice(draft, plan, profile, recent_leg_day=leg_recent, recent_hard=hard_recent)
    return draft.model_copy(update={"tips": tips})
