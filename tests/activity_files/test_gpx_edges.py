"""GPX edge cases read by hand: times with and without a zone, the encodings a declaration
names, values gpxpy refused (the reading is still gpxpy's, from the one parsed tree), and a
length worked out with a haversine of our own."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from bot.activity_files import ParsedRun, parse_activity_file
from bot.activity_files.errors import ActivityFileError
from bot.activity_files.gpx import read_gpx
from bot.activity_files.gpx_tree import parse_time
from bot.activity_files.model import MAX_POINTS
from bot.activity_files.safexml import parse_xml

NS = "http://www.topografix.com/GPX/1/1"


def gpx(*points: tuple[str, str, str]) -> str:
    """A one-track GPX document (no declaration) with (lat, lon, time) points."""
    body = "".join(
        f'<trkpt lat="{lat}" lon="{lon}"><time>{time}</time></trkpt>' for lat, lon, time in points
    )
    return f'<gpx version="1.1" creator="t" xmlns="{NS}"><trk><trkseg>{body}</trkseg></trk></gpx>'


TWO_POINTS = gpx(("0", "0", "2024-05-01T06:00:00Z"), ("0.01", "0", "2024-05-01T06:10:00Z"))


def read(name: str, data: bytes) -> list[ParsedRun]:
    """`read_gpx` given `data` and its tree (parsed, as the reader does, without blanks first)."""
    return read_gpx(name, data, parse_xml(name, data.lstrip(), max_points=MAX_POINTS))


def test_a_time_without_a_zone_is_utc_and_one_with_an_offset_is_moved_to_utc() -> None:
    naive = parse_time("2024-05-01T06:00:00")
    assert naive == datetime(2024, 5, 1, 6, 0, tzinfo=UTC)
    assert naive is not None and naive.utcoffset() == timedelta(0)
    plus_ten = parse_time("2024-05-01T06:00:00+10:00")
    assert plus_ten == datetime(2024, 4, 30, 20, 0, tzinfo=UTC)
    assert plus_ten is not None and plus_ten.utcoffset() == timedelta(0)  # in UTC


def test_a_time_without_a_zone_is_utc_not_the_hosts_time() -> None:
    # Under a host zone other than UTC (the suite runs on Lord Howe time), reading it as the
    # host's local time would move it by 10:30 or 11 hours.
    moment = parse_time("2024-05-01T06:00:00")
    assert moment is not None
    assert moment.timestamp() == datetime(2024, 5, 1, 6, 0, tzinfo=UTC).timestamp()


def test_a_run_with_zoned_times_starts_at_the_utc_moment() -> None:
    text = gpx(("0", "0", "2024-05-01T06:00:00+10:00"), ("0.01", "0", "2024-05-01T06:10:00+10:00"))
    (run,) = read("zoned.gpx", text.encode())
    assert run.start == datetime(2024, 4, 30, 20, 0, tzinfo=UTC)
    assert run.start.utcoffset() == timedelta(0)
    assert run.elapsed_seconds == 600


def _haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    radius = 6_378_137.0  # the equatorial radius gpxpy measures with
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(h))


def test_the_distance_is_kept_to_the_metre() -> None:
    metres = _haversine_m(0, 0, 0.01, 0)  # 1113.19 m along the meridian
    assert 1113.1 < metres < 1113.3
    (run,) = read("km.gpx", TWO_POINTS.encode())
    assert run.distance_km == round(metres / 1000, 3) == 1.113


def test_latin_1_after_a_blank_line_is_read_in_the_encoding_it_declares() -> None:
    # The blank line leaves an odd number of bytes in the head: not UTF-16, so Latin-1 is tried.
    text = '\n<?xml version="1.0" encoding="ISO-8859-1"?>' + TWO_POINTS.replace(
        "<trk>", "<trk><name>Café</name>"
    )
    data = text.encode("latin-1")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    (run,) = read("latin.gpx", data)
    assert run.distance_km == 1.113


def test_utf_16_with_a_space_ending_the_head_is_read() -> None:
    # Big-endian UTF-16 with its BOM; the 100th character (the last in the 200-byte head the
    # declaration is looked for in) is a space, which must not be cut off the head's end.
    declaration = '<?xml version="1.0" encoding="UTF-16"?>'
    text = "\ufeff" + declaration + " " * (120 - len(declaration)) + TWO_POINTS
    data = text.encode("utf-16-be")
    assert data[198:200] == b"\x00 "
    (run,) = read("utf16.gpx", data)
    assert run.distance_km == 1.113


@pytest.mark.parametrize(
    "declared",
    [
        '<?xml version="1.0" encoding="no-such-codec"?>',
        '<?xml version="1.0" encoding="UTF-8"?>',
        "",
    ],
)
def test_text_not_in_the_encoding_it_declares_is_refused_as_such(declared: str) -> None:
    data = declared.encode() + TWO_POINTS.replace("<trk>", "<trk><name>\xe9\xff</name>").encode(
        "latin-1"
    )
    # The text is decoded for gpxpy's namespace rule (gpx.py); in the reader the safe parser
    # refuses such bytes first, so the tree here is that of the document without them.
    tree = parse_xml("odd.gpx", TWO_POINTS.encode(), max_points=10)
    with pytest.raises(ActivityFileError) as refused:
        read_gpx("odd.gpx", data, tree)
    assert refused.value.filename == "odd.gpx"
    # what is wrong, not "not a valid GPX file"
    assert refused.value.problem == (
        "its text is not in the encoding it declares (or in UTF-8, as GPX should be)"
    )
    assert str(refused.value).startswith("odd.gpx: ")


def test_a_point_gpxpy_could_not_read_is_refused_naming_the_value() -> None:
    bad = "x" * 150
    text = TWO_POINTS.replace('lat="0.01"', f'lat="{bad}"')
    with pytest.raises(ActivityFileError) as refused:
        read("bad.gpx", text.encode())
    assert refused.value.filename == "bad.gpx"
    problem = refused.value.problem
    assert "GPX" in problem and "xxx" in problem
    # gpxpy's words, cut to 100 characters inside the parentheses
    detail = problem[problem.index("(") + 1 : -1]
    assert len(detail) == 100
    assert str(refused.value).startswith("bad.gpx: ")


def test_the_document_is_parsed_once_by_the_safe_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    # defusedxml parses with its own copy of ElementTree's parser; the stdlib's, which gpxpy
    # parsed the text with a second time (half the time of a 200,000-point file), stays unused.
    def second_parse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the GPX text was parsed a second time")

    monkeypatch.setattr(ET, "XMLParser", second_parse)
    monkeypatch.setattr(ET, "XMLPullParser", second_parse)
    (run,) = parse_activity_file("once.gpx", TWO_POINTS.encode())
    assert run.distance_km == 1.113


def point(time: str, inner: str = "", lat: str = "0") -> str:
    return f'<trkpt lat="{lat}" lon="0"><time>{time}</time>{inner}</trkpt>'


def document(*points: str, version: str = "1.1", ns: str = NS, before: str = "") -> bytes:
    extension = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
    return (
        f'<gpx version="{version}" creator="t" xmlns="{ns}" xmlns:x="{extension}">{before}'
        f"<trk><type>9</type><trkseg>{''.join(points)}</trkseg></trk></gpx>"
    ).encode()


HR = "<extensions><x:TrackPointExtension><x:hr>150</x:hr></x:TrackPointExtension></extensions>"
START, END = "2024-05-01T06:00:00Z", "2024-05-01T06:10:00Z"


@pytest.mark.parametrize(
    ("data", "start", "sport", "avg_hr"),
    [
        # GPX 1.1: the track's <type> (Strava's 9, "run") and the points' heart rate.
        (document(point(START, HR), point(END, HR)), START, "run", 150),
        # GPX 1.0, or no version, has neither: a track of any type is running, without heart rate.
        (document(point(START, HR), point(END, HR), version="1.0"), START, "running", None),
        (document(point(START, HR), point(END, HR), version=""), START, "running", None),
        # The GPX 1.0 namespace is dropped as the 1.1 one is.
        (
            document(point(START), point(END), ns="http://www.topografix.com/GPX/1/0"),
            START,
            "run",
            None,
        ),
        # Times: fields of one digit, a fraction, a zone; one without seconds is no time.
        (document(point("2024-5-1T5:0:0Z"), point(END)), "2024-05-01T05:00:00Z", "run", None),
        (document(point("2024-05-01T06:00Z"), point(START), point(END)), START, "run", None),
        (
            document(point("2024-05-01T16:00:00.1234567+10:00"), point(END)),
            "2024-05-01T06:00:00.123456Z",
            "run",
            None,
        ),
    ],
)
def test_what_gpxpy_read_is_read(data: bytes, start: str, sport: str, avg_hr: int | None) -> None:
    (run,) = parse_activity_file("a.gpx", data)
    assert run.start == datetime.fromisoformat(start)
    assert (run.sport, run.avg_hr) == (sport, avg_hr)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (document(point(START, lat="x")), "Invalid value for <None>... x (could not convert"),
        (document(point(START).replace('lat="0" ', ""), point(END)), "latitude is mandatory"),
        (document(point(START, "<sat>x</sat>")), "Invalid value for <sat>... x (invalid literal"),
        (document(point(START, "<fix>4d</fix>")), "Invalid value \"4d\", possible: ('none',"),
        # A waypoint's value too, though the track is fine.
        (document(point(START), before='<wpt lat="1" lon="y"/>'), "Invalid value for <None>... y"),
        # GPX 1.0 track points also have a course.
        (document(point(START, "<course>c</course>"), version="1.0"), "Invalid value for <course>"),
    ],
)
def test_a_value_gpxpy_refused_is_refused_in_its_words(data: bytes, words: str) -> None:
    with pytest.raises(ActivityFileError) as refused:
        parse_activity_file("a.gpx", data)
    assert refused.value.problem.startswith(f"it is not a valid GPX file ({words}")


@pytest.mark.parametrize("zone", ["+99:00", "-24:00", "+2400"])
def test_a_time_a_day_or_more_off_utc_refuses_the_file_naming_the_time(zone: str) -> None:
    # No clock is a day or more off UTC (a UTC offset is less than 24 hours in ISO 8601); the
    # member is told which value is wrong, not that the bot failed.
    text = TWO_POINTS.replace("2024-05-01T06:10:00Z", f"2024-05-01T06:10:00{zone}")
    with pytest.raises(ActivityFileError) as refused:
        parse_activity_file("zone.gpx", text.encode())
    assert refused.value.problem == (
        f"it is not a valid GPX file (Invalid time zone in <time>... 2024-05-01T06:10:00{zone})"
    )


def test_a_time_just_under_a_day_off_utc_is_read() -> None:
    # +23:59 is a valid, if unused, ISO 8601 offset: 06:00 there is 06:01 the day before in UTC.
    text = gpx(("0", "0", "2024-05-01T06:00:00+23:59"), ("0.01", "0", "2024-05-01T06:10:00+23:59"))
    (run,) = parse_activity_file("far.gpx", text.encode())
    assert run.start == datetime(2024, 4, 30, 6, 1, tzinfo=UTC)
    assert run.elapsed_seconds == 600


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+10:00", "9999-12-31T23:00:00-05:00"])
def test_a_time_whose_utc_moment_is_outside_the_calendar_refuses_the_file(moment: str) -> None:
    # In UTC the first is in year 0 and the second in year 10000: no date Python (or a watch)
    # has. It was an OverflowError, "a problem on our side".
    text = TWO_POINTS.replace("2024-05-01T06:00:00Z", moment)
    with pytest.raises(ActivityFileError) as refused:
        parse_activity_file("ancient.gpx", text.encode())
    assert refused.value.problem == (
        f"it is not a valid GPX file (Invalid time in <time>... {moment})"
    )
