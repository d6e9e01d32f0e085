"""/run with a FIT file timed from when the watch was switched on (a Forerunner 60 or 70,
no GPS), end to end: the real file in as Discord sends it, the reply checked, the run read
back from the store. Its one date is the watch's own clock, in no zone: the run is placed by
it in the member's zone (the club's when they set none), and the reply says so.

The real file ran on 13 February 2012, and a log reaches 366 days back at most; the
harness's Discord ids cannot be made for a moment before Discord's epoch (2015). So the
watch's clock in it (the activity's local_timestamp, its only date) is moved on by 4,749
days, 13 years to the day, to 13 February 2025 (New York on EST both times), and its
checksum written again; nothing else in it changes. The expected figures are worked out
from the file's own fields, decoded here with fitdecode (the bot decodes its records with
its own skimmer), not from the bot.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import fitdecode
import pytest
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import FileType, Manufacturer, Sport

from tests.activity_files.test_fit_clock import SWITCHED_ON, switched_on, watch_file
from tests.activity_files.test_fit_framing import crc_arc
from tests.data.real.reference import ENV, corpus_folder
from tests.discord.harness import FakeAttachment, FakeClock, Harness

NAME = "fitdecode-compressed-speed-distance.fit"
FOLDER = corpus_folder()
EXPECTED: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parent.parent / "data" / "real" / "expected.json").read_text()
)[NAME]
# A week after the run, moved to 13 February 2025.
NOW = datetime(2025, 2, 20, 12, 0, tzinfo=UTC)
MOVED_ON = 4749 * 86400  # 2012-02-13 to 2025-02-13: 13 years of 365 days and 4 leap days
LOCAL_TIMESTAMP_AT = 78  # the activity message's local_timestamp, its only copy in the file
real_file = pytest.mark.skipif(
    FOLDER is None, reason=f"no real watch-file corpus: set {ENV} (see tests/data/real/SOURCES.md)"
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


def moved_file() -> bytes:
    """The real file, its watch's clock 4,749 days later, its checksum written again."""
    assert FOLDER is not None
    data = bytearray((FOLDER / NAME).read_bytes())
    at = slice(LOCAL_TIMESTAMP_AT, LOCAL_TIMESTAMP_AT + 4)
    assert int.from_bytes(data[at], "little") == 698_070_063
    data[at] = (698_070_063 + MOVED_ON).to_bytes(4, "little")
    body = bytes(data[:-2])
    return body + crc_arc(body).to_bytes(2, "little")


def fields() -> dict[str, Any]:
    """The moved file's session and activity fields, raw (fitdecode reads a system time as
    the number it is, and a local_date_time as if it were UTC)."""
    found: dict[str, Any] = {}
    with fitdecode.FitReader(moved_file()) as reader:
        for frame in reader:
            if frame.frame_type == fitdecode.FIT_FRAME_DATA and frame.name in (
                "session",
                "activity",
            ):
                found[frame.name] = {f.name: f.raw_value for f in frame.fields}
    return found


def started(zone: str) -> datetime:
    """The run's start from its fields: the watch's clock as the run ended, read in `zone`,
    less the system seconds from the session's start to the activity message."""
    decoded = fields()
    activity, session = decoded["activity"], decoded["session"]
    ended = datetime(1989, 12, 31) + timedelta(seconds=activity["local_timestamp"])
    run_for = timedelta(seconds=activity["timestamp"] - session["start_time"])
    return ended.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC) - run_for


async def stored(h: Harness) -> dict[str, Any]:
    [row] = await h.store.db.all("SELECT * FROM runs ORDER BY id")
    return dict(row)


def at_utc(value: Any) -> datetime:
    """A stored moment as aware UTC, whichever backend stored it."""
    if isinstance(value, datetime):  # PostgreSQL's timestamptz
        return value.astimezone(UTC)
    return datetime.fromtimestamp(int(value), UTC)  # SQLite's epoch seconds


@real_file
async def test_the_forerunner_70_run_is_logged_at_the_watchs_clock_in_the_members_zone(
    harness: Harness,
) -> None:
    # The file's fields: activity local_timestamp 698,070,063 s after 1989-12-31 00:00 on the
    # watch's clock, i.e. 2012-02-13 12:21:03 (2025-02-13 moved on), at system second
    # 17,221,751 (the activity's timestamp); the session's start_time is system second
    # 17,217,864, 3,887 s before: 11:16:16 on the watch's clock. In New York (EST, UTC-5 in
    # February): 16:16:16 UTC. total_distance 1,024,867 cm = 10.249 km; total_elapsed_time
    # 3,883,273 ms = 3,883 s.
    assert started("America/New_York") == datetime(2025, 2, 13, 16, 16, 16, tzinfo=UTC)
    session = fields()["session"]
    assert (session["total_distance"], session["total_elapsed_time"]) == (1_024_867, 3_883_273)
    await harness.invoke("profile", {"timezone": "America/New_York"})
    data = moved_file()
    result = await harness.invoke("run", {"file": FakeAttachment("forerunner.fit", data)})
    row = await stored(harness)
    assert at_utc(row["at"]) == started("America/New_York")
    assert row["distance_km"] == 10.249
    assert row["elapsed_seconds"] == 3883
    # Moving time: reference.py's second reading of the records (a 1-second grid, the timer's
    # stop from 17,218,545 to 17,218,655 never moving), within the corpus's 60 s.
    assert abs(row["moving_seconds"] - EXPECTED["runs"][0]["moving_s"]) <= 60
    assert row["moving_seconds"] <= 3773  # the watch's timer: 3,772.75 s
    text = result.text
    assert f"<t:{int(started('America/New_York').timestamp())}" in text, text
    assert (
        "Note: the file has no time zone, only the watch's clock: its times are read as"
        " America/New\\_York time." in text
    ), text
    assert "club's time zone" not in text


@real_file
async def test_without_a_zone_of_their_own_the_clubs_is_used_and_named(harness: Harness) -> None:
    # The harness club's zone is UTC: the watch's 11:16:16 is 11:16:16 UTC.
    result = await harness.invoke("run", {"file": FakeAttachment("forerunner.fit", moved_file())})
    assert at_utc((await stored(harness))["at"]) == started("UTC")
    assert started("UTC") == datetime(2025, 2, 13, 11, 16, 16, tzinfo=UTC)
    text = result.text
    assert "its times are read as UTC time." in text, text
    assert "Note: that is the club's time zone: /profile timezone sets yours." in text, text


async def test_a_file_without_the_watchs_clock_is_refused_privately_saying_so(
    harness: Harness,
) -> None:
    result = await harness.invoke("run", {"file": FakeAttachment("nodate.fit", watch_file(None))})
    assert result.ephemeral
    assert result.content == (
        "nodate.fit: its times count from when the watch was switched on and it holds no date,"
        " not even the watch's clock time, so the run cannot be placed in time; type the run"
        " instead, with its distance, minutes and when"
    ), result.content
    assert await harness.store.db.all("SELECT * FROM runs") == []


async def test_when_given_the_run_is_placed_by_it_and_no_note_reads_the_watchs_clock(
    harness: Harness,
) -> None:
    # The watch's clock read 01:30 as the 600 s run ended on 27 October 2024, the night London
    # goes back from BST to GMT at 02:00 BST: the file alone is read at the first 01:30 (BST),
    # and its note says to give `when` if it was the second. Given `when` 01:20 (for a log,
    # the latest 01:20 at or before now: the second, GMT, 01:20 UTC), the run is logged then,
    # and no note says its times were read from the watch's clock: they were not. Without
    # `when`: 00:20 UTC (01:30 BST less 600 s).
    await harness.invoke("profile", {"timezone": "Europe/London"})
    data = watch_file(datetime(2024, 10, 27, 1, 30))
    result = await harness.invoke(
        "run",
        {"file": FakeAttachment("fr70.fit", data), "when": "2024-10-27 01:20"},
    )
    text = result.text
    assert at_utc((await stored(harness))["at"]) == datetime(2024, 10, 27, 1, 20, tzinfo=UTC), text
    assert "<t:1729992000:" in text, text  # 2024-10-27 01:20 UTC
    assert "watch's clock" not in text, text
    assert "shows twice" not in text, text
    assert "club's time zone" not in text, text


async def test_when_given_without_a_zone_no_note_names_the_clubs(harness: Harness) -> None:
    # The club's zone is UTC; the watch's 08:10 as the run ended is 08:00 UTC without `when`.
    data = watch_file(datetime(2025, 2, 13, 8, 10))
    result = await harness.invoke(
        "run", {"file": FakeAttachment("fr70.fit", data), "when": "2025-02-13 18:00"}
    )
    assert at_utc((await stored(harness))["at"]) == datetime(2025, 2, 13, 18, 0, tzinfo=UTC)
    assert "watch's clock" not in result.text, result.text
    assert "club's time zone" not in result.text, result.text


async def test_the_same_file_sent_again_after_a_change_of_zone_is_not_logged_twice(
    harness: Harness,
) -> None:
    # Sent first on the club's zone (UTC): the watch's 08:10 as the 600 s run ended is 08:00
    # UTC. The member then sets New York (EST, UTC-5) and sends the same file: its 08:10 is
    # now 13:10 UTC, five hours off, far outside the duplicate window of 2 minutes around the
    # run. It is the same run (the same 1.8 km, 600 s moving and elapsed, started five whole
    # hours off), not a second one, and it is stored once.
    data = watch_file(datetime(2025, 2, 13, 8, 10))
    await harness.invoke("run", {"file": FakeAttachment("fr70.fit", data)})
    await harness.invoke("profile", {"timezone": "America/New_York"})
    again = await harness.invoke("run", {"file": FakeAttachment("fr70.fit", data)})
    rows = await harness.store.db.all("SELECT at FROM runs ORDER BY id")
    assert [at_utc(row["at"]) for row in rows] == [datetime(2025, 2, 13, 8, 0, tzinfo=UTC)]
    assert again.ephemeral
    # 2025-02-13 08:00 UTC is 1739433600.
    assert again.content == (
        "fr70.fit: already logged as R1 at <t:1739433600:f>, its watch's clock read in the"
        " time zone you had then, so not logged again; `/edit entry:R1 when:...` moves it"
    ), again.content


async def test_the_same_workout_at_the_same_time_the_next_day_is_logged(harness: Harness) -> None:
    # The same figures (1.8 km, 600 s) at the same clock time a day later: 24 hours off is a
    # quarter-hours' whole number within 26 hours, but two zones a whole day apart are none a
    # member moves between; it is the next day's run, and logged.
    first = watch_file(datetime(2025, 2, 12, 8, 10))
    await harness.invoke("run", {"file": FakeAttachment("a.fit", first)})
    later = watch_file(datetime(2025, 2, 13, 8, 10))
    result = await harness.invoke("run", {"file": FakeAttachment("b.fit", later)})
    assert "already logged" not in result.text, result.text
    rows = await harness.store.db.all("SELECT at FROM runs ORDER BY id")
    assert [at_utc(row["at"]) for row in rows] == [
        datetime(2025, 2, 12, 8, 0, tzinfo=UTC),
        datetime(2025, 2, 13, 8, 0, tzinfo=UTC),
    ]


async def test_the_same_figures_not_a_zones_difference_off_are_another_run(
    harness: Harness,
) -> None:
    # 5 hours and 1 second off: no two zones' offsets differ so (quarter-hours only).
    await harness.invoke(
        "run", {"file": FakeAttachment("a.fit", watch_file(datetime(2025, 2, 13, 8, 10)))}
    )
    later = watch_file(datetime(2025, 2, 13, 13, 10, 1))
    result = await harness.invoke("run", {"file": FakeAttachment("b.fit", later)})
    assert "already logged" not in result.text, result.text
    assert len(await harness.store.db.all("SELECT id FROM runs")) == 2


async def test_a_start_in_the_future_read_in_the_clubs_zone_says_which_zone(
    harness: Harness,
) -> None:
    # A member in Tokyo (UTC+9) who set no zone, on a club in UTC: the watch's 20:10 on 20
    # February as the run ended is 11:10 UTC, before now (12:00 UTC); read as the club's UTC
    # the run starts at 20:00 UTC, in the future. The watch's clock is right: the refusal
    # names the zone it was read in, and how to set theirs.
    data = watch_file(datetime(2025, 2, 20, 20, 10))
    result = await harness.invoke("run", {"file": FakeAttachment("fr70.fit", data)})
    assert result.ephemeral
    assert result.content == (
        "fr70.fit: the run starts in the future; check your watch's clock or give `when` (the"
        " file's only date is the watch's clock, read as UTC time, the club's time zone:"
        " /profile timezone sets yours)"
    ), result.content
    assert await harness.store.db.all("SELECT * FROM runs") == []


def clock_set_mid_run() -> bytes:
    """A 600 s run at 3 m/s whose watch had its clock set 300 s in: the file's times up to
    then count from switch-on, the later ones (and the session's end) are dated; the
    session's start stays the switch-on count. No activity message: the dated end places it."""
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.GARMIN.value
    file_id.time_created = switched_on(SWITCHED_ON)
    builder.add(file_id)
    ended_ms = int(datetime(2025, 2, 13, 8, 10, tzinfo=UTC).timestamp()) * 1000
    for t in range(0, 601, 5):
        record = RecordMessage()
        record.timestamp = switched_on(SWITCHED_ON + t) if t <= 300 else ended_ms - (600 - t) * 1000
        record.distance = 3.0 * t
        builder.add(record)
    session = SessionMessage()
    session.timestamp = ended_ms
    session.start_time = switched_on(SWITCHED_ON)
    session.sport = Sport.RUNNING
    session.total_elapsed_time = 600.0
    session.total_timer_time = 600.0
    session.total_distance = 1800.0
    builder.add(session)
    return bytes(builder.build().to_bytes())


async def test_a_clock_set_mid_run_keeps_the_timers_moving_time(harness: Harness) -> None:
    # Placed by its dated end (08:10 UTC) less its 600 s: 08:00 UTC. Only the records after
    # the clock was set lie in that window on the dated timeline, 300 s of the 600: the
    # moving time from them alone was 295 s (a 2:44 /km pace for a run at 5:33 /km). The
    # records cannot be placed, so the watch's timer gives it: 600 s, over the session's
    # 1,800 m.
    result = await harness.invoke("run", {"file": FakeAttachment("set.fit", clock_set_mid_run())})
    row = await stored(harness)
    assert at_utc(row["at"]) == datetime(2025, 2, 13, 8, 0, tzinfo=UTC)
    assert (row["moving_seconds"], row["elapsed_seconds"]) == (600, 600), result.text
    assert row["distance_km"] == 1.8
    assert "10:00 moving · 5:33 /km" in result.text, result.text
