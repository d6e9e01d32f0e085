"""FIT files skimmed by their framing alone, before fitdecode reads what is left.

fitdecode is pure Python and decodes every field of every message it meets; a 3-hour run at
1 Hz is some 11,000 `record` messages, and decoding them alone takes over a second. So the
file is first skimmed here, by the FIT framing alone (the SDK's "FIT File Structure": a
header, definition and data messages, a CRC): the skim checks that the file is whole and its
CRC right, decodes the few record fields a summary needs itself (`fit_records`), refusing the
file as soon as there are too many, and keeps only the messages whose global number is in
KEEP, together with their definitions. fitdecode then decodes that much shorter, still valid
FIT stream (`fit`). Chained FIT files (several in one) are skimmed one after the other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from bot.activity_files.errors import ActivityFileError, too_many_points
from bot.activity_files.fit_records import EVENT, FIT_EPOCH, RECORD, Layout, Record

FIT_SIGNATURE = b".FIT"
# Global message numbers (FIT profile): what the skim keeps, and the track point it counts.
FILE_ID, SPORT, SESSION, ACTIVITY, FIELD_DESCRIPTION, DEVELOPER_DATA_ID = 0, 12, 18, 34, 206, 207
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
    # compressed_speed_distance's running total in 1/16 m, per file of a chain.
    packed_distance: int = 0

    def timer(self, runs: bool, fit_seconds: int) -> None:
        moment = float(fit_seconds + FIT_EPOCH)
        if not runs and self.stopped_since is None:
            self.stopped_since = moment
        elif runs and self.stopped_since is not None:
            self.stops.append((self.stopped_since, moment))
            self.stopped_since = None

    def point(self, layout: Layout, data: bytes, start: int, fit_seconds: int) -> None:
        """One track point (a `record` message at `start`), counted against the limit."""
        self.points += 1
        if self.points > self.max_points:
            raise ActivityFileError(self.filename, too_many_points(self.max_points))
        record = layout.record(data, start, fit_seconds)
        packed = layout.compressed_speed_distance(data, start)
        if packed is not None:
            # Where the record has no speed or distance of its own: the distance's 12 bits
            # added up across records as the FIT SDK accumulates a field, each step the
            # difference mod 4096 (so a record at least every 256 m).
            speed, low = packed
            self.packed_distance += (low - self.packed_distance) & 0xFFF
            record = replace(
                record,
                metres=self.packed_distance / 16 if record.metres is None else record.metres,
                speed=speed / 100 if record.speed is None else record.speed,
            )
        self.records.append(record)

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
            skim.point(layout, data, pos + 1, last_time)
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
        state.packed_distance = 0
        kept = _skim_records(state, data, pos + header_size, end)
        if crc16(memoryview(data)[pos:end]) != int.from_bytes(data[end : end + 2], "little"):
            raise ActivityFileError(filename, DAMAGED.format("its checksum does not match"))
        header = bytes([12, data[pos + 1], data[pos + 2], data[pos + 3]])
        header += len(kept).to_bytes(4, "little") + FIT_SIGNATURE
        body = header + kept
        out += body + crc16(body).to_bytes(2, "little")
        pos = end + 2
    return bytes(out), state.records, state.timer_stops()
