"""advice-rules.md "Heart-rate zones", one case per band and per boundary."""

from __future__ import annotations

import pytest

from bot.activity_files import IntensityRules, guess_intensity, run_type_for
from bot.core.models import Intensity, RunType

LOW, MODERATE, HIGH = Intensity.LOW, Intensity.MODERATE, Intensity.HIGH
EASY_10 = [10.0, 10.0, 10.0]  # median 10 km/h


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
    assert guess_intensity(avg_hr, max_hr, 20.0, EASY_10) == (
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
    got, how = guess_intensity(150, None, speed, [9.0, 10.0, 11.0, 10.0])
    assert got is intensity
    assert how.startswith("from your pace against your recent easy runs: ")
    assert "median 10.0 km/h of your last 4" in how


def test_only_the_last_ten_easy_runs_count() -> None:
    newest_first = [10.0] * 10 + [5.0] * 20  # the old slow runs are left out
    assert guess_intensity(None, None, 10.5, newest_first)[0] is LOW


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
    assert guess_intensity(avg_hr, max_hr, speed, easy) == (LOW, f"{how}: assumed easy")


def test_the_bands_are_the_clubs_to_tune() -> None:
    rules = IntensityRules(hr_low_below_percent=70, hr_high_above_percent=80)
    assert guess_intensity(162, 200, None, [], rules)[0] is HIGH


def test_each_intensity_has_its_usual_run_type() -> None:
    assert [run_type_for(i) for i in (LOW, MODERATE, HIGH)] == [
        RunType.EASY,
        RunType.STEADY,
        RunType.TEMPO,
    ]
