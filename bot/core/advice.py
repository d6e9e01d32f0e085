"""The verdict for a planned run (advice-rules.md, "The verdict for a planned run").

`advise` is pure: the run's time comes in with the plan, the moment of asking (`now`) and the
leg days come in as arguments, and the same inputs always give the same Advice.
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
    RunType,
    Verdict,
    intensity_of,
)
from bot.core.rule_table import (
    PAIN_WARNING,
    RECENT_LEG_DAY_EASY,
    RECENT_LEG_DAY_LIGHT_HARD,
    SORE_BUT_GO,
    SORENESS_SET_ASIDE,
    Facts,
    club_wording,
    fill,
    first_match,
)
from bot.core.tips import tips_for_advice
from bot.core.wording import duration_words, is_now, run_noun

__all__ = [
    "PAIN_WARNING",
    "advise",
    "ceil_minute",
    "hard_running_fine_from",
    "soreness_set_aside",
    "verdict_after_hard",
]

_MINUTE = timedelta(minutes=1)
# The reason added when a plan's soreness is set aside (it starts past soreness_hours).
_SET_ASIDE = "soreness_set_aside"


def ceil_minute(moment: datetime) -> datetime:
    """`moment` rounded up to the next whole minute (unchanged when already whole)."""
    floor = moment.replace(second=0, microsecond=0)
    return floor if floor == moment else floor + _MINUTE


def soreness_set_aside(advice: Advice) -> bool:
    """Whether `advice` set its plan's soreness aside: the number did not count, and a reply
    must not say it was used."""
    return any(reason.code == _SET_ASIDE for reason in advice.reasons)


def hard_running_fine_from(last_hard: datetime, rules: AdviceRules) -> datetime:
    """The moment shown as "hard running is fine again": last_hard + W rounded UP to the
    minute, so that the shown minute (a reader sees minutes) is already a GO."""
    return ceil_minute(last_hard + rules.window)


def _duration(delta: timedelta) -> str:
    return duration_words(int(delta.total_seconds() // 60))


def _latest(moments: Sequence[datetime]) -> datetime | None:
    return max(moments, default=None)


def _sore_why(facts: Facts, run_name: str, rules: AdviceRules) -> str:
    """Which half of rule 2's condition this case meets, in the reply's words."""
    if facts.intensity is Intensity.LOW:
        return f"{facts.minutes} minutes is longer than {rules.easy_minutes_max}"
    return f"this {run_name} is more than easy running"


def _facts(
    plan: PlannedRun,
    leg_days: Sequence[LegDay],
    profile: Profile,
    rules: AdviceRules,
    asked: datetime,
) -> tuple[Facts, datetime | None, datetime | None, bool]:
    """What the rules look at: the facts, the last hard and last leg day at or before the run,
    and whether the soreness counts."""
    t = plan.at
    # Leg days logged for later than the run (a planned session) cannot have tired it.
    counted = [day for day in leg_days if day.at <= t]
    last_hard = _latest([day.at for day in counted if day.is_hard])
    last_any = _latest([day.at for day in counted])
    soreness_counts = t - asked <= rules.soreness_horizon
    facts = Facts(
        intensity=intensity_of(plan.run_type),
        since_last_hard=t - last_hard if last_hard is not None else None,
        # Not given is not 0: None makes no soreness rule apply.
        soreness=plan.soreness if soreness_counts else None,
        minutes=plan.minutes,
        experience=profile.experience,
    )
    return facts, last_hard, last_any, soreness_counts


def verdict_after_hard(
    run_type: RunType,
    at: datetime,
    last_hard: datetime | None,
    experience: Experience,
    rules: AdviceRules,
) -> tuple[Verdict, datetime | None]:
    """`advise(...)`'s verdict and `ready_at` alone, for a plan with no minutes and no
    soreness (the club post's, for its many members), from what alone decides it then: the
    member's newest HARD leg day at or before `at`, and their experience. Members alike in
    these share one answer, so the post asks once per kind."""
    facts = Facts(
        intensity=intensity_of(run_type),
        since_last_hard=at - last_hard if last_hard is not None else None,
        soreness=None,
        minutes=None,
        experience=experience,
    )
    verdict = first_match(facts, rules).verdict
    if verdict is Verdict.WAIT and last_hard is not None:
        return verdict, hard_running_fine_from(last_hard, rules)
    return verdict, None


def advise(
    plan: PlannedRun,
    leg_days: Sequence[LegDay],
    profile: Profile,
    rules: AdviceRules,
    *,
    now: datetime | None = None,
) -> Advice:
    """Decide GO / EASY-ONLY / WAIT for one planned run: the first matching rule of RULE_TABLE.

    `now` is when the member asked (None: the plan is for now). Soreness describes the legs
    at that moment, so it counts only for a plan starting within `rules.soreness_hours`.
    """
    t = plan.at
    window = rules.window
    asked = t if now is None else now
    facts, last_hard, last_any, soreness_counts = _facts(plan, leg_days, profile, rules, asked)
    recent_any_at = last_any if last_any is not None and t - last_any < window else None
    hard_recent = facts.hard_within(window)
    leg_recent = recent_any_at is not None
    run_name = run_noun(plan.run_type)

    rule = first_match(facts, rules)
    values = club_wording(rules)
    values["run"] = run_name
    values["soreness"] = str(plan.soreness)
    values["sore_why"] = _sore_why(facts, run_name, rules)
    values["when_planned"] = "right now" if is_now(t, asked) else "at that time"
    # Left out without a hard leg day, so a rule naming it there fails loudly in the tests.
    if facts.since_last_hard is not None:
        values["since_last_hard"] = _duration(facts.since_last_hard)
    if recent_any_at is not None:
        values["since_last_leg_day"] = _duration(t - recent_any_at)

    reasons = [Reason(code=rule.code, text=fill(rule.reason, values))]
    alternative = fill(rule.instead, values) if rule.instead is not None else None
    # Rule 1 is the only WAIT, and it matched because last_hard is within the window.
    ready_at = None
    if rule.verdict is Verdict.WAIT and last_hard is not None:
        ready_at = hard_running_fine_from(last_hard, rules)

    if rule.verdict is Verdict.GO:
        # Not rules of their own: GO stays GO, these only add what the member should know.
        if facts.soreness is not None and facts.soreness >= rules.soreness_threshold:
            reasons.append(Reason(code="sore_legs_easy_ok", text=fill(SORE_BUT_GO, values)))
        if recent_any_at is not None:
            if facts.intensity is Intensity.HIGH:
                # A GO for a hard run: every leg day within the window is a light one.
                reasons.append(
                    Reason(
                        code="recent_light_leg_day",
                        text=fill(RECENT_LEG_DAY_LIGHT_HARD, values),
                    )
                )
            else:
                reasons.append(
                    Reason(code="recent_leg_day", text=fill(RECENT_LEG_DAY_EASY, values))
                )
    if plan.soreness is not None and not soreness_counts:
        reasons.append(Reason(code=_SET_ASIDE, text=fill(SORENESS_SET_ASIDE, values)))

    # The pain line is about safety, not the plan: it stays even when soreness is set aside.
    pain = plan.soreness is not None and plan.soreness >= rules.pain_soreness
    draft = Advice(
        verdict=rule.verdict,
        intensity=facts.intensity,
        reasons=tuple(reasons),
        ready_at=ready_at,
        alternative=alternative,
        last_hard=last_hard,
        pain_warning=PAIN_WARNING if pain else None,
    )
    tips = tips_for_advice(
        draft, plan, profile, rules, recent_leg_day=leg_recent, recent_hard=hard_recent
    )
    return draft.model_copy(update={"tips": tips})
