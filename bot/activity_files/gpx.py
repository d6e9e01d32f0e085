"""GPX: one run per track.

gpxpy parses the XML itself (with lxml when installed, else the stdlib), and it takes only a
string or a file, not a parsed tree. So it is only ever handed bytes that already went
through `safexml.parse_xml` with defusedxml (no DTD, no entities, no external references):
by then there is nothing left in them for any parser to expand or fetch.

Every figure comes from the points, as `track` reads them (GPX has no summary). A track
without times is a route, not a run: refused alone, named as not logged beside a recording.
The file may be UTF-8 (with or without a BOM) or in the encoding its declaration names.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET  # walks elements gpxpy already parsed
from dataclasses import replace
from datetime import UTC, datetime

import gpxpy
import gpxpy.gpx

from bot.activity_files import track
from bot.activity_files.errors import ActivityFileError
from bot.activity_files.model import FileFormat, ParsedRun, distance_km
from bot.activity_files.safexml import local_name
from bot.activity_files.sports import gpx_type_label, is_running, require_a_run, skipped_note

_ENCODING = re.compile(r"""<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")
_DECLARATION = re.compile(r"<\?xml[^>]*\?>")
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
                    return track.bpm(float(element.text))
                except ValueError:
                    return None
    return None


def _finite(value: float | None) -> float | None:
    """gpxpy reads "nan" and "inf" as numbers; no watch writes them: they are missing."""
    return value if value is not None and math.isfinite(value) else None


def _points(segment: gpxpy.gpx.GPXTrackSegment) -> list[track.Point]:
    return [
        track.Point(
            time=None if p.time is None else utc(p.time),
            lat=_finite(p.latitude),
            lon=_finite(p.longitude),
            altitude=_finite(p.elevation),
            hr=_heart_rate(p.extensions),
        )
        for p in segment.points
    ]


def read_gpx(filename: str, data: bytes) -> list[ParsedRun]:
    """`data` must already have passed `safexml.parse_xml` (see the module's docstring)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _declared(filename, data)
    try:
        # The text is decoded already: its declaration (whatever encoding it names) goes.
        document = gpxpy.parse(_DECLARATION.sub("", text.lstrip("\ufeff \t\r\n"), count=1))
    except Exception as exc:  # gpxpy raises GPXException, and ValueError on bad numbers
        detail = str(exc).splitlines()[0][:100] if str(exc) else type(exc).__name__
        raise ActivityFileError(filename, f"it is not a valid GPX file ({detail})") from None

    tracks = []
    for gpx_track in document.tracks:
        segments = [points for points in map(_points, gpx_track.segments) if points]
        if segments:
            label = gpx_type_label(gpx_track.type) if gpx_track.type else "running"
            tracks.append((label, segments))
    if not tracks:
        raise ActivityFileError(
            filename, "it has no recorded track in it (only a route or waypoints?)"
        )
    labels = [label for label, _ in tracks]
    require_a_run(filename, labels)
    skipped = skipped_note(labels)

    runs: list[ParsedRun] = []
    # Tracks without times: the route a member followed, saved beside the recording by some
    # apps. No run, but no reason to refuse the recording beside it.
    untimed = 0
    for label, segments in tracks:
        if not is_running(label):
            continue
        reading = track.read_points(segments)
        if reading is None:
            untimed += 1
            continue
        notes = list(track.point_notes(reading))
        if skipped and not runs:
            notes.append(skipped)
        runs.append(
            ParsedRun(
                start=reading.start,
                distance_km=distance_km(reading.metres),
                moving_seconds=track.round_half_up(reading.moving_seconds),
                elapsed_seconds=track.round_half_up((reading.end - reading.start).total_seconds()),
                avg_hr=reading.avg_hr,
                max_hr=reading.max_hr,
                elevation_gain_m=reading.climb_m,
                sport=label,
                source=FileFormat.GPX,
                notes=tuple(notes),
            )
        )
    if not runs:
        raise ActivityFileError(
            filename, "its track has no times: it looks like a planned route, not a recorded run"
        )
    if untimed:
        routes = (
            "track without times (a planned route?) was"
            if untimed == 1
            else f"{untimed} tracks without times (planned routes?) were"
        )
        runs[0] = replace(runs[0], notes=(*runs[0].notes, f"the file's {routes} not logged"))
    return runs


def _declared(filename: str, data: bytes) -> str:
    """The text of a GPX file in the encoding its XML declaration names (ISO-8859-1, UTF-16)."""
    head = data[:200].lstrip()
    for encoding in ("utf-16", "latin-1"):
        try:
            declared = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        match = _ENCODING.search(declared)
        if match:
            try:
                return data.decode(match.group(1))
            except (LookupError, UnicodeDecodeError):
                break
    raise ActivityFileError(
        filename, "its text is not in the encoding it declares (or in UTF-8, as GPX should be)"
    )
