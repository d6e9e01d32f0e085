"""The notes a GO carries, soreness set aside for a later plan, the tips' "recent leg day" and
the rounding of "fine again": the edges of advice-rules.md that the verdict table leaves open.

Reason codes are the verdict's contract ("the reasons (short codes plus text)"): the renderer
and the tips pick by code, so the exact codes are checked here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.advice import advise, ceil_minute, hard_running_fine_from, soreness_set_aside
from bot.core.models import (
    Advice,
    AdviceRules,
    LegDay,
    PlannedRun,
    Profile,
    RunType,
    TipId,
    Verdict,
)

T = datetime(2025, 3, 10, 18, 0, tzinfo=UTC)
DEFAULT = AdviceRules()
MEMBER = Profile()


def codes(advice: Advice) -> tuple[str, ...]:
    return tuple(reason.code for reason in advice.reasons)


def text_of(advice: Advice, code: str) -> str:
    return next(reason.text for reason in advice.reasons if reason.code == code)


def hard(at: datetime) -> LegDay:
    return LegDay(at=at, is_hard=True, exercises=3)


def light(at: datetime) -> LegDay:
    return LegDay(at=at, is_hard=False, exercises=1)


# advice-rules.md: "soreness >= 4" makes rule 2; a short easy run with such soreness stays a GO
# (rule 2 does not match it), and the reply says the easy run is fine on sore legs.
@pytest.mark.parametrize(
    ("soreness", "rules", "noted"),
    [
        pytest.param(3, DEFAULT, False, id="3-below-4"),
        pytest.param(4, DEFAULT, True, id="4-at-threshold"),
        pytest.param(7, DEFAULT, True, id="7"),
        pytest.param(5, AdviceRules(soreness_threshold=6), False, id="custom-6-at-5"),
        pytest.param(6, AdviceRules(soreness_threshold=6), True, id="custom-6-at-6"),
    ],
)
def test_sore_but_go_note_from_the_threshold_on(
    soreness: int, rules: AdviceRules, noted: bool
) -> None:
    planned = PlannedRun(run_type=RunType.EASY, at=T, minutes=20, soreness=soreness)
    advice = advise(planned, [], MEMBER, rules)
    assert advice.verdict is Verdict.GO
    assert codes(advice) == (("clear", "sore_legs_easy_ok") if noted else ("clear",))
    if noted:
        assert f"Soreness {soreness}/10" in text_of(advice, "sore_legs_easy_ok")


# "Soreness ... counts for a plan that starts within the next 24 hours."
@pytest.mark.parametrize(
    ("ahead", "counts"),
    [
        pytest.param(timedelta(hours=23, minutes=59), True, id="23h59m"),
        pytest.param(timedelta(hours=24), True, id="exactly-24h"),
        pytest.param(timedelta(hours=24, seconds=1), False, id="24h00m01s"),
        pytest.param(timedelta(days=3), False, id="3-days"),
    ],
)
def test_soreness_counts_within_24_hours_and_is_set_aside_after(
    ahead: timedelta, counts: bool
) -> None:
    asked = T - ahead
    planned = PlannedRun(run_type=RunType.STEADY, at=T, soreness=6)
    advice = advise(planned, [], MEMBER, DEFAULT, now=asked)
    assert soreness_set_aside(advice) is not counts
    if counts:
        assert advice.verdict is Verdict.EASY_ONLY
        assert codes(advice) == ("sore_legs",)
    else:
        # Without the soreness nothing holds a steady run back.
        assert advice.verdict is Verdict.GO
        assert codes(advice) == ("clear", "soreness_set_aside")
        set_aside = text_of(advice, "soreness_set_aside")
        assert "Soreness 6/10" in set_aside
        # README: "it is set aside, and the reply says so and asks you to check again on the day"
        assert "set aside" in set_aside
        assert "Check again on the day" in set_aside


def test_no_soreness_given_sets_nothing_aside() -> None:
    later = PlannedRun(run_type=RunType.STEADY, at=T)
    advice = advise(later, [], MEMBER, DEFAULT, now=T - timedelta(days=3))
    assert codes(advice) == ("clear",)
    assert not soreness_set_aside(advice)


@pytest.mark.parametrize(
    ("leg_day", "overtraining"),
    [
        pytest.param(light(T - timedelta(hours=47, minutes=59)), True, id="light-47h59m"),
        pytest.param(hard(T - timedelta(hours=30)), True, id="hard-30h"),
        pytest.param(light(T - timedelta(hours=48)), False, id="light-48h"),
        pytest.param(None, False, id="no-leg-day"),
    ],
)
def test_overtraining_tip_goes_to_easy_runs_after_a_recent_leg_day(
    leg_day: LegDay | None, overtraining: bool
) -> None:
    """advice-rules.md's tip "running easy after leg day is not overtraining" answers the
    worry of an easy run soon after a leg day, and only that."""
    planned = PlannedRun(run_type=RunType.EASY, at=T)
    advice = advise(planned, [] if leg_day is None else [leg_day], MEMBER, DEFAULT)
    assert advice.verdict is Verdict.GO
    tip_ids = [tip.id for tip in advice.tips]
    assert (TipId.OVERTRAINING in tip_ids) is overtraining
    if leg_day is None:
        assert tip_ids == [TipId.STRETCH, TipId.CARBS]


def test_hard_run_after_only_a_light_leg_day_says_so() -> None:
    """Rule 4: "If the run is HIGH and only LIGHT leg days are within W: a light leg day does
    not hold hard running back"."""
    planned = PlannedRun(run_type=RunType.TEMPO, at=T)
    advice = advise(planned, [light(T - timedelta(hours=2, minutes=30))], MEMBER, DEFAULT)
    assert advice.verdict is Verdict.GO
    assert codes(advice) == ("clear", "recent_light_leg_day")
    note = text_of(advice, "recent_light_leg_day")
    assert "2 hours 30 minutes" in note
    assert "light" in note


def test_easy_run_note_names_how_long_ago_the_leg_day_was() -> None:
    planned = PlannedRun(run_type=RunType.EASY, at=T)
    advice = advise(planned, [hard(T - timedelta(hours=5, minutes=15))], MEMBER, DEFAULT)
    assert codes(advice) == ("clear", "recent_leg_day")
    assert "5 hours 15 minutes" in text_of(advice, "recent_leg_day")


# README: "an easier alternative (for right now, or for the planned time)".
@pytest.mark.parametrize(
    ("asked", "when"),
    [
        pytest.param(T, "right now", id="now"),
        pytest.param(T - timedelta(hours=6), "at that time", id="later"),
    ],
)
def test_wait_alternative_is_for_now_or_for_the_planned_time(asked: datetime, when: str) -> None:
    planned = PlannedRun(run_type=RunType.INTERVALS, at=T)
    advice = advise(planned, [hard(T - timedelta(hours=20))], MEMBER, DEFAULT, now=asked)
    assert advice.verdict is Verdict.WAIT
    assert advice.alternative is not None
    assert f"fine {when}:" in advice.alternative


def test_fine_again_rounds_a_fraction_of_a_second_up() -> None:
    """A leg day at 18:00:00.5 is clear at 18:00:00.5 two days later, so "fine from" must be
    18:01, not 18:00 (at 18:00:00 /canirun still answers WAIT)."""
    logged = datetime(2025, 3, 8, 18, 0, 0, 500_000, tzinfo=UTC)
    shown = hard_running_fine_from(logged, DEFAULT)
    assert shown == datetime(2025, 3, 10, 18, 1, tzinfo=UTC)
    at_18 = PlannedRun(run_type=RunType.TEMPO, at=datetime(2025, 3, 10, 18, 0, tzinfo=UTC))
    assert advise(at_18, [hard(logged)], MEMBER, DEFAULT).verdict is Verdict.WAIT
    assert advise(
        at_18.model_copy(update={"at": shown}), [hard(logged)], MEMBER, DEFAULT
    ).verdict is (Verdict.GO)


@pytest.mark.parametrize(
    ("moment", "rounded"),
    [
        pytest.param(
            datetime(2025, 1, 1, 9, 0, tzinfo=UTC),
            datetime(2025, 1, 1, 9, 0, tzinfo=UTC),
            id="whole",
        ),
        pytest.param(
            datetime(2025, 1, 1, 9, 0, 0, 1, tzinfo=UTC),
            datetime(2025, 1, 1, 9, 1, tzinfo=UTC),
            id="one-microsecond",
        ),
        pytest.param(
            datetime(2025, 1, 1, 9, 3, 27, tzinfo=UTC),
            datetime(2025, 1, 1, 9, 4, tzinfo=UTC),
            id="18-03-27-style",
        ),
    ],
)
def test_ceil_minute(moment: datetime, rounded: datetime) -> None:
    assert ceil_minute(moment) == rounded
