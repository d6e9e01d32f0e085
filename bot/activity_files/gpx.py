"""GPX: one run per track.

gpxpy parses the XML itself (with lxml when installed, else the stdlib), and it takes only a
string or a file, not a parsed tree. So it is only ever handed bytes that already went
through `safexml.parse_xml` with defusedxml (no DTD, no entities, no external references):
by then there is nothing left in them for any parser to expand or fetch.

Distance is the haversine length of the positions, segment by segment; moving time, heart
rate and elevation gain as `track` describes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # walks elements gpxpy already parsed
from datetime import UTC, datetime

import gpxpy
import gpxpy.gpx

from bot.activity_files import track
from bot.activity_files.errors import ActivityFileError
from bot.activity_files.model import FileFormat, ParsedRun
from bot.activity_files.safexml import local_name
from bot.activity_files.sports import require_runs, sport_label

# Where watches put heart rate in GPX: Garmin's TrackPointExtension <hr>, others <heartrate>.
_HR_TAGS = frozenset({"hr", "heartrate"})


def utc(moment: datetime) -> datetime:
    """A GPX time without a zone is UTC (the format says times are UTC)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _heart_rate(extensions: list[ET.Element]) -> int | None:
    for extension in extensions:
        for element in extension.iter():
            if local_name(element.tag) in _HR_TAGS and element.text:
                try:
                    return round(float(element.text))
                except ValueError:
                    return None
    return None


def _points(segment: gpxpy.gpx.GPXTrackSegment) -> list[track.Point]:
    return [
        track.Point(
            time=None if p.time is None else utc(p.time),
            lat=p.latitude,
            lon=p.longitude,
            altitude=p.elevation,
            hr=_heart_rate(p.extensions),
        )
        for p in segment.points
    ]


def read_gpx(filename: str, data: bytes) -> list[ParsedRun]:
    """`data` must already have passed `safexml.parse_xml` (see the module's docstring)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ActivityFileError(filename, "it is not UTF-8 text, as a GPX file must be") from None
    try:
        document = gpxpy.parse(text)
    except Exception as exc:  # gpxpy raises GPXException, and ValueError on bad numbers
        detail = str(exc).splitlines()[0][:100] if str(exc) else type(exc).__name__
        raise ActivityFileError(filename, f"it is not a valid GPX file ({detail})") from None

    tracks = []
    for gpx_track in document.tracks:
        segments = [points for points in map(_points, gpx_track.segments) if points]
        if segments:
            label = sport_label(gpx_track.type) if gpx_track.type else "running"
            tracks.append((label, segments))
    if not tracks:
        raise ActivityFileError(
            filename, "it has no recorded track in it (only a route or waypoints?)"
        )
    require_runs(filename, [label for label, _ in tracks])

    runs = []
    for label, segments in tracks:
        span = track.time_span(segments)
        if span is None:
            raise ActivityFileError(
                filename,
                "its track has no times: it looks like a planned route, not a recorded run",
            )
        first, last = span
        avg_hr, max_hr = track.heart_rate(segments)
        runs.append(
            ParsedRun(
                start=first,
                distance_km=round(track.path_metres(segments) / 1000, 3),
                moving_seconds=track.round_half_up(track.moving_seconds(segments)),
                elapsed_seconds=track.round_half_up((last - first).total_seconds()),
                avg_hr=avg_hr,
                max_hr=max_hr,
                elevation_gain_m=track.elevation_gain(segments),
                sport=label,
                source=FileFormat.GPX,
            )
        )
    return runs
