"""The shape of RULE_TABLE: order, first match, every row reachable, boundaries, templates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from string import Formatter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.core.advice import advise
from bot.core.models import (
    INTENSITY_OF,
    AdviceRules,
    Experience,
    Intensity,
    LegDay,
    PlannedRun,
    Profile,
    RunType,
    Verdict,
)
from bot.core.rule_table import (
    CASE_FIELDS,
    RULE_TABLE,
    Facts,
    VerdictRule,
    club_wording,
    fill,
    first_match,
)
from bot.core.wording import run_noun

DEFAULT = AdviceRules()
T = datetime(2025, 3, 10, 18, 0, tzinfo=UTC)


def facts(
    intensity: Intensity = Intensity.LOW,
    *,
    since_last_hard: timedelta | None = None,
    soreness: int | None = None,
    minutes: int | None = None,
    experience: Experience = Experience.INTERMEDIATE,
) -> Facts:
    return Facts(intensity, since_last_hard, soreness, minutes, experience)


def rule(number: int) -> VerdictRule:
    return next(r for r in RULE_TABLE if r.number == number)


H24 = timedelta(hours=24)

# One case per row that no earlier row catches: each rule is reachable.
ONLY = {
    1: facts(Intensity.HIGH, since_last_hard=H24),
    2: facts(Intensity.MODERATE, soreness=4),
    3: facts(Intensity.MODERATE, since_last_hard=H24, experience=Experience.BEGINNER),
    4: facts(),
}

facts_strategy = st.builds(
    Facts,
    intensity=st.sampled_from(Intensity),
    since_last_hard=st.none() | st.integers(0, 6 * 24 * 60).map(lambda m: timedelta(minutes=m)),
    soreness=st.none() | st.integers(0, 10),
    minutes=st.none() | st.integers(1, 600),
    experience=st.sampled_from(Experience),
)
rule_sets = st.integers(1, 10).flatmap(
    lambda threshold: st.builds(
        AdviceRules,
        window_hours=st.sampled_from([12.0, 24.0, 36.0, 36.5, 48.0, 72.0]),
        soreness_threshold=st.just(threshold),
        # Never below soreness_threshold: the settings refuse that combination.
        pain_soreness=st.integers(threshold, 10),
        easy_minutes_max=st.integers(10, 90),
        easy_alternative_min_minutes=st.integers(1, 10),
    )
)


def test_the_table_is_the_contracts_rules_in_order() -> None:
    # advice-rules.md, "The verdict for a planned run": four rules, first match wins.
    assert [(r.number, r.verdict, r.code) for r in RULE_TABLE] == [
        (1, Verdict.WAIT, "hard_leg_day_recent"),
        (2, Verdict.EASY_ONLY, "sore_legs"),
        (3, Verdict.EASY_ONLY, "beginner_moderate"),
        (4, Verdict.GO, "clear"),
    ]


def test_every_rule_but_go_offers_an_easier_alternative() -> None:
    for row in RULE_TABLE:
        assert (row.instead is None) is (row.verdict is Verdict.GO)


@pytest.mark.parametrize("number", sorted(ONLY))
def test_every_rule_is_reachable(number: int) -> None:
    assert first_match(ONLY[number], DEFAULT).number == number


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        pytest.param(
            facts(Intensity.HIGH, since_last_hard=H24, soreness=9), 1, id="rule1-before-rule2"
        ),
        pytest.param(
            facts(
                Intensity.MODERATE,
                since_last_hard=H24,
                soreness=5,
                experience=Experience.BEGINNER,
            ),
            2,
            id="rule2-before-rule3",
        ),
        pytest.param(ONLY[3], 3, id="rule3-before-the-catch-all"),
    ],
)
def test_first_match_wins(case: Facts, expected: int) -> None:
    matching = [r.number for r in RULE_TABLE if r.applies(case, DEFAULT)]
    assert len(matching) >= 2  # a real overlap, or the order would not matter
    assert first_match(case, DEFAULT).number == expected == matching[0]


@given(case=facts_strategy, rules=rule_sets)
def test_last_row_catches_everything_and_no_earlier_row_does(
    case: Facts, rules: AdviceRules
) -> None:
    assert RULE_TABLE[-1].applies(case, rules)
    assert first_match(case, rules) is next(r for r in RULE_TABLE if r.applies(case, rules))


@pytest.mark.parametrize("window_hours", [12.0, 36.0, 48.0, 72.0])
@pytest.mark.parametrize(
    ("intensity", "experience", "inside"),
    [
        pytest.param(Intensity.HIGH, Experience.ADVANCED, 1, id="high"),
        pytest.param(Intensity.MODERATE, Experience.BEGINNER, 3, id="beginner-moderate"),
    ],
)
def test_at_exactly_w_the_verdict_is_go(
    window_hours: float, intensity: Intensity, experience: Experience, inside: int
) -> None:
    rules = AdviceRules(window_hours=window_hours)
    at_w = facts(intensity, since_last_hard=rules.window, experience=experience)
    just_inside = at_w._replace(since_last_hard=rules.window - timedelta(minutes=1))
    assert first_match(at_w, rules).verdict is Verdict.GO
    assert first_match(just_inside, rules).number == inside


@pytest.mark.parametrize("window_hours", [12.0, 36.0, 48.0])
def test_advise_at_exactly_w_is_go(window_hours: float) -> None:
    rules = AdviceRules(window_hours=window_hours)
    leg_day = LegDay(at=T - rules.window, is_hard=True)
    plan = PlannedRun(run_type=RunType.SPRINTS, at=T)
    assert advise(plan, [leg_day], Profile(), rules).verdict is Verdict.GO


@pytest.mark.parametrize("number", sorted(ONLY))
def test_advise_reports_the_deciding_rows_verdict_code_and_wording(number: int) -> None:
    # The same four cases, as real inputs to advise().
    plans = {
        1: (RunType.TEMPO, None, 0, Experience.INTERMEDIATE, True),
        2: (RunType.STEADY, None, 4, Experience.INTERMEDIATE, False),
        3: (RunType.STEADY, None, 0, Experience.BEGINNER, True),
        4: (RunType.EASY, None, 0, Experience.INTERMEDIATE, False),
    }
    run_type, minutes, soreness, experience, hard_yesterday = plans[number]
    plan = PlannedRun(run_type=run_type, at=T, minutes=minutes, soreness=soreness)
    leg_days = [LegDay(at=T - H24, is_hard=True)] if hard_yesterday else []
    advice = advise(plan, leg_days, Profile(experience=experience), DEFAULT)
    row = rule(number)
    assert advice.verdict is row.verdict
    assert advice.reasons[0].code == row.code
    values = {
        **club_wording(DEFAULT),
        "run": run_noun(run_type),
        "soreness": str(soreness),
        "since_last_hard": "24 hours",
        "sore_why": f"this {run_noun(run_type)} is more than easy running",
        "when_planned": "right now",
    }
    assert advice.reasons[0].text == fill(row.reason, values)
    expected_instead = fill(row.instead, values) if row.instead is not None else None
    assert advice.alternative == expected_instead


def fields_of(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("row", RULE_TABLE, ids=lambda r: f"rule{r.number}")
def test_templates_name_only_values_that_exist(row: VerdictRule) -> None:
    club = set(club_wording(DEFAULT))
    assert fields_of(row.when) <= club
    assert fields_of(row.says) <= club | {"verdict"}
    assert row.says.count("{verdict}") == 1
    for template in (row.reason, row.instead or ""):
        assert fields_of(template) <= club | CASE_FIELDS


def test_club_wording_names_every_tunable_number() -> None:
    values = club_wording(AdviceRules(window_hours=36.5, easy_minutes_max=45))
    assert set(AdviceRules.model_fields) <= set(values)
    assert values["window_hours"] == "36.5"
    assert values["easy_minutes_max"] == "45"
    assert club_wording(DEFAULT)["window_hours"] == "48"  # no "48.0" in a reply


def test_run_type_lists_follow_the_intensity_mapping() -> None:
    values = club_wording(DEFAULT)
    assert values["high_runs"] == "tempo, intervals, hills, sprints, HIIT, race"
    assert values["moderate_runs"] == "steady or long"
    high = [rt for rt, i in INTENSITY_OF.items() if i is Intensity.HIGH]
    assert len(values["high_runs"].split(", ")) == len(high)


def test_wording_carries_the_clubs_numbers() -> None:
    rules = AdviceRules(window_hours=36, soreness_threshold=6, easy_minutes_max=40)
    values = club_wording(rules)
    assert "36 h" in fill(rule(1).when, values)
    assert "Soreness 6 or more" in fill(rule(2).when, values)
    assert "40 min" in fill(rule(2).when, values)
    assert "36 h" in fill(rule(3).when, values)


def test_soreness_not_given_is_not_zero_even_at_threshold_zero() -> None:
    # The settings refuse 0 (below); advise() itself must not read "not given" as 0 either,
    # so the unvalidated rules of model_construct still give no soreness rule and no pain line.
    rules = AdviceRules.model_construct(soreness_threshold=0, pain_soreness=0)
    plan = PlannedRun(run_type=RunType.STEADY, at=T)
    advice = advise(plan, [], Profile(), rules)
    assert advice.verdict is Verdict.GO
    assert [r.code for r in advice.reasons] == ["clear"]
    assert advice.pain_warning is None
    assert first_match(facts(Intensity.MODERATE, soreness=None), rules).number != 2


@pytest.mark.parametrize("key", ["soreness_threshold", "pain_soreness"])
@pytest.mark.parametrize(("value", "valid"), [(0, False), (1, True), (10, True), (11, False)])
def test_soreness_settings_are_1_to_10(key: str, value: int, valid: bool) -> None:
    if valid:
        # The other one at the same value: the two must keep their order, and equal is allowed.
        both = {"soreness_threshold": value, "pain_soreness": value}
        assert getattr(AdviceRules.model_validate(both), key) == value
    else:
        with pytest.raises(ValidationError):
            AdviceRules.model_validate({key: value})
