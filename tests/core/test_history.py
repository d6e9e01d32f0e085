"""Short entry ids, the /history span and the chart's data: pure functions, checked against
values worked out by hand here."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.history import (
    EntryKind,
    EntryRef,
    entry_label,
    history_chart,
    history_span,
    merged_newest_first,
    parse_entry_ref,
    short_id,
)
from bot.core.models import LegDay, Run, RunType, Units
from bot.core.wording import local_label

UTC_TZ = ZoneInfo("UTC")
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
WINDOW = timedelta(hours=48)
KM_PER_MILE = 1.609344
# Tuesday 24 November 2026, 20:00 UTC (and London: GMT in winter).
NOW = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)


def leg(at: datetime, *, hard: bool = True, id: int = 1) -> LegDay:
    return LegDay(id=id, at=at, is_hard=hard, exercises=4 if hard else 1)


def run(
    at: datetime,
    run_type: RunType = RunType.EASY,
    *,
    km: float | None = None,
    minutes: float | None = None,
    id: int = 1,
) -> Run:
    return Run(id=id, at=at, run_type=run_type, distance_km=km, minutes=minutes)


# --- short ids --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("R34", EntryRef(kind=EntryKind.RUN, id=34)),
        ("r34", EntryRef(kind=EntryKind.RUN, id=34)),
        ("  L 12 ", EntryRef(kind=EntryKind.LEG_DAY, id=12)),
        ("L7", EntryRef(kind=EntryKind.LEG_DAY, id=7)),
        # The whole autocomplete label, when a client sends the name instead of the value.
        ("R34 · Tue 24 Nov 18:00 · tempo 8.0 km", EntryRef(kind=EntryKind.RUN, id=34)),
        ("R" + "9" * 18, EntryRef(kind=EntryKind.RUN, id=10**18 - 1)),
    ],
)
def test_entry_ids_are_read(typed: str, expected: EntryRef) -> None:
    assert parse_entry_ref(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "R",
        "34",
        "X34",
        "R0",
        "R-3",
        "R3.5",
        "R12a",
        "RR12",
        "R" + "9" * 19,  # would overflow SQLite's 64-bit integer
        "R12; DROP TABLE runs",
        "<@123>",
        "R١٢",  # Arabic-Indic digits: int() reads them, the id pattern must not
    ],
)
def test_malformed_entry_ids_are_none(typed: str) -> None:
    assert parse_entry_ref(typed) is None


@given(st.sampled_from(["leg", "run"]), st.integers(min_value=1, max_value=10**18 - 1))
def test_short_ids_read_back(kind: str, number: int) -> None:
    entry: LegDay | Run = leg(NOW, id=number) if kind == "leg" else run(NOW, id=number)
    ref = parse_entry_ref(short_id(entry))
    assert ref is not None
    assert ref.id == number
    assert str(ref) == short_id(entry) == ("L" if kind == "leg" else "R") + str(number)


def test_labels_name_the_entry_in_the_members_zone_and_units() -> None:
    at = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
    tempo = run(at, RunType.TEMPO, km=8.0, minutes=40, id=34)
    assert entry_label(tempo, LONDON, Units.KM, NOW) == "R34 · Tue 24 Nov 18:00 · tempo 8.0 km"
    # 8 km in miles, by hand: 8 / 1.609344 = 4.97 -> "5.0 mi"; 13:00 in New York.
    assert entry_label(tempo, NEW_YORK, Units.MI, NOW) == "R34 · Tue 24 Nov 13:00 · tempo 5.0 mi"
    no_distance = run(at, RunType.INTERVALS, minutes=44.6, id=2)
    assert entry_label(no_distance, UTC_TZ, Units.KM, NOW).endswith("· intervals 44:36")
    light = leg(datetime(2025, 12, 31, 23, 30, tzinfo=UTC), hard=False, id=12)
    # Another year than now's: the year is shown.
    expected = "L12 · Wed 31 Dec 2025 23:30 · leg day LIGHT"
    assert entry_label(light, UTC_TZ, Units.KM, NOW) == expected
    assert len(entry_label(tempo, LONDON, Units.KM, NOW)) <= 100


def test_local_label_follows_summer_time() -> None:
    # 12:00 UTC on 1 July is 13:00 in London (BST).
    assert local_label(datetime(2026, 7, 1, 12, tzinfo=UTC), LONDON) == "Wed 1 Jul 13:00"


def test_merged_newest_first() -> None:
    a = leg(NOW - timedelta(hours=5), id=1)
    b = run(NOW - timedelta(hours=1), id=1)
    c = run(NOW - timedelta(hours=9), id=2)
    same_second_leg = leg(NOW - timedelta(hours=9), id=2)
    assert merged_newest_first([a, same_second_leg], [b, c]) == [b, a, c, same_second_leg]


# --- the span ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "tz", "first_day", "start"),
    [
        (1, UTC_TZ, date(2026, 11, 24), datetime(2026, 11, 24, tzinfo=UTC)),
        (14, UTC_TZ, date(2026, 11, 11), datetime(2026, 11, 11, tzinfo=UTC)),
        # 15:00 in New York; its midnight is 05:00 UTC in November (EST, UTC-5).
        (1, NEW_YORK, date(2026, 11, 24), datetime(2026, 11, 24, 5, tzinfo=UTC)),
        # 90 days back crosses the October DST change: 27 Aug midnight is EDT (UTC-4).
        (90, NEW_YORK, date(2026, 8, 27), datetime(2026, 8, 27, 4, tzinfo=UTC)),
    ],
)
def test_span_is_the_last_local_days(
    days: int, tz: ZoneInfo, first_day: date, start: datetime
) -> None:
    span = history_span(days, NOW, tz)
    assert (span.days, span.first_day, span.start, span.end) == (days, first_day, start, NOW)


@pytest.mark.parametrize("days", [0, 91, -1])
def test_span_refuses_out_of_range_days(days: int) -> None:
    with pytest.raises(ValueError, match="days"):
        history_span(days, NOW, UTC_TZ)


# --- the chart's data -------------------------------------------------------------------------


def test_runs_are_binned_by_the_members_local_day() -> None:
    span = history_span(3, NOW, NEW_YORK)  # 22, 23, 24 Nov in New York
    # 02:00 UTC on the 24th is 21:00 on the 23rd in New York.
    late = run(datetime(2026, 11, 24, 2, tzinfo=UTC), RunType.EASY, km=5, id=1)
    tempo = run(datetime(2026, 11, 22, 15, tzinfo=UTC), RunType.TEMPO, km=8, id=2)
    long = run(datetime(2026, 11, 22, 16, tzinfo=UTC), RunType.LONG, km=20, id=3)
    chart = history_chart(span, [], [late, tempo, long], tz=NEW_YORK, units=Units.KM, window=WINDOW)
    assert chart.distance == ((0.0, 20.0, 8.0), (5.0, 0.0, 0.0), (0.0, 0.0, 0.0))
    assert chart.minutes_only == (0.0, 0.0, 0.0)
    assert chart.day_dates == (date(2026, 11, 22), date(2026, 11, 23), date(2026, 11, 24))
    assert chart.timezone == "America/New_York"


def test_distances_are_in_the_members_units_and_minutes_kept_apart() -> None:
    span = history_span(2, NOW, UTC_TZ)
    runs = [
        run(NOW - timedelta(hours=2), RunType.EASY, km=16.09344, minutes=90, id=1),
        run(NOW - timedelta(hours=3), RunType.INTERVALS, minutes=45, id=2),
        run(NOW - timedelta(hours=30), RunType.HILLS, minutes=30, id=3),
    ]
    chart = history_chart(span, [], runs, tz=UTC_TZ, units=Units.MI, window=WINDOW)
    assert chart.distance[1][0] == pytest.approx(10.0)  # 16.09344 km is 10 miles
    assert chart.minutes_only == (30.0, 45.0)
    assert chart.units is Units.MI
    assert chart.title == "Your last 2 days: 3 runs (10.0 mi), 0 leg days (0 hard)"


def test_hard_leg_days_shade_their_window_light_ones_do_not() -> None:
    span = history_span(7, NOW, UTC_TZ)  # 18-24 Nov
    hard = leg(datetime(2026, 11, 19, 18, tzinfo=UTC), id=1)  # day 1 at 18:00
    light = leg(datetime(2026, 11, 22, 6, tzinfo=UTC), hard=False, id=2)
    chart = history_chart(span, [hard, light], [], tz=UTC_TZ, units=Units.KM, window=WINDOW)
    assert chart.windows == ((1.75, 3.75),)
    assert [(m.x, m.hard) for m in chart.leg_days] == [(1.75, True), (4.25, False)]
    assert chart.window_hours == 48


def test_windows_are_clipped_merged_and_reach_in_from_before_the_span() -> None:
    span = history_span(4, NOW, UTC_TZ)  # 21-24 Nov
    before = leg(datetime(2026, 11, 20, 12, tzinfo=UTC), id=1)  # window ends 22 Nov 12:00
    a = leg(datetime(2026, 11, 21, 18, tzinfo=UTC), id=2)  # overlaps the first
    late = leg(datetime(2026, 11, 24, 12, tzinfo=UTC), id=3)  # runs past the chart's end
    chart = history_chart(span, [late, a, before], [], tz=UTC_TZ, units=Units.KM, window=WINDOW)
    assert chart.windows == ((0.0, 2.75), (3.5, 4.0))
    # Only leg days inside the span are marked; the one before only shades.
    assert [m.x for m in chart.leg_days] == [0.75, 3.5]
    assert chart.title == "Your last 4 days: 0 runs, 2 leg days (2 hard)"


def test_a_window_across_a_dst_change_ends_at_the_wall_clock_time() -> None:
    # London springs forward on Sunday 29 March 2026 at 01:00 UTC.
    now = datetime(2026, 3, 31, 20, tzinfo=UTC)
    span = history_span(5, now, LONDON)  # 27-31 March
    hard = leg(datetime(2026, 3, 28, 18, tzinfo=UTC), id=1)  # Sat 18:00 GMT
    chart = history_chart(span, [hard], [], tz=LONDON, units=Units.KM, window=WINDOW)
    # 48 h later is Mon 30 March 18:00 UTC = 19:00 BST: day 3 plus 19 hours.
    ((start, end),) = chart.windows
    assert start == 1.75
    assert end == pytest.approx(3 + 19 / 24)


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=90 * 24 * 60 - 1),
            st.sampled_from(list(RunType)),
            st.one_of(st.none(), st.floats(min_value=0.1, max_value=300)),
            st.one_of(st.none(), st.floats(min_value=1, max_value=600)),
        ),
        max_size=60,
    ),
    st.sampled_from([Units.KM, Units.MI]),
)
def test_the_chart_keeps_every_run_of_the_span(
    raw: list[tuple[int, RunType, float | None, float | None]], units: Units
) -> None:
    span = history_span(90, NOW, NEW_YORK)
    runs = [
        run(NOW - timedelta(minutes=m), t, km=km, minutes=mins, id=i + 1)
        for i, (m, t, km, mins) in enumerate(raw)
        if NOW - timedelta(minutes=m) >= span.start
    ]
    chart = history_chart(span, [], runs, tz=NEW_YORK, units=units, window=WINDOW)
    factor = 1 / KM_PER_MILE if units is Units.MI else 1.0
    expected_distance = sum(r.distance_km or 0.0 for r in runs) * factor
    expected_minutes = sum(r.minutes or 0.0 for r in runs if r.distance_km is None)
    assert sum(sum(day) for day in chart.distance) == pytest.approx(expected_distance)
    assert sum(chart.minutes_only) == pytest.approx(expected_minutes)
    assert len(chart.distance) == len(chart.minutes_only) == 90


# --- edges (mutation round 2) -----------------------------------------------------------------


def test_labels_of_a_hard_leg_day_a_watch_run_and_an_unsaved_entry() -> None:
    at = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
    assert entry_label(leg(at, id=3), UTC_TZ, Units.KM, NOW).endswith("· leg day HARD")
    watch = Run(id=5, at=at, run_type=RunType.EASY, minutes=19.7, moving_seconds=1180)
    assert entry_label(watch, UTC_TZ, Units.KM, NOW).endswith("· easy 19:40 moving")
    assert short_id(Run(at=at, run_type=RunType.EASY)) == "R?"


def test_entries_of_one_moment_and_kind_are_newest_id_first() -> None:
    at = NOW - timedelta(hours=2)
    first, second = run(at, id=7), run(at, id=8)
    assert merged_newest_first([], [first, second]) == [second, first]


def test_one_day_is_today_from_its_midnight_and_an_earlier_run_is_skipped_not_the_end() -> None:
    span = history_span(1, NOW, UTC_TZ)
    yesterday = run(span.start - timedelta(seconds=1), km=3, id=1)
    midnight = run(span.start, km=5, id=2)
    just_now = run(NOW, km=2, id=3)
    runs = [yesterday, midnight, just_now]
    chart = history_chart(span, [], runs, tz=UTC_TZ, units=Units.KM, window=WINDOW)
    assert chart.distance == ((7.0, 0.0, 0.0),)
    assert chart.title == "Today: 2 runs (7.0 km), 0 leg days (0 hard)"


@pytest.mark.parametrize(
    ("at", "windows"),
    [
        (datetime(2026, 11, 10, 12, tzinfo=UTC), ()),  # long before: no window
        (datetime(2026, 11, 19, 0, tzinfo=UTC), ()),  # ends exactly at the first midnight
        (datetime(2026, 11, 19, 12, tzinfo=UTC), ((0.0, 0.5),)),  # half a day into the chart
        (datetime(2026, 11, 25, 0, tzinfo=UTC), ()),  # starts exactly at the chart's end
    ],
)
def test_a_window_is_drawn_only_where_it_overlaps_the_chart(
    at: datetime, windows: tuple[tuple[float, float], ...]
) -> None:
    span = history_span(4, NOW, UTC_TZ)  # 21-24 Nov
    chart = history_chart(span, [leg(at)], [], tz=UTC_TZ, units=Units.KM, window=WINDOW)
    assert chart.windows == windows


def test_touching_windows_are_one_and_a_leg_day_at_the_first_midnight_is_marked() -> None:
    span = history_span(4, NOW, UTC_TZ)  # 21-24 Nov
    legs = [leg(span.start, id=1), leg(span.start + WINDOW, id=2)]
    chart = history_chart(span, legs, [], tz=UTC_TZ, units=Units.KM, window=WINDOW)
    assert chart.windows == ((0.0, 4.0),)
    assert [m.x for m in chart.leg_days] == [0.0, 2.0]
