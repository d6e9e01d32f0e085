"""The leg-day table of advice-rules.md, one case per rule and per boundary."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.legday import classify_leg_day
from bot.core.models import AdviceRules, LegDayClass, LegDayInput

HARD = LegDayClass.HARD
LIGHT = LegDayClass.LIGHT
DEFAULT = AdviceRules()


@pytest.mark.parametrize(
    ("entry", "rules", "klass", "code"),
    [
        pytest.param(
            LegDayInput(exercises=0, hard=True), DEFAULT, HARD, "declared_hard", id="declared-hard"
        ),
        pytest.param(
            LegDayInput(exercises=8, heaviest=95, sets=5, reps=5, hard=False),
            DEFAULT,
            LIGHT,
            "declared_light",
            id="declared-light-beats-everything",
        ),
        pytest.param(
            LegDayInput(exercises=3), DEFAULT, HARD, "many_exercises", id="exercises-3-hard"
        ),
        pytest.param(LegDayInput(exercises=2), DEFAULT, LIGHT, "light", id="exercises-2-light"),
        pytest.param(LegDayInput(exercises=0), DEFAULT, LIGHT, "light", id="nothing-light"),
        pytest.param(
            LegDayInput(exercises=5, heaviest=90, sets=4, reps=5),
            DEFAULT,
            HARD,
            "many_exercises",
            id="exercise-rule-checked-before-load-rule",
        ),
        pytest.param(
            LegDayInput(exercises=1, heaviest=75, sets=2, reps=2),
            DEFAULT,
            HARD,
            "heavy_load",
            id="heavy-75-2x2-hard",
        ),
        pytest.param(
            LegDayInput(exercises=1, heaviest=74, sets=5, reps=5),
            DEFAULT,
            LIGHT,
            "light",
            id="heavy-74-light",
        ),
        pytest.param(
            LegDayInput(exercises=1, heaviest=80),
            DEFAULT,
            HARD,
            "heavy_load",
            id="heavy-without-sets-reps-counts-as-multiple",
        ),
        pytest.param(
            LegDayInput(exercises=1, heaviest=80, sets=1, reps=5),
            DEFAULT,
            LIGHT,
            "light",
            id="heavy-single-set-light",
        ),
        pytest.param(
            LegDayInput(exercises=1, heaviest=80, sets=3, reps=1),
            DEFAULT,
            LIGHT,
            "light",
            id="heavy-single-rep-light",
        ),
        pytest.param(
            LegDayInput(exercises=1, heaviest=80, sets=1),
            DEFAULT,
            LIGHT,
            "light",
            id="heavy-single-set-reps-missing-light",
        ),
        pytest.param(
            LegDayInput(exercises=1, heaviest=80, reps=3),
            DEFAULT,
            HARD,
            "heavy_load",
            id="heavy-sets-missing-reps-3-hard",
        ),
        pytest.param(
            LegDayInput(exercises=3),
            AdviceRules(hard_exercises=4),
            LIGHT,
            "light",
            id="custom-hard-exercises-4",
        ),
        pytest.param(
            LegDayInput(exercises=1, heaviest=75, sets=2, reps=2),
            AdviceRules(heavy_load_percent=80),
            LIGHT,
            "light",
            id="custom-heavy-load-80",
        ),
    ],
)
def test_classify_leg_day(
    entry: LegDayInput, rules: AdviceRules, klass: LegDayClass, code: str
) -> None:
    result = classify_leg_day(entry, rules)
    assert result.klass is klass
    assert result.reason_code == code
    assert result.reason


@pytest.mark.parametrize(
    ("entry", "fragments"),
    [
        pytest.param(
            LegDayInput(exercises=3), ("3 weighted leg exercises", "3 or more"), id="many"
        ),
        pytest.param(
            LegDayInput(exercises=1, heaviest=80, sets=3, reps=5),
            ("80%", "3 sets", "5 reps", "75%"),
            id="heavy",
        ),
        pytest.param(
            LegDayInput(exercises=2, heaviest=60), ("2 weighted leg exercises", "60%"), id="light"
        ),
    ],
)
def test_reason_mentions_the_numbers(entry: LegDayInput, fragments: tuple[str, ...]) -> None:
    reason = classify_leg_day(entry, DEFAULT).reason
    for fragment in fragments:
        assert fragment in reason


@given(
    exercises=st.integers(0, 20),
    heaviest=st.none() | st.integers(1, 100),
    sets=st.none() | st.integers(1, 20),
    reps=st.none() | st.integers(1, 50),
    hard=st.booleans(),
)
def test_declared_hard_always_wins(
    exercises: int, heaviest: int | None, sets: int | None, reps: int | None, hard: bool
) -> None:
    entry = LegDayInput(exercises=exercises, heaviest=heaviest, sets=sets, reps=reps, hard=hard)
    assert classify_leg_day(entry, DEFAULT).klass is (HARD if hard else LIGHT)


@given(
    exercises=st.integers(0, 19),
    heaviest=st.none() | st.integers(1, 100),
    sets=st.none() | st.integers(1, 20),
    reps=st.none() | st.integers(1, 50),
)
def test_more_exercises_never_makes_it_lighter(
    exercises: int, heaviest: int | None, sets: int | None, reps: int | None
) -> None:
    fewer = LegDayInput(exercises=exercises, heaviest=heaviest, sets=sets, reps=reps)
    more = fewer.model_copy(update={"exercises": exercises + 1})
    if classify_leg_day(fewer, DEFAULT).klass is HARD:
        assert classify_leg_day(more, DEFAULT).klass is HARD
