"""FIT (Garmin and most watches): one run per running session.

The summary comes from the session messages, as the watch computed them: start_time,
total_distance, total_elapsed_time, avg/max_heart_rate and total_ascent; fitdecode decodes
them. Moving time comes from the session's records (the watch's own distance, or its speed
over the time its timer ran, which its `timer` events tell), judged as `moving` defines it for
every format, less the seconds its timer stood: the timer time keeps standing stops when
auto-pause is off, so it is used only when the records carry no distance or speed, or one
that never grows. When the session has no total distance, or one more than 3% short of its
records', the records give it and the run says so. Heart rate falls back on the records,
weighted by time.

fitdecode reads the file once `fit_skim` has skimmed it to the few messages a summary needs
(and decoded the records itself). A multisport file logs its running sessions and names the
others.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import fitdecode

from bot.activity_files import moving, track
from bot.activity_files.errors import ActivityFileError
from bot.activity_files.fit_clock import Placing, WatchClock, file_time, is_system_time, place
from bot.activity_files.fit_records import Record
from bot.activity_files.fit_skim import DAMAGED, skim
from bot.activity_files.model import FileFormat, ParsedRun, distance_km
from bot.activity_files.sports import is_running, require_a_run, skipped_note, sport_label


def _messages(
    filename: str, stream: bytes
) -> tuple[list[dict[str, Any]], list[str], list[WatchClock]]:
    """The sessions (as field-name -> value dicts), the file types, and what the watch's clock
    read when a file timed from switch-on was saved, decoded by fitdecode."""
    sessions: list[dict[str, Any]] = []
    file_types: list[str] = []
    clocks: list[WatchClock] = []
    try:
        with fitdecode.FitReader(
            stream,
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.IGNORE,
        ) as reader:
            for frame in reader:
                if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                    continue
                if frame.name == "session":
                    sessions.append({field.name: field.value for field in frame.fields})
                elif frame.name == "file_id" and frame.has_field("type"):
                    file_types.append(str(frame.get_value("type")))
                elif frame.name == "activity" and frame.has_field("local_timestamp"):
                    # Raw: fitdecode reads a local_date_time as if it were UTC.
                    clock = WatchClock.of_activity(
                        frame.get_raw_value("timestamp") if frame.has_field("timestamp") else None,
                        frame.get_raw_value("local_timestamp"),
                    )
                    clocks += [clock] if clock is not None else []
    except Exception as exc:  # fitdecode's FitError family, and whatever a field decoder raises
        raise ActivityFileError(
            filename, DAMAGED.format(f"fitdecode: {type(exc).__name__}")
        ) from None
    return sessions, file_types, clocks


def _label(session: dict[str, Any]) -> str:
    sport = sport_label(str(session.get("sport") or "generic"))
    sub = session.get("sub_sport")
    if not is_running(sport) or sub in (None, "generic"):
        return sport
    # "trail" -> "trail running"; "indoor_running" -> "indoor running".
    sub_label = sport_label(str(sub))
    return sub_label if is_running(sub_label) else f"{sub_label} {sport}"


def _seconds(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _stopped_within(stops: list[tuple[float, float]], start: float, end: float) -> float:
    """Seconds of `start`..`end` in which the timer stood (`stops` in order of time)."""
    total = 0.0
    # The first stop that ends after `start`.
    at = bisect.bisect_right(stops, start, key=lambda stop: stop[1])
    while at < len(stops) and stops[at][0] < end:
        total += max(0.0, min(end, stops[at][1]) - max(start, stops[at][0]))
        at += 1
    return total


def _points(
    records: list[Record], start: float, end: float, stops: list[tuple[float, float]]
) -> list[moving.Sample]:
    """The session's records as samples, times increasing; distance from the watch's own
    distance field, else its speed over the time its timer ran: the watch writes no record
    while its timer stands and counts no distance, so the speed before a stop does not last
    through it."""
    mine = [r for r in records if start <= r.seconds <= end]
    samples: list[moving.Sample] = []
    covered = 0.0
    has_distance = any(r.metres is not None for r in mine)
    previous: Record | None = None
    for record in mine:
        if previous is not None and record.seconds <= previous.seconds:
            continue  # `_went_back` counts the ones going back
        metres = record.metres
        if not has_distance and record.speed is not None:
            if previous is not None and previous.speed is not None:
                seconds = record.seconds - previous.seconds
                running = max(
                    0.0, seconds - _stopped_within(stops, previous.seconds, record.seconds)
                )
                covered += previous.speed * running
            metres = covered
        samples.append(moving.Sample(float(record.seconds), metres, record.hr))
        previous = record
    return samples


def _went_back(records: list[Record]) -> int:
    latest = 0
    count = 0
    for record in records:
        count += record.seconds < latest
        latest = max(latest, record.seconds)
    return count


def _run(
    filename: str,
    session: dict[str, Any],
    label: str,
    records: list[Record],
    stops: list[tuple[float, float]],
    placing: Placing | str,
) -> ParsedRun:
    timer = _seconds(session.get("total_timer_time"))
    elapsed = _seconds(session.get("total_elapsed_time"))
    start, end = session.get("start_time"), session.get("timestamp")
    shift, placed = timedelta(0), None
    if not isinstance(end, datetime) and is_system_time(start or end):
        # Seconds since the watch was switched on (a time below 0x10000000, which fitdecode
        # leaves a number): read on the records' timeline, then moved into the world by the
        # watch's clock (`fit_clock`). A dated end (the clock set during the run) places the
        # run by itself, below.
        if isinstance(placing, str):
            raise ActivityFileError(filename, placing)
        start, end = (file_time(t) if is_system_time(t) else None for t in (start, end))
        shift, placed = placing.shift, placing.note
    if elapsed is None and isinstance(start, datetime) and isinstance(end, datetime):
        # The session's timestamp is its end (FIT profile): it lasted from start to end, stops
        # included, which the timer's time leaves out.
        elapsed = max((end - start).total_seconds(), 0.0) or None
    elapsed = elapsed if elapsed is not None else timer
    # A start counted from switch-on and a dated end: the watch's clock was set during the run,
    # so its records before then lie on the switch-on count and the later ones on the date,
    # and no one timeline holds them all. The run is placed by its end, and read from its
    # session alone (the timer's moving time): the dated records alone are only its end.
    clock_set = is_system_time(start) and isinstance(end, datetime)
    if not isinstance(start, datetime):
        if not isinstance(end, datetime) or elapsed is None:
            raise ActivityFileError(filename, "its session has no start time")
        start = end - timedelta(seconds=elapsed)
    begin = start.timestamp()
    window_end = begin + elapsed if elapsed is not None else float("inf")
    in_session = [] if clock_set else [r for r in records if begin <= r.seconds <= window_end]
    samples = _points(in_session, begin, window_end, stops)
    notes = track.went_back_notes(_went_back(in_session))
    distances = [s.metres for s in samples if s.metres is not None]
    # Records whose distance never grows (a treadmill without a footpod writes 0 throughout)
    # measured nothing: as records without a distance, they leave the moving time to the timer.
    points_m = (max(distances) - distances[0] if len(distances) >= 2 else None) or None
    if elapsed is None:
        if len(samples) < 2:
            raise ActivityFileError(filename, "its session has no duration")
        elapsed = samples[-1].seconds - samples[0].seconds
    if len(samples) >= 2 and (points_m is not None or timer is None):
        # The watch's own record of the run, judged as every format is (see `moving`); a
        # step's seconds in which its timer stood are no time, as the watch counts them.
        moving_time = moving.moving_seconds(samples, partial(_stopped_within, stops))
    else:
        moving_time = timer if timer is not None else elapsed
    distance = _seconds(session.get("total_distance"))
    from_points = track.points_distance(distance, points_m)
    if from_points is not None:
        if distance is None:
            notes.append("distance from the track points: the session has no total")
        else:
            notes.append(
                f"distance from the track points: the session's total is only "
                f"{track.share_text(distance, from_points)} of the distance recorded"
            )
        distance = from_points
    avg_hr, max_hr, ascent = (
        session.get(name) for name in ("avg_heart_rate", "max_heart_rate", "total_ascent")
    )
    points_avg, points_max = moving.heart_rate(samples)
    return ParsedRun(
        start=start + shift,
        distance_km=distance_km(distance),
        moving_seconds=track.round_half_up(min(moving_time, elapsed)),
        elapsed_seconds=track.round_half_up(elapsed),
        avg_hr=avg_hr if isinstance(avg_hr, int) else points_avg,
        max_hr=max_hr if isinstance(max_hr, int) else points_max,
        elevation_gain_m=ascent if isinstance(ascent, int) else None,
        sport=label,
        source=FileFormat.FIT,
        notes=tuple(notes),
        watch_clock=placed,
    )


def read_fit(filename: str, data: bytes, max_points: int, zone: ZoneInfo | None) -> list[ParsedRun]:
    """The file's running sessions; `zone` reads the watch's clock of a file timed from when
    the watch was switched on (`fit_clock`)."""
    stream, records, stops = skim(filename, data, max_points)
    sessions, file_types, clocks = _messages(filename, stream)
    if not sessions:
        kinds = [kind for kind in file_types if kind != "activity"]
        if kinds:
            raise ActivityFileError(
                filename, f"it is a FIT {kinds[0]} file, not a recorded activity"
            )
        raise ActivityFileError(filename, "it has no session in it, so no run to read")
    labels = [_label(session) for session in sessions]
    require_a_run(filename, labels)
    placing = place(clocks, zone)
    runs = [
        _run(filename, session, label, records, stops, placing)
        for session, label in zip(sessions, labels, strict=True)
        if is_running(label)
    ]
    skipped = skipped_note(labels)
    if skipped:
        runs[0] = replace(runs[0], notes=(*runs[0].notes, skipped))
    return runs
