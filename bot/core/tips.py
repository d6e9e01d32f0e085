"""The bot's training tips and which of them fit a situation (advice-rules.md, "Tips").

A tip that states a number the rules use (what load is heavy, how long an easy run is) names
the club's setting, as the rules' own wording does (`rule_table.club_wording`): a club that
tunes `[advice]` is not told the defaults.
"""

from __future__ import annotations

from datetime import date

from bot.core.models import (
    Advice,
    AdviceRules,
    Experience,
    Focus,
    Intensity,
    LegDayClass,
    PlannedRun,
    Profile,
    RunType,
    Tip,
    TipId,
    Verdict,
    intensity_of,
)
from bot.core.rule_table import BEGINNER_MODERATE, club_wording, fill

# A tuple of frozen models, in TipId order, so the rotation of tip_of_the_day is stable.
# Each tip is short: one or two sentences. `{name}` is a club setting (`club_wording`); the
# tips for everyone (the club post's) name none.
_TIPS: tuple[Tip, ...] = (
    Tip(
        id=TipId.STRETCH,
        text=(
            "Stretch after every session, runs and lifts alike: loose muscles are less"
            " prone to overuse injuries."
        ),
    ),
    Tip(
        id=TipId.CARBS,
        text=(
            "Eat some carbohydrate after training: it refills the glycogen your muscles run"
            " on. Low-carb advice is not written for people who train hard."
        ),
    ),
    Tip(
        id=TipId.RECOVERY_RUN,
        text=(
            "A recovery run is there to help you recover, not to build fitness: keep it"
            " easy and save anything new or hard for another day."
        ),
    ),
    Tip(
        id=TipId.ENDURANCE_FOCUS,
        text=(
            "Building endurance? Swap heavy squats ({heavy_load_percent}% of max and up) and"
            " piles of accessory lifts for lighter split squats and lunges, so your legs stay"
            " fresh for the miles."
        ),
    ),
    Tip(
        id=TipId.STRENGTH_FOCUS,
        text=(
            "With strength as your focus, make most of your runs easy:"
            " {easy_alternative_min_minutes} to {easy_minutes_max} minutes at low intensity."
        ),
    ),
    Tip(
        id=TipId.TALK_TEST,
        text=(
            "Moderate and hard running are closer than they feel. Use the talk test: if you"
            " cannot speak in full sentences, you are going too hard."
        ),
    ),
    Tip(
        id=TipId.OVERTRAINING,
        text=(
            "Overtraining is rare for recreational runners: it catches people training at a"
            " very high level with little rest. An easy run after leg day is not it."
        ),
    ),
    Tip(
        id=TipId.HURTS_NORMAL,
        text=(
            "Running the day after a hard leg day hurts at any pace. That is normal, and it passes."
        ),
    ),
)

_MAX_ADVICE_TIPS = 3
# Tips written to members of one training focus ("With strength as your focus, ..."): a post
# the whole club reads never carries them.
_ONE_FOCUS = frozenset({TipId.ENDURANCE_FOCUS, TipId.STRENGTH_FOCUS})


def all_tips(rules: AdviceRules) -> tuple[Tip, ...]:
    """Every tip, one per TipId, in a fixed order, with the club's numbers."""
    return _filled([t.id for t in _TIPS], rules)


def tips_for_everyone() -> tuple[Tip, ...]:
    """The tips that fit every member, whatever their focus: the club post's. None names a
    club setting (a test holds it), so they need no rules."""
    return tuple(t for t in _TIPS if t.id not in _ONE_FOCUS)


def _template(tip_id: TipId) -> Tip:
    return next(t for t in _TIPS if t.id is tip_id)


def tip(tip_id: TipId, rules: AdviceRules) -> Tip:
    """The tip with this id, with the club's numbers."""
    return _filled([tip_id], rules)[0]


def _filled(ids: list[TipId], rules: AdviceRules) -> tuple[Tip, ...]:
    values = club_wording(rules)
    return tuple(Tip(id=tip_id, text=fill(_template(tip_id).text, values)) for tip_id in ids)


def _unique(ids: list[TipId]) -> list[TipId]:
    seen: list[TipId] = []
    for tip_id in ids:
        if tip_id not in seen:
            seen.append(tip_id)
    return seen


def tips_for_advice(
    advice: Advice,
    plan: PlannedRun,
    profile: Profile,
    rules: AdviceRules,
    *,
    recent_leg_day: bool,
    recent_hard: bool = False,
) -> tuple[Tip, ...]:
    """One to three tips that fit a verdict, most relevant first.

    `recent_leg_day` means any leg day inside the window before the run; `recent_hard` means
    a HARD one. Both are computed by the caller because the window is a rule, not a tip.
    """
    intensity = intensity_of(plan.run_type)
    ids: list[TipId] = []
    if advice.verdict is Verdict.WAIT:
        ids += [TipId.RECOVERY_RUN, TipId.HURTS_NORMAL]
    if profile.experience is Experience.BEGINNER and intensity is not Intensity.LOW:
        ids.append(TipId.TALK_TEST)
    if advice.verdict is Verdict.EASY_ONLY and advice.reasons[0].code != BEGINNER_MODERATE:
        # Rule 2 (sore legs) asks for easy running; rule 3 only for a conversational pace.
        ids.append(TipId.RECOVERY_RUN)
    if recent_hard:
        if profile.focus is Focus.ENDURANCE:
            ids.append(TipId.ENDURANCE_FOCUS)
        ids.append(TipId.HURTS_NORMAL)
    if profile.focus is Focus.STRENGTH:
        ids.append(TipId.STRENGTH_FOCUS)
    if advice.verdict is Verdict.GO and recent_leg_day and intensity is Intensity.LOW:
        # The worry behind "can I run after leg day" is usually overtraining; answer it.
        ids.append(TipId.OVERTRAINING)
    if not ids:
        ids = [TipId.STRETCH, TipId.CARBS]
    return _filled(_unique(ids)[:_MAX_ADVICE_TIPS], rules)


# The tips a leg-day log rotates through, by class; the focus tip (HARD only) comes first.
_LEG_DAY_ROTATION: dict[LegDayClass, tuple[TipId, ...]] = {
    LegDayClass.HARD: (TipId.STRETCH, TipId.CARBS, TipId.HURTS_NORMAL, TipId.OVERTRAINING),
    LegDayClass.LIGHT: (TipId.STRETCH, TipId.CARBS, TipId.OVERTRAINING),
}
_LEG_DAY_TIPS = 2


def tips_for_leg_day(
    klass: LegDayClass, profile: Profile, rules: AdviceRules, turn: int = 0
) -> tuple[Tip, ...]:
    """Two tips for the /legday reply: after a HARD one the tip for the member's focus (if
    endurance or strength), and the rest from a rotation that moves one step per `turn` (the
    entry's id), so consecutive logs do not repeat the same pair. No randomness, no state."""
    ids: list[TipId] = []
    if klass is LegDayClass.HARD:
        if profile.focus is Focus.ENDURANCE:
            ids.append(TipId.ENDURANCE_FOCUS)
        elif profile.focus is Focus.STRENGTH:
            ids.append(TipId.STRENGTH_FOCUS)
    rotation = _LEG_DAY_ROTATION[klass]
    step = 0
    while len(ids) < _LEG_DAY_TIPS:
        ids.append(rotation[(turn + step) % len(rotation)])
        step += 1
    return _filled(ids, rules)


def tip_of_the_day(local_date: date, previous: TipId | None) -> Tip:
    """Rotate through the tips that fit every member by date, skipping the one posted last
    time: the post is for the whole club."""
    tips = tips_for_everyone()
    index = local_date.toordinal() % len(tips)
    if tips[index].id == previous:
        index = (index + 1) % len(tips)
    return tips[index]


def easy_run_too_hard(
    run_type: RunType, rpe: int | None, within_window: bool, rules: AdviceRules
) -> bool:
    """A logged recovery/easy run that felt hard inside the window after a hard leg day."""
    if not within_window or rpe is None:
        return False
    return intensity_of(run_type) is Intensity.LOW and rpe >= rules.easy_run_rpe_warning
