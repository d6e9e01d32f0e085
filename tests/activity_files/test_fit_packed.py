"""Records' compressed_speed_distance (FIT profile, record field 8), point by point.

Three bytes, a byte array: the speed in the low 12 bits in cm/s (scale 100), the distance in
the high 12 in sixteenths of a metre (scale 16), accumulated: each record carries only the
running total mod 4,096 (256 m), and the reader adds the step from the last one, from 0 at the
start of the file. The figures below are worked out by hand from the bytes written here.
Last, the seconds the watch's timer stood within one step of a footpod run's points.
"""

from __future__ import annotations

import struct

from bot.activity_files.fit import _stopped_within
from bot.activity_files.fit_records import Record
from bot.activity_files.fit_skim import skim
from tests.activity_files.test_fit_framing import (
    FILE_ID,
    START,
    UINT8,
    UINT32,
    definition,
    fit_file,
)

BYTE_ARRAY, UINT16 = 0x0D, 0x84
# Seconds from the Unix epoch to FIT's, written out again (1989-12-31 00:00 UTC).
FIT_EPOCH_UNIX = 631_065_600


def packed(speed_cm_s: int, sixteenths: int) -> bytes:
    return (speed_cm_s | sixteenths << 12).to_bytes(3, "little")


def at(t: int, metres: float | None, speed: float | None, hr: int | None) -> Record:
    return Record(seconds=FIT_EPOCH_UNIX + START + t, metres=metres, speed=speed, hr=hr)


def test_each_record_gets_the_packed_distance_added_up_and_the_speed_in_metres_a_second() -> None:
    # Local type 1: time, the packed field, then a heart rate byte (so the three bytes are
    # read as three, not four). Local type 2: a record with its own distance (cm) and speed
    # (mm/s) as well as the packed field: its own win, the packed total still moves on.
    packed_hr = definition(1, 20, [(253, 4, UINT32), (8, 3, BYTE_ARRAY), (3, 1, UINT8)])
    own_too = definition(
        2, 20, [(253, 4, UINT32), (5, 4, UINT32), (6, 2, UINT16), (8, 3, BYTE_ARRAY)]
    )

    def record(t: int, field8: bytes, hr: int = 150) -> bytes:
        return bytes([1]) + struct.pack("<I", START + t) + field8 + bytes([hr])

    body = FILE_ID + packed_hr + own_too
    body += record(0, packed(250, 100))  # 100/16 = 6.25 m from 0; 2.50 m/s
    body += record(1, packed(301, 50))  # 50 - 100 mod 4096 = 4046: 4146/16 = 259.125 m
    body += record(2, b"\xff\xff\xff")  # invalid: no speed, no distance, total unchanged
    body += record(3, packed(4095 - 1, 60))  # +10: 4156/16 = 259.75 m; 40.94 m/s
    body += bytes([2]) + struct.pack("<IIH", START + 4, 12_345, 2_000) + packed(400, 70)
    body += record(5, packed(0, 80))  # +10 after the +10 above: 4176/16 = 261 m; 0 m/s
    _, records, _ = skim("x.fit", fit_file(body), 100)
    assert records == [
        at(0, 6.25, 2.5, 150),
        at(1, 259.125, 3.01, 150),
        at(2, None, None, 150),
        at(3, 259.75, 40.94, 150),
        at(4, 123.45, 2.0, None),
        at(5, 261.0, 0.0, 150),
    ]


def test_each_file_of_a_chain_adds_its_packed_distance_up_from_0() -> None:
    # Two files chained, each starting its total at 0 m (the accumulated field's value before
    # any record): a first record of 0 is 0 m, not a 256 m rollover, in both files.
    packed_only = definition(1, 20, [(253, 4, UINT32), (8, 3, BYTE_ARRAY)])

    def record(t: int, field8: bytes) -> bytes:
        return bytes([1]) + struct.pack("<I", START + t) + field8

    one = FILE_ID + packed_only + record(0, packed(300, 0)) + record(5, packed(300, 240))
    two = FILE_ID + packed_only + record(10, packed(300, 0)) + record(15, packed(300, 48))
    _, records, _ = skim("x.fit", fit_file(one) + fit_file(two), 100)
    assert records == [
        at(0, 0.0, 3.0, None),
        at(5, 15.0, 3.0, None),  # 240/16
        at(10, 0.0, 3.0, None),
        at(15, 3.0, 3.0, None),  # 48/16
    ]


def test_every_stop_within_a_step_counts_once() -> None:
    # Four stops of the watch's timer inside one 0..50 s step: 10 s, one begun and ended in
    # the same second (0 s), 10 s, and 2 s: 22 s stood, each stop counted once.
    stops = [(10.0, 20.0), (25.0, 25.0), (30.0, 40.0), (42.0, 44.0)]
    assert _stopped_within(stops, 0.0, 50.0) == 22.0
    # A step beginning inside the second stop of this list: the first is passed over, 5 + 2.
    assert _stopped_within([(0.0, 5.0), (20.0, 30.0), (32.0, 34.0)], 25.0, 50.0) == 7.0


def test_a_timer_started_and_never_stopped_never_stood() -> None:
    # An event message (21): event 0 (timer), event_type 0 (start), then 0 again, no stop.
    event = definition(3, 21, [(253, 4, UINT32), (0, 1, UINT8), (1, 1, UINT8)])
    starts = b"".join(bytes([3]) + struct.pack("<I", START + t) + bytes([0, 0]) for t in (0, 9))
    _, _, stops = skim("x.fit", fit_file(FILE_ID + event + starts), 100)
    assert stops == []
