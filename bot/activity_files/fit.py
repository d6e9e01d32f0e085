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

fitdecode is pure Python and decodes every field of every message it meets; a 3-hour run at
1 Hz is some 11,000 `record` messages, and decoding them alone takes over a second. So the
file is first skimmed here, by the FIT framing alone (the SDK's "FIT File Structure": a
header, definition and data messages, a CRC): the skim checks that the file is whole and its
CRC right, decodes the few record fields a summary needs itself (`fit_records`), refusing the
file as soon as there are too many, and keeps only the messages whose global number is in
KEEP, together with their definitions. fitdecode then decodes that much shorter, still valid
FIT stream. Chained FIT files (several in one) are skimmed one after the other. A multisport
file logs its running sessions and names the others.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import fitdecode

from bot.activity_files import moving, track
from bot.activity_files.errors import ActivityFileError, too_many_points
from bot.activity_files.fit_records import EVENT, FIT_EPOCH, RECORD, Layout, Record
from bot.activity_files.model import FileFormat, ParsedRun, distance_km
from bot.activity_files.sports import is_running, require_a_run, skipped_note, sport_label

FIT_SIGNATURE = b".FIT"
# Global message numbers (FIT profile): what the skim keeps, and the track point it counts.
FILE_ID, SPORT, SESSION, ACTIVITY, FIELD_DESCRIPTION, DEVELOPER_DATA_ID = 0, 12, 18, 34, 206, 207
KEEP = frozenset({FILE_ID, SPORT, SESSION, ACTIVITY, FIELD_DESCRIPTION, DEVELOPER_DATA_ID})

CUT_SHORT = (
    "it is cut short: the file ends before its last record; send it again, or export it "
    "again from your watch app"
)
DAMAGED = "it is damaged ({}); export it again from your watch app"
NO_CLOCK = (
    "its times count from when the watch was switched on, not from a date (as watches "
    "without GPS such as the Forerunner 60 and 70 write them), so the run cannot be placed "
    "in time; export it from the app the watch syncs with (Garmin Connect), which dates it"
)


def _crc_table() -> tuple[int, ...]:
    # FIT's CRC is CRC-16/ARC: polynomial 0x8005 reflected (0xA001), initial value 0.
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_CRC_TABLE = _crc_table()


def crc16(data: bytes | bytearray | memoryview) -> int:
    table = _CRC_TABLE
    crc = 0
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def looks_like_fit(data: bytes) -> bool:
    return len(data) >= 12 and data[8:12] == FIT_SIGNATURE


@dataclass
class _Skim:
    filename: str
    max_points: int
    points: int = 0
    records: list[Record] = field(default_factory=list)
    # When the watch's timer stood: from a stop to the next start, in Unix seconds; one never
    # started again lasts to the end.
    stops: list[tuple[float, float]] = field(default_factory=list)
    stopped_since: float | None = None

    def timer(self, runs: bool, fit_seconds: int) -> None:
        moment = float(fit_seconds + FIT_EPOCH)
        if not runs and self.stopped_since is None:
            self.stopped_since = moment
        elif runs and self.stopped_since is not None:
            self.stops.append((self.stopped_since, moment))
            self.stopped_since = None

    def timer_stops(self) -> list[tuple[float, float]]:
        """The stops in order of time (a hostile file may write them in any), those that
        overlap (a clock gone back, a stop written twice) joined: a second stood once."""
        stops = list(self.stops)
        if self.stopped_since is not None:
            stops.append((self.stopped_since, math.inf))
        joined: list[tuple[float, float]] = []
        for begun, ended in sorted(stops):
            if joined and begun <= joined[-1][1]:
                joined[-1] = (joined[-1][0], max(joined[-1][1], ended))
            else:
                joined.append((begun, ended))
        return joined


def _skim_records(skim: _Skim, data: bytes, pos: int, end: int) -> bytearray:
    """The messages worth decoding between `pos` and `end`; the track points, decoded."""
    kept = bytearray()
    definitions: dict[int, Layout] = {}  # local message type -> its layout
    last_time = 0
    while pos < end:
        header = data[pos]
        if header & 0x80:  # compressed-timestamp header: always a data message
            local, is_definition = (header >> 5) & 0x03, False
        else:
            local, is_definition = header & 0x0F, bool(header & 0x40)
        if is_definition:
            if pos + 6 > end:
                raise ActivityFileError(
                    skim.filename, DAMAGED.format(f"a definition at byte {pos} is cut off")
                )
            fields_end = pos + 6 + 3 * data[pos + 5]
            developer_end = fields_end
            if header & 0x20 and fields_end < end:  # developer fields follow
                count = data[fields_end]
                developer_end = fields_end + 1 + 3 * count
            if developer_end > end:
                raise ActivityFileError(
                    skim.filename, DAMAGED.format(f"a definition at byte {pos} is cut off")
                )
            layout = Layout.read(data, pos, fields_end, developer_end)
            definitions[local] = layout
            if layout.number in KEEP:
                kept += data[pos:developer_end]
            pos = developer_end
            continue
        if local not in definitions:
            raise ActivityFileError(
                skim.filename, DAMAGED.format(f"a message at byte {pos} has no definition")
            )
        layout = definitions[local]
        message_end = pos + 1 + layout.size
        if message_end > end:
            raise ActivityFileError(
                skim.filename, DAMAGED.format(f"a message at byte {pos} is cut off")
            )
        if header & 0x80:
            offset = header & 0x1F
            moment = (last_time & ~0x1F) + offset
            last_time = moment + 0x20 if offset < (last_time & 0x1F) else moment
        else:
            last_time = layout.timestamp(data, pos + 1) or last_time
        if layout.number == RECORD:
            skim.points += 1
            if skim.points > skim.max_points:
                raise ActivityFileError(skim.filename, too_many_points(skim.max_points))
            skim.records.append(layout.record(data, pos + 1, last_time))
        elif layout.number == EVENT:
            runs = layout.timer_runs(data, pos + 1)
            if runs is not None:
                skim.timer(runs, last_time)
        elif layout.number in KEEP:
            kept += data[pos:message_end]
        pos = message_end
    return kept


def skim(
    filename: str, data: bytes, max_points: int
) -> tuple[bytes, list[Record], list[tuple[float, float]]]:
    """A valid FIT stream of the messages in KEEP, the track points (records) decoded, and
    when the timer stood; refuses cut, damaged or oversized files."""
    state = _Skim(filename, max_points)
    out = bytearray()
    pos = 0
    while pos < len(data):
        if pos > 0 and not any(data[pos:]):
            break  # zero padding after the last file
        header_size = data[pos]
        if header_size < 12 or data[pos + 8 : pos + 12] != FIT_SIGNATURE:
            raise ActivityFileError(filename, DAMAGED.format(f"unexpected bytes at byte {pos}"))
        if pos + header_size > len(data):
            raise ActivityFileError(filename, CUT_SHORT)
        if header_size >= 14:
            header_crc = int.from_bytes(data[pos + 12 : pos + 14], "little")
            if header_crc and header_crc != crc16(data[pos : pos + 12]):
                raise ActivityFileError(filename, DAMAGED.format("its header checksum is wrong"))
        data_size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        end = pos + header_size + data_size
        if end + 2 > len(data):
            raise ActivityFileError(filename, CUT_SHORT)
        kept = _skim_records(state, data, pos + header_size, end)
        if crc16(memoryview(data)[pos:end]) != int.from_bytes(data[end : end + 2], "little"):
            raise ActivityFileError(filename, DAMAGED.format("its checksum does not match"))
        header = bytes([12, data[pos + 1], data[pos + 2], data[pos + 3]])
        header += len(kept).to_bytes(4, "little") + FIT_SIGNATURE
        body = header + kept
        out += body + crc16(body).to_bytes(2, "little")
        pos = end + 2
    return bytes(out), state.records, state.timer_stops()


def _messages(filename: str, stream: bytes) -> tuple[list[dict[str, Any]], list[str]]:
    """The sessions (as field-name -> value dicts) and the file types, decoded by fitdecode."""
    sessions: list[dict[str, Any]] = []
    file_types: list[str] = []
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
    except Exception as exc:  # fitdecode's FitError family, and whatever a field decoder raises
        raise ActivityFileError(
            filename, DAMAGED.format(f"fitdecode: {type(exc).__name__}")
        ) from None
    return sessions, file_types


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
) -> ParsedRun:
    timer = _seconds(session.get("total_timer_time"))
    elapsed = _seconds(session.get("total_elapsed_time"))
    start, end = session.get("start_time"), session.get("timestamp")
    if elapsed is None and isinstance(start, datetime) and isinstance(end, datetime):
        # The session's timestamp is its end (FIT profile): it lasted from start to end, stops
        # included, which the timer's time leaves out.
        elapsed = max((end - start).total_seconds(), 0.0) or None
    elapsed = elapsed if elapsed is not None else timer
    if not isinstance(end, datetime) and isinstance(start or end, int):
        # A FIT time below 0x10000000 is seconds since the watch was switched on (the
        # profile's date_time), which fitdecode leaves a number: no moment in the world. A
        # dated end (the clock set during the run) still places it, as below.
        raise ActivityFileError(filename, NO_CLOCK)
    if not isinstance(start, datetime):
        if not isinstance(end, datetime) or elapsed is None:
            raise ActivityFileError(filename, "its session has no start time")
        start = end - timedelta(seconds=elapsed)
    begin = start.timestamp()
    window_end = begin + elapsed if elapsed is not None else float("inf")
    in_session = [r for r in records if begin <= r.seconds <= window_end]
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
        start=start,
        distance_km=distance_km(distance),
        moving_seconds=track.round_half_up(min(moving_time, elapsed)),
        elapsed_seconds=track.round_half_up(elapsed),
        avg_hr=avg_hr if isinstance(avg_hr, int) else points_avg,
        max_hr=max_hr if isinstance(max_hr, int) else points_max,
        elevation_gain_m=ascent if isinstance(ascent, int) else None,
        sport=label,
        source=FileFormat.FIT,
        notes=tuple(notes),
    )


def read_fit(filename: str, data: bytes, max_points: int) -> list[ParsedRun]:
    stream, records, stops = skim(filename, data, max_points)
    sessions, file_types = _messages(filename, stream)
    if not sessions:
        kinds = [kind for kind in file_types if kind != "activity"]
        if kinds:
            raise ActivityFileError(
                filename, f"it is a FIT {kinds[0]} file, not a recorded activity"
            )
        raise ActivityFileError(filename, "it has no session in it, so no run to read")
    labels = [_label(session) for session in sessions]
    require_a_run(filename, labels)
    runs = [
        _run(filename, session, label, records, stops)
        for session, label in zip(sessions, labels, strict=True)
        if is_running(label)
    ]
    skipped = skipped_note(labels)
    if skipped:
        runs[0] = replace(runs[0], notes=(*runs[0].notes, skipped))
    return runs
