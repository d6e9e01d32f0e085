"""The FIT framing the skim reads itself (the SDK's "FIT File Structure"): 14-byte headers and
their checksum, chained files, padding, compressed timestamps, developer fields, and each way
a file can be cut or damaged.

The files are written byte by byte here, by a small encoder independent of the bot's (its
CRC-16/ARC computed bit by bit), or taken from the committed samples.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.activity_files import FileFormat, ParsedRun
from tests.activity_files.reading import NO_TOTAL, expected_run, read_as, refusal_of

DATA = Path(__file__).resolve().parent.parent / "data"
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
# A start whose low five bits are 28, so compressed times roll over four seconds in.
START = 1_117_000_000 - 1_117_000_000 % 32 + 28
CUT_SHORT = (
    "x.fit: it is cut short: the file ends before its last record; send it again, or export "
    "it again from your watch app"
)


def damaged(why: str) -> str:
    return f"x.fit: it is damaged ({why}); export it again from your watch app"


def crc_arc(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def fit_file(body: bytes, *, header_size: int = 12, header_crc: int | None = None) -> bytes:
    header = bytes([header_size, 0x10]) + struct.pack("<HI", 2132, len(body)) + b".FIT"
    if header_size == 14:
        header += struct.pack("<H", crc_arc(header) if header_crc is None else header_crc)
    return header + body + struct.pack("<H", crc_arc(header + body))


def definition(
    local: int, number: int, fields: list[tuple[int, int, int]], developer: int = 0
) -> bytes:
    """A definition message: (field number, size, base type) each; `developer` one-byte
    developer fields after them."""
    header = 0x40 | local | (0x20 if developer else 0)
    out = bytes([header, 0, 0]) + struct.pack("<H", number) + bytes([len(fields)])
    out += b"".join(bytes(f) for f in fields)
    if developer:
        out += bytes([developer]) + b"".join(bytes([i, 1, 0]) for i in range(developer))
    return out


UINT8, UINT32, ENUM = 0x02, 0x86, 0x00
FILE_ID = definition(0, 0, [(0, 1, ENUM)]) + bytes([0, 4])  # its type field: 4, activity
SESSION_FIELDS = [(253, 4, UINT32), (2, 4, UINT32), (7, 4, UINT32), (8, 4, UINT32), (5, 1, ENUM)]


def session(local: int, elapsed: int) -> bytes:
    """A running session from START, with no total distance (so the records give it)."""
    values = struct.pack("<IIII", START + elapsed, START, elapsed * 1000, elapsed * 1000)
    return definition(local, 18, SESSION_FIELDS) + bytes([local]) + values + bytes([1])


def run_of(**fields: object) -> ParsedRun:
    start = datetime.fromtimestamp(FIT_EPOCH.timestamp() + START, UTC)
    defaults = {"start": start, "source": FileFormat.FIT, "notes": (NO_TOTAL,)}
    return expected_run(**{**defaults, **fields})


def read(data: bytes) -> list[ParsedRun]:
    return read_as("x.fit", data)


def refusal(data: bytes) -> str:
    return refusal_of("x.fit", data)


def test_compressed_timestamps_roll_over_every_32_seconds() -> None:
    # One record with its full time at START, then one a second for 580 s carrying only the
    # low five bits of their time in the header (local type 2), 3 m each. The last one is
    # where the bits roll over for the 19th time (START + 580 is a multiple of 32), and the
    # session ends with it: 1,740 m in 580 s.
    body = FILE_ID + definition(1, 20, [(253, 4, UINT32), (5, 4, UINT32)])
    body += bytes([1]) + struct.pack("<II", START, 0)
    body += definition(2, 20, [(5, 4, UINT32)])
    for t in range(1, 581):
        body += bytes([0x80 | 2 << 5 | (START + t) & 0x1F]) + struct.pack("<I", 300 * t)
        if t == 100:  # written twice: the same second again, not 32 s later
            body += bytes([0x80 | 2 << 5 | (START + t) & 0x1F]) + struct.pack("<I", 300 * t)
    assert (START + 580) % 32 == 0
    assert read(fit_file(body + session(3, 580))) == [
        run_of(distance_km=1.74, moving_seconds=580, elapsed_seconds=580)
    ]


def test_a_compressed_time_before_any_full_one_is_no_time_of_the_run() -> None:
    # A record with only a compressed time comes first (it counts from the FIT epoch, 35
    # years before the session), then the run as usual: the stray record is not in it.
    stray = definition(3, 20, [(5, 4, UINT32)]) + bytes([0x80 | 3 << 5 | 5]) + bytes(4)
    body = steady_body()
    assert read(fit_file(body[: len(FILE_ID)] + stray + body[len(FILE_ID) :])) == [run_of()]


@pytest.mark.parametrize("fields", [[(253, 4, UINT32)], []], ids=["one field", "no field"])
def test_a_definition_may_be_the_last_message(fields: list[tuple[int, int, int]]) -> None:
    assert read(fit_file(steady_body() + definition(3, 20, fields))) == [run_of()]


def test_developer_fields_are_stepped_over() -> None:
    # Records each with two one-byte developer fields after their own fields.
    body = FILE_ID + definition(1, 20, [(253, 4, UINT32), (5, 4, UINT32)], developer=2)
    for t in range(601):
        body += bytes([1]) + struct.pack("<II", START + t, 300 * t) + b"\x07\x09"
    assert read(fit_file(body + session(2, 600))) == [run_of()]


def steady_body() -> bytes:
    body = FILE_ID + definition(1, 20, [(253, 4, UINT32), (5, 4, UINT32)])
    for t in range(601):
        body += bytes([1]) + struct.pack("<II", START + t, 300 * t)
    return body + session(2, 600)


def test_a_14_byte_header_is_read_with_or_without_its_checksum() -> None:
    assert read(fit_file(steady_body(), header_size=14)) == [run_of()]
    # 0 means the writer did not compute it.
    assert read(fit_file(steady_body(), header_size=14, header_crc=0)) == [run_of()]


def test_a_wrong_header_checksum_is_damage() -> None:
    body = steady_body()
    header = bytes([14, 0x10]) + struct.pack("<HI", 2132, len(body)) + b".FIT"
    expected = damaged("its header checksum is wrong")
    assert refusal(fit_file(body, header_size=14, header_crc=crc_arc(header) ^ 1)) == expected
    # A header alone, its checksum wrong: the checksum is what is wrong.
    alone = bytes([14, 0x10]) + struct.pack("<HI", 2132, 0) + b".FIT"
    assert refusal(alone + struct.pack("<H", crc_arc(alone) ^ 1)) == expected


def test_chained_files_and_zero_padding_are_read() -> None:
    first = (DATA / "easy_run.fit").read_bytes()
    second = (DATA / "two_runs.fit").read_bytes()
    alone = read(first) + read(second)
    assert len(alone) == 3
    assert read(first + second) == alone
    assert read(first + b"\x00" * 16) == read(first)


def test_bytes_after_the_file_that_are_not_fit_are_damage() -> None:
    first = (DATA / "easy_run.fit").read_bytes()
    assert refusal(first + b"\xff" * 20) == damaged(f"unexpected bytes at byte {len(first)}")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x0c\x10\x54\x08\x00\x00\x00\x00.FIT", id="a 12-byte header alone"),
        pytest.param(b"\x0e\x10\x54\x08\x00\x00\x00\x00.FIT\x01", id="cut inside the header"),
        pytest.param((DATA / "easy_run.fit").read_bytes()[:-1], id="cut inside the checksum"),
    ],
)
def test_a_file_cut_before_its_checksum_is_cut_short(data: bytes) -> None:
    assert refusal(data) == CUT_SHORT


@pytest.mark.parametrize(
    ("body", "why"),
    [
        pytest.param(FILE_ID + b"\x41\x00", "a definition at byte 23 is cut off", id="definition"),
        pytest.param(
            FILE_ID + definition(1, 20, [(253, 4, UINT32)], developer=3)[:-2],
            "a definition at byte 23 is cut off",
            id="developer fields",
        ),
        pytest.param(
            FILE_ID + b"\x01" + struct.pack("<I", START),
            "a message at byte 23 has no definition",
            id="no definition",
        ),
        pytest.param(
            FILE_ID + definition(1, 20, [(253, 4, UINT32)]) + b"\x01\x00\x00",
            "a message at byte 32 is cut off",
            id="message",
        ),
    ],
)
def test_damage_inside_the_file_is_named(body: bytes, why: str) -> None:
    assert refusal(fit_file(body)) == damaged(why)


def test_big_endian_records_with_a_speed_and_a_heart_rate_are_read() -> None:
    # Records written big-endian (architecture 1): time, speed (field 6, mm/s) and heart
    # rate, every second for 600 s at 3 m/s (1,800 m) and 150 bpm; the heart rate at 100 s
    # holds the invalid value (all bits set), so it is absent and the rate before holds.
    fields = bytes([253, 4, UINT32, 6, 2, 0x84, 3, 1, UINT8])
    body = FILE_ID + bytes([0x41, 0, 1]) + struct.pack(">H", 20) + bytes([3]) + fields
    for t in range(601):
        hr = 0xFF if t == 100 else 150
        body += bytes([1]) + struct.pack(">IHB", START + t, 3000, hr)
    assert read(fit_file(body + session(2, 600))) == [run_of(avg_hr=150, max_hr=150)]


def test_an_invalid_distance_is_an_absent_one() -> None:
    # The record at 300 s holds distance 0xFFFFFFFF ("invalid"): it is left out, not read
    # as 42,949 km.
    body = FILE_ID + definition(1, 20, [(253, 4, UINT32), (5, 4, UINT32)])
    for t in range(601):
        body += bytes([1]) + struct.pack("<II", START + t, 0xFFFFFFFF if t == 300 else 300 * t)
    assert read(fit_file(body + session(2, 600))) == [run_of()]


def test_a_compressed_speed_and_distance_is_added_up_across_its_rollovers() -> None:
    # A footpod watch without GPS (the Forerunner 70) packs speed and distance into field 8,
    # three bytes (FIT profile, record.compressed_speed_distance): speed in the low 12 bits
    # in cm/s, distance in the high 12 in sixteenths of a metre, accumulated. A record every
    # 5 s for 600 s at 3 m/s: 300 cm/s, 15 m (240 sixteenths) a step; the 12 bits hold
    # 4,096 sixteenths (256 m), so they roll over 7 times on the way to 1,800 m (28,800).
    byte_array = 0x0D
    body = FILE_ID + definition(1, 20, [(253, 4, UINT32), (8, 3, byte_array)])
    for t in range(0, 601, 5):
        packed = 300 | (240 * t // 5 % 4096) << 12
        body += bytes([1]) + struct.pack("<I", START + t) + packed.to_bytes(3, "little")
    assert (240 * 600 // 5) // 4096 == 7
    assert read(fit_file(body + session(2, 600))) == [run_of()]


def test_a_definition_fitdecode_cannot_decode_is_damage() -> None:
    # easy_run.fit with its file_id's time_created (the definition's fifth field, base type at
    # byte 32) declared an enum of 4 bytes: the framing is whole, the message is not.
    data = bytearray((DATA / "easy_run.fit").read_bytes()[:-2])
    assert data[32] == UINT32
    data[32] = ENUM
    data += struct.pack("<H", crc_arc(bytes(data)))
    assert refusal(bytes(data)) == damaged("fitdecode: TypeError")


def test_the_file_type_is_read_wherever_its_field_sits() -> None:
    # A settings file (type 2) whose file_id lists the manufacturer before the type.
    file_id = (
        definition(0, 0, [(1, 2, 0x84), (0, 1, ENUM)]) + bytes([0]) + struct.pack("<HB", 255, 2)
    )
    assert refusal(fit_file(file_id)) == "x.fit: it is a FIT settings file, not a recorded activity"


@pytest.mark.parametrize(
    ("ascent_field", "value", "ascent"),
    [
        pytest.param((22, 2, 0x84), struct.pack("<H", 37), 37, id="one uint16: 37 m"),
        pytest.param((22, 4, 0x84), struct.pack("<HH", 37, 40), None, id="two uint16 values"),
        pytest.param((22, 2, 0x07), b"37", None, id="a string"),
    ],
)
def test_a_total_ascent_that_is_not_one_whole_number_is_no_ascent(
    ascent_field: tuple[int, int, int], value: bytes, ascent: int | None
) -> None:
    # The session's total_ascent (field 22) is one uint16 in the FIT profile; a file that
    # declares it as an array or a string gives fitdecode a tuple or a text, no climb.
    values = struct.pack("<IIII", START + 600, START, 600_000, 600_000)
    with_ascent = definition(2, 18, [*SESSION_FIELDS, ascent_field])
    body = steady_body().removesuffix(session(2, 600))
    body += with_ascent + bytes([2]) + values + bytes([1]) + value
    assert read(fit_file(body)) == [run_of(elevation_gain_m=ascent)]
