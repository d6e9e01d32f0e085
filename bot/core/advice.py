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
    Experience,
    Intensity,
    LegDay,
    PlannedRun,
    Profile,
    Reason,
    Verdict,
    intensity_of,
)
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


def _window(rules: AdviceRules) -> str:
    return f"{rules.window_hours:g} hours"


def _latest(moments: Sequence[datetime]) -> datetime | None:
    return max(moments, default=None)


def advise(
    plan: PlannedRun, leg_days: Sequence[LegDay], profile: Profile, rules: AdviceRules
) -> Advice:
    """Decide GO / EASY-ONLY / WAIT for one planned run; the first matching rule wins."""
    t = plan.at
    window = rules.window
    intensity = intensity_of(plan.run_type)
    soreness = plan.soreness if plan.soreness is not None else 0

    # Leg days logged for later than the run (a planned session) cannot have tired it.
    counted = [day for day in leg_days if day.at <= t]
    last_hard = _latest([day.at for day in counted if day.is_hard])
    last_any = _latest([day.at for day in counted])
    # Strictly less than: at exactly W after a hard leg day, hard running is fine again.
    recent_hard_at = last_hard if last_hard is not None and t - last_hard < window else None
    recent_any_at = last_any if last_any is not None and t - last_any < window else None
    hard_recent = recent_hard_at is not None
    leg_recent = recent_any_at is not None
    sore = soreness >= rules.soreness_threshold
    too_long_for_sore = plan.minutes is not None and plan.minutes > rules.easy_minutes_max
    run_name = plan.run_type.value

    reasons: list[Reason] = []
    ready_at: datetime | None = None
    alternative: str | None = None

    if intensity is Intensity.HIGH and recent_hard_at is not None:
        verdict = Verdict.WAIT
        ready_at = recent_hard_at + window
        reasons.append(
            Reason(
                code="hard_leg_day_recent",
                text=(
                    f"Your last hard leg day was {_duration(t - recent_hard_at)} before this"
                    f" {run_name} run. Hard running works the same fast-twitch fibres as heavy"
                    f" leg work, so keep it {_window(rules)} clear of a hard leg day."
                ),
            )
        )
        alternative = (
            f"An easy {rules.easy_alternative_min_minutes}-{rules.easy_minutes_max} minute"
            " run is fine right now: easy running uses different fibres and helps your legs"
            " recover."
        )
    elif sore and (intensity is not Intensity.LOW or too_long_for_sore):
        verdict = Verdict.EASY_ONLY
        if intensity is Intensity.LOW:
            what = f"{plan.minutes} minutes is longer than {rules.easy_minutes_max}"
        else:
            what = f"this {run_name} run is more than easy running"
        reasons.append(
            Reason(
                code="sore_legs",
                text=(
                    f"Soreness {soreness}/10 ({rules.soreness_threshold} or more) and {what}."
                    " Sore legs are fine to run on, at low mileage and low intensity."
                ),
            )
        )
        alternative = (
            f"Keep it short and easy: about {rules.easy_minutes_max} minutes or less, at a"
            " pace where you could hold a conversation."
        )
    elif (
        intensity is Intensity.MODERATE
        and hard_recent
        and profile.experience is Experience.BEGINNER
    ):
        verdict = Verdict.EASY_ONLY
        reasons.append(
            Reason(
                code="beginner_moderate",
                text=(
                    f"You had a hard leg day within the last {_window(rules)}, and beginners"
                    f" easily drift into hard running on a {run_name} run without noticing."
                ),
            )
        )
        alternative = (
            f"Run it as an easy run instead, about {rules.easy_minutes_max} minutes or less,"
            " at a conversational pace: if you cannot talk in full sentences, slow down."
        )
    else:
        verdict = Verdict.GO
        reasons.append(
            Reason(
                code="clear",
                text=f"Nothing in your log calls for holding back on this {run_name} run.",
            )
        )
        if sore:
            reasons.append(
                Reason(
                    code="sore_legs_easy_ok",
                    text=(
                        f"Soreness {soreness}/10: a short, easy run is fine on sore legs and"
                        " can even ease them."
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

    pain_warning = PAIN_WARNING if soreness >= rules.pain_soreness else None
    draft = Advice(
        verdict=verdict,
        intensity=intensity,
        reasons=tuple(reasons),
        ready_at=ready_at,
        alternative=alternative,
        last_hard=last_hard,
        pain_warning=pain_warning,
    )
    tips = tips_for_advice(draft, plan, profile, recent_leg_day=leg_recent, recent_hard=hard_recent)
    return draft.model_copy(update={"tips": tips})
