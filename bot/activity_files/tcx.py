"""TCX (Garmin Training Center): one run per <Activity>.

Read with defusedxml's ElementTree (see `safexml`), never with a parser of its own. Element
names are matched without their namespace, so v1 and v2 files both read.

Distance is the sum of the laps' DistanceMeters (what the watch measured, footpod or GPS);
without it on every lap, the length of the track. Moving time, heart rate and elevation gain
come from the track points as `track` describes; heart rate falls back on the laps' averages
(weighted by lap time) when the points carry none. A file of laps without track points
(some exports) gives the laps' own time as both moving and elapsed time.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # walks a tree defusedxml already parsed
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import pairwise

from bot.activity_files import track
from bot.activity_files.errors import ActivityFileError
from bot.activity_files.model import FileFormat, ParsedRun
from bot.activity_files.safexml import local_name
from bot.activity_files.sports import require_runs, sport_label


class _Bad(Exception):
    """A value in the file that cannot be read; becomes an ActivityFileError."""


def _children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in element if local_name(child.tag) == name)


def _find(element: ET.Element, *path: str) -> ET.Element | None:
    found: ET.Element | None = element
    for name in path:
        if found is None:
            return None
        found = next(_children(found, name), None)
    return found


def _text(element: ET.Element, *path: str) -> str | None:
    found = _find(element, *path)
    if found is None or found.text is None or not found.text.strip():
        return None
    return found.text.strip()


def _number(element: ET.Element, *path: str) -> float | None:
    text = _text(element, *path)
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        raise _Bad(f"its {path[0]} {text[:20]!r} is not a number") from None


def _time(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _Bad(f"its time {text[:40]!r} cannot be read") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _bpm(element: ET.Element, name: str) -> int | None:
    value = _number(element, name, "Value")
    return None if value is None else round(value)


def _point(element: ET.Element) -> track.Point:
    return track.Point(
        time=_time(_text(element, "Time")),
        lat=_number(element, "Position", "LatitudeDegrees"),
        lon=_number(element, "Position", "LongitudeDegrees"),
        altitude=_number(element, "AltitudeMeters"),
        distance_m=_number(element, "DistanceMeters"),
        hr=_bpm(element, "HeartRateBpm"),
    )


def _run(activity: ET.Element, label: str) -> ParsedRun | None:
    laps = list(_children(activity, "Lap"))
    segments = [
        points
        for lap in laps
        for trk in _children(lap, "Track")
        if (points := [_point(p) for p in _children(trk, "Trackpoint")])
    ]
    lap_seconds = [_number(lap, "TotalTimeSeconds") for lap in laps]
    lap_metres = [_number(lap, "DistanceMeters") for lap in laps]

    span = track.time_span(segments)
    if span is not None:
        start, end = span
        moving = track.moving_seconds(segments)
        elapsed = (end - start).total_seconds()
    elif laps and None not in lap_seconds:
        first = _time(laps[0].get("StartTime")) or _time(_text(activity, "Id"))
        if first is None:
            return None
        start = first
        moving = elapsed = sum(s for s in lap_seconds if s is not None)
    else:
        return None

    if laps and None not in lap_metres:
        metres = sum(m for m in lap_metres if m is not None)
    else:
        steps = [track.step_metres(a, b) for seg in segments for a, b in pairwise(seg)]
        metres = sum(s for s in steps if s is not None)

    avg_hr, max_hr = track.heart_rate(segments)
    if avg_hr is None:
        avg_hr, max_hr = _lap_heart_rate(laps, lap_seconds)

    return ParsedRun(
        start=start,
        distance_km=round(metres / 1000, 3),
        moving_seconds=track.round_half_up(moving),
        elapsed_seconds=track.round_half_up(elapsed),
        avg_hr=avg_hr,
        max_hr=max_hr,
        elevation_gain_m=track.elevation_gain(segments),
        sport=label,
        source=FileFormat.TCX,
    )


def _lap_heart_rate(
    laps: list[ET.Element], lap_seconds: list[float | None]
) -> tuple[int | None, int | None]:
    weighted = [
        (avg, seconds)
        for lap, seconds in zip(laps, lap_seconds, strict=True)
        if (avg := _bpm(lap, "AverageHeartRateBpm")) is not None and seconds
    ]
    maxima = [m for lap in laps if (m := _bpm(lap, "MaximumHeartRateBpm")) is not None]
    total = sum(seconds for _, seconds in weighted)
    avg = track.round_half_up(sum(a * s for a, s in weighted) / total) if total else None
    return avg, max(maxima, default=None)


def read_tcx(filename: str, root: ET.Element) -> list[ParsedRun]:
    """`root` is the TrainingCenterDatabase element, parsed by `safexml.parse_xml`."""
    activities_element = _find(root, "Activities")
    if activities_element is None:
        raise ActivityFileError(filename, "it has no activity in it (a course or a workout?)")
    if next(_children(activities_element, "MultiSportSession"), None) is not None:
        raise ActivityFileError(
            filename, "it is recorded as a multisport session; only runs are read"
        )
    activities = list(_children(activities_element, "Activity"))
    if not activities:
        raise ActivityFileError(filename, "it has no activity in it (a course or a workout?)")
    labels = [sport_label(activity.get("Sport") or "running") for activity in activities]
    require_runs(filename, labels)
    try:
        runs = [_run(activity, label) for activity, label in zip(activities, labels, strict=True)]
    except _Bad as exc:
        raise ActivityFileError(filename, str(exc)) from None
    found = [run for run in runs if run is not None]
    if not found:
        raise ActivityFileError(filename, "it has no laps or track points with times in it")
    return found
