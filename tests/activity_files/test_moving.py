"""The reading rules on small hand-made files, each figure worked out by hand in its test.

Points are laid along a meridian from 52.5 N: on gpxpy's sphere (radius 6378.137 km) a step
of `north(m)` degrees is exactly m metres, so every distance here is known in advance.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.activity_files import ActivityFileError, ParsedRun, parse_activity_file

T0 = datetime(2025, 6, 1, 7, 0, tzinfo=UTC)
RADIUS = 6378.137 * 1000


def north(metres: float) -> float:
    return 52.5 + math.degrees(metres / RADIUS)


Pt = tuple[float, float, float | None, int | None]  # seconds from T0, metres, altitude, bpm


def iso(seconds: float) -> str:
    return (T0 + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def gpx(*tracks: list[list[Pt]], types: tuple[str | None, ...] = ()) -> str:
    body = []
    for i, segments in enumerate(tracks):
        kind = types[i] if i < len(types) else None
        body.append("<trk>" + (f"<type>{kind}</type>" if kind else ""))
        for segment in segments:
            body.append("<trkseg>")
            for t, m, alt, hr in segment:
                ele = "" if alt is None else f"<ele>{alt}</ele>"
                ext = (
                    ""
                    if hr is None
                    else "<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>"
                    f"{hr}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>"
                )
                where = f'lat="{north(m):.9f}" lon="13.4"'
                body.append(f"<trkpt {where}>{ele}<time>{iso(t)}</time>{ext}</trkpt>")
            body.append("</trkseg>")
        body.append("</trk>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="test" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        + "".join(body)
        + "</gpx>\n"
    )


def steady(start: float, seconds: int, metres_at_start: float, speed: float) -> list[Pt]:
    return [(start + i, metres_at_start + speed * i, None, None) for i in range(seconds + 1)]


def one(name: str, text: str | bytes) -> ParsedRun:
    data = text.encode() if isinstance(text, str) else text
    (run,) = parse_activity_file(name, data)
    return run


def test_a_repeated_one_second_point_is_not_a_stop() -> None:
    # 600 s at 3 m/s, every 5th second the watch repeats the position it had.
    points: list[Pt] = [
        (float(i), 3.0 * (i - (i % 5 == 0 and i > 0)), None, None) for i in range(601)
    ]
    run = one("repeats.gpx", gpx([points]))
    assert run.moving_seconds == 600
    assert run.elapsed_seconds == 600


def test_a_long_standing_rest_is_a_stop() -> None:
    # 300 s at 3 m/s, 120 s standing (a point every second, same place), 300 s at 3 m/s.
    # Over the 10-second window a step counts until its window holds under 3 m of running:
    # the 4 seconds after stopping and the 4 before starting again count, the rest do not.
    points = steady(0, 300, 0, 3.0)
    points += [(300.0 + i, 900.0, None, None) for i in range(1, 121)]
    points += steady(420, 300, 900, 3.0)[1:]
    run = one("rest.gpx", gpx([points]))
    assert run.elapsed_seconds == 720
    assert run.moving_seconds == 600 + 4 + 4
    assert run.distance_km == 1.8


def test_a_gap_counts_as_moving_when_the_distance_across_it_says_so() -> None:
    # GPS lost for 240 s in which the runner covered 700 m (2.9 m/s): moving.
    moved = steady(0, 300, 0, 3.0) + steady(540, 300, 1600, 3.0)
    run = one("gap.gpx", gpx([moved]))
    assert run.moving_seconds == 840
    # ...and across 240 s with 20 m covered (an auto-pause): not.
    stood = steady(0, 300, 0, 3.0) + steady(540, 300, 920, 3.0)
    assert one("pause.gpx", gpx([stood])).moving_seconds == 600


def test_segment_boundaries_are_not_stops() -> None:
    # Two segments, the second starting one second and 3 m after the first ends.
    run = one("segments.gpx", gpx([steady(0, 300, 0, 3.0), steady(301, 299, 903, 3.0)]))
    assert run.moving_seconds == 600
    assert run.distance_km == 1.8


def tcx_laps(laps: list[tuple[list[Pt], float]], sport: str = "Running") -> str:
    """A TCX activity with one Track per lap; each lap's DistanceMeters is given."""
    body = []
    for points, lap_metres in laps:
        span = points[-1][0] - points[0][0]
        body.append(
            f'<Lap StartTime="{iso(points[0][0])}"><TotalTimeSeconds>{span}</TotalTimeSeconds>'
            f"<DistanceMeters>{lap_metres}</DistanceMeters><Track>"
        )
        for t, m, _, hr in points:
            heart = "" if hr is None else f"<HeartRateBpm><Value>{hr}</Value></HeartRateBpm>"
            body.append(
                f"<Trackpoint><Time>{iso(t)}</Time><DistanceMeters>{m}</DistanceMeters>"
                f"{heart}</Trackpoint>"
            )
        body.append("</Track></Lap>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?><TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>'
        f'<Activity Sport="{sport}"><Id>{iso(0)}</Id>' + "".join(body) + "</Activity>"
        "</Activities></TrainingCenterDatabase>"
    )


def test_lap_boundaries_are_not_stops() -> None:
    # Ten 60-second laps, each its own <Track>, one second and 3 m apart.
    laps = [(steady(61 * i, 60, 183.0 * i, 3.0), 183.0) for i in range(10)]
    run = one("laps.tcx", tcx_laps(laps))
    assert run.elapsed_seconds == 609
    assert run.moving_seconds == 609
    assert run.distance_km == 1.83


def test_laps_covering_less_than_the_track_give_way_to_the_points() -> None:
    # The laps say 1,000 m; the points ran 1,800 m over 600 s (an export that lost a lap).
    points = steady(0, 600, 0, 3.0)
    run = one("short.tcx", tcx_laps([(points, 1000.0)]))
    assert run.distance_km == 1.8
    assert run.notes == (
        # 1,000 m of 1,800 m: 55.6%.
        "distance from the track points: the laps add up to only 56% of the distance recorded",
    )


def test_heart_rate_is_weighted_by_time() -> None:
    # 60 s at 170 bpm recorded every second, then 600 s at 120 bpm recorded every 20 s
    # (a watch recording on change). Each sample holds until the next, so 170 holds from 0
    # to 80 s and 120 for the remaining 580 s: (170 * 80 + 120 * 580) / 660 = 126.06. The
    # plain mean of the 91 samples would be (61 * 170 + 30 * 120) / 91 = 153.5.
    fast: list[Pt] = [(float(i), 3.0 * i, None, 170) for i in range(61)]
    slow: list[Pt] = [(60.0 + 20 * i, 180 + 60.0 * i, None, 120) for i in range(1, 31)]
    run = one("smart.gpx", gpx([fast + slow]))
    assert (run.avg_hr, run.max_hr) == (126, 170)


def test_zero_and_missing_elevations_are_not_climbs() -> None:
    # A steady climb of 100 m (0.5 m a second for 200 s) with the altitude missing or
    # written as 0 on every 10th point; jitter of 1 m up and down on every 3rd. Counted in
    # steps of at least 2 m, the last metre or two of the climb may stay uncounted; each 0
    # counted as an altitude would add a climb of about 100 m or more.
    points: list[Pt] = []
    for i in range(201):
        altitude: float | None = 100 + 0.5 * i + (1.0 if i % 3 == 1 else 0.0)
        if i % 10 == 5:
            altitude = 0.0 if i % 20 == 5 else None
        points.append((float(i), 2.5 * i, altitude, None))
    gain = one("climb.gpx", gpx([points])).elevation_gain_m
    assert gain is not None
    assert 98 <= gain <= 100


def test_points_whose_time_goes_back_are_dropped_and_counted() -> None:
    points = steady(0, 600, 0, 3.0)
    # Five points stamped a minute early, in the middle of the run.
    for i in range(300, 305):
        t, m, alt, hr = points[i]
        points[i] = (t - 60, m, alt, hr)
    run = one("back.gpx", gpx([points]))
    assert run.notes == ("5 points whose time went back were left out",)
    assert run.moving_seconds == 600
    assert run.moving_seconds <= run.elapsed_seconds


@pytest.mark.parametrize(("kind", "sport"), [("9", "run"), ("TrailRun", "trailrun")])
def test_strava_run_types_are_runs(kind: str, sport: str) -> None:
    run = one("strava.gpx", gpx([steady(0, 60, 0, 3.0)], types=(kind,)))
    assert run.sport == sport


@pytest.mark.parametrize(
    ("kind", "named"),
    [("1", "ride"), ("16", "swim"), ("17", "virtual ride"), ("4", "hike"), ("10", "walk")],
)
def test_strava_numbers_of_other_sports_are_named_in_words(kind: str, named: str) -> None:
    with pytest.raises(ActivityFileError) as caught:
        one("strava.gpx", gpx([steady(0, 60, 0, 3.0)], types=(kind,)))
    assert caught.value.problem == f"it is recorded as {named}, not as a run; only runs are read"


def test_a_gpx_with_a_run_and_a_ride_logs_the_run_and_names_the_ride() -> None:
    runs = parse_activity_file(
        "brick.gpx",
        gpx([steady(0, 600, 0, 8.0)], [steady(700, 600, 0, 3.0)], types=("1", "9")).encode(),
    )
    (run,) = runs
    assert run.distance_km == 1.8
    assert run.notes == ("the file's ride parts were not logged: only runs are",)


def test_a_file_of_no_run_names_all_its_sports() -> None:
    with pytest.raises(ActivityFileError) as caught:
        one("two.gpx", gpx([steady(0, 60, 0, 3.0)], [steady(99, 60, 0, 1.0)], types=("1", "16")))
    assert caught.value.problem == (
        "it is recorded as several sports (ride, swim), none of them a run; only runs are read"
    )


def test_a_tcx_multisport_session_logs_its_running_activity() -> None:
    run_part = tcx_laps([(steady(0, 600, 0, 3.0), 1800.0)])
    ride_part = tcx_laps([(steady(700, 600, 0, 8.0), 4800.0)], sport="Biking")

    def activity(document: str) -> str:
        return document[document.index("<Activity ") : document.index("</Activities>")]

    text = (
        '<?xml version="1.0"?><TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>'
        "<MultiSportSession><Id>x</Id><FirstSport>"
        + activity(ride_part)
        + "</FirstSport><NextSport>"
        + activity(run_part)
        + "</NextSport></MultiSportSession></Activities></TrainingCenterDatabase>"
    )
    run = one("brick.tcx", text)
    assert run.distance_km == 1.8
    assert run.notes == ("the file's biking parts were not logged: only runs are",)


@pytest.mark.parametrize(
    "wrap",
    [
        pytest.param(lambda t: ("\n\n   " + t).encode(), id="blank lines before <?xml"),
        pytest.param(lambda t: b"\xef\xbb\xbf" + t.encode(), id="UTF-8 BOM"),
        pytest.param(lambda t: b"\xef\xbb\xbf \n" + t.encode(), id="BOM then blanks"),
        pytest.param(
            lambda t: (
                t.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
                .replace('creator="test"', 'creator="Café"')
                .encode("latin-1")
            ),
            id="ISO-8859-1",
        ),
        pytest.param(
            lambda t: t.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
            id="UTF-16",
        ),
    ],
)
@pytest.mark.parametrize("kind", ["gpx", "tcx"])
def test_both_xml_encodings_a_bom_and_leading_blanks_are_read(
    wrap: Callable[[str], bytes], kind: str
) -> None:
    points = steady(0, 600, 0, 3.0)
    text = gpx([points]) if kind == "gpx" else tcx_laps([(points, 1800.0)])
    run = one(f"run.{kind}", wrap(text))
    assert (run.distance_km, run.moving_seconds) == (1.8, 600)
