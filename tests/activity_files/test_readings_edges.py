"""Watch files whose figures the reader once got wrong (an independent review), each written
here by hand.

Each expected figure comes from the file itself (the watch's own session or laps) or from a
value no watch writes, never from the bot's reading of it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.event_message import EventMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import Event, EventType, FileType, Manufacturer, Sport

from bot.activity_files import ActivityFileError, parse_activity_file
from tests.activity_files.test_fit import Rec, Session, fit, ms

T0 = datetime(2025, 6, 1, 7, 0, tzinfo=UTC)


def iso(seconds: float) -> str:
    return (T0 + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def treadmill_tcx(lap_metres: str = "0.0", point_metres: str | None = None) -> bytes:
    """A 30-minute run of one lap, a point every 5 s with heart rate (a treadmill without a
    footpod, as Garmin Connect exports it: the lap says 0 m, the points carry no distance)."""
    distance = "" if point_metres is None else f"<DistanceMeters>{point_metres}</DistanceMeters>"
    points = "".join(
        f"<Trackpoint><Time>{iso(t)}</Time>{distance}"
        "<HeartRateBpm><Value>130</Value></HeartRateBpm></Trackpoint>"
        for t in range(0, 1801, 5)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="Running"><Id>{iso(0)}</Id><Lap StartTime="{iso(0)}">'
        f"<TotalTimeSeconds>1800.0</TotalTimeSeconds><DistanceMeters>{lap_metres}</DistanceMeters>"
        "<Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>"
        f"<Track>{points}</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    ).encode()


def gpx(*, hr: str = "150", odd_ele: str = "100") -> bytes:
    """10 minutes north at 3 m/s, a point every 5 s at 100 m altitude, heart rate `hr`;
    the point at 300 s has the altitude `odd_ele`."""
    points = "".join(
        f'<trkpt lat="{51.5 + t * 3 / 111_000:.6f}" lon="-0.1">'
        f"<ele>{odd_ele if t == 300 else '100'}</ele><time>{iso(t)}</time>"
        f"<extensions><hr>{hr}</hr></extensions></trkpt>"
        for t in range(0, 601, 5)
    )
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="x" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type>'
        f"<trkseg>{points}</trkseg></trk></gpx>"
    ).encode()


# --- a run the watch measured no distance for -----------------------------------------------


def test_a_treadmill_tcx_whose_lap_measured_no_distance_has_no_distance() -> None:
    # The lap's own DistanceMeters is 0: the watch measured none. A run of 0 km is no run
    # a member can log (/run's distance is 0.1 and up; the store refuses 0), so the file's
    # run has no distance, as one whose lap leaves DistanceMeters out.
    [run] = parse_activity_file("treadmill.tcx", treadmill_tcx())
    assert run.distance_km is None
    assert (run.moving_seconds, run.elapsed_seconds, run.avg_hr) == (1800, 1800, 130)


def test_a_fit_session_with_a_total_of_zero_metres_has_no_distance() -> None:
    # Heart rate only in the records, the session's total_distance 0 (no footpod, no GPS).
    records = [Rec(t, hr=140) for t in range(0, 1801, 5)]
    session = Session(elapsed=1800, timer=1800, distance=0.0, avg_hr=140, max_hr=150)
    [run] = parse_activity_file("indoor.fit", fit([session], records))
    assert run.distance_km is None


# --- speed-only records across a pause --------------------------------------------------------


def activity_builder() -> FitFileBuilder:
    """A FIT activity file's builder, its file_id written."""
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = 0x1234
    file_id.time_created = ms(0)
    builder.add(file_id)
    return builder


def speed_only_fit_with_a_stop(*, total: float | None = 3600.0, marker: bool = False) -> bytes:
    """What a watch writes for 3 m/s from 0 to 600 s, its timer stopped from 600 to 900 s (a
    `timer` event stop_all, no records, no distance counted), and 3 m/s from 900 to 1,500 s:
    records with a speed only (no distance field), the timer events, and its own session of
    `total` metres (3,600, or none) in 1,200 s of timer; with `marker`, a timer event of
    another type (a marker) at 300 s, which neither stops nor starts it."""
    builder = activity_builder()

    def timer(at: float, kind: EventType) -> EventMessage:
        event = EventMessage()
        event.timestamp = ms(at)
        event.event = Event.TIMER
        event.event_type = kind
        return event

    def records(first: int, last: int) -> list[RecordMessage]:
        written = []
        for t in range(first, last + 1):
            record = RecordMessage()
            record.timestamp = ms(t)
            record.enhanced_speed = 3.0
            written.append(record)
        return written

    builder.add(timer(0, EventType.START))
    if marker:
        builder.add_all(records(0, 299))
        builder.add(timer(300, EventType.MARKER))
        builder.add_all(records(300, 600))
    else:
        builder.add_all(records(0, 600))
    builder.add(timer(600, EventType.STOP_ALL))
    builder.add(timer(900, EventType.START))
    builder.add_all(records(900, 1500))
    builder.add(timer(1500, EventType.STOP_ALL))
    session = SessionMessage()
    session.timestamp = ms(1500)
    session.start_time = ms(0)
    session.sport = Sport.RUNNING
    session.total_elapsed_time = 1500.0
    session.total_timer_time = 1200.0
    if total is not None:
        session.total_distance = total
    builder.add(session)
    return bytes(builder.build().to_bytes())


def test_speed_only_records_cover_no_ground_while_the_timer_is_stopped() -> None:
    # The last speed before the stop is 3 m/s; carrying it across the stop makes 900 m and
    # 5 minutes the watch never counted (4.5 km, "the session's total is only 80%").
    [run] = parse_activity_file("tread.fit", speed_only_fit_with_a_stop())
    assert run.distance_km == 3.6
    assert run.moving_seconds == 1200
    assert run.elapsed_seconds == 1500
    assert run.notes == ()


@pytest.mark.parametrize("marker", [False, True], ids=["plain", "with-a-marker"])
def test_without_a_session_total_the_records_give_the_distance_the_timer_ran(
    marker: bool,
) -> None:
    # The records alone: 3 m/s for the 600 s before the stop and the 600 s after the start,
    # 3,600 m; the timer started again counts again, and a marker stops nothing.
    data = speed_only_fit_with_a_stop(total=None, marker=marker)
    [run] = parse_activity_file("tread.fit", data)
    assert run.distance_km == 3.6


# --- values no watch writes -------------------------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf"])
def test_a_tcx_distance_that_is_not_a_finite_number_is_refused(value: str) -> None:
    # float() reads "nan" and "inf"; no watch writes them, and a NaN distance passes every
    # comparison (the pace check, the store's CHECK distance_km > 0 on PostgreSQL).
    with pytest.raises(ActivityFileError) as refused:
        parse_activity_file("odd.tcx", treadmill_tcx(lap_metres=value, point_metres=value))
    assert "is not a number" in refused.value.problem


@pytest.mark.parametrize("hr", ["-5", "1e20", "inf", "3000000000"])
def test_a_heart_rate_no_heart_beats_at_is_no_heart_rate(hr: str) -> None:
    # A FIT heart rate is one byte (1-254 bpm; 0 and 255 mean none): anything outside is no
    # reading. Read, a negative one fails the store's CHECK avg_hr > 0, 1e20 overflows
    # SQLite's integer, inf overflows round().
    [run] = parse_activity_file("odd.gpx", gpx(hr=hr))
    assert (run.avg_hr, run.max_hr) == (None, None)


@pytest.mark.parametrize("ele", ["1e20", "-1e20", "inf"])
def test_an_altitude_no_place_on_earth_has_is_no_altitude(ele: str) -> None:
    # Every other point is at 100 m: no climb. 1e20 m, counted, overflows SQLite's integer.
    [run] = parse_activity_file("odd.gpx", gpx(odd_ele=ele))
    assert run.elevation_gain_m == 0


# --- a session without its elapsed time -------------------------------------------------------


def test_a_session_without_an_elapsed_time_lasts_from_its_start_to_its_end() -> None:
    # No total_elapsed_time; start_time 0 and timestamp (the session's end, FIT profile)
    # 1,500 s: it lasted 1,500 s. 3 m/s from 0 to 600 s, a stop (the distance stands) to
    # 900 s, 3 m/s to 1,500 s: 1,200 s of timer, 3,600 m. Taking the timer's 1,200 s as the
    # elapsed time cut the session at 1,200 s: 900 s moving, a pace of 4:10 /km for 5:33.
    records = [Rec(t, metres=3.0 * t) for t in range(0, 601)]
    records += [Rec(t, metres=1800.0 + 3.0 * (t - 900)) for t in range(900, 1501)]
    session = Session(elapsed=None, timer=1200, distance=3600.0, end=1500)
    [run] = parse_activity_file("x.fit", fit([session], records))
    assert (run.distance_km, run.moving_seconds, run.elapsed_seconds) == (3.6, 1200, 1500)


# --- a GPX file with a planned route beside the recording -------------------------------------


def two_track_gpx(*, planned_first: bool, planned: int = 1) -> bytes:
    """The route the member followed (a track of positions only, as route planners write it;
    `planned` of them) and the run recorded along it: 600 s at 3 m/s, a point every 5 s."""

    def track(name: str, timed: bool) -> str:
        points = "".join(
            f'<trkpt lat="{51.5 + t * 3 / 111_000:.6f}" lon="-0.1">'
            + (f"<time>{iso(t)}</time>" if timed else "")
            + "</trkpt>"
            for t in range(0, 601, 5)
        )
        return f"<trk><name>{name}</name><trkseg>{points}</trkseg></trk>"

    tracks = [track("planned", False)] * planned + [track("recorded", True)]
    if not planned_first:
        tracks.reverse()
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="x" '
        f'xmlns="http://www.topografix.com/GPX/1/1">{"".join(tracks)}</gpx>'
    ).encode()


@pytest.mark.parametrize("planned_first", [True, False])
def test_a_planned_route_beside_the_recorded_run_does_not_refuse_the_run(
    planned_first: bool,
) -> None:
    # The untimed track is no run (a route, as the refusal of a file of only that says); the
    # timed one is the run, as a file of only it is read. The file was refused whole.
    [run] = parse_activity_file("with-route.gpx", two_track_gpx(planned_first=planned_first))
    assert run.start == T0
    assert (run.moving_seconds, run.elapsed_seconds) == (600, 600)
    assert run.notes == ("the file's track without times (a planned route?) was not logged",)


@pytest.mark.parametrize("planned", [2, 3])
def test_planned_routes_beside_the_recorded_run_are_counted_in_its_note(planned: int) -> None:
    data = two_track_gpx(planned_first=True, planned=planned)
    [run] = parse_activity_file("with-routes.gpx", data)
    assert run.notes == (
        f"the file's {planned} tracks without times (planned routes?) were not logged",
    )


# --- a GPX track whose points all carry one time ---------------------------------------------


def one_time_gpx(*, with_run: bool) -> bytes:
    """The shape of gpxpy's test_files/Mojstrovka.gpx (GPSBabel, GPX 1.0, a Garmin's track):
    184 points along a path, each with the time 1901-12-13T20:45:52.2073437Z, which is
    -2**31 seconds from 1970, a converter's placeholder for a time it did not have. With
    `with_run`, the run recorded beside it as a second track (600 s, a point every 5 s)."""
    points = "".join(
        f'<trkpt lat="{46.4349 + i * 0.00005:.6f}" lon="13.7482">'
        "<time>1901-12-13T20:45:52.2073437Z</time></trkpt>"
        for i in range(184)
    )
    tracks = f"<trk><trkseg>{points}</trkseg></trk>"
    if with_run:
        tracks += (
            "<trk><trkseg>"
            + "".join(
                f'<trkpt lat="{51.5 + t * 3 / 111_000:.6f}" lon="-0.1"><time>{iso(t)}</time>'
                "</trkpt>"
                for t in range(0, 601, 5)
            )
            + "</trkseg></trk>"
        )
    return (
        '<?xml version="1.0"?><gpx version="1.0" creator="GPSBabel - http://www.gpsbabel.org" '
        f'xmlns="http://www.topografix.com/GPX/1/0">{tracks}</gpx>'
    ).encode()


def test_a_track_whose_points_all_carry_one_time_is_refused_not_logged_as_a_run() -> None:
    # It was read as a run of no distance and no time, starting in 1901.
    with pytest.raises(ActivityFileError) as caught:
        parse_activity_file("Mojstrovka.gpx", one_time_gpx(with_run=False))
    assert caught.value.problem == (
        "its track's points all carry one time (1901-12-13 20:45:52 UTC), so it records no run;"
        " export it again from your watch app"
    )


def test_a_track_whose_points_all_carry_one_time_beside_a_run_is_named_as_not_logged() -> None:
    [run] = parse_activity_file("two.gpx", one_time_gpx(with_run=True))
    assert run.start == T0
    assert (run.moving_seconds, run.elapsed_seconds) == (600, 600)
    assert run.notes == ("the file's track whose points all carry one time was not logged",)


# --- a treadmill recording whose distance stays at 0 ------------------------------------------


def test_fit_records_whose_distance_stays_at_zero_leave_the_moving_time_to_the_timer() -> None:
    # A treadmill run on a watch without a footpod: every record carries distance 0 (as the
    # corpus's Garmin vivoactive HR indoor recording does), the timer ran 1,800 s. A distance
    # that never moves says nothing about moving: every step was judged a standstill, 0 s.
    records = [Rec(t, metres=0.0, hr=140) for t in range(0, 1801, 5)]
    session = Session(elapsed=1800, timer=1800, distance=0.0, avg_hr=140)
    [run] = parse_activity_file("treadmill.fit", fit([session], records))
    assert (run.moving_seconds, run.elapsed_seconds) == (1800, 1800)


def test_tcx_points_whose_distance_stays_at_zero_are_judged_by_time() -> None:
    # The same run as Garmin Connect's TCX: the lap's 1,800 s of TotalTimeSeconds, every
    # point's DistanceMeters 0.0, a point every 5 s.
    [run] = parse_activity_file("treadmill.tcx", treadmill_tcx(point_metres="0.0"))
    assert (run.moving_seconds, run.elapsed_seconds) == (1800, 1800)


# --- records with a distance across a pause ---------------------------------------------------


def test_the_seconds_the_timer_stood_are_no_moving_time() -> None:
    # 3 m/s from 0 to 600 s, the timer stopped from 600 to 630 s (auto-pause: records without
    # a distance, as the corpus's Suunto writes them), 3 m/s again from 630 to 1,230 s: the
    # watch's timer ran 1,200 s. The steps just after the stop and just before the start
    # still have running in the 10 s around them: counted, they made 1,208 s.
    builder = activity_builder()
    for at, kind in ((0, EventType.START), (600, EventType.STOP_ALL), (630, EventType.START)):
        event = EventMessage()
        event.timestamp = ms(at)
        event.event = Event.TIMER
        event.event_type = kind
        builder.add(event)
    for t in range(1231):
        record = RecordMessage()
        record.timestamp = ms(t)
        if not 600 < t < 630:
            record.distance = 3.0 * (t if t <= 600 else t - 30)
        builder.add(record)
    session = SessionMessage()
    session.timestamp = ms(1230)
    session.start_time = ms(0)
    session.sport = Sport.RUNNING
    session.total_elapsed_time = 1230.0
    session.total_timer_time = 1200.0
    session.total_distance = 3600.0
    builder.add(session)
    [run] = parse_activity_file("paused.fit", bytes(builder.build().to_bytes()))
    assert (run.moving_seconds, run.elapsed_seconds, run.distance_km) == (1200, 1230, 3.6)


def test_a_stop_written_twice_is_no_time_once() -> None:
    # As above, but the stop from 600 to 630 s is written twice (the watch's clock went back
    # and it wrote the pause again): the timer stood 30 s, not 60, so each second around the
    # stop counted as moving is less those 30 s once. It read 1,195 s (negative steps).
    builder = activity_builder()
    events = [(0, EventType.START)] + [(600, EventType.STOP_ALL), (630, EventType.START)] * 2
    for at, kind in events:
        event = EventMessage()
        event.timestamp = ms(at)
        event.event = Event.TIMER
        event.event_type = kind
        builder.add(event)
    for t in range(1231):
        record = RecordMessage()
        record.timestamp = ms(t)
        if not 600 < t < 630:
            record.distance = 3.0 * (t if t <= 600 else t - 30)
        builder.add(record)
    session = SessionMessage()
    session.timestamp = ms(1230)
    session.start_time = ms(0)
    session.sport = Sport.RUNNING
    session.total_elapsed_time = 1230.0
    session.total_timer_time = 1200.0
    session.total_distance = 3600.0
    builder.add(session)
    [run] = parse_activity_file("paused.fit", bytes(builder.build().to_bytes()))
    assert run.moving_seconds == 1200
