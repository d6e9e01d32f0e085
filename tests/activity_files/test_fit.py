"""FIT files as watches write them, beyond the committed samples: sessions missing a start,
an elapsed time, a timer or a total; records with only a speed, or no distance at all, or
times going back; heart rate only in the records; file types that are not activities.

Each file is written here with fit-tool (an encoder independent of the fitdecode reader);
each figure is worked out by hand in its test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.activity_message import ActivityMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import Activity, FileType, Manufacturer, Sport, SubSport

from bot.activity_files import FileFormat, ParsedRun
from bot.activity_files.fit_skim import _CRC_TABLE, _crc_table, crc16
from tests.activity_files.reading import NO_TOTAL, expected_run, read_as, refusal_of

T0 = datetime(2025, 6, 1, 7, 0, tzinfo=UTC)


def ms(seconds: float) -> int:
    return round((T0 + timedelta(seconds=seconds)).timestamp() * 1000)


@dataclass
class Rec:
    t: float  # seconds from T0
    metres: float | None = None
    speed: float | None = None  # m/s, written as enhanced_speed
    hr: int | None = None


@dataclass
class Session:
    start: float | None = 0.0  # start_time, seconds from T0
    end: float | None = None  # the message's timestamp; default start + elapsed
    elapsed: float | None = 600.0
    timer: float | None = 600.0
    distance: float | None = 1800.0
    avg_hr: int | None = None
    max_hr: int | None = None
    sport: Sport | None = Sport.RUNNING
    sub_sport: SubSport | None = None
    # A start_time in seconds since the watch was switched on (below 0x10000000), not `start`.
    switched_on: int | None = None


def fit(
    sessions: list[Session],
    records: list[Rec],
    *,
    file_type: FileType = FileType.ACTIVITY,
    activity: Activity | None = None,
) -> bytes:
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = file_type
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = 0x1234
    file_id.time_created = ms(0)
    builder.add(file_id)
    for r in records:
        record = RecordMessage()
        record.timestamp = ms(r.t)
        if r.metres is not None:
            record.distance = r.metres
        if r.speed is not None:
            record.enhanced_speed = r.speed
        if r.hr is not None:
            record.heart_rate = r.hr
        builder.add(record)
    for s in sessions:
        session = SessionMessage()
        end = s.end
        if end is None and s.start is not None and s.elapsed is not None:
            end = s.start + s.elapsed
        if end is not None:
            session.timestamp = ms(end)
        if s.start is not None:
            session.start_time = ms(s.start)
        if s.switched_on is not None:  # fit-tool's milliseconds since the FIT epoch's
            session.start_time = (s.switched_on + 631065600) * 1000
        if s.sport is not None:
            session.sport = s.sport
        if s.sub_sport is not None:
            session.sub_sport = s.sub_sport
        if s.elapsed is not None:
            session.total_elapsed_time = s.elapsed
        if s.timer is not None:
            session.total_timer_time = s.timer
        if s.distance is not None:
            session.total_distance = s.distance
        if s.avg_hr is not None:
            session.avg_heart_rate = s.avg_hr
        if s.max_hr is not None:
            session.max_heart_rate = s.max_hr
        builder.add(session)
    if activity is not None:
        message = ActivityMessage()
        message.timestamp = ms(600)
        message.type = activity
        builder.add(message)
    return bytes(builder.build().to_bytes())


def steady(
    start: float, stop: float, speed: float, *, every: float = 1.0, at: float = 0.0
) -> list[Rec]:
    """A record every `every` s from `start` to `stop`, the distance `at` + speed * time."""
    count = round((stop - start) / every)
    return [Rec(start + i * every, at + speed * i * every) for i in range(count + 1)]


def read(data: bytes) -> list[ParsedRun]:
    return read_as("x.fit", data)


def refusal(data: bytes) -> str:
    return refusal_of("x.fit", data)


def run_of(**fields: object) -> ParsedRun:
    return expected_run(**{"start": T0, "source": FileFormat.FIT, **fields})


def test_the_checksum_is_crc_16_arc() -> None:
    # The catalogue's check value of CRC-16/ARC (poly 0x8005 reflected, init 0): 0xBB3D.
    assert crc16(b"123456789") == 0xBB3D
    assert _crc_table() == _CRC_TABLE


def test_the_records_run_to_the_end_of_the_session() -> None:
    # 600 s at 3 m/s to the last second: the record at the session's very end counts.
    assert read(fit([Session()], steady(0, 600, 3.0))) == [run_of()]


def test_speed_only_records_give_the_distance_and_the_moving_time() -> None:
    # A record every 2 s with only a speed: 3 m/s for 300 s, then 0 (standing) to 600 s.
    # Each speed holds until the next record: 900 m. The standing counts while the 10 s
    # around a step still hold 3 m of running: the steps from 300 to 304 s (304 s moving;
    # the window of the step from 302 s, [298, 308], holds 6 m).
    records = [Rec(t, speed=3.0 if t < 300 else 0.0) for t in range(0, 601, 2)]
    run = read(fit([Session(timer=600, distance=None)], records))
    assert run == [run_of(distance_km=0.9, moving_seconds=304, notes=(NO_TOTAL,))]


def test_the_records_own_distance_is_preferred_to_their_speed() -> None:
    # Distance 3 m a second, speed 2 m/s (a footpod out of step): the distance is read.
    records = [Rec(t, metres=3.0 * t, speed=2.0) for t in range(601)]
    assert read(fit([Session(distance=None)], records)) == [run_of(notes=(NO_TOTAL,))]


def test_a_later_session_measures_its_records_from_their_own_first_distance() -> None:
    # The second session's records carry on from the first's 1,800 m (a FIT distance runs
    # through the file); its own run is the 1,800 m from there.
    first = steady(0, 600, 3.0)
    second = steady(1200, 1800, 3.0, at=1800.0)
    sessions = [Session(), Session(start=1200, distance=None)]
    assert read(fit(sessions, first + second)) == [
        run_of(),
        run_of(start=T0 + timedelta(seconds=1200), notes=(NO_TOTAL,)),
    ]


def test_records_without_distance_leave_moving_time_to_the_timer() -> None:
    # A treadmill without a footpod: heart rate only, a record every 10 s for 1,800 s; the
    # timer ran 1,700 s (auto-pause). No session total: no distance at all.
    records = [Rec(t, hr=140) for t in range(0, 1801, 10)]
    session = Session(elapsed=1800, timer=1700, distance=None)
    assert read(fit([session], records)) == [
        run_of(distance_km=None, moving_seconds=1700, elapsed_seconds=1800, avg_hr=140, max_hr=140)
    ]


def test_without_records_or_timer_the_moving_time_is_the_elapsed_time() -> None:
    assert read(fit([Session(elapsed=600, timer=None)], [])) == [run_of()]
    assert read(fit([Session(elapsed=600, timer=550)], [])) == [run_of(moving_seconds=550)]


def test_two_records_are_enough_to_judge_moving_time_by() -> None:
    # 1,800 m across one 600-second step: moving. The session's 660 s elapsed, no timer.
    records = [Rec(0, 0.0), Rec(600, 1800.0)]
    run = read(fit([Session(elapsed=660, timer=None, distance=None)], records))
    assert run == [run_of(elapsed_seconds=660, notes=(NO_TOTAL,))]


@pytest.mark.parametrize(
    "times", [pytest.param((0, 600), id="two records"), pytest.param((0, 300, 600), id="three")]
)
def test_a_session_without_elapsed_or_timer_time_spans_its_records(times: tuple[int, ...]) -> None:
    records = [Rec(t, 3.0 * t) for t in times]
    session = Session(elapsed=None, timer=None, distance=None, end=600)
    assert read(fit([session], records)) == [run_of(notes=(NO_TOTAL,))]


@pytest.mark.parametrize("end", [590, None], ids=["its end at 590 s", "no end"])
def test_a_session_without_elapsed_time_takes_the_timer_time(end: float | None) -> None:
    # Timer 590 s, records to 600 s: the session ends at 590 s, the last 10 records with it,
    # whether its timestamp says so or it has none (then the timer's time runs from its start).
    session = Session(elapsed=None, timer=590, distance=1770, end=end)
    assert read(fit([session], steady(0, 600, 3.0))) == [
        run_of(distance_km=1.77, moving_seconds=590, elapsed_seconds=590)
    ]


@pytest.mark.parametrize(
    "end",
    [
        pytest.param(None, id="no end"),
        pytest.param(0, id="its end at its start"),
        pytest.param(-60, id="its end a minute before its start"),
    ],
)
@pytest.mark.parametrize(
    "times", [pytest.param((0, 600), id="two records"), pytest.param((0, 300, 600), id="three")]
)
def test_a_session_without_any_duration_spans_its_records(
    end: float | None, times: tuple[int, ...]
) -> None:
    # No elapsed or timer time, and no end after the start to tell one: the records from the
    # start, 0 to 600 s at 3 m/s, are the run (1,800 m in 600 s).
    records = [Rec(t, 3.0 * t) for t in times]
    session = Session(elapsed=None, timer=None, distance=None, end=end)
    assert read(fit([session], records)) == [run_of(notes=(NO_TOTAL,))]


def test_a_session_without_a_duration_or_records_is_refused() -> None:
    # A start, but no end (timestamp), elapsed or timer time, and one record.
    session = Session(elapsed=None, timer=None)
    assert refusal(fit([session], [Rec(0, 0.0)])) == "x.fit: its session has no duration"


def test_the_start_is_the_sessions_start_time_not_its_end_less_its_length() -> None:
    # The watch saved the session 5 s after the run ended: the start is still start_time.
    assert read(fit([Session(end=605)], steady(0, 600, 3.0))) == [run_of()]


def test_a_session_without_a_start_time_starts_its_elapsed_time_before_its_end() -> None:
    session = Session(start=None, end=600)
    assert read(fit([session], steady(0, 600, 3.0))) == [run_of()]


def test_a_session_without_a_start_or_an_end_is_refused() -> None:
    session = Session(start=None, end=None)
    assert refusal(fit([session], steady(0, 600, 3.0))) == "x.fit: its session has no start time"


def test_a_session_dated_at_its_end_only_starts_its_elapsed_time_before_its_end() -> None:
    # A watch whose clock was set during the run (by its GPS fix after a reset) dates the
    # session's end but not its start, still seconds since it was switched on: placed by its
    # end, as a session without a start time is, not refused as a file with no date at all.
    session = Session(start=None, end=600, switched_on=17_217_864)
    assert read(fit([session], steady(0, 600, 3.0))) == [run_of()]


def test_the_session_total_at_exactly_97_percent_of_the_records_is_trusted() -> None:
    # The records ran 1,000 m; a session total of 970 m is 97%: kept. 900 m is short by
    # more than 3%: the records' 1,000 m, and the member is told.
    records = steady(0, 400, 2.5)
    (kept,) = read(fit([Session(elapsed=400, timer=400, distance=970)], records))
    (short,) = read(fit([Session(elapsed=400, timer=400, distance=900)], records))
    assert (kept.distance_km, kept.notes) == (0.97, ())
    assert (short.distance_km, short.notes) == (
        1.0,
        (
            "distance from the track points: the session's total is only 90% of the distance "
            "recorded",
        ),
    )


def test_heart_rate_comes_from_the_records_when_the_session_has_none() -> None:
    # 300 s at 140 bpm, 300 s at 160 (max 171 once): weighted by time, 150.
    records = [
        Rec(r.t, r.metres, hr=171 if r.t == 450 else 140 if r.t < 300 else 160)
        for r in steady(0, 600, 3.0)
    ]
    assert read(fit([Session()], records)) == [run_of(avg_hr=150, max_hr=171)]
    # The session's own figures win over the records'.
    assert read(fit([Session(avg_hr=148, max_hr=170)], records)) == [run_of(avg_hr=148, max_hr=170)]


def test_records_whose_time_goes_back_are_left_out_and_counted() -> None:
    records = steady(0, 600, 3.0)
    # Five records stamped a minute early in the middle of the run.
    for i in range(300, 305):
        records[i] = Rec(records[i].t - 60, records[i].metres)
    assert read(fit([Session()], records)) == [
        run_of(notes=("5 points whose time went back were left out",))
    ]


def test_a_session_without_a_sport_is_named_as_such() -> None:
    assert refusal(fit([Session(sport=None)], steady(0, 600, 3.0))) == (
        "x.fit: it is recorded as no sport (generic), not as a run; only runs are read"
    )


def test_a_running_sub_sport_keeps_its_own_name() -> None:
    session = Session(sub_sport=SubSport.INDOOR_RUNNING)
    assert read(fit([session], steady(0, 600, 3.0))) == [run_of(sport="indoor running")]


def test_a_fit_file_of_another_type_is_named() -> None:
    assert refusal(fit([], [], file_type=FileType.SETTINGS)) == (
        "x.fit: it is a FIT settings file, not a recorded activity"
    )


def test_an_activity_message_without_a_session_is_no_run() -> None:
    data = fit([], steady(0, 600, 3.0), activity=Activity.MANUAL)
    assert refusal(data) == "x.fit: it has no session in it, so no run to read"
