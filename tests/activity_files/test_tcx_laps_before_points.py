"""TCX laps timed before the first track point (a watch without a GPS fix yet): when they start
the run, which of their time is moving, and when their clock is taken for another than the
points'.

Each file is written here with test_tcx's helpers; each figure is worked out by hand in its
test. The points carry the device distance, 3 m a second, so they are moving throughout.
"""

from __future__ import annotations

import pytest

from bot.activity_files import ParsedRun
from tests.activity_files.test_moving import T0
from tests.activity_files.test_tcx import activity, lap, point, read, run_of, tcx


def steady(first: int, last: int) -> list[str]:
    """A point a second from `first` to `last` s, 3 m a second from the first."""
    return [point(t, metres=3.0 * (t - first)) for t in range(first, last + 1)]


def lead_note(minutes: int, seconds: int) -> str:
    return f"the first {minutes}:{seconds:02d} has no track points: its time is the laps'"


@pytest.mark.parametrize(
    ("lead", "notes"),
    [
        pytest.param(10, (), id="10 s: no note"),
        pytest.param(11, (lead_note(0, 11),), id="11 s: noted"),
    ],
)
def test_the_time_before_the_first_point_is_noted_past_a_window(
    lead: int, notes: tuple[str, ...]
) -> None:
    # One lap from 0 s, its points from `lead` s for 600 s: the lap's `lead` s before them
    # (3 m/s over the lap, moving) start the run. Within the 10 s a step is judged over,
    # they are not worth a note.
    laps = [lap(steady(lead, lead + 600), start=0, seconds=600 + lead, metres=1800 + 3 * lead)]
    assert read(tcx(activity(laps))) == [
        run_of(
            distance_km=(1800 + 3 * lead) / 1000,
            moving_seconds=600 + lead,
            elapsed_seconds=600 + lead,
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
def test_a_lap_before_the_points_is_moving_from_0_3_metres_a_second(
    metres: int, moving: int
) -> None:
    # Lap 1 (0-60 s, no points) covered `metres`; lap 2 runs the points from 60 to 660 s.
    laps = [
        lap([], start=0, seconds=60, metres=metres),
        lap(steady(60, 660), start=60, seconds=600, metres=1800),
    ]
    assert read(tcx(activity(laps))) == [
        run_of(
            distance_km=(1800 + metres) / 1000,
            moving_seconds=moving,
            elapsed_seconds=660,
            notes=(lead_note(1, 0),),
        )
    ]


def test_a_lap_that_ended_10_seconds_before_the_first_point_is_still_timing_it() -> None:
    # Lap 1 (0-60 s, 180 m, no points) ended 10 s before the first point at 70 s, the give
    # or take of a lap's clock; lap 2 (no StartTime) runs the points to 670 s. The run starts
    # with lap 1: 670 s elapsed, moving lap 1's 60 s and the points' 600 s.
    laps = [
        lap([], start=0, seconds=60, metres=180),
        lap(steady(70, 670), seconds=600, metres=1800),
    ]
    assert read(tcx(activity(laps))) == [
        run_of(distance_km=1.98, moving_seconds=660, elapsed_seconds=670, notes=(lead_note(1, 10),))
    ]


def test_the_last_lap_begun_before_the_first_point_tells_the_clock_not_the_longest() -> None:
    # Lap 1 (0-600 s, 1,800 m, no points) ended 50 s before the first point; lap 2, begun at
    # 600 s, is timing it: the laps keep the points' clock. The run starts at 0 s: 900 s
    # elapsed, moving lap 1's 600 s, lap 2's 50 s before the points, and the points' 250 s.
    laps = [
        lap([], start=0, seconds=600, metres=1800),
        lap(steady(650, 900), start=600, seconds=300, metres=900),
    ]
    assert read(tcx(activity(laps))) == [
        run_of(distance_km=2.7, moving_seconds=900, elapsed_seconds=900, notes=(lead_note(10, 50),))
    ]


@pytest.mark.parametrize(
    "lap_start", [-4 * 3600, None], ids=["4 hours before: another clock", "no StartTime"]
)
def test_without_a_lap_timing_the_first_point_the_laps_add_no_moving_time(
    lap_start: float | None,
) -> None:
    # The lap says it began 4 hours before its points (another clock), or says nothing: the
    # points alone tell the start and the moving time, 300 s at 3 m/s, a minute standing
    # with no point (no distance across it), 300 s more.
    points = steady(0, 300) + [point(t, metres=3.0 * (t - 60)) for t in range(360, 661)]
    data = tcx(activity([lap(points, start=lap_start, seconds=600, metres=1800)]))
    assert read(data) == [run_of(elapsed_seconds=660)]


def start_and_times(run: ParsedRun) -> tuple[float, int, int]:
    return (run.start - T0).total_seconds(), run.moving_seconds, run.elapsed_seconds


@pytest.mark.parametrize(
    ("second_at", "moving"), [(299, 661), (300, 660)], ids=["a second before", "at it"]
)
def test_a_lap_begun_at_the_first_point_is_timing_it(second_at: int, moving: int) -> None:
    # Lap 1 (0-60 s, 180 m, no points) ended long before the first point at 300 s; lap 2
    # begins a second before that point or at it: either way it is timing it, so the laps
    # keep the points' clock and lap 1 starts the run, as its 180 m are in the distance:
    # 900 s elapsed, moving lap 1's 60 s, lap 2's second before the points if it has one,
    # and the points' 600 s. (A lap begun at the point was not taken as begun before it, so
    # lap 1 alone was judged, as on another clock: the run started at the point.)
    laps = [
        lap([], start=0, seconds=60, metres=180),
        lap(steady(300, 900), start=second_at, seconds=600, metres=1800),
    ]
    (run,) = read(tcx(activity(laps)))
    assert (run.distance_km, start_and_times(run)) == (1.98, (0, moving, 900))


@pytest.mark.parametrize(
    "laps",
    [
        pytest.param(
            [
                lap([], start=0, seconds=60, metres=180),
                lap(steady(300, 600), start=0, seconds=600, metres=900),
            ],
            id="the shorter first",
        ),
        pytest.param(
            [
                lap(steady(300, 600), start=0, seconds=600, metres=900),
                lap([], start=0, seconds=60, metres=180),
            ],
            id="the longer first",
        ),
        pytest.param(
            [
                lap([], start=0, seconds=600),
                lap(steady(300, 600), start=0, seconds=600, metres=900),
            ],
            id="as long, one without a distance",
        ),
    ],
)
def test_laps_begun_together_are_judged_whatever_their_order(laps: list[str]) -> None:
    # Two laps begun at 0 s (a manual lap across an automatic one), the points from 300 to
    # 600 s. The longer one (600 s) is timing the first point: the laps keep the points'
    # clock and start the run at 0 s, 600 s elapsed, moving the points' 300 s and the 300 s
    # before them (the laps' moving time before the points is at most the time there is).
    # (In the order shorter, longer, the shorter alone was judged: another clock.)
    (run,) = read(tcx(activity(laps)))
    assert start_and_times(run) == (0, 600, 600)


def test_a_lap_on_another_clock_less_than_its_own_time_away_adds_no_time() -> None:
    # One lap for a whole 3.5-hour marathon (auto-lap off) whose StartTime is local time
    # without a zone, read 3 hours before its points: the lap is "still timing" the first point
    # by its own 12,600 s, yet its timer holds no room for 3 hours more. The points tell the
    # start: 12,600 s elapsed and moving. (It read 23,400 s of each, starting 3 hours early.)
    points = [point(t, metres=3.0 * t) for t in range(0, 12601, 5)]
    data = tcx(activity([lap(points, start=-3 * 3600, seconds=12600, metres=37800)]))
    (run,) = read(data)
    assert start_and_times(run) == (0, 12600, 12600)


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        pytest.param(690, (0, 700, 760), id="the timer holds them to the window"),
        pytest.param(689, (100, 600, 660), id="a second less: another clock"),
    ],
)
def test_the_laps_timer_must_hold_the_time_before_the_points(
    seconds: int, expected: tuple[float, int, int]
) -> None:
    # One lap begun at 0 s, its points from 100 s: 300 s at 3 m/s, a minute standing with no
    # point, 300 s more (600 s moving, 660 s elapsed). The 100 s before the points and the
    # points' 600 s moving are 700 s: a timer of 690 s holds them within the 10 s window, so
    # the lap starts the run (700 s moving, 760 s elapsed); one of 689 s does not, so the
    # points alone tell the start and the times, and no second of the lap's is added.
    points = steady(100, 400) + [point(t, metres=3.0 * (t - 160)) for t in range(460, 761)]
    data = tcx(activity([lap(points, start=0, seconds=seconds, metres=2100)]))
    (run,) = read(data)
    assert start_and_times(run) == expected


def test_a_lap_without_its_own_time_leaves_the_laps_before_the_points_counted() -> None:
    # Lap 1 (0-60 s, 180 m, no points) before the first point; lap 2 runs the points from 60
    # to 660 s but gives no TotalTimeSeconds. The laps' timers cannot be summed, so nothing
    # says they have no room for lap 1's minute: it starts the run, moving (3 m/s).
    laps = [
        lap([], start=0, seconds=60, metres=180),
        lap(steady(60, 660), start=60, metres=1800),
    ]
    [run] = read(tcx(activity(laps)))
    assert (run.moving_seconds, run.elapsed_seconds) == (660, 660)
    assert run.start == T0
    assert run.notes == (lead_note(1, 0),)
