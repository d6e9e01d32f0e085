"""The single-run spike (advice-rules.md, "Single-run spike"; issue 18, point 8) at its lines:
10% longer (by distance in km and in miles, by minutes), the 30 days, the first run back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.models import AdviceRules, Run, RunType, Units
from bot.core.spike import SpikeKind, run_spike
from bot.core.units import to_km

RULES = AdviceRules()
AT = datetime(2026, 3, 20, 7, 0, tzinfo=UTC)
D = timedelta(days=1)


def run(days_before: float, km: float | None = None, minutes: float | None = None) -> Run:
    return Run(at=AT - days_before * D, run_type=RunType.EASY, distance_km=km, minutes=minutes)


@pytest.mark.parametrize("units", [Units.KM, Units.MI])
@pytest.mark.parametrize(
    ("new", "spike"),
    [(10.0, False), (11.0, False), (11.01, True), (15.0, True), (5.0, False)],
    ids=["same", "exactly-10%", "just-over", "half-again", "shorter"],
)
def test_by_distance_the_line_is_more_than_10_percent(
    units: Units, new: float, spike: bool
) -> None:
    """10 of the member's units before; `new` of them now, converted to km as typed."""
    before = [run(3, to_km(10.0, units)), run(10, to_km(4.0, units))]
    found = run_spike(to_km(new, units), None, AT, before, RULES)
    assert (found is not None) is spike
    if found is not None:
        assert found.kind is SpikeKind.SPIKE and found.compared is not None
        assert found.compared.by_distance
        assert found.compared.percent_longer == pytest.approx((new / 10 - 1) * 100)


@pytest.mark.parametrize(("minutes", "spike"), [(66, False), (66.01, True)])
def test_without_a_distance_it_compares_minutes(minutes: float, spike: bool) -> None:
    # 60 minutes before; 66 is exactly 10% more.
    before = [run(3, minutes=60), run(5, km=8.0, minutes=40)]
    found = run_spike(None, minutes, AT, before, RULES)
    assert (found is not None) is spike
    if found is not None:
        assert found.compared is not None and not found.compared.by_distance


def test_a_distance_is_compared_with_distances_when_both_have_one() -> None:
    # 12 km is 50% more than 8 km; its 30 minutes are less than the 60 before: by distance.
    before = [run(3, minutes=60), run(5, km=8.0, minutes=40)]
    found = run_spike(12.0, 30, AT, before, RULES)
    assert found is not None and found.compared is not None and found.compared.by_distance
    # Without a distance before, the minutes are compared: 30 against 60 is no spike.
    assert run_spike(12.0, 30, AT, [run(3, minutes=60)], RULES) is None


@pytest.mark.parametrize(
    ("days_before", "kind"),
    [(30, SpikeKind.SPIKE), (30 + 1 / 86400, SpikeKind.COMEBACK)],
    ids=["exactly-30-days-counts", "a-second-more-is-before-the-window"],
)
def test_the_window_is_the_30_days_before(days_before: float, kind: SpikeKind) -> None:
    found = run_spike(12.0, None, AT, [run(days_before, 10.0)], RULES)
    assert found is not None and found.kind is kind


def test_the_first_run_back_after_a_break_gets_the_gentler_line_even_when_short() -> None:
    earlier = [run(45, 21.1), run(60, minutes=150)]
    found = run_spike(5.0, None, AT, earlier, RULES)
    assert found is not None and found.kind is SpikeKind.COMEBACK
    assert found.longest_before is not None and found.longest_before.distance_km == 21.1


def test_nothing_to_compare_is_no_note() -> None:
    assert run_spike(50.0, 300, AT, [], RULES) is None
    # Older than a year is not a break, it is a new start.
    assert run_spike(50.0, 300, AT, [run(400, 10.0)], RULES) is None
    # Later runs are not "before" (the caller leaves out the run itself).
    assert run_spike(50.0, None, AT, [run(-1, 10.0)], RULES) is None
    # A run with neither measure.
    assert run_spike(None, None, AT, [run(3, 10.0)], RULES) is None


def test_another_run_at_the_same_moment_is_before() -> None:
    spike = run_spike(50.0, None, AT, [run(0, 10.0), run(-1, 60.0)], RULES)
    assert spike is not None and spike.kind is SpikeKind.SPIKE
    assert spike.compared is not None
    assert (spike.compared.longest, spike.compared.longest_at) == (10.0, AT)


def test_the_thresholds_are_the_clubs() -> None:
    rules = AdviceRules(spike_percent=20, spike_days=14)
    assert run_spike(12.0, None, AT, [run(3, 10.0)], rules) is None  # exactly 20%
    assert run_spike(12.01, None, AT, [run(3, 10.0)], rules) is not None
    found = run_spike(12.0, None, AT, [run(15, 10.0)], rules)  # outside 14 days
    assert found is not None and found.kind is SpikeKind.COMEBACK


def test_the_longest_recent_run_is_the_measure_not_the_latest() -> None:
    # 10 km ten days ago is the longest; 5 km three days ago is only the latest.
    before = [run(3, 5.0), run(10, 10.0)]
    assert run_spike(10.5, None, AT, before, RULES) is None
    found = run_spike(11.5, None, AT, before, RULES)
    assert found is not None and found.compared is not None
    assert found.compared.longest == 10.0 and found.compared.longest_at == AT - 10 * D


def test_a_distance_with_no_distance_before_falls_back_to_minutes() -> None:
    # 70 minutes against 60 is 16.7% more: a spike by minutes, though 12 km has nothing to meet.
    found = run_spike(12.0, 70, AT, [run(3, minutes=60)], RULES)
    assert found is not None and found.compared is not None
    assert not found.compared.by_distance and found.compared.longest == 60


def test_by_minutes_the_longest_runs_moving_time_is_kept_for_the_note() -> None:
    watch = Run(at=AT - 3 * D, run_type=RunType.LONG, minutes=60, moving_seconds=60 * 60 - 20)
    found = run_spike(None, 70, AT, [watch], RULES)
    assert found is not None and found.compared is not None
    assert found.compared.longest_moving_seconds == 3580


def test_the_first_run_back_is_compared_with_the_longest_before_the_break() -> None:
    # By distance when both have one: 5 km against the 21.1 km of 45 days ago.
    found = run_spike(5.0, 30, AT, [run(45, 21.1), run(60, minutes=150)], RULES)
    assert found is not None and found.kind is SpikeKind.COMEBACK and found.compared is not None
    assert found.compared.by_distance
    assert (found.compared.length, found.compared.longest) == (5.0, 21.1)
    # Only minutes before the break: the minutes are compared, and the longest is by minutes.
    found = run_spike(5.0, 30, AT, [run(45, minutes=90), run(60, minutes=150)], RULES)
    assert found is not None and found.compared is not None and found.longest_before is not None
    assert not found.compared.by_distance
    assert (found.compared.length, found.compared.longest) == (30, 150)
    assert found.longest_before.minutes == 150


def test_a_run_exactly_a_year_before_still_makes_this_a_first_run_back() -> None:
    found = run_spike(5.0, None, AT, [run(365, 10.0)], RULES)
    assert found is not None and found.kind is SpikeKind.COMEBACK
