"""Classifying a logged leg day as HARD or LIGHT (advice-rules.md, "A leg day, classified")."""

from __future__ import annotations

from bot.core.models import AdviceRules, Classification, LegDayClass, LegDayInput
from bot.core.wording import plural


def _is_heavy(entry: LegDayInput, rules: AdviceRules) -> bool:
    if entry.heaviest is None or entry.heaviest < rules.heavy_load_percent:
        return False
    # A heavy load with no sets/reps count is treated as "multiple": when unsure, be careful.
    enough_sets = entry.sets is None or entry.sets >= rules.heavy_min_sets
    enough_reps = entry.reps is None or entry.reps >= rules.heavy_min_reps
    return enough_sets and enough_reps


def _load_summary(entry: LegDayInput) -> str:
    text = f"heaviest load {entry.heaviest}% of max"
    if entry.sets is not None and entry.reps is not None:
        return f"{text}, {plural(entry.sets, 'set')} of {plural(entry.reps, 'rep')}"
    if entry.sets is not None:
        return f"{text}, {plural(entry.sets, 'set')}"
    if entry.reps is not None:
        return f"{text}, {plural(entry.reps, 'rep')} per set"
    return text


def classify_leg_day(entry: LegDayInput, rules: AdviceRules) -> Classification:
    """Classify one leg-day session; the first matching rule of the contract decides."""
    if entry.hard is not None:
        if entry.hard:
            return Classification(
                klass=LegDayClass.HARD,
                reason_code="declared_hard",
                reason="You said it was a hard leg day, so it counts as hard.",
            )
        return Classification(
            klass=LegDayClass.LIGHT,
            reason_code="declared_light",
            reason="You said it was a light leg day, so it counts as light.",
        )

    exercises = plural(entry.exercises, "weighted leg exercise")
    if entry.exercises >= rules.hard_exercises:
        return Classification(
            klass=LegDayClass.HARD,
            reason_code="many_exercises",
            reason=f"{exercises} ({rules.hard_exercises} or more counts as hard).",
        )

    if _is_heavy(entry, rules):
        caution = (
            " (a missing count is taken as several, to be safe)"
            if entry.sets is None or entry.reps is None
            else ""
        )
        return Classification(
            klass=LegDayClass.HARD,
            reason_code="heavy_load",
            reason=(
                f"{_load_summary(entry).capitalize()}: {rules.heavy_load_percent}% of max or"
                f" more for several sets and reps counts as hard{caution}."
            ),
        )

    detail = exercises
    if entry.heaviest is not None:
        detail += f", {_load_summary(entry)}"
    return Classification(
        klass=LegDayClass.LIGHT,
        reason_code="light",
        reason=(
            f"{detail}: under the hard line ({rules.hard_exercises} or more exercises, or"
            f" {plural(rules.heavy_min_sets, 'set')} of {plural(rules.heavy_min_reps, 'rep')}"
            f" at {rules.heavy_load_percent}% of max or more), so it counts as light."
        ),
    )
