"""TCX files as exports write them: positions without a device distance, heart rate only in
the laps, laps without track points, time zones, blank and bad values, files of no activity.

Each file is written here; each figure is worked out by hand in its test. Positions are laid
along a meridian as in test_moving, so their haversine length is known in advance.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.activity_files import FileFormat, ParsedRun
from tests.activity_files.reading import expected_run, read_as, refusal_of
from tests.activity_files.test_moving import T0, iso, north

NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"


def point(
    t: float,
    *,
    metres: float | None = None,
    at_m: float | None = None,
    hr: int | str | None = None,
    altitude: str | None = None,
    time: str | None = None,
) -> str:
    """A Trackpoint at `t` s: `metres` the device distance, `at_m` a position that far north."""
    parts = [f"<Time>{time if time is not None else iso(t)}</Time>"]
    if at_m is not None:
        parts.append(
            f"<Position><LatitudeDegrees>{north(at_m):.9f}</LatitudeDegrees>"
            "<LongitudeDegrees>13.4</LongitudeDegrees></Position>"
        )
    if altitude is not None:
        parts.append(f"<AltitudeMeters>{altitude}</AltitudeMeters>")
    if metres is not None:
        parts.append(f"<DistanceMeters>{metres}</DistanceMeters>")
    if hr is not None:
        parts.append(f"<HeartRateBpm><Value>{hr}</Value></HeartRateBpm>")
    return "<Trackpoint>" + "".join(parts) + "</Trackpoint>"


def lap(
    points: list[str],
    *,
    start: float | None = None,
    seconds: float | None = None,
    metres: float | None = None,
    avg: int | None = None,
    top: int | None = None,
) -> str:
    attribute = "" if start is None else f' StartTime="{iso(start)}"'
    parts = []
    if seconds is not None:
        parts.append(f"<TotalTimeSeconds>{seconds}</TotalTimeSeconds>")
    if metres is not None:
        parts.append(f"<DistanceMeters>{metres}</DistanceMeters>")
    if avg is not None:
        parts.append(f"<AverageHeartRateBpm><Value>{avg}</Value></AverageHeartRateBpm>")
    if top is not None:
        parts.append(f"<MaximumHeartRateBpm><Value>{top}</Value></MaximumHeartRateBpm>")
    if points:
        parts.append("<Track>" + "".join(points) + "</Track>")
    return f"<Lap{attribute}>" + "".join(parts) + "</Lap>"


def activity(laps: list[str], *, sport: str | None = "Running", first: str | None = iso(0)) -> str:
    kind = "" if sport is None else f' Sport="{sport}"'
    ident = "" if first is None else f"<Id>{first}</Id>"
    return f"<Activity{kind}>{ident}" + "".join(laps) + "</Activity>"


def tcx(*activities: str, body: str | None = None) -> bytes:
    inside = body if body is not None else "<Activities>" + "".join(activities) + "</Activities>"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><TrainingCenterDatabase xmlns="{NS}">'
        f"{inside}</TrainingCenterDatabase>"
    ).encode()


def read(data: bytes) -> list[ParsedRun]:
    return read_as("x.tcx", data)


def refusal(data: bytes) -> str:
    return refusal_of("x.tcx", data)


def run_of(**fields: object) -> ParsedRun:
    return expected_run(**{"start": T0, "source": FileFormat.TCX, **fields})


def test_positions_give_the_distance_and_the_points_heart_rate_wins_over_the_laps() -> None:
    # 600 s at 3 m/s with positions but no DistanceMeters per point (1,800 m), 150 bpm in
    # every point; the lap says neither its distance nor the points' heart rate.
    points = [point(t, at_m=3.0 * t, hr=150) for t in range(601)]
    data = tcx(activity([lap(points, start=0, seconds=600, avg=140, top=145)]))
    assert read(data) == [run_of(avg_hr=150, max_hr=150)]


def test_without_heart_rate_in_the_points_the_laps_give_it_weighted_by_lap_time() -> None:
    # Lap 1: 600 s at 140 bpm (max 150); lap 2: 300 s at 165 (max 180); the points carry the
    # device distance, 2 m/s. (140 * 600 + 165 * 300) / 900 = 148.3.
    first = [point(t, metres=2.0 * t) for t in range(601)]
    second = [point(t, metres=2.0 * t) for t in range(601, 901)]
    data = tcx(
        activity(
            [
                lap(first, start=0, seconds=600, metres=1200, avg=140, top=150),
                lap(second, start=600, seconds=300, metres=600, avg=165, top=180),
            ]
        )
    )
    assert read(data) == [run_of(moving_seconds=900, elapsed_seconds=900, avg_hr=148, max_hr=180)]


def test_a_file_of_laps_without_points_gives_the_laps_figures() -> None:
    # Two laps, no track points: 600 s + 300 s, 2000.4 m + 1000.2 m = 3.0006 km (shown to
    # the metre: 3.001), heart rate as above.
    laps = [
        lap([], start=0, seconds=600, metres=2000.4, avg=140, top=150),
        lap([], start=600, seconds=300, metres=1000.2, avg=165, top=180),
    ]
    assert read(tcx(activity(laps, first=None))) == [
        run_of(distance_km=3.001, moving_seconds=900, elapsed_seconds=900, avg_hr=148, max_hr=180)
    ]


def test_laps_without_points_or_a_start_time_start_at_the_activity_id() -> None:
    # No StartTime on the laps: the activity's Id (a minute after T0) is the start. One lap
    # without a distance leaves the distance unknown: none.
    laps = [lap([], seconds=600, metres=2000), lap([], seconds=300)]
    assert read(tcx(activity(laps, first=iso(60)))) == [
        run_of(
            start=T0 + timedelta(seconds=60),
            distance_km=None,
            moving_seconds=900,
            elapsed_seconds=900,
        )
    ]


@pytest.mark.parametrize(
    "laps",
    [
        pytest.param([lap([], seconds=600, metres=2000)], id="no start time anywhere"),
        pytest.param(
            [lap([], start=0, seconds=600), lap([], start=600, metres=2000)],
            id="a lap without its time",
        ),
        pytest.param([], id="no laps"),
    ],
)
def test_laps_without_points_need_their_times(laps: list[str]) -> None:
    assert refusal(tcx(activity(laps, first=None))) == (
        "x.tcx: it has no laps or track points with times in it"
    )


def test_laps_at_exactly_97_percent_of_the_points_distance_are_trusted() -> None:
    # The points run 1,000 m in 400 s. Laps of 970 m are 97%: theirs is the distance;
    # 969 m is short by more than 3%: the points' 1,000 m, and the member is told.
    points = [point(t, metres=2.5 * t) for t in range(401)]

    def run_with_laps(metres: float) -> ParsedRun:
        (run,) = read(tcx(activity([lap(points, start=0, seconds=400, metres=metres)])))
        return run

    assert (run_with_laps(970).distance_km, run_with_laps(970).notes) == (0.97, ())
    assert (run_with_laps(969).distance_km, run_with_laps(969).notes) == (
        1.0,
        ("distance from the track points: the laps add up to only 97% of the distance recorded",),
    )


def test_a_lap_without_a_distance_leaves_the_distance_to_the_points() -> None:
    # Lap 1 says 900 m, lap 2 nothing: the laps add up to no distance, so the points' 1,800 m
    # is read, with nothing to tell (no lap total fell short).
    first = [point(t, metres=3.0 * t) for t in range(301)]
    second = [point(t, metres=3.0 * t) for t in range(301, 601)]
    laps = [lap(first, start=0, seconds=300, metres=900), lap(second, start=300, seconds=300)]
    assert read(tcx(activity(laps))) == [run_of()]


def test_a_treadmill_file_without_positions_or_distances_has_no_distance() -> None:
    # A point every 5 s for 10 minutes, times and heart rate only: moving by time alone.
    points = [point(t, hr=130) for t in range(0, 601, 5)]
    data = tcx(activity([lap(points, start=0, seconds=600)]))
    assert read(data) == [run_of(distance_km=None, avg_hr=130, max_hr=130)]


@pytest.mark.parametrize(
    "stamp",
    [
        pytest.param(iso, id="Z"),
        pytest.param(lambda t: iso(t).removesuffix("Z"), id="no zone: UTC"),
        pytest.param(
            lambda t: (T0 + timedelta(seconds=t, hours=2)).strftime("%Y-%m-%dT%H:%M:%S+02:00"),
            id="+02:00",
        ),
    ],
)
def test_times_are_read_in_utc_whatever_zone_they_are_written_in(
    stamp: Callable[[float], str],
) -> None:
    points = [point(t, metres=3.0 * t, time=stamp(t)) for t in range(601)]
    (run,) = read(tcx(activity([lap(points, seconds=600, metres=1800)])))
    assert run == run_of()
    assert run.start.utcoffset() == timedelta(0)


def test_blank_values_are_missing_values() -> None:
    # Blank altitudes and heart rates (an export writing empty elements): no climb, no rate.
    points = [point(t, metres=3.0 * t, altitude=" ", hr="\n ") for t in range(601)]
    assert read(tcx(activity([lap(points, start=0, seconds=600, metres=1800)]))) == [run_of()]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            {"metres": "12 km"},
            "x.tcx: its DistanceMeters '12 km' is not a number",
        ),
        (
            {"hr": "one hundred and forty"},
            # Cut to 20 characters.
            "x.tcx: its HeartRateBpm 'one hundred and fort' is not a number",
        ),
        (
            {"time": "the first of June 2025 at seven in the morning"},
            # Cut to 40 characters.
            "x.tcx: its time 'the first of June 2025 at seven in the m' cannot be read",
        ),
    ],
)
def test_a_value_that_cannot_be_read_is_named(bad: dict[str, str], message: str) -> None:
    points = [point(t, metres=3.0 * t) for t in range(10)] + [point(10, **bad)]  # type: ignore[arg-type]
    assert refusal(tcx(activity([lap(points, start=0, seconds=10)]))) == message


def test_a_file_of_no_activity_is_refused_as_such() -> None:
    course = "<Courses><Course><Name>Loop</Name></Course></Courses>"
    assert refusal(tcx(body=course)) == ("x.tcx: it has no activity in it (a course or a workout?)")


def test_an_activity_without_a_sport_is_taken_as_a_run() -> None:
    points = [point(t, metres=3.0 * t) for t in range(601)]
    assert read(tcx(activity([lap(points, start=0, seconds=600)], sport=None))) == [run_of()]


def test_an_activity_before_a_multisport_session_is_read_too() -> None:
    # A run, then a multisport session of a ride and a second run an hour later.
    def one_run(start: int) -> str:
        points = [point(start + t, metres=3.0 * t) for t in range(601)]
        return activity([lap(points, start=start, seconds=600)], first=iso(start))

    ride = activity([lap([point(t, metres=8.0 * t) for t in range(700, 801)])], sport="Biking")
    session = (
        f"<MultiSportSession><Id>{iso(700)}</Id><FirstSport>{ride}</FirstSport>"
        f"<NextSport>{one_run(3600)}</NextSport></MultiSportSession>"
    )
    assert read(tcx(one_run(0), session)) == [
        run_of(notes=("the file's biking parts were not logged: only runs are",)),
        run_of(start=datetime(2025, 6, 1, 8, 0, tzinfo=UTC)),
    ]


def test_laps_timed_before_the_first_track_point_are_part_of_the_run() -> None:
    # A watch without a GPS fix yet: lap 1 (0-60 s, 0 m: standing at the start) and the first
    # 120 s of lap 2 (60-660 s, 1,800 m) have no points; the points run from 180 to 660 s at
    # 3 m/s. The laps' 1,800 m is the distance (the points' 1,440 m is 80% of it), so the run
    # starts with the laps at 0 s: 660 s elapsed, moving the points' 480 s and the 120 s of
    # lap 2 before them (3 m/s); lap 1's standing minute is no moving time.
    points = [point(t, at_m=3.0 * (t - 180)) for t in range(180, 661)]
    laps = [lap([], start=0, seconds=60, metres=0), lap(points, start=60, seconds=600, metres=1800)]
    assert read(tcx(activity(laps))) == [
        run_of(
            moving_seconds=600,
            elapsed_seconds=660,
            notes=("the first 3:00 has no track points: its time is the laps'",),
        )
    ]


def test_a_lap_start_on_another_clock_than_the_points_leaves_the_start_to_them() -> None:
    # The lap says it started 4 hours before its points (its StartTime written in local time
    # without a zone, the points in UTC): a lap of 600 s cannot have begun then and still be
    # timing its first point, so the points alone tell the start.
    points = [point(t, metres=3.0 * t) for t in range(601)]
    data = tcx(activity([lap(points, start=-4 * 3600, seconds=600, metres=1800)]))
    assert read(data) == [run_of()]


@pytest.mark.parametrize("blank", ["", " "])
def test_a_blank_lap_start_is_no_start(blank: str) -> None:
    # Two laps of 300 s at 3 m/s; the second's StartTime is blank: read as missing, as any
    # blank value is (it was refused as a time that cannot be read).
    first = [point(t, metres=3.0 * t) for t in range(301)]
    second = [point(t, metres=3.0 * t) for t in range(301, 601)]
    laps = [
        lap(first, start=0, seconds=300, metres=900),
        lap(second, start=300, seconds=300, metres=900).replace(
            f'StartTime="{iso(300)}"', f'StartTime="{blank}"'
        ),
    ]
    assert read(tcx(activity(laps))) == [run_of()]
