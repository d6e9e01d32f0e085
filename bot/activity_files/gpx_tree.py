"""A GPX document's tracks, read from the tree `safexml.parse_xml` built: the XML is parsed once.

The reading is gpxpy 1.6's, to which the bot used to hand the document's text for a second
parse. That parse built an object for every field of every point (20 for a point) and took
more than half the time a 200,000-point file needs. What it read, and refused, is kept here:

- the text's first default-namespace declaration (`xmlns="..."`, found in the text by
  gpxpy's own pattern) is dropped: elements in that namespace, or in none, are read by their
  bare names; any other element is read by no name (an `<ele>` in another namespace is no
  elevation);
- `version="1.1"` on the root reads GPX 1.1; anything else reads GPX 1.0, which has neither
  a track's <type> nor points' <extensions> (so no heart rate);
- a child is read from the first element of its name, and its text up to its first child;
- each value gpxpy typed is checked in gpxpy's order (the metadata's bounds, waypoints,
  routes, then tracks), and the first that is wrong refuses the file in gpxpy's words: a
  point's lat and lon must be there and be numbers, its ele, magvar, geoidheight, hdop, vdop,
  pdop and ageofdgpsdata numbers, sat and dgpsid whole numbers, fix one of a few words; a
  route's or track's number a whole number; GPX 1.0 track points' course and speed numbers;
- a time gpxpy's pattern does not match, or that is no date, is no time.

Two shapes no watch writes are read more kindly than gpxpy read them, as gpxpy removed that
first declaration from the text while here its URI counts on every element: the default
namespace declared again on an inner element (gpxpy read no track there), and a prefix bound
to the same URI (`xmlns:g=` the GPX namespace, `<g:ele>`: gpxpy read no elevation).
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET  # walks a tree defusedxml already parsed
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from bot.activity_files import track
from bot.activity_files.safexml import local_name

# gpxpy's patterns: the default-namespace declaration it removed from the text, and a time.
DEFAULT_NAMESPACE = re.compile(r"""\sxmlns=(['"])[^'"]+\1""")
_TIME = re.compile(
    r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})[T ]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})"
    r"(\.[0-9]{1,15})?(Z|[+-−][0-9]{2}:?(?:[0-9]{2})?)?$"
)
# Where watches put heart rate in GPX: Garmin's TrackPointExtension <hr>, others <heartrate>.
_HR_TAGS = frozenset({"hr", "heartrate"})
_FIXES = ("none", "2d", "3d", "dgps", "pps", "3")
_Convert = Callable[[str], float]
# A point's typed children after lat, lon and ele, in gpxpy's order (GPX 1.1 and 1.0 alike;
# a GPX 1.0 track point has course and speed first). None: one of _FIXES.
_POINT_FIELDS: tuple[tuple[str, _Convert | None], ...] = (
    ("magvar", float),
    ("geoidheight", float),
    ("fix", None),
    ("sat", int),
    ("hdop", float),
    ("vdop", float),
    ("pdop", float),
    ("ageofdgpsdata", float),
    ("dgpsid", int),
)
_TRACK_POINT_10: tuple[tuple[str, _Convert | None], ...] = (
    ("course", float),
    ("speed", float),
    *_POINT_FIELDS,
)
_CHECKED = frozenset(name for name, _ in _TRACK_POINT_10)
# A UTC offset is less than a day either way (Python's `timezone` and ISO 8601 alike).
_DAY_MINUTES = 24 * 60


# A point as first read: lat, lon, ele, the text of its <time>, its <extensions> (GPX 1.1).
_Raw = tuple[float, float, float | None, str | None, ET.Element | None]


class GpxValueError(Exception):
    """A value gpxpy would not read; the text is gpxpy's own."""


@dataclass(frozen=True, slots=True)
class Track:
    kind: str | None  # the track's <type> as written (GPX 1.1), None without one
    segments: list[list[track.Point]]


def _convert(convert: _Convert, tag: str | None, text: str) -> float:
    try:
        return convert(text.strip())
    except Exception as exc:  # float() and int() raise ValueError, or OverflowError
        raise GpxValueError(f"Invalid value for <{tag}>... {text} ({exc})") from None


def _check(name: str, convert: _Convert | None, text: str | None) -> None:
    if text is None:
        return
    if convert is not None:
        _convert(convert, name, text)
    elif text not in _FIXES:
        raise GpxValueError(f'Invalid value "{text}", possible: {_FIXES}')


def _coordinate(element: ET.Element, attribute: str, field: str) -> float:
    text = element.get(attribute)
    if text is None:
        raise GpxValueError(f"{field} is mandatory in None (got None)")
    return _convert(float, None, text)


def parse_time(text: str | None) -> datetime | None:
    """A point's time as gpxpy read it, in UTC (without a zone a GPX time is UTC); None when
    gpxpy read none. A zone a day or more off UTC, which no clock keeps (gpxpy failed on it,
    past its own checks), is refused as a value gpxpy would not read."""
    match = None if not text else _TIME.match(text)
    if match is None:
        return None
    assert text is not None
    try:
        if len(text) == 20 and text[19] == "Z" and match.group(7) is None:
            # 2024-05-01T06:00:00Z, as watches write it: at this length every field has two
            # digits (the year four).
            return datetime(
                int(text[:4]),
                int(text[5:7]),
                int(text[8:10]),
                int(text[11:13]),
                int(text[14:16]),
                int(text[17:19]),
                tzinfo=UTC,
            )
        year, month, day, hour, minute, second = map(int, match.group(1, 2, 3, 4, 5, 6))
        fraction = int((match.group(7) or ".")[1:7].ljust(6, "0"))
        minutes = _offset_minutes(match.group(8) or "")
        moment = datetime(year, month, day, hour, minute, second, fraction, tzinfo=UTC)
    except ValueError:  # no such date or hour, or a zone's "digit" int() does not read
        return None
    if not minutes:
        return moment
    if abs(minutes) >= _DAY_MINUTES:
        raise GpxValueError(f"Invalid time zone in <time>... {text}")
    try:
        return moment.replace(tzinfo=timezone(timedelta(minutes=minutes))).astimezone(UTC)
    except OverflowError:
        # 0001-01-01T00:00:00+10:00 is a moment before year 1 in UTC: no clock's time.
        raise GpxValueError(f"Invalid time in <time>... {text}") from None


def _offset_minutes(zone: str) -> int:
    """gpxpy's reading of a time's zone (its SimpleTZ): "Z" and "" are UTC, "+10", "+10:30"
    and "-1030" hours and minutes. Its pattern takes any character from "+" to "−" (U+2212)
    for the sign: one that is no sign ("0530", "A10") is read as a part of the hours."""
    if len(zone) < 2:
        return 0
    sign = 1
    if zone[0] in ("−", "-"):
        sign, zone = -1, zone[1:]
    elif zone[0] == "+":
        zone = zone[1:]
    hours = int(zone[:2]) if zone[:2].isdigit() else 0
    minutes = int(zone[-2:]) if len(zone) >= 4 and zone[-2:].isdigit() else 0
    return sign * (hours * 60 + minutes)


def _heart_rate(extensions: ET.Element) -> int | None:
    """The first heart rate among a point's extensions, whatever their namespace."""
    for extension in extensions:
        for element in extension.iter():
            if local_name(element.tag) in _HR_TAGS and element.text:
                try:
                    return track.bpm(float(element.text))
                except ValueError:
                    return None
    return None


class _Reader:
    """One document's reading: its bare names (see the module's docstring) and its version."""

    def __init__(self, root: ET.Element, namespace: str | None) -> None:
        self.prefix = "" if namespace is None else "{" + namespace + "}"
        self.v11 = root.get("version") == "1.1"

    def name(self, element: ET.Element) -> str:
        tag = element.tag
        return tag[len(self.prefix) :] if self.prefix and tag.startswith(self.prefix) else tag

    def children(self, element: ET.Element, name: str) -> list[ET.Element]:
        return [child for child in element if self.name(child) == name]

    def first(self, element: ET.Element | None, name: str) -> ET.Element | None:
        if element is None:
            return None
        return next((child for child in element if self.name(child) == name), None)

    def text(self, element: ET.Element | None, name: str) -> str | None:
        found = self.first(element, name)
        return None if found is None else found.text

    def point(self, element: ET.Element, fields: tuple[tuple[str, _Convert | None], ...]) -> _Raw:
        """A point's lat, lon and ele, its other typed values checked (see the docstring)."""
        try:  # what nearly every point is: then the checks below name the first fault
            lat = float(element.attrib["lat"].strip())
            lon = float(element.attrib["lon"].strip())
        except (KeyError, ValueError):
            lat = _coordinate(element, "lat", "latitude")
            lon = _coordinate(element, "lon", "longitude")
        first: dict[str, ET.Element] = {}
        prefix, cut = self.prefix, len(self.prefix)
        for child in element:
            tag = child.tag
            if prefix and tag.startswith(prefix):
                tag = tag[cut:]
            if tag not in first:
                first[tag] = child
        ele = first.get("ele")
        altitude = None if ele is None or ele.text is None else _convert(float, "ele", ele.text)
        if not _CHECKED.isdisjoint(first):
            for name, convert in fields:
                found = first.get(name)
                _check(name, convert, None if found is None else found.text)
        time, extensions = first.get("time"), first.get("extensions") if self.v11 else None
        return lat, lon, altitude, None if time is None else time.text, extensions

    def check_points(self, parent: ET.Element, name: str) -> None:
        for element in self.children(parent, name):
            self.point(element, _POINT_FIELDS)

    def check_number(self, parent: ET.Element) -> None:
        _check("number", int, self.text(parent, "number"))

    def tracks(self, root: ET.Element) -> list[Track]:
        bounds = self.first(self.first(root, "metadata") if self.v11 else root, "bounds")
        if bounds is not None:
            for attribute in ("minlat", "maxlat", "minlon", "maxlon"):
                text = bounds.get(attribute)
                if text is not None:
                    _convert(float, None, text)
        self.check_points(root, "wpt")
        for route in self.children(root, "rte"):
            self.check_number(route)
            self.check_points(route, "rtept")
        fields = _POINT_FIELDS if self.v11 else _TRACK_POINT_10
        read = []
        for element in self.children(root, "trk"):
            self.check_number(element)
            segments = [
                [self.point(point, fields) for point in self.children(segment, "trkpt")]
                for segment in self.children(element, "trkseg")
            ]
            read.append((self.text(element, "type") if self.v11 else None, segments))
        # Every value checked: only now the times, whose zone may be refused (see parse_time).
        return [Track(kind, [_located(points) for points in segments]) for kind, segments in read]


def _located(points: list[_Raw]) -> list[track.Point]:
    # float() reads "nan" and "inf" as numbers; no watch writes them: they are missing.
    finite, point = math.isfinite, track.Point
    return [
        point(
            time=parse_time(time),
            lat=lat if finite(lat) else None,
            lon=lon if finite(lon) else None,
            altitude=None if altitude is None or not finite(altitude) else altitude,
            hr=None if extensions is None else _heart_rate(extensions),
        )
        for lat, lon, altitude, time, extensions in points
    ]


def read_tracks(root: ET.Element, namespace: str | None) -> list[Track]:
    """Every <trk> of the document, its points read as gpxpy read them; GpxValueError (in
    gpxpy's words) for the first value in the document gpxpy would have refused.

    `namespace` is the URI of the default-namespace declaration gpxpy would drop."""
    return _Reader(root, namespace).tracks(root)
