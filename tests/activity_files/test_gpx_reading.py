"""The GPX reader reads what gpxpy 1.6 read, and refuses what it refused, in its words.

The bot used to hand the text to gpxpy; it now reads the tree the safe parser built
(bot/activity_files/gpx_tree.py). gpxpy is still installed, so it is the reference: small
documents varying what that reading depends on (the version, the first default namespace,
elements in other namespaces, times and their zones, typed values good and bad, bounds,
waypoints, routes, extensions with heart rate) are read both ways and must agree.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime

import gpxpy
import gpxpy.gpx
import gpxpy.gpxfield
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.activity_files import ActivityFileError, gpx, gpx_tree, parse_activity_file, track
from bot.activity_files.gpx_tree import Track
from bot.activity_files.safexml import local_name

NS11 = "http://www.topografix.com/GPX/1/1"
NS10 = "http://www.topografix.com/GPX/1/0"
HR_NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
INVALID = "it is not a valid GPX file ("
ZONE_REFUSED = INVALID + "Invalid time zone in <time>... "


# --- gpxpy's reading, as the bot did it before the tree was read ------------------------------


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _heart_rate(extensions: list[ET.Element]) -> int | None:
    for extension in extensions:
        for element in extension.iter():
            if local_name(element.tag) in {"hr", "heartrate"} and element.text:
                try:
                    return track.bpm(float(element.text))
                except ValueError:
                    return None
    return None


@dataclass(frozen=True)
class Reading:
    tracks: list[tuple[str | None, list[list[track.Point]]]] | None = None
    refusal: str | None = None  # gpxpy's words
    bad_zone: datetime | None = None  # the first time whose zone no clock keeps


def gpxpy_reading(data: bytes) -> Reading:
    text = data.decode("utf-8-sig")
    text = re.sub(r"<\?xml[^>]*\?>", "", text.lstrip("\ufeff \t\r\n"), count=1)
    try:
        document = gpxpy.parse(text)
    except Exception as exc:
        return Reading(refusal=str(exc).splitlines()[0][:100])
    tracks: list[tuple[str | None, list[list[track.Point]]]] = []
    for gpx_track in document.tracks:
        segments = []
        for segment in gpx_track.segments:
            points = []
            for p in segment.points:
                try:
                    time = None if p.time is None else _utc(p.time)
                except ValueError:  # an offset of a day or more
                    return Reading(bad_zone=p.time)
                points.append(
                    track.Point(
                        time=time,
                        lat=_finite(p.latitude),
                        lon=_finite(p.longitude),
                        altitude=_finite(p.elevation),
                        hr=_heart_rate(p.extensions),
                    )
                )
            segments.append(points)
        tracks.append((gpx_track.type, segments))
    return Reading(tracks=tracks)


def bot_reading(data: bytes) -> tuple[list[Track] | None, str | None]:
    """What the reader's tree reading gave (None if it refused) and the file's refusal."""
    read: list[list[Track]] = []
    real = gpx_tree.read_tracks

    def spy(root: ET.Element, namespace: str | None) -> list[Track]:
        read.append(real(root, namespace))
        return read[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gpx, "read_tracks", spy)
        try:
            parse_activity_file("a.gpx", data)
            problem = None
        except ActivityFileError as exc:
            problem = exc.problem
    return (read[0] if read else None), problem


def assert_read_alike(data: bytes) -> None:
    expected = gpxpy_reading(data)
    tracks, problem = bot_reading(data)
    if expected.refusal is not None:
        assert (tracks, problem) == (None, f"{INVALID}{expected.refusal})")
    elif expected.bad_zone is not None:
        assert tracks is None and problem is not None and problem.startswith(ZONE_REFUSED)
        quoted = gpxpy.gpxfield.parse_time(problem[len(ZONE_REFUSED) : -1])
        assert quoted is not None and quoted.tzinfo is not None and expected.bad_zone.tzinfo
        assert quoted.replace(tzinfo=None) == expected.bad_zone.replace(tzinfo=None)
        assert quoted.tzinfo.offset == expected.bad_zone.tzinfo.offset  # type: ignore[attr-defined]
    else:
        assert tracks is not None
        assert [(t.kind, t.segments) for t in tracks] == expected.tracks


# --- small documents --------------------------------------------------------------------------

# Values gpxpy read, and values it refused (where it typed them): a document draws only the
# first, or both.
NUMBERS = (["1", " 2.5 ", "-3", "nan", "inf", "1e999"], ["x", " ", "2,5"])
WHOLE = (["1", " 7 "], ["2.5", "x"])
FIXES = (["3d", "none", "dgps"], ["4d", " 2d"])
COORDINATES = (["1.5", " -2 ", "0", "52.25", "nan"], ["x", "", None])
TIMES = (
    [
        "2024-05-01T06:00:00Z",
        "2024-11-21T06:00:00Z",  # a two-digit month and day
        "2024-05-01 06:00:00Z",
        "2024-5-1T06:00:00+10",  # 20 characters, not ending in Z
        "2024-5-1T6:0:0.1234Z",  # 20 characters ending in Z, with a fraction
        "2024-05-01T06:00:00.5Z",
        "2024-05-01T06:00:00.123456789-03:30",
        "2024-05-01T06:00:00",
        "2024-05-01T06:00:00+1030",
        "2024-05-01T06:00:00-05:00",
        "2024-05-01T06:00:00\u221205:45",  # a minus sign, not a hyphen
        "2024-05-01T06:00:00A10",  # gpxpy's pattern takes any character from + to U+2212 as a sign
        "2024-05-01T06:00",
        "2024-02-30T06:00:00Z",
        "",
        "yesterday",
    ],
    ["2024-05-01T06:00:00+99:00", "2024-05-01T06:00:00-2400"],
)
Values = tuple[list[str], list[str]]


@st.composite
def element(draw: st.DrawFn, name: str, values: Values, faults: bool) -> str:
    """<name> with a value, in the document's namespace or in another one (prefix o)."""
    tag = draw(st.sampled_from([name, name, name, f"o:{name}"]))
    value = draw(st.sampled_from(values[0] + values[1] if faults else values[0]))
    tail = draw(st.sampled_from(["", "", "<b/>9"]))  # a value is the text up to a child
    return f"<{tag}>{value}{tail}</{tag}>"


@st.composite
def extensions(draw: st.DrawFn) -> str:
    hr = draw(st.sampled_from(["150", "150.6", "x", "300", ""]))
    inner = draw(
        st.sampled_from(
            [
                f"<x:TrackPointExtension><x:hr>{hr}</x:hr></x:TrackPointExtension>",
                f"<heartrate>{hr}</heartrate>",
                "<x:TrackPointExtension><x:cad>80</x:cad></x:TrackPointExtension>",
            ]
        )
    )
    tag = draw(st.sampled_from(["extensions", "extensions", "o:extensions"]))
    return f"<{tag}>{inner}</{tag}>"


FIELDS = ["magvar", "geoidheight", "hdop", "vdop", "pdop", "ageofdgpsdata", "course", "speed"]


@st.composite
def point(draw: st.DrawFn, name: str, faults: bool) -> str:
    coordinates = COORDINATES[0] + COORDINATES[1] if faults else COORDINATES[0]
    attributes = "".join(
        f' {attribute}="{value}"'
        for attribute in ("lat", "lon")
        if (value := draw(st.sampled_from(coordinates))) is not None
    )
    children = draw(
        st.lists(
            st.one_of(
                element("ele", NUMBERS, faults),
                element("time", TIMES, faults),
                element("time", TIMES, faults),
                extensions(),
                extensions(),
                st.sampled_from(FIELDS).flatmap(lambda n: element(n, NUMBERS, faults)),
                st.sampled_from(["sat", "dgpsid"]).flatmap(lambda n: element(n, WHOLE, faults)),
                element("fix", FIXES, faults),
                element("name", (["a"], []), faults),
            ),
            max_size=5,
        )
    )
    return f"<{name}{attributes}>{''.join(children)}</{name}>"


@st.composite
def numbered(draw: st.DrawFn, name: str, body: str, faults: bool) -> str:
    """A route or track: maybe a <number>, then its body."""
    number = draw(st.one_of(st.just(""), element("number", WHOLE, faults)))
    return f"<{name}>{number}{body}</{name}>"


@st.composite
def bounds(draw: st.DrawFn, faults: bool) -> str:
    values = COORDINATES[0] + COORDINATES[1] if faults else COORDINATES[0]
    attributes = "".join(
        f' {attribute}="{value}"'
        for attribute in ("minlat", "maxlat", "minlon", "maxlon")
        if (value := draw(st.sampled_from(values))) is not None
    )
    tag = draw(st.sampled_from(["bounds", "o:bounds"]))
    return f"<{tag}{attributes}/>"


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    faults = draw(st.booleans())
    namespace = draw(st.sampled_from([None, NS11, NS10, "urn:a=b"]))
    # Another namespace, with a name as long as the document's: its elements are none of GPX's.
    other = "urn:other" if namespace is None else namespace[:-1] + "~"
    quote = draw(st.sampled_from(['"', "'"]))
    version = draw(st.sampled_from(['version="1.1" '] * 3 + ['version="1.0" ', 'version="" ', ""]))
    default = "" if namespace is None else f" xmlns={quote}{namespace}{quote}"
    sections = []
    if draw(st.booleans()):
        sections.append(f"<metadata>{draw(bounds(faults))}</metadata>")
    if draw(st.booleans()):
        sections.append(draw(bounds(faults)))
    sections += draw(st.lists(point("wpt", faults), max_size=2))
    route = st.lists(point("rtept", faults), max_size=2).map("".join)
    sections += draw(st.lists(route.flatmap(lambda b: numbered("rte", b, faults)), max_size=1))
    points = st.lists(point("trkpt", faults), min_size=1, max_size=4)
    segment = points.map(lambda p: f"<trkseg>{''.join(p)}</trkseg>")
    kind = st.sampled_from(["", "<type>9</type>", "<type>cycling</type>", "<type></type>"])
    segments = st.lists(segment, min_size=1, max_size=2).map("".join)
    body = st.tuples(kind, segments).map("".join)
    tracks = st.lists(body.flatmap(lambda b: numbered("trk", b, faults)), min_size=1, max_size=2)
    sections += draw(tracks)
    sections = draw(st.permutations(sections))
    if namespace is not None and draw(st.booleans()):  # back in no namespace
        sections = [re.sub(r"^<([\w:]+)", r'<\1 xmlns=""', s, count=1) for s in sections]
    lead = draw(
        st.sampled_from(
            [
                "",
                "",
                "",
                '<?xml version="1.0" encoding="UTF-8"?>\n',
                # gpxpy dropped the first xmlns="..." in the text, wherever it stands
                '<!-- xmlns="urn:c" -->',
                # and the bot removed the first <?xml...?> before handing it the text
                '<!-- <?xml?>xmlns="urn:c" -->',
                '<?xml version="1.0"?><?xml-stylesheet href="s" xmlns="urn:pi"?>',
            ]
        )
    )
    return (
        f"{lead}<gpx {version}creator='t'{default} xmlns:o='{other}' xmlns:x='{HR_NS}'>"
        f"{''.join(sections)}</gpx>"
    ).encode()


@settings(max_examples=300, deadline=None)
@given(documents())
def test_a_document_is_read_as_gpxpy_read_it(data: bytes) -> None:
    assert_read_alike(data)


# --- by hand: what a differential run may not draw --------------------------------------------


@pytest.mark.parametrize(
    "children",
    [
        # Every one of a point's typed values is checked, in gpxpy's order, with its name.
        "<ele>e</ele><magvar>m</magvar>",
        "<sat>2.5</sat>",
        "<dgpsid>d</dgpsid><sat>s</sat>",
        "<hdop>h</hdop><vdop>v</vdop>",
        "<pdop>p</pdop><ageofdgpsdata>a</ageofdgpsdata>",
        "<fix>x</fix><sat>y</sat>",
    ],
)
@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_a_waypoint_a_route_point_and_a_track_point_are_checked_alike(
    children: str, version: str
) -> None:
    for where in ("<wpt lat='1' lon='1'>{}</wpt>", "<rte><rtept lat='1' lon='1'>{}</rtept></rte>"):
        tracks = "<trk><trkseg><trkpt lat='1' lon='1'/></trkseg></trk>"
        data = f"<gpx version='{version}' xmlns='{NS11}'>{where.format(children)}{tracks}</gpx>"
        assert_read_alike(data.encode())
    point = f"<trk><trkseg><trkpt lat='1' lon='1'>{children}</trkpt></trkseg></trk>"
    assert_read_alike(f"<gpx version='{version}'>{point}</gpx>".encode())


@pytest.mark.parametrize("name", ["XXXXtrk", "gpxtrk", "Trk"])
def test_an_element_is_read_by_its_whole_name(name: str) -> None:
    # In a document without a namespace, an element whose name only ends in a GPX name is not
    # that element: <XXXXtrk> is no track.
    points = "<trkseg><trkpt lat='1' lon='1'><time>2024-05-01T06:00:00Z</time></trkpt></trkseg>"
    data = f"<gpx version='1.1'><{name}>{points}</{name}></gpx>".encode()
    assert_read_alike(data)
    with pytest.raises(ActivityFileError, match="no recorded track"):
        parse_activity_file("a.gpx", data)


def test_a_track_number_that_is_no_whole_number_is_refused_in_gpxpys_words() -> None:
    data = f"<gpx version='1.1' xmlns='{NS11}'><trk><number>2.5</number></trk></gpx>".encode()
    assert_read_alike(data)
    with pytest.raises(ActivityFileError) as refused:
        parse_activity_file("a.gpx", data)
    words = "Invalid value for <number>... 2.5 (invalid literal for int() with base 10: '2.5')"
    assert refused.value.problem == f"{INVALID}{words})"


BOUNDS = ("minlat", "maxlat", "minlon", "maxlon")


@pytest.mark.parametrize("attribute", BOUNDS)
@pytest.mark.parametrize(
    ("version", "bounds"),
    [
        ("1.1", "<metadata><bounds {}/></metadata>"),  # where GPX 1.1 has them
        ("1.0", "<bounds {}/>"),  # where GPX 1.0 has them
        ("1.1", "<bounds {}/>"),  # read by neither
        ("1.0", "<metadata><bounds {}/></metadata>"),
    ],
)
def test_each_bound_is_checked_where_the_version_has_it(
    attribute: str, version: str, bounds: str
) -> None:
    values = " ".join(f'{name}="{"b" if name == attribute else "1"}"' for name in BOUNDS)
    point = "<trkpt lat='1' lon='1'><time>2024-05-01T06:00:00Z</time></trkpt>"
    tracks = f"<trk><trkseg>{point}</trkseg></trk>"
    assert_read_alike(f"<gpx version='{version}'>{bounds.format(values)}{tracks}</gpx>".encode())


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_a_track_points_course_and_speed_are_checked_in_gpx_1_0_only(version: str) -> None:
    point = "<trkpt lat='1' lon='1'><course>c</course><speed>s</speed></trkpt>"
    data = f"<gpx version='{version}'><trk><trkseg>{point}</trkseg></trk></gpx>".encode()
    assert_read_alike(data)
