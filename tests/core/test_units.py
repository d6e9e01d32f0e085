from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.models import Units
from bot.core.units import (
    KM_PER_MILE,
    MISSING,
    format_distance,
    format_distance_total,
    format_duration,
    format_load,
    format_pace,
    format_run_time,
    format_run_time_total,
    from_km,
    to_km,
)


def test_km_per_mile_is_the_international_mile() -> None:
    assert KM_PER_MILE == 1.609344


def test_conversions() -> None:
    assert to_km(5, Units.KM) == 5
    assert from_km(5, Units.KM) == 5
    assert to_km(1, Units.MI) == pytest.approx(1.609344)
    assert to_km(26.2, Units.MI) == pytest.approx(42.1648128)
    assert from_km(1.609344, Units.MI) == pytest.approx(1)
    assert from_km(42.195, Units.MI) == pytest.approx(26.218757, abs=1e-6)


def test_plain_strings_work_as_units() -> None:
    # Stored profiles may hand back the raw value rather than the enum member.
    assert to_km(1, Units("mi")) == pytest.approx(1.609344)
    assert format_distance(1.609344, "mi") == "1.0 mi"  # type: ignore[arg-type]


@given(
    value=st.floats(min_value=0, max_value=10_000, allow_nan=False),
    units=st.sampled_from(Units),
)
def test_round_trip(value: float, units: Units) -> None:
    assert from_km(to_km(value, units), units) == pytest.approx(value, rel=1e-12, abs=1e-12)
    assert to_km(from_km(value, units), units) == pytest.approx(value, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(
    ("km", "units", "expected"),
    [
        (5, Units.KM, "5.0 km"),
        (5, Units.MI, "3.1 mi"),
        (10, Units.KM, "10.0 km"),
        (42.195, Units.KM, "42.2 km"),
        (42.195, Units.MI, "26.2 mi"),
        (1.609344, Units.MI, "1.0 mi"),
        (1, Units.KM, "1.0 km"),
        (0.8, Units.KM, "0.80 km"),
        (0.4, Units.KM, "0.40 km"),
        (0.8, Units.MI, "0.50 mi"),
        (0, Units.KM, "0.00 km"),
        # Rounds to 1.00 at two decimals, so it is shown with one like any other distance >= 1.
        (0.999, Units.KM, "1.0 km"),
        (0.994, Units.KM, "0.99 km"),
        (12.345, Units.KM, "12.3 km"),
    ],
)
def test_format_distance(km: float, units: Units, expected: str) -> None:
    assert format_distance(km, units) == expected


@pytest.mark.parametrize("km", [math.nan, math.inf])
def test_format_distance_of_nonsense(km: float) -> None:
    assert format_distance(km, Units.KM) == MISSING


@pytest.mark.parametrize(
    ("km", "minutes", "units", "expected"),
    [
        (5, 27.5, Units.KM, "5:30 /km"),
        (10, 50, Units.KM, "5:00 /km"),
        (1, 4, Units.KM, "4:00 /km"),
        # 5.999 min is 5:59.94, which rounds up to a whole minute, never to "5:60".
        (1, 5.999, Units.KM, "6:00 /km"),
        (1, 5.99, Units.KM, "5:59 /km"),  # 5:59.4
        (1, 59.995, Units.KM, "60:00 /km"),
        # Half a second rounds up, not to even: 330.5 s and 331.5 s.
        (2, 661 / 60, Units.KM, "5:31 /km"),
        (2, 663 / 60, Units.KM, "5:32 /km"),
        # 10 km in 55 min: 55 / 6.2137 mi = 8.8514 min = 8:51.08 per mile.
        (10, 55, Units.MI, "8:51 /mi"),
        (1.609344, 8, Units.MI, "8:00 /mi"),
        (42.195, 180, Units.KM, "4:16 /km"),  # 255.98 s
        (0.4, 1.5, Units.KM, "3:45 /km"),
    ],
)
def test_format_pace(km: float, minutes: float, units: Units, expected: str) -> None:
    assert format_pace(km, minutes, units) == expected


@pytest.mark.parametrize(
    ("km", "minutes"), [(0, 30), (5, 0), (-1, 30), (5, -3), (math.nan, 30), (5, math.inf)]
)
def test_format_pace_without_a_usable_distance_or_time(km: float, minutes: float) -> None:
    assert format_pace(km, minutes, Units.KM) == f"{MISSING} /km"
    assert format_pace(km, minutes, Units.MI) == f"{MISSING} /mi"


@given(
    km=st.floats(min_value=0.01, max_value=500),
    minutes=st.floats(min_value=0.1, max_value=6000),
    units=st.sampled_from(Units),
)
def test_pace_seconds_never_reach_sixty(km: float, minutes: float, units: Units) -> None:
    text = format_pace(km, minutes, units)
    clock, suffix = text.split(" ")
    assert suffix == f"/{units.value}"
    whole, seconds = clock.split(":")
    assert len(seconds) == 2
    assert 0 <= int(seconds) <= 59
    shown = int(whole) * 60 + int(seconds)
    assert abs(shown - minutes * 60 / from_km(km, units)) <= 0.5 + 1e-6


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (45, "45 min"),
        (0, "0 min"),
        (1, "1 min"),
        (59, "59 min"),
        (59.4, "59 min"),
        (59.5, "1 h 00 min"),
        (60, "1 h 00 min"),
        (65, "1 h 05 min"),
        (125.4, "2 h 05 min"),
        (600, "10 h 00 min"),
        (44.5, "45 min"),
    ],
)
def test_format_duration(minutes: float, expected: str) -> None:
    assert format_duration(minutes) == expected


@pytest.mark.parametrize("minutes", [-1, math.nan, math.inf])
def test_format_duration_of_nonsense(minutes: float) -> None:
    assert format_duration(minutes) == MISSING


@pytest.mark.parametrize(
    ("minutes", "moving", "expected"),
    [
        (30, None, "30 min"),
        (90, None, "1 h 30 min"),
        (1180 / 60, None, "19:40"),
        (1180 / 60, 1180, "19:40 moving"),
        (3723 / 60, 3723, "1:02:03 moving"),
        # A sum of moving times a float's hair off whole minutes is whole minutes.
        (0.1 + 0.2 + 49.7, None, "50 min"),
        (1500 / 60 + 1180 / 60 + 20 / 60, None, "45 min"),
        # Under a minute is still a time; nothing at all is none; only the impossible is missing.
        (0.5, None, "0:30"),
        (0, None, "0 min"),
        (-1, None, MISSING),
        (math.nan, None, MISSING),
        (math.inf, None, MISSING),
    ],
)
def test_format_run_time_is_exact_to_the_second(
    minutes: float, moving: int | None, expected: str
) -> None:
    assert format_run_time(minutes, moving) == expected


@pytest.mark.parametrize(
    ("km", "expected"), [(0, "no distance"), (0.5, "0.50 km"), (12.34, "12.3 km")]
)
def test_a_total_distance_of_nothing_is_no_distance(km: float, expected: str) -> None:
    assert format_distance_total(km, Units.KM) == expected


@pytest.mark.parametrize(
    ("minutes", "expected"), [(0, "no time"), (0.5, "0:30"), (45, "45 min"), (45.5, "45:30")]
)
def test_a_total_time_of_nothing_is_no_time(minutes: float, expected: str) -> None:
    assert format_run_time_total(minutes, timed=2 if minutes else 0, runs=2) == expected


@pytest.mark.parametrize(
    ("minutes", "timed", "runs", "expected"),
    [
        # Three runs, 28 km, one of them without minutes: the 70 minutes are the other two's,
        # said so, so that "28.0 km · 1 h 10 min" is not read as 2:30 per km.
        (70, 2, 3, "1 h 10 min (2 of 3 runs timed)"),
        (45, 1, 2, "45 min (1 of 2 runs timed)"),
        (70, 3, 3, "1 h 10 min"),
        (0, 0, 3, "no time"),
    ],
)
def test_a_total_time_of_some_runs_says_how_many_it_covers(
    minutes: float, timed: int, runs: int, expected: str
) -> None:
    assert format_run_time_total(minutes, timed, runs) == expected


# Halves go up, as paces and times do: RPE 3 x 55:30 is 166.5, shown 167 (round() gave 166).
@pytest.mark.parametrize(
    ("load", "expected"),
    [
        (0, "0"),
        (166.5, "167"),
        (167.5, "168"),
        (166.49, "166"),
        (1799.5, "1,800"),
        (12345, "12,345"),
    ],
)
def test_format_load(load: float, expected: str) -> None:
    assert format_load(load) == expected
