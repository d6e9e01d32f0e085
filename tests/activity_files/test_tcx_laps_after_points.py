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

from bot.activity_files import ParsedRun
from tests.activity_files.test_tcx import activity, lap, point, read, run_of, tcx


def steady(first: int, last: int) -> list[str]:
    """A point a second from `first` to `last` s, 3 m a second from the first."""
    return [point(t, metres=3.0 * (t - first)) for t in range(first, last + 1)]


def tail_note(minutes: int, seconds: int) -> str:
    return f"the last {minutes}:{seconds:02d} has no track points: its time is the laps'"


def lead_note(minutes: int, seconds: int) -> str:
    return f"the first {minutes}:{seconds:02d} has no track points: its time is the laps'"


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


@pytest.mark.parametrize(
    ("metres", "moving"),
    [
        pytest.param(18, 660, id="18 m in 60 s: 0.3 m/s, moving"),
        pytest.param(17, 600, id="17 m in 60 s: slower, standing"),
    ],
)
def test_a_lap_after_the_points_counts_as_moving_from_0_3_metres_a_second(
    metres: int, moving: int
) -> None:
    # Lap 1 runs the points 0-600 s (1,800 m); lap 2 (600-660 s, no points) covered `metres`:
    # 18 m is 0.3 m/s exactly (60 x 0.3), a slow walk that moves; 17 m is less, a standing
    # rest. The run ends with lap 2 (660 s) either way; moving 600 s plus its 60 s if moving.
    laps = [
        lap(steady(0, 600), start=0, seconds=600, metres=1800),
        lap([], start=600, seconds=60, metres=metres),
    ]
    assert read(tcx(activity(laps))) == [
        run_of(
            distance_km=(1800 + metres) / 1000,
            moving_seconds=moving,
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


# The shape of a Garmin Forerunner 910XT's run (firefly-cpp/tcx-test-files
# running_activity_2.tcx, in the corpus): the watch writes no point while the runner stands
# (gaps of 33 to 124 s), and each lap's StartTime plus its TotalTimeSeconds ends a few
# seconds before the next lap's StartTime (its timer paused). Below, the points run 300 s at
# 3 m/s, stand a minute with no point (no distance across it: not moving), then run 300 s
# more: 1,800 m, 600 s moving of 660 s. Since the points' moving time is less than their
# elapsed time, a second wrongly added to it shows in the run.


def paused() -> list[str]:
    """Points 0-300 s and 360-660 s at 3 m/s, none in the standing minute between."""
    return steady(0, 300) + [point(t, metres=3.0 * (t - 60)) for t in range(360, 661)]


@pytest.mark.parametrize(
    ("begins_after", "expected"),
    [
        pytest.param(
            10,
            run_of(
                distance_km=3.6,
                moving_seconds=1200,
                elapsed_seconds=1270,
                notes=(tail_note(10, 10),),
            ),
            id="10 s after the last point: still timing it",
        ),
        pytest.param(
            11,
            run_of(distance_km=3.6, moving_seconds=600, elapsed_seconds=660),
            id="11 s after: another clock",
        ),
    ],
)
def test_a_lap_begun_after_the_last_point_is_the_runs_within_the_window(
    begins_after: int, expected: ParsedRun
) -> None:
    # Lap 1 runs the paused points: 600 s on its timer (the standing minute paused), ending
    # at 600 s, before the last point at 660 s. Lap 2 (600 s, 1,800 m at 3 m/s, its points
    # lost) begins `begins_after` s after the last point. At 10 s, the give or take of a lap's
    # clock, it is timing the run's end: the run ends at 660 + 10 + 600 = 1,270 s, 610 s past
    # the last point (10:10), and lap 2 moved its 600 s: 600 + 600 = 1,200 s moving; the two
    # timers hold 1,200 s, as much. At 11 s lap 2 is on another clock: the points alone tell
    # the end, 660 s elapsed and their 600 s moving (the laps still give the distance, 3.6 km).
    laps = [
        lap(paused(), start=0, seconds=600, metres=1800),
        lap([], start=660 + begins_after, seconds=600, metres=1800),
    ]
    assert read(tcx(activity(laps))) == [expected]


@pytest.mark.parametrize(
    ("past", "expected"),
    [
        pytest.param(
            10,
            run_of(distance_km=1.83, moving_seconds=600, elapsed_seconds=660),
            id="10 s past: a lap clock's give or take",
        ),
        pytest.param(
            11,
            run_of(
                distance_km=1.833,
                moving_seconds=611,
                elapsed_seconds=671,
                notes=(tail_note(0, 11),),
            ),
            id="11 s past: the laps' time",
        ),
    ],
)
def test_a_lap_ending_within_the_window_past_the_paused_points_adds_no_moving_time(
    past: int, expected: ParsedRun
) -> None:
    # The watch's timer ran through the standing minute (no auto-pause, no point written while
    # still): one lap of 660 + `past` s and 1,800 + 3 x `past` m, ending `past` s after the
    # last point. At 10 s that is the lap clock's give or take: the points tell the run, 660 s
    # elapsed, 600 s moving, nothing added. At 11 s the lap ends the run at 671 s and its 11 s
    # past the points are moving (1,833 m in 671 s is well over 0.3 m/s): 611 s moving.
    laps = [lap(paused(), start=0, seconds=660 + past, metres=1800 + 3 * past)]
    assert read(tcx(activity(laps))) == [expected]


def test_a_lap_on_a_late_clock_after_paused_points_adds_no_moving_time() -> None:
    # The one lap (600 s on its timer, the standing minute paused; 1,800 m) on a clock 5
    # minutes late: it begins at 300 s and ends at 900 s, 240 s past the last point. Its timer
    # holds 600 s and the points already move 600 s: no room for 240 s more, so the points
    # alone tell the run, 660 s elapsed and 600 s moving.
    laps = [lap(paused(), start=300, seconds=600, metres=1800)]
    assert read(tcx(activity(laps))) == [
        run_of(distance_km=1.8, moving_seconds=600, elapsed_seconds=660)
    ]


def points_note(share: str) -> str:
    return (
        f"distance from the track points: the laps add up to only {share} of the distance recorded"
    )


def test_when_the_points_give_the_distance_their_times_are_the_runs() -> None:
    # The paused points (1,800 m, 600 s moving of 660 s) in one lap of 600 s on its timer
    # (the standing minute paused) that says 1,700 m: 1,700 / 1,800 = 94%, more than 3%
    # short, so the points give the distance, and their own times: 600 s moving, 660 s.
    laps = [lap(paused(), start=0, seconds=600, metres=1700)]
    assert read(tcx(activity(laps))) == [
        run_of(
            distance_km=1.8,
            moving_seconds=600,
            elapsed_seconds=660,
            notes=(points_note("94%"),),
        )
    ]


def test_a_lap_past_the_points_when_they_give_the_distance_adds_no_time() -> None:
    # One lap of 660 s that says 1,500 m (1,500 / 1,800 = 83%: short), its points 0-600 s
    # at 3 m/s. The points give the distance, 1.8 km, which covers their 600 s only: the
    # lap's 60 s past them would pair it with time it does not cover (a pace too slow), so
    # the run is the points', 600 s moving and elapsed.
    laps = [lap(steady(0, 600), start=0, seconds=660, metres=1500)]
    assert read(tcx(activity(laps))) == [run_of(distance_km=1.8, notes=(points_note("83%"),))]


@pytest.mark.parametrize(
    ("lap_2_seconds", "expected"),
    [
        pytest.param(
            650,
            run_of(
                distance_km=2.43,
                moving_seconds=860,
                elapsed_seconds=865,
                notes=(lead_note(1, 40), tail_note(1, 45)),
            ),
            id="the timers hold it to the window",
        ),
        pytest.param(
            649,
            run_of(
                distance_km=2.43,
                moving_seconds=760,
                elapsed_seconds=760,
                notes=(lead_note(1, 40),),
            ),
            id="a second less: not the run's",
        ),
    ],
)
def test_the_laps_timers_must_hold_the_time_before_during_and_after_the_points(
    lap_2_seconds: int, expected: ParsedRun
) -> None:
    # Lap 1 (0-100 s, 300 m, no points: no GPS fix yet). Lap 2 from 100 s runs the points:
    # 300 s at 3 m/s, then no point for a minute in which the runner walked 30 m (0.5 m/s:
    # moving, though an auto-pause set to a pace stopped the watch's timer), then 300 s more;
    # 1,830 m, the points moving 300 + 60 + 300 = 660 s until 760 s. Lap 3 (100 s, 300 m,
    # its points lost) begins 5 s after the last point and ends at 865 s, 105 s past it.
    # The run moves lap 1's 100 s, the points' 660 s and lap 3's 100 s: 860 s. With lap 2's
    # timer at 650 s the laps' timers hold 100 + 650 + 100 = 850 s, and 860 s is within the
    # 10 s window: lap 3 ends the run (865 s elapsed, 1:45 past the last point). At 649 s
    # they hold 849 s: no room for lap 3's time beside the rest, so the run ends at the last
    # point, 760 s elapsed, moving 100 + 660 = 760 s. Lap 1 starts it either way (its 1:40
    # before the first point: 100 + 660 = 760 s fit in 849 s), and the laps give the
    # distance: 300 + 1,830 + 300 = 2,430 m.
    points = steady(100, 400) + [point(t, metres=3.0 * (t - 160) + 30) for t in range(460, 761)]
    laps = [
        lap([], start=0, seconds=100, metres=300),
        lap(points, start=100, seconds=lap_2_seconds, metres=1830),
        lap([], start=765, seconds=100, metres=300),
    ]
    assert read(tcx(activity(laps))) == [expected]
