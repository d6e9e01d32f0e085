"""Why a leg day is HARD or LIGHT: the reason /legday replies with (README: "Replies HARD or
LIGHT and why"), for every shape of load a member may give."""

from __future__ import annotations

import pytest

from bot.core.legday import classify_leg_day
from bot.core.models import AdviceRules, LegDayClass, LegDayInput

DEFAULT = AdviceRules()
# README: "sets or reps left out count as 'several': when unsure, the bot is careful".
SEVERAL = "a missing count is taken as several"

ENTRIES = [
    LegDayInput(exercises=0, hard=True),
    LegDayInput(exercises=4, hard=False),
    LegDayInput(exercises=4),
    LegDayInput(exercises=1, heaviest=80, sets=3, reps=5),
    LegDayInput(exercises=1, heaviest=80, sets=3),
    LegDayInput(exercises=1, heaviest=80, reps=5),
    LegDayInput(exercises=1, heaviest=80),
    LegDayInput(exercises=1, heaviest=60, sets=1, reps=1),
    LegDayInput(exercises=2, heaviest=60, sets=3),
    LegDayInput(exercises=2, heaviest=60, reps=5),
    LegDayInput(exercises=0),
]


@pytest.mark.parametrize("entry", ENTRIES, ids=repr)
def test_every_reason_is_one_plain_sentence(entry: LegDayInput) -> None:
    reason = classify_leg_day(entry, DEFAULT).reason
    assert not reason[0].islower()
    assert reason.endswith(".")
    assert reason != reason.upper()
    assert "None" not in reason


@pytest.mark.parametrize(("hard", "klass"), [(True, LegDayClass.HARD), (False, LegDayClass.LIGHT)])
def test_a_declared_class_says_the_member_said_so(hard: bool, klass: LegDayClass) -> None:
    result = classify_leg_day(LegDayInput(exercises=1, hard=hard), DEFAULT)
    assert result.klass is klass
    assert result.reason.startswith("You said it was a")
    assert f"counts as {klass.value.lower()}" in result.reason


@pytest.mark.parametrize(
    ("entry", "load", "careful"),
    [
        pytest.param(
            LegDayInput(exercises=1, heaviest=80, sets=3, reps=5),
            "Heaviest load 80% of max, 3 sets of 5 reps:",
            False,
            id="sets-and-reps",
        ),
        pytest.param(
            LegDayInput(exercises=1, heaviest=80, sets=3),
            "Heaviest load 80% of max, 3 sets:",
            True,
            id="sets-only",
        ),
        pytest.param(
            LegDayInput(exercises=1, heaviest=80, reps=5),
            "Heaviest load 80% of max, 5 reps per set:",
            True,
            id="reps-only",
        ),
        pytest.param(
            LegDayInput(exercises=1, heaviest=80, sets=1, reps=2),
            None,
            False,
            id="one-set-is-light",
        ),
        pytest.param(
            LegDayInput(exercises=1, heaviest=80), "Heaviest load 80% of max:", True, id="load-only"
        ),
    ],
)
def test_heavy_load_reason_names_what_was_given_and_when_it_assumed(
    entry: LegDayInput, load: str | None, careful: bool
) -> None:
    result = classify_leg_day(entry, DEFAULT)
    if load is None:
        assert result.klass is LegDayClass.LIGHT
        assert SEVERAL not in result.reason
        return
    assert result.klass is LegDayClass.HARD
    assert result.reason.startswith(load)
    assert (SEVERAL in result.reason) is careful
    assert result.reason.endswith("to be safe)." if careful else "counts as hard.")


@pytest.mark.parametrize(
    ("entry", "given"),
    [
        pytest.param(
            LegDayInput(exercises=2, heaviest=60, sets=3), "60% of max, 3 sets:", id="sets"
        ),
        pytest.param(
            LegDayInput(exercises=2, heaviest=60, reps=1), "60% of max, 1 rep per set:", id="reps"
        ),
        pytest.param(
            LegDayInput(exercises=2, heaviest=60, sets=1, reps=8),
            "60% of max, 1 set of 8 reps:",
            id="both",
        ),
    ],
)
def test_light_reason_names_the_load_and_the_clubs_hard_line(
    entry: LegDayInput, given: str
) -> None:
    rules = AdviceRules(heavy_load_percent=70, heavy_min_sets=3, heavy_min_reps=4, hard_exercises=5)
    result = classify_leg_day(entry, rules)
    assert result.klass is LegDayClass.LIGHT
    assert result.reason.startswith(f"2 weighted leg exercises, heaviest load {given}")
    assert "(5 or more exercises, or 3 sets of 4 reps at 70% of max or more)" in result.reason
