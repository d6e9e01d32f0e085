"""TCX laps timed past the last track point (the points of the run's end lost): when they end
the run, which of their time is moving, and when their clock is taken for another than the
points'.

The real shape: togeojson's test/data/sample.tcx, a Garmin Forerunner 305 run (Garmin
Communicator export) whose one lap says 2,325.02 s and 8,348.5 m from 02:42:41Z, while its
points end at 03:06:32Z and 3,441.2 m. The run was read as 8.349 km in 23:51 moving, a pace of
2:51/km that neither the watch nor the runner ran; the lap's time is 38:45.

Each file is written here with test_tcx's helpers; each figure is worked out by hand in its
test. The points carry the device distance, 3 m a second, so they are moving throughout.
"""

from __future__ import annotations

import pytest

from tests.activity_files.test_tcx import activity, lap, point, read, run_of, tcx


def steady(first: int, last: int) -> list[str]:
    """A point a second from `first` to `last` s, 3 m a second from the first."""
    return [point(t, metres=3.0 * (t - first)) for t in range(first, last + 1)]


def tail_note(minutes: int, seconds: int) -> str:
    return f"the last {minutes}:{seconds:02d} has no track points: its time is the laps'"


def test_a_lap_timed_past_the_last_point_ends_the_run_and_its_time_is_moving() -> None:
    # One lap of 900 s and 2,700 m (3 m/s) from 0 s; its points end at 600 s (1,800 m). The
    # lap's 300 s past the last point are moving (3 m/s), and the run lasts the lap's 900 s.
    laps = [lap(steady(0, 600), start=0, seconds=900, metres=2700)]
    assert read(tcx(activity(laps))) == [
        run_of(distance_km=2.7, moving_seconds=900, elapsed_seconds=900, notes=(tail_note(5, 0),))
    ]


@pytest.mark.parametrize(
    ("past", "moving", "notes"),
    [
        pytest.param(10, 600, (), id="10 s: a lap clock's give or take"),
        pytest.param(11, 611, (tail_note(0, 11),), id="11 s: the laps' time"),
    ],
)
def test_a_lap_ending_a_few_seconds_past_the_last_point_is_its_clock_not_lost_points(
    past: int, moving: int, notes: tuple[str, ...]
) -> None:
    # The lap ends `past` s after the last point at 600 s; it covered 3 m/s.
    laps = [lap(steady(0, 600), start=0, seconds=600 + past, metres=1800 + 3 * past)]
    assert read(tcx(activity(laps))) == [
        run_of(
            distance_km=(1800 + 3 * past) / 1000,
            moving_seconds=moving,
            elapsed_seconds=moving if notes else 600,
            notes=notes,
        )
    ]


def test_a_lap_after_the_points_counts_as_moving_only_from_0_3_metres_a_second() -> None:
    # Lap 1 runs the points 0-600 s (1,800 m); lap 2 (600-660 s, no points) covered 17 m, less
    # than 0.3 m/s: a standing rest. The run ends with it (660 s), moving 600 s.
    laps = [
        lap(steady(0, 600), start=0, seconds=600, metres=1800),
        lap([], start=600, seconds=60, metres=17),
    ]
    assert read(tcx(activity(laps))) == [
        run_of(
            distance_km=1.817,
            moving_seconds=600,
            elapsed_seconds=660,
            notes=(tail_note(1, 0),),
        )
    ]


def test_a_lap_begun_well_after_the_last_point_is_not_the_runs_end() -> None:
    # Lap 1 runs the points 0-600 s; lap 2 (1,800 m in 600 s) begins an hour later, at
    # 3,600 s: no lap is timing the last point, so lap 2 says nothing of when the run ended
    # (its distance still counts in the laps' total, as before).
    laps = [
        lap(steady(0, 600), start=0, seconds=600, metres=1800),
        lap([], start=3600, seconds=600, metres=1800),
    ]
    assert read(tcx(activity(laps))) == [run_of(distance_km=3.6)]


def test_a_lap_past_the_points_by_more_than_its_timer_holds_is_another_clock() -> None:
    # The one lap of the run (600 s, 1,800 m) timed on a clock 5 minutes late: it begins at
    # 300 s, during the points, and ends at 900 s, 300 s past the last one. Its timer holds
    # 600 s, the points already move 600 s: no room for those 300 s, so the points alone
    # tell the run.
    laps = [lap(steady(0, 600), start=300, seconds=600, metres=1800)]
    assert read(tcx(activity(laps))) == [run_of(distance_km=1.8)]
