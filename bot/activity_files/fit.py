"""FIT (Garmin and most watches): one run per session.

The totals come from the session messages, as the watch computed them: start_time,
total_distance, total_timer_time (moving: the timer stops on auto-pause), total_elapsed_time,
avg/max_heart_rate and total_ascent. fitdecode decodes them.

fitdecode is pure Python and decodes every field of every message it meets; a 3-hour run at
1 Hz is some 11,000 `record` messages (the track points), which we do not need, and decoding
them alone takes over a second. So the file is first skimmed here, by the FIT framing alone
(the SDK's "FIT File Structure": a header, definition and data messages, a CRC): the skim
checks that the file is whole and its CRC right, counts the record messages (refusing the
file as soon as there are too many), and keeps only the messages whose global number is in
KEEP, together with their definitions. fitdecode then decodes that much shorter, still valid
FIT stream. Chained FIT files (several in one) are skimmed one after the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import fitdecode

from bot.activity_files import track
from bot.activity_files.errors import ActivityFileError
from bot.activity_files.model import FileFormat, ParsedRun
from bot.activity_files.sports import is_running, require_runs, sport_label

FIT_SIGNATURE = b".FIT"
# Global message numbers (FIT profile): what the skim keeps, and the track point it counts.
FILE_ID, SPORT, SESSION, ACTIVITY, FIELD_DESCRIPTION, DEVELOPER_DATA_ID = 0, 12, 18, 34, 206, 207
RECORD = 20
KEEP = frozenset({FILE_ID, SPORT, SESSION, ACTIVITY, FIELD_DESCRIPTION, DEVELOPER_DATA_ID})

CUT_SHORT = (
    "it is cut short: the file ends before its last record; send it again, or export it "
    "again from your watch app"
)
DAMAGED = "it is damaged ({}); export it again from your watch app"


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


def crc16(data: bytes | bytearray | memoryview, crc: int = 0) -> int:
    table = _CRC_TABLE
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


def _skim_records(skim: _Skim, data: bytes, pos: int, end: int) -> bytearray:
    """The messages worth decoding between `pos` and `end`; counts the track points."""
    kept = bytearray()
    definitions: dict[int, tuple[int, int]] = {}  # local message type -> (global number, size)
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
            number = int.from_bytes(
                data[pos + 3 : pos + 5], "big" if data[pos + 2] == 1 else "little"
            )
            fields_end = pos + 6 + 3 * data[pos + 5]
            size = sum(data[pos + 7 : fields_end : 3])
            if header & 0x20 and fields_end < end:  # developer fields follow
                count = data[fields_end]
                size += sum(data[fields_end + 2 : fields_end + 1 + 3 * count : 3])
                fields_end += 1 + 3 * count
            if fields_end > end:
                raise ActivityFileError(
                    skim.filename, DAMAGED.format(f"a definition at byte {pos} is cut off")
                )
            definitions[local] = (number, size)
            if number in KEEP:
                kept += data[pos:fields_end]
            pos = fields_end
            continue
        if local not in definitions:
            raise ActivityFileError(
                skim.filename, DAMAGED.format(f"a message at byte {pos} has no definition")
            )
        number, size = definitions[local]
        message_end = pos + 1 + size
        if message_end > end:
            raise ActivityFileError(
                skim.filename, DAMAGED.format(f"a message at byte {pos} is cut off")
            )
        if number == RECORD:
            skim.points += 1
            if skim.points > skim.max_points:
                raise ActivityFileError(
                    skim.filename,
                    f"it has more than {skim.max_points:,} track points, more than a run needs; "
                    "it was not read",
                )
        elif number in KEEP:
            kept += data[pos:message_end]
        pos = message_end
    return kept


def skim(filename: str, data: bytes, max_points: int) -> bytes:
    """A valid FIT stream of the messages in KEEP; refuses cut, damaged or oversized files."""
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
    return bytes(out)


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


def _run(filename: str, session: dict[str, Any], label: str) -> ParsedRun:
    moving = _seconds(session.get("total_timer_time"))
    elapsed = _seconds(session.get("total_elapsed_time"))
    moving = moving if moving is not None else elapsed
    elapsed = elapsed if elapsed is not None else moving
    if moving is None or elapsed is None:
        raise ActivityFileError(filename, "its session has no duration")
    start = session.get("start_time")
    if not isinstance(start, datetime):
        end = session.get("timestamp")
        if not isinstance(end, datetime):
            raise ActivityFileError(filename, "its session has no start time")
        start = end - timedelta(seconds=elapsed)
    distance = _seconds(session.get("total_distance"))
    avg_hr, max_hr, ascent = (
        session.get(name) for name in ("avg_heart_rate", "max_heart_rate", "total_ascent")
    )
    return ParsedRun(
        start=start,
        distance_km=None if distance is None else round(distance / 1000, 3),
        moving_seconds=track.round_half_up(moving),
        elapsed_seconds=track.round_half_up(elapsed),
        avg_hr=avg_hr if isinstance(avg_hr, int) else None,
        max_hr=max_hr if isinstance(max_hr, int) else None,
        elevation_gain_m=ascent if isinstance(ascent, int) else None,
        sport=label,
        source=FileFormat.FIT,
    )


def read_fit(filename: str, data: bytes, max_points: int) -> list[ParsedRun]:
    sessions, file_types = _messages(filename, skim(filename, data, max_points))
    if not sessions:
        kinds = [kind for kind in file_types if kind != "activity"]
        if kinds:
            raise ActivityFileError(
                filename, f"it is a FIT {kinds[0]} file, not a recorded activity"
            )
        raise ActivityFileError(filename, "it has no session in it, so no run to read")
    labels = [_label(session) for session in sessions]
    require_runs(filename, [sport_label(str(s.get("sport") or "generic")) for s in sessions])
    return [_run(filename, session, label) for session, label in zip(sessions, labels, strict=True)]
