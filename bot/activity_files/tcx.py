"""TCX (Garmin Training Center): one run per <Activity>.

Read with defusedxml's ElementTree (see `safexml`), never with a parser of its own. Element
names are matched without their namespace, so v1 and v2 files both read.

Distance is the sum of the laps' DistanceMeters (what the watch measured, footpod or GPS),
unless the laps fall short of the track points by more than 3% (an export that lost laps):
then the points' distance, and the run says so. Moving time, heart rate and elevation gain
come from the track points as `track` describes, all laps' tracks as one series; heart rate
falls back on the laps' averages (weighted by lap time) when the points carry none. Laps
timed before the first track point (a watch without a GPS fix yet) start the run, and their
time before it is moving when their own distance says so, as a gap's is; laps timed past the
last track point (its last points lost) end the run, their time after it judged the same way,
when the laps give the distance. A file of laps without track points (some exports) gives
the laps' own time as both moving and elapsed time. A multisport session logs its running
activities.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET  # walks a tree defusedxml already parsed
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.activity_files import track
from bot.activity_files.errors import ActivityFileError
from bot.activity_files.model import FileFormat, ParsedRun, distance_km
from bot.activity_files.moving import MIN_MOVING_SPEED, WINDOW_SECONDS
from bot.activity_files.safexml import local_name
from bot.activity_files.sports import is_running, require_a_run, skipped_note, sport_label


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
        value = float(text)
    except ValueError:
        value = math.nan
    # float() also reads "nan" and "inf", which no watch writes and no comparison catches.
    if not math.isfinite(value):
        raise _Bad(f"its {path[0]} {text[:20]!r} is not a number")
    return value


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


def _lap_start(lap: ET.Element) -> datetime | None:
    """A lap's StartTime attribute; a blank one is none, as a blank value is."""
    return _time((lap.get("StartTime") or "").strip() or None)


def _bpm(element: ET.Element, name: str) -> int | None:
    value = _number(element, name, "Value")
    return None if value is None else track.bpm(value)


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
    laps_m = (
        sum(m for m in lap_metres if m is not None) if laps and None not in lap_metres else None
    )
    reading = track.read_points(segments)
    notes: list[str] = []
    if reading is None or reading.end == reading.start:
        if not laps or None in lap_seconds:
            return None
        first = _lap_start(laps[0]) or _time(_text(activity, "Id"))
        if first is None:
            return None
        start = first
        moving = elapsed = sum(s for s in lap_seconds if s is not None)
        metres = laps_m
        avg_hr, max_hr = _lap_heart_rate(laps, lap_seconds)
        climb = None
    else:
        # Laps the watch timed before its first track point (no GPS fix yet) are part of the
        # run: their distance is in the laps' total, so their time is in the run's too.
        start, lead_moving = _before_points(
            laps, lap_seconds, lap_metres, reading.start, reading.moving_seconds
        )
        from_points = track.points_distance(laps_m, reading.metres)
        # Laps timed past the last track point (points lost at the end) likewise, when their
        # distance is the run's: it holds ground the points do not.
        end, tail_moving = (
            _after_points(
                laps, lap_seconds, lap_metres, reading.end, reading.moving_seconds + lead_moving
            )
            if from_points is None and reading.metres
            else (reading.end, 0.0)
        )
        elapsed = (end - start).total_seconds()
        moving = reading.moving_seconds + lead_moving + tail_moving
        if reading.metres == 0 and laps and None not in lap_seconds:
            # Points whose distance never grows (a treadmill without a footpod writes 0)
            # measured nothing: the laps' own time is the watch's.
            moving = sum(s for s in lap_seconds if s is not None)
        notes += track.point_notes(reading)
        lead = (reading.start - start).total_seconds()
        if lead > WINDOW_SECONDS:
            minutes, seconds = divmod(track.round_half_up(lead), 60)
            notes.append(
                f"the first {minutes}:{seconds:02d} has no track points: its time is the laps'"
            )
        if end > reading.end:
            minutes, seconds = divmod(track.round_half_up((end - reading.end).total_seconds()), 60)
            notes.append(
                f"the last {minutes}:{seconds:02d} has no track points: its time is the laps'"
            )
        metres = laps_m if from_points is None else from_points
        if from_points is not None and laps_m is not None:
            notes.append(
                f"distance from the track points: the laps add up to only "
                f"{track.share_text(laps_m, from_points)} of the distance recorded"
            )
        avg_hr, max_hr = reading.avg_hr, reading.max_hr
        if avg_hr is None:
            avg_hr, max_hr = _lap_heart_rate(laps, lap_seconds)
        climb = reading.climb_m

    return ParsedRun(
        start=start,
        distance_km=distance_km(metres),
        moving_seconds=track.round_half_up(min(moving, elapsed)),
        elapsed_seconds=track.round_half_up(elapsed),
        avg_hr=avg_hr,
        max_hr=max_hr,
        elevation_gain_m=climb,
        sport=label,
        source=FileFormat.TCX,
        notes=tuple(notes),
    )


def _before_points(
    laps: list[ET.Element],
    lap_seconds: list[float | None],
    lap_metres: list[float | None],
    first: datetime,
    points_moving: float,
) -> tuple[datetime, float]:
    """The run's start, the first lap's StartTime when the laps began before the `first`
    track point, and the seconds of them before it in which the runner moved: each lap's
    time before that point counts when the lap covered at least MIN_MOVING_SPEED, as a gap
    in the recording is judged by the distance across it (see `moving`)."""
    before = [lap for lap in _timed_laps(laps, lap_seconds, lap_metres) if lap[0] <= first]
    if not before:
        return first, 0.0
    # The last lap begun before the first point (or at it) is still timing it, give or take
    # a few seconds; one that ended long before says the laps' clock is not the points' (a
    # lap time written in another zone): then the points alone tell the start. Of laps begun
    # together the longest is the one to judge, whatever their order in the file.
    last, seconds, _ = max(before, key=lambda lap: (lap[0], lap[1]))
    if (first - last).total_seconds() > seconds + WINDOW_SECONDS:
        return first, 0.0
    start = min(begun for begun, _, _ in before)
    moved = sum(
        min(seconds, (first - begun).total_seconds())
        for begun, seconds, metres in before
        if metres is not None and metres >= MIN_MOVING_SPEED * seconds
    )
    # Laps that overlap (a manual lap across automatic ones) count no more than the time
    # there is before that point.
    moved = min(moved, (first - start).total_seconds())
    # Nor more than the laps' timers hold beside the points' moving time: a single lap of a
    # whole run, on a clock hours off but fewer than the run lasted, is "still timing" the
    # first point, yet its timer has no room for those hours.
    if not _timers_hold(lap_seconds, moved + points_moving):
        return first, 0.0
    return start, moved


def _after_points(
    laps: list[ET.Element],
    lap_seconds: list[float | None],
    lap_metres: list[float | None],
    last: datetime,
    points_moving: float,
) -> tuple[datetime, float]:
    """The run's end, the end of the last lap when the laps ran more than WINDOW_SECONDS past
    the `last` track point, and the seconds of them after it in which the runner moved, each
    lap's when it covered at least MIN_MOVING_SPEED (as `_before_points` counts the laps
    before the first point). A lap's end is its StartTime and its timer's seconds."""
    timed = _timed_laps(laps, lap_seconds, lap_metres)
    after = [lap for lap in timed if lap[0] + timedelta(seconds=lap[1]) > last]
    if not after:
        return last, 0.0
    # The first of them is still timing the last point, give or take a few seconds; one begun
    # well after it says the laps' clock is not the points' (a lap time in another zone).
    if (min(begun for begun, _, _ in after) - last).total_seconds() > WINDOW_SECONDS:
        return last, 0.0
    end = max(begun + timedelta(seconds=seconds) for begun, seconds, _ in after)
    past = (end - last).total_seconds()
    if past <= WINDOW_SECONDS:  # the give or take of a lap's clock, not a lost stretch
        return last, 0.0
    moved = sum(
        min(seconds, (begun + timedelta(seconds=seconds) - last).total_seconds())
        for begun, seconds, metres in after
        if metres is not None and metres >= MIN_MOVING_SPEED * seconds
    )
    moved = min(moved, past)
    # Nor more than the laps' timers hold beside the points' moving time (see
    # `_before_points`): laps on a clock an hour off end an hour past the points.
    if not _timers_hold(lap_seconds, moved + points_moving):
        return last, 0.0
    return end, moved


def _timed_laps(
    laps: list[ET.Element], lap_seconds: list[float | None], lap_metres: list[float | None]
) -> list[tuple[datetime, float, float | None]]:
    """The laps with a StartTime and a time: each one's start, seconds and metres."""
    return [
        (begun, seconds, metres)
        for lap, seconds, metres in zip(laps, lap_seconds, lap_metres, strict=True)
        if seconds and (begun := _lap_start(lap)) is not None
    ]


def _timers_hold(lap_seconds: list[float | None], moving: float) -> bool:
    """Whether the laps' timers have room for `moving` seconds (give or take WINDOW_SECONDS);
    when a lap has no time of its own, nothing says they do not."""
    if None in lap_seconds:
        return True
    return moving <= sum(s for s in lap_seconds if s is not None) + WINDOW_SECONDS


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


def _activities(activities: ET.Element) -> list[ET.Element]:
    """The file's activities in order, those of a multisport session (each sport its own
    <Activity> under FirstSport / NextSport) included."""
    found = []
    for child in activities:
        if local_name(child.tag) == "Activity":
            found.append(child)
        elif local_name(child.tag) == "MultiSportSession":
            found += [e for e in child.iter() if local_name(e.tag) == "Activity"]
    return found


def read_tcx(filename: str, root: ET.Element) -> list[ParsedRun]:
    """`root` is the TrainingCenterDatabase element, parsed by `safexml.parse_xml`."""
    activities_element = _find(root, "Activities")
    activities = [] if activities_element is None else _activities(activities_element)
    if not activities:
        raise ActivityFileError(filename, "it has no activity in it (a course or a workout?)")
    labels = [sport_label(activity.get("Sport") or "running") for activity in activities]
    require_a_run(filename, labels)
    skipped = skipped_note(labels)
    try:
        runs = [
            _run(activity, label)
            for activity, label in zip(activities, labels, strict=True)
            if is_running(label)
        ]
    except _Bad as exc:
        raise ActivityFileError(filename, str(exc)) from None
    found = [run for run in runs if run is not None]
    if not found:
        raise ActivityFileError(filename, "it has no laps or track points with times in it")
    if skipped:
        first = found[0]
        found[0] = replace(first, notes=(*first.notes, skipped))
    return found
