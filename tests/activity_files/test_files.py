"""Real files in, run summaries out: every field against what tests/data/make_samples.py wrote."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.activity_files import (
    MAX_POINTS,
    ActivityFileError,
    FileFormat,
    ParsedRun,
    parse_activity_file,
    speed_kmh,
)
from tests.data.make_samples import samples

DATA = Path(__file__).resolve().parent.parent / "data"


def parse(name: str, *, max_points: int = MAX_POINTS) -> list[ParsedRun]:
    return parse_activity_file(name, (DATA / name).read_bytes(), max_points=max_points)


def refusal(name: str, **limits: int) -> str:
    with pytest.raises(ActivityFileError) as caught:
        parse(name, **limits)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{name}: ")
    return message


def test_the_committed_samples_are_what_the_script_writes() -> None:
    for name, data in samples().items():
        assert (DATA / name).read_bytes() == data, f"run tests/data/make_samples.py ({name})"


def test_a_fit_run_reads_the_session_totals() -> None:
    assert parse("easy_run.fit") == [
        ParsedRun(
            start=datetime(2025, 5, 4, 7, 30, tzinfo=UTC),
            distance_km=5.0,
            moving_seconds=1500,
            elapsed_seconds=1530,
            avg_hr=145,
            max_hr=162,
            elevation_gain_m=42,
            sport="running",
            source=FileFormat.FIT,
        )
    ]


def test_each_running_session_of_a_fit_file_is_a_run() -> None:
    first, second = parse("two_runs.fit")
    assert first == ParsedRun(
        start=datetime(2025, 5, 5, 6, 0, tzinfo=UTC),
        distance_km=3.21,
        # The records' moving time: the runner stands from 1200.5 s (the timer's time), so
        # the 10-second step from 1200 s is a stop.
        moving_seconds=1200,
        elapsed_seconds=1260,
        avg_hr=138,
        max_hr=151,
        elevation_gain_m=12,
        sport="running",
        source=FileFormat.FIT,
    )
    assert second == ParsedRun(
        start=datetime(2025, 5, 5, 17, 0, tzinfo=UTC),
        distance_km=8.123,  # 8123.4 m, to the metre
        moving_seconds=3330,
        elapsed_seconds=3400,
        avg_hr=152,
        max_hr=178,
        elevation_gain_m=None,  # the session has no total_ascent
        sport="trail running",
        source=FileFormat.FIT,
    )


def test_the_content_decides_the_format_not_the_name() -> None:
    [run] = parse("fit_named.gpx")
    assert run == parse("easy_run.fit")[0]


def test_each_gpx_track_is_a_run() -> None:
    first, second = parse("two_tracks.gpx")
    assert first == ParsedRun(
        start=datetime(2025, 5, 6, 6, 0, tzinfo=UTC),
        distance_km=3.004,
        # 1080 s on the clock less a 60 s stop (over 30 s) and 20 s standing (0.2 m/s).
        moving_seconds=1000,
        elapsed_seconds=1080,
        avg_hr=150,
        max_hr=171,
        elevation_gain_m=20,
        sport="running",
        source=FileFormat.GPX,
    )
    assert second == ParsedRun(
        start=datetime(2025, 5, 6, 18, 0, tzinfo=UTC),
        distance_km=1.25,
        moving_seconds=500,
        elapsed_seconds=500,
        avg_hr=None,
        max_hr=None,
        elevation_gain_m=10,
        sport="trail running",
        source=FileFormat.GPX,
    )


def test_a_gpx_track_without_a_type_is_taken_as_a_run() -> None:
    [run] = parse("untyped.gpx")
    assert (run.sport, run.distance_km, run.moving_seconds, run.elevation_gain_m) == (
        "running",
        1.16,
        290,
        None,
    )


def test_a_tcx_run() -> None:
    assert parse("run.tcx") == [
        ParsedRun(
            start=datetime(2025, 5, 8, 17, 15, tzinfo=UTC),
            distance_km=4.251,  # the laps' 2000 m + 2251 m
            moving_seconds=1180,  # 1225 s less a 45 s stop
            elapsed_seconds=1225,
            avg_hr=150,
            max_hr=175,
            elevation_gain_m=30,
            sport="running",
            source=FileFormat.TCX,
        )
    ]


def test_a_run_and_an_error_survive_the_trip_to_and_from_the_worker() -> None:
    [run] = parse("easy_run.fit")
    assert pickle.loads(pickle.dumps(run)) == run
    error = ActivityFileError("a.fit", "it is cut short")
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.filename, copy.problem) == (str(error), "a.fit", "it is cut short")


def test_speed_is_moving_speed() -> None:
    [run] = parse("easy_run.fit")
    assert speed_kmh(run.distance_km, run.moving_seconds) == pytest.approx(12.0)  # 5 km in 1500 s


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.fit", "empty.fit: the file is empty"),
        (
            "truncated.fit",
            "truncated.fit: it is cut short: the file ends before its last record; send it "
            "again, or export it again from your watch app",
        ),
        (
            "corrupt.fit",
            "corrupt.fit: it is damaged (its checksum does not match); export it again from "
            "your watch app",
        ),
        ("run.zip", "run.zip: zip archives are not read; attach the .fit inside"),
        (
            "notes.txt",
            "notes.txt: it is not a FIT, GPX or TCX file; attach the file your watch or its app "
            "exported",
        ),
        (
            "splits.csv",
            "splits.csv: it is not a FIT, GPX or TCX file; attach the file your watch or its "
            "app exported",
        ),
        ("no_session.fit", "no_session.fit: it has no session in it, so no run to read"),
        (
            "cut.gpx",
            "cut.gpx: it is not well-formed XML (line 85); it may be cut short or damaged",
        ),
        (
            "route.gpx",
            "route.gpx: its track has no times: it looks like a planned route, not a recorded run",
        ),
        (
            "waypoints.gpx",
            "waypoints.gpx: it has no recorded track in it (only a route or waypoints?)",
        ),
    ],
)
def test_bad_files_get_one_line_naming_the_file(name: str, message: str) -> None:
    assert refusal(name) == message


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ride.fit", "ride.fit: it is recorded as cycling, not as a run; only runs are read"),
        ("hike.fit", "hike.fit: it is recorded as hiking, not as a run; only runs are read"),
        ("ride.gpx", "ride.gpx: it is recorded as cycling, not as a run; only runs are read"),
        ("ride.tcx", "ride.tcx: it is recorded as biking, not as a run; only runs are read"),
    ],
)
def test_other_sports_are_refused_by_name(name: str, message: str) -> None:
    assert refusal(name) == message


def test_a_damaged_fit_record_is_caught_even_with_a_matching_size() -> None:
    data = bytearray((DATA / "easy_run.fit").read_bytes())
    data[20] ^= 0x01  # inside the first records
    with pytest.raises(ActivityFileError, match=r"^x\.fit: it is damaged \("):
        parse_activity_file("x.fit", bytes(data))


@pytest.mark.parametrize(
    ("name", "points"),
    [("easy_run.fit", 154), ("two_tracks.gpx", 155), ("run.tcx", 120)],
)
def test_past_the_point_limit_the_file_is_refused(name: str, points: int) -> None:
    assert parse(name, max_points=points)
    assert refusal(name, max_points=points - 1) == (
        f"{name}: it has more than {points - 1:,} track points, more than a run needs; "
        "it was not read"
    )


def test_an_oversized_file_is_refused_before_it_is_read() -> None:
    garbage = b"\x00" * 2048  # not a watch file at all: the size is checked first
    with pytest.raises(ActivityFileError) as caught:
        parse_activity_file("big.fit", garbage, max_bytes=1024)
    assert str(caught.value) == "big.fit: it is larger than 1 KB, more than a run needs"


def test_the_default_size_limit_is_25_mb() -> None:
    with pytest.raises(ActivityFileError, match="larger than 25 MB"):
        parse_activity_file("big.gpx", b"<" + b" " * (25 * 1024 * 1024))


def test_a_file_name_is_kept_to_one_short_line() -> None:
    with pytest.raises(ActivityFileError) as caught:
        parse_activity_file("evil\nname" + "x" * 200 + ".fit", b"")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("evil name")
    assert len(message) < 120


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"PK\x05\x06" + b"\x00" * 18, id="empty-zip"),
        pytest.param(b"\x1f\x8b\x08\x00", id="gzip"),
        pytest.param(b"<kml></kml>", id="other-xml"),
        pytest.param(b"\x0e\x10" + b"\x00" * 6 + b".FIT" + b"\x00\x00", id="fit-header-only"),
        pytest.param(b"\xff\xfe<\x00g\x00", id="utf16-garbage"),
    ],
)
def test_odd_inputs_never_escape_as_library_errors(data: bytes) -> None:
    with pytest.raises(ActivityFileError):
        parse_activity_file("odd.gpx", data)


def test_a_multisport_file_logs_its_running_leg_and_names_the_rest() -> None:
    (run,) = parse("triathlon.fit")
    # make_samples.triathlon: swim 1800 s, T1 120 s, bike 4000 s, T2 90 s, then the run.
    assert run.start == datetime(2025, 5, 10, 8, 0, tzinfo=UTC) + timedelta(seconds=6010)
    assert run.distance_km == 10.0
    assert run.sport == "running"
    assert run.notes == ("the file's swimming and cycling parts were not logged: only runs are",)


def test_a_fit_run_with_auto_pause_off_leaves_the_standing_out() -> None:
    """make_samples: timer 1800 s, the records standing still from 1500 s on."""
    (run,) = parse("standing.fit")
    assert (run.moving_seconds, run.elapsed_seconds, run.distance_km) == (1500, 1800, 5.0)


def test_a_fit_session_without_a_total_distance_takes_its_records() -> None:
    (run,) = parse("no_total.fit")
    assert run.distance_km == 5.0
    assert run.moving_seconds == 1500
    assert run.notes == ("distance from the track points: the session has no total",)


def test_a_limit_of_a_megabyte_and_more_is_named_in_mb() -> None:
    with pytest.raises(ActivityFileError) as caught:
        parse_activity_file("big.fit", b"\x00" * (1024 * 1024 + 1), max_bytes=1024 * 1024)
    assert str(caught.value) == "big.fit: it is larger than 1 MB, more than a run needs"


def test_a_file_of_exactly_the_size_limit_is_read() -> None:
    data = (DATA / "easy_run.fit").read_bytes()
    assert parse_activity_file("easy_run.fit", data, max_bytes=len(data))


def test_a_gzip_file_is_refused_saying_what_to_attach() -> None:
    with pytest.raises(ActivityFileError) as caught:
        parse_activity_file("run.gpx.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 16)
    message = str(caught.value)
    assert message.startswith("run.gpx.gz: compressed (.gz) files are not read")
    assert "attach the file inside" in message


def test_xml_of_another_kind_names_its_root_briefly() -> None:
    with pytest.raises(ActivityFileError) as caught:
        parse_activity_file("places.kml", b"<kml></kml>")
    message = str(caught.value)
    assert message.startswith("places.kml: ")
    assert "not GPX or TCX" in message
    assert "<kml>" in message
    long_root = "a" * 40
    with pytest.raises(ActivityFileError) as caught:
        parse_activity_file("odd.xml", f"<{long_root}/>".encode())
    assert str(caught.value).endswith(f"(its root is <{'a' * 30}>)")
