"""advice-rules.md "Heart-rate zones", one case per band and per boundary."""

from __future__ import annotations

import pytest

from bot.activity_files import guess_intensity, run_type_for
from bot.core.models import AdviceRules, Intensity, RunType

LOW, MODERATE, HIGH = Intensity.LOW, Intensity.MODERATE, Intensity.HIGH
EASY_10 = [10.0, 10.0, 10.0]  # median 10 km/h
# The defaults of `[advice]`, which the cases below are written for.
RULES = AdviceRules()


@pytest.mark.parametrize(
    ("avg_hr", "max_hr", "intensity", "how"),
    [
        (140, 200, LOW, "140 bpm is 70% of your max of 200"),
        (149, 200, LOW, "149 bpm is 74.5% of your max of 200"),
        (150, 200, MODERATE, "150 bpm is 75% of your max of 200"),  # 75% is inside
        (152, 185, MODERATE, "152 bpm is 82.2% of your max of 185"),
        (170, 200, MODERATE, "170 bpm is 85% of your max of 200"),  # 85% is inside
        (171, 200, HIGH, "171 bpm is 85.5% of your max of 200"),
        (193, 227, HIGH, "193 bpm is 85.1% of your max of 227"),  # 85.02%: never shown as 85%
        (166, 222, LOW, "166 bpm is 74.7% of your max of 222"),  # 74.77%: never shown as 75%
    ],
)
def test_with_a_max_heart_rate_the_share_decides(
    avg_hr: int, max_hr: int, intensity: Intensity, how: str
) -> None:
    # The speed would say HIGH: heart rate comes first.
    assert guess_intensity(avg_hr, max_hr, 20.0, EASY_10, RULES) == (
        intensity,
        f"from your average heart rate: {how}",
    )


@pytest.mark.parametrize(
    ("speed", "intensity"),
    [
        (9.0, LOW),
        (10.5, LOW),  # 1.05 times: inside LOW
        (10.6, MODERATE),
        (11.5, MODERATE),  # 1.15 times: inside MODERATE
        (11.6, HIGH),
    ],
)
def test_without_a_max_the_pace_against_recent_easy_runs_decides(
    speed: float, intensity: Intensity
) -> None:
    got, how = guess_intensity(150, None, speed, [9.0, 10.0, 11.0, 10.0], RULES)
    assert got is intensity
    assert how.startswith("from your pace against your recent easy runs: ")
    assert "median 10.0 km/h of your last 4" in how


def test_only_the_last_ten_easy_runs_count() -> None:
    newest_first = [10.0] * 10 + [5.0] * 20  # the old slow runs are left out
    assert guess_intensity(None, None, 10.5, newest_first, RULES)[0] is LOW


@pytest.mark.parametrize(
    ("avg_hr", "max_hr", "speed", "easy", "how"),
    [
        (None, 190, 10.0, [10.0, 10.0], "no heart rate and fewer than 3 easy runs to compare"),
        (150, None, 10.0, [], "no maximum heart rate set and fewer than 3 easy runs to compare"),
        (None, None, None, EASY_10, "no heart rate and no speed to compare"),
    ],
)
def test_with_neither_it_is_low(
    avg_hr: int | None, max_hr: int | None, speed: float | None, easy: list[float], how: str
) -> None:
    assert guess_intensity(avg_hr, max_hr, speed, easy, RULES) == (LOW, f"{how}: assumed easy")


def test_the_bands_are_the_clubs_to_tune() -> None:
    rules = AdviceRules(hr_low_below_percent=70, hr_high_above_percent=80)
    assert guess_intensity(162, 200, None, [], rules)[0] is HIGH


def test_how_many_easy_runs_count_is_the_clubs_to_tune() -> None:
    # Two newest at 10 km/h, older ones at 5: with `recent_easy_runs = 2` and
    # `min_easy_runs = 2` the median is 10 and 11 km/h is 1.10 times it.
    newest_first = [10.0, 10.0, 5.0, 5.0, 5.0]
    rules = AdviceRules(recent_easy_runs=2, min_easy_runs=2)
    assert guess_intensity(None, None, 11.0, newest_first, rules) == (
        MODERATE,
        "from your pace against your recent easy runs: 11.0 km/h is 1.10 times the median "
        "10.0 km/h of your last 2",
    )
    # Two runs are fewer than a club's `min_easy_runs = 4` (and the default 3).
    for rules in (AdviceRules(min_easy_runs=4), RULES):
        assert guess_intensity(None, None, 11.0, [10.0, 10.0], rules)[1] == (
            f"no heart rate and fewer than {rules.min_easy_runs} easy runs to compare: assumed easy"
        )


def test_each_intensity_has_its_usual_run_type() -> None:
    assert [run_type_for(i) for i in (LOW, MODERATE, HIGH)] == [
        RunType.EASY,
        RunType.STEADY,
        RunType.TEMPO,
    ]


def test_a_heart_rate_of_zero_is_no_heart_rate() -> None:
    # 0 bpm is a sensor that read nothing: the pace decides (20 km/h is 2.00 times 10 km/h).
    got, how = guess_intensity(0, 200, 20.0, EASY_10, RULES)
    assert got is HIGH
    assert how.startswith("from your pace against your recent easy runs: 20.0 km/h is 2.00 times")


def test_any_heart_rate_above_zero_counts() -> None:
    # 1 of 200 is 0.5%, far below 75%; 1 of a max of 1 is 100%, above 85%.
    assert guess_intensity(1, 200, 20.0, EASY_10, RULES) == (
        LOW,
        "from your average heart rate: 1 bpm is 0.5% of your max of 200",
    )
    assert guess_intensity(1, 1, 9.0, EASY_10, RULES) == (
        HIGH,
        "from your average heart rate: 1 bpm is 100% of your max of 1",
    )


def test_a_max_heart_rate_of_zero_is_not_set() -> None:
    # Dividing by it would fail: the pace decides instead (9 km/h is 0.90 times 10 km/h).
    assert guess_intensity(150, 0, 9.0, EASY_10, RULES)[0] is LOW
    assert guess_intensity(150, 0, 9.0, EASY_10, RULES)[1].startswith("from your pace")


def test_exactly_three_easy_runs_are_enough() -> None:
    got, how = guess_intensity(None, None, 11.0, EASY_10, RULES)
    assert got is MODERATE  # 1.10 times
    assert how == (
        "from your pace against your recent easy runs: 11.0 km/h is 1.10 times the median "
        "10.0 km/h of your last 3"
    )


def test_an_easy_run_without_a_speed_is_not_counted() -> None:
    # The 0 km/h run is left out: 3 runs, median 10 (with it: 4 runs).
    how = guess_intensity(None, None, 10.0, [0.0, 10.0, 10.0, 10.0], RULES)[1]
    assert how.endswith("1.00 times the median 10.0 km/h of your last 3")


def test_slow_speeds_below_one_km_h_still_count() -> None:
    # Any speed above 0 compares: 0.5 km/h against a median of 0.5 is 1.00 times.
    got, how = guess_intensity(None, None, 0.5, [0.5, 0.5, 0.5], RULES)
    assert got is LOW
    assert how.endswith("0.5 km/h is 1.00 times the median 0.5 km/h of your last 3")


def test_a_run_speed_of_zero_is_not_compared() -> None:
    # A ratio of 0 would read LOW too, but as a pace it never was: the run is assumed easy.
    got, how = guess_intensity(None, None, 0.0, EASY_10, RULES)
    assert got is LOW
    assert how.startswith("no heart rate and ")
    assert how.endswith(": assumed easy")


# A run just over a speed band's limit reads as above it (advice-rules.md, "Heart-rate zones":
# by speed, up to 1.05 times the median of the recent easy runs LOW, above 1.05 and up to 1.15
# MODERATE, above 1.15 HIGH).
EASY_MEDIAN_10 = [10.0, 10.0, 10.0]


@pytest.mark.parametrize(
    ("speed", "intensity", "limit"),
    [
        # 10.52 / 10.0 = 1.052: above 1.05, so MODERATE; "1.05 times" is LOW's own limit.
        (10.52, Intensity.MODERATE, "1.05 times"),
        # 11.52 / 10.0 = 1.152: above 1.15, so HIGH; "1.15 times" is MODERATE's own limit.
        (11.52, Intensity.HIGH, "1.15 times"),
    ],
)
def test_a_run_just_over_a_speed_limit_does_not_read_as_at_the_limit(
    speed: float, intensity: Intensity, limit: str
) -> None:
    """The reply says how the type was chosen; a steady run "1.05 times the median" would
    contradict the rule it quotes (up to 1.05 times is easy), as a heart rate just over 85%
    is never shown as 85%."""
    got, how = guess_intensity(None, None, speed, EASY_MEDIAN_10, RULES)
    assert got is intensity
    assert limit not in how, how
    # The first hundredth above the limit, not one further: 1.06 and 1.16.
    above = {"1.05 times": "1.06 times", "1.15 times": "1.16 times"}[limit]
    assert above in how, how


@pytest.mark.parametrize(("speed", "shown"), [(10.6, "1.06 times"), (11.9, "1.19 times")])
def test_a_run_clear_of_a_limit_shows_its_own_ratio(speed: float, shown: str) -> None:
    _, how = guess_intensity(None, None, speed, EASY_MEDIAN_10, RULES)
    assert shown in how, how


def test_a_club_limit_between_hundredths_is_not_rounded_onto_the_ratio() -> None:
    # A club's own limit of 1.055 times: a run at 1.056 is above it and shows "1.06 times"
    # (the first hundredth above 1.055), not a rounded 1.06 limit pushing it to "1.07".
    rules = AdviceRules(speed_low_up_to=1.055)
    got, how = guess_intensity(None, None, 10.56, EASY_MEDIAN_10, rules)
    assert got is Intensity.MODERATE
    assert "1.06 times" in how, how
