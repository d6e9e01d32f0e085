"""FIT files timed from when the watch was switched on (watches without GPS: the Forerunner 60
and 70), placed by the one date they hold, the watch's own clock at the end of the run, read
in the member's zone.

The shape of fitdecode's tests/files/compressed-speed-distance.fit (a Forerunner 70): every
time below 0x10000000, which the FIT profile defines as seconds since the device was switched
on; its activity message's local_timestamp, a local_date_time, is what the watch's clock read
at that message's timestamp. Each file is written here with fit-tool; each moment is worked
out by hand from the zone's rules.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.activity_message import ActivityMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import FileType, Manufacturer, Sport

from bot.activity_files import ActivityFileError, FileFormat, ParsedRun, parse_activity_file
from bot.activity_files.fit_clock import WatchClock, is_system_time
from tests.activity_files.reading import expected_run

SWITCHED_ON = 17_217_864  # the Forerunner 70 file's session start_time
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
READ_AS = "the file has no time zone, only the watch's clock: its times are read as "


def switched_on(seconds: int) -> int:
    """fit-tool's milliseconds for a raw FIT time (it adds the FIT epoch's Unix seconds)."""
    return (seconds + 631065600) * 1000


def watch_file(ended: datetime | None) -> bytes:
    """A 600 s run at 3 m/s, a record every 5 s, all in seconds since switch-on; `ended` is
    what the watch's clock read as it ended (the activity message's local_timestamp, naive),
    None for a file without an activity message."""
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.GARMIN.value
    file_id.time_created = switched_on(SWITCHED_ON)
    builder.add(file_id)
    for t in range(0, 601, 5):
        record = RecordMessage()
        record.timestamp = switched_on(SWITCHED_ON + t)
        record.distance = 3.0 * t
        builder.add(record)
    session = SessionMessage()
    session.timestamp = switched_on(SWITCHED_ON + 600)
    session.start_time = switched_on(SWITCHED_ON)
    session.sport = Sport.RUNNING
    session.total_elapsed_time = 600.0
    session.total_timer_time = 600.0
    session.total_distance = 1800.0
    builder.add(session)
    if ended is not None:
        activity = ActivityMessage()
        activity.timestamp = switched_on(SWITCHED_ON + 600)
        # A local_date_time: seconds from the FIT epoch's wall time, in the watch's zone.
        activity.local_timestamp = int((ended.replace(tzinfo=UTC) - FIT_EPOCH).total_seconds())
        builder.add(activity)
    return bytes(builder.build().to_bytes())


def placed(start: datetime, note: str) -> ParsedRun:
    return expected_run(start=start, source=FileFormat.FIT, watch_clock=note)


def refusal(data: bytes, zone: ZoneInfo | None) -> str:
    with pytest.raises(ActivityFileError) as caught:
        parse_activity_file("x.fit", data, zone)
    return str(caught.value)


def test_the_file_is_placed_by_the_watchs_clock_in_the_zone_given() -> None:
    # The clock read 08:10 on 1 June 2025 as the run ended; London is on BST (UTC+1) then:
    # the end is 07:10 UTC, and the start 600 system seconds before it, 07:00 UTC.
    data = watch_file(datetime(2025, 6, 1, 8, 10))
    assert parse_activity_file("x.fit", data, LONDON) == [
        placed(datetime(2025, 6, 1, 7, 0, tzinfo=UTC), READ_AS + "Europe/London time")
    ]
    # The same clock in New York (EDT, UTC-4): 12:10 UTC at the end, 12:00 at the start.
    assert parse_activity_file("x.fit", data, ZoneInfo("America/New_York")) == [
        placed(datetime(2025, 6, 1, 12, 0, tzinfo=UTC), READ_AS + "America/New_York time")
    ]


def test_a_clock_time_shown_twice_as_the_clocks_go_back_is_the_first() -> None:
    # London's clocks went back at 02:00 BST on 26 October 2025 (01:00 UTC): 01:30 came at
    # 00:30 UTC (BST) and again at 01:30 UTC (GMT). The first is taken: the run ended at
    # 00:30 UTC and started at 00:20.
    data = watch_file(datetime(2025, 10, 26, 1, 30))
    assert parse_activity_file("x.fit", data, LONDON) == [
        placed(
            datetime(2025, 10, 26, 0, 20, tzinfo=UTC),
            READ_AS + "Europe/London time; its clock read 01:30 as the run ended, which"
            " Europe/London shows twice that night: the first is taken, so give the when"
            " option if it was the second",
        )
    ]


def test_a_clock_time_the_zone_skips_is_read_with_the_offset_before_the_change() -> None:
    # London's clocks went forward at 01:00 GMT on 30 March 2025, straight to 02:00 BST:
    # 01:30 never showed there. Read at GMT, the offset before the change (a watch not yet
    # moved on), it is 01:30 UTC; the run started at 01:20 UTC.
    data = watch_file(datetime(2025, 3, 30, 1, 30))
    assert parse_activity_file("x.fit", data, LONDON) == [
        placed(
            datetime(2025, 3, 30, 1, 20, tzinfo=UTC),
            READ_AS + "Europe/London time; its clock read 01:30 as the run ended, which"
            " Europe/London skips that night: it is read with the offset before the clocks"
            " went forward",
        )
    ]


def test_without_the_watchs_clock_time_the_file_is_refused_saying_so() -> None:
    # No activity message: every time counts from switch-on, and nothing says when that was.
    assert refusal(watch_file(None), LONDON) == (
        "x.fit: its times count from when the watch was switched on and it holds no date, not"
        " even the watch's clock time, so the run cannot be placed in time; type the run"
        " instead, with its distance, minutes and when"
    )


def test_the_watchs_clock_without_a_zone_to_read_it_in_is_refused() -> None:
    assert refusal(watch_file(datetime(2025, 6, 1, 8, 10)), None) == (
        "x.fit: its only date is the watch's clock time, in no time zone, and no zone was"
        " given to read it in"
    )


def test_system_time_ends_where_the_fit_profile_says_dates_begin() -> None:
    # The FIT profile's date_time: "if date_time is < 0x10000000 then it is system time
    # (seconds from device power on)"; 0x10000000 itself is a date, 1998-07-03 21:24:16.
    assert is_system_time(0x0FFFFFFF)
    assert not is_system_time(0x10000000)
    assert not is_system_time(True)  # fitdecode never gives one; a bool is no time
    assert WatchClock.of_activity(SWITCHED_ON, 0x0FFFFFFF) is None  # no date on the clock
    assert WatchClock.of_activity(SWITCHED_ON, 0x10000000) == WatchClock(
        SWITCHED_ON, FIT_EPOCH.replace(tzinfo=None) + timedelta(seconds=0x10000000)
    )
    assert FIT_EPOCH + timedelta(seconds=0x10000000) == datetime(1998, 7, 3, 21, 24, 16, tzinfo=UTC)


def test_a_dated_activity_needs_no_watch_clock() -> None:
    # An activity whose own timestamp is a date (every watch with GPS) is placed by it; its
    # local_timestamp only says the wearer's offset, and places nothing.
    dated = 0x10000000 + 1_000_000
    assert WatchClock.of_activity(dated, dated + 3_600) is None
    assert WatchClock.of_activity(SWITCHED_ON, None) is None  # fitdecode's invalid field
