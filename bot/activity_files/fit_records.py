"""FIT track points (`record` messages) decoded straight from their bytes.

A record is decoded by the layout its definition message gives (the SDK's "FIT File
Structure"): each field's number, size and base type, and the byte order. Only the fields a
run summary needs are read: the time (field 253, seconds since 1989-12-31 UTC, or the
compressed time in the message header), distance (5, centimetres), speed (6, or
enhanced_speed 73, mm/s), heart rate (3, bpm), and compressed_speed_distance (8: three bytes,
a speed in its low 12 bits in cm/s and a distance in its high 12 in sixteenths of a metre,
which rolls over every 256 m and accumulates, as footpod watches without GPS such as the
Forerunner 70 write them; `fit_skim` adds it up). An `event` message is read the same way
for when the watch's timer starts and stops (event 0, "timer"; event_type 0 start, 1 stop,
4 stop_all, 8 and 9 stop_disable and stop_disable_all). A field holding its type's "invalid"
value (all bits set) is absent.
"""

from __future__ import annotations

from dataclasses import dataclass

RECORD, EVENT = 20, 21
TIMESTAMP, HEART_RATE, DISTANCE, SPEED, ENHANCED_SPEED = 253, 3, 5, 6, 73
COMPRESSED_SPEED_DISTANCE = 8
# An event message's fields: which event, and what happened to it.
EVENT_KIND, EVENT_TYPE = 0, 1
TIMER = 0
TIMER_STARTS, TIMER_STOPS = frozenset({0}), frozenset({1, 4, 8, 9})
# Seconds from the Unix epoch to FIT's (1989-12-31 00:00 UTC).
FIT_EPOCH = 631065600
_WANTED = frozenset(
    {
        TIMESTAMP,
        HEART_RATE,
        DISTANCE,
        SPEED,
        ENHANCED_SPEED,
        COMPRESSED_SPEED_DISTANCE,
        EVENT_KIND,
        EVENT_TYPE,
    }
)


@dataclass(frozen=True, slots=True)
class Record:
    seconds: int  # Unix time
    metres: float | None
    speed: float | None  # m/s
    hr: int | None


@dataclass(frozen=True, slots=True)
class Layout:
    """A definition message: the global message number, the data size, and where the fields
    this module reads sit in a data message (field number -> offset and size)."""

    number: int
    size: int
    big_endian: bool
    fields: dict[int, tuple[int, int]]

    @classmethod
    def read(cls, data: bytes, pos: int, fields_end: int, developer_end: int) -> Layout:
        big = data[pos + 2] == 1
        number = int.from_bytes(data[pos + 3 : pos + 5], "big" if big else "little")
        fields: dict[int, tuple[int, int]] = {}
        offset = 0
        for at in range(pos + 6, fields_end, 3):
            field_number, size = data[at], data[at + 1]
            if field_number in _WANTED:
                fields[field_number] = (offset, size)
            offset += size
        offset += sum(data[fields_end + 2 : developer_end : 3])
        return cls(number, offset, big, fields)

    def _uint(self, data: bytes, start: int, number: int, sizes: tuple[int, ...]) -> int | None:
        where = self.fields.get(number)
        if where is None or where[1] not in sizes:
            return None
        offset, size = where
        value = int.from_bytes(
            data[start + offset : start + offset + size], "big" if self.big_endian else "little"
        )
        return None if value == (1 << (8 * size)) - 1 else value

    def timestamp(self, data: bytes, start: int) -> int | None:
        """The message's own time field (FIT seconds), if it has one."""
        return self._uint(data, start, TIMESTAMP, (4,))

    def timer_runs(self, data: bytes, start: int) -> bool | None:
        """For an event message: True when the watch's timer starts, False when it stops,
        None for any other event."""
        if self._uint(data, start, EVENT_KIND, (1,)) != TIMER:
            return None
        kind = self._uint(data, start, EVENT_TYPE, (1,))
        return True if kind in TIMER_STARTS else False if kind in TIMER_STOPS else None

    def compressed_speed_distance(self, data: bytes, start: int) -> tuple[int, int] | None:
        """A record's packed speed (cm/s) and distance (1/16 m, the low 12 bits of the
        running total), or None. A byte array: its bytes in order whatever the byte order."""
        where = self.fields.get(COMPRESSED_SPEED_DISTANCE)
        if where is None or where[1] != 3:
            return None
        offset = start + where[0]
        value = int.from_bytes(data[offset : offset + 3], "little")
        if value == 0xFFFFFF:
            return None
        return value & 0xFFF, value >> 12

    def record(self, data: bytes, start: int, fit_seconds: int) -> Record:
        distance = self._uint(data, start, DISTANCE, (4,))
        speed = self._uint(data, start, ENHANCED_SPEED, (4,))
        if speed is None:
            speed = self._uint(data, start, SPEED, (2,))
        hr = self._uint(data, start, HEART_RATE, (1,))
        return Record(
            seconds=fit_seconds + FIT_EPOCH,
            metres=None if distance is None else distance / 100,
            speed=None if speed is None else speed / 1000,
            hr=hr or None,
        )
