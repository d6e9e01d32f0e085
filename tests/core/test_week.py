"""/week's summary at its edges, in a zone far from the test host's (Los Angeles, across the
start of daylight saving on Sunday 8 March 2026): which week an entry at a boundary falls in,
the four weeks before, the windows after hard leg days, and the longest run against the 30 days
before. Expected figures are worked out by hand in the comments (PST is UTC-8, PDT UTC-7)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.models import AdviceRules, Intensity, LegDay, Run, RunType
from bot.core.week import (
    IntensityTotals,
    hard_runs_in_windows,
    training_week,
    week_back,
    week_fetch_range,
)

LA = ZoneInfo("America/Los_Angeles")
RULES = AdviceRules()
# Monday 9 March 2026 00:00 PDT, and the next Monday's.
MONDAY = datetime(2026, 3, 9, 7, tzinfo=UTC)
NEXT_MONDAY = datetime(2026, 3, 16, 7, tzinfo=UTC)
PACES = {Intensity.LOW: 5.5}


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def run(kind: str, at: datetime, km: float | None = None, minutes: float | None = None,
        rpe: int | None = None) -> Run:  # fmt: skip
    return Run(at=at, run_type=RunType(kind), distance_km=km, minutes=minutes, rpe=rpe)


def hard(at: datetime) -> LegDay:
    return LegDay(at=at, is_hard=True)


def test_week_back_counts_whole_weeks_in_the_members_zone() -> None:
    now = utc(3, 11, 12)  # Wednesday 05:00 PDT
    week = week_back(now, LA, 0)
    assert (week.monday, week.sunday) == (date(2026, 3, 9), date(2026, 3, 15))
    assert (week.start, week.end) == (MONDAY, NEXT_MONDAY)
    before = week_back(now, LA, 1)  # Monday 2 March 00:00 PST to Monday 9 March 00:00 PDT
    assert (before.monday, before.start, before.end) == (date(2026, 3, 2), utc(3, 2, 8), MONDAY)
    assert week_back(now, LA, 2).monday == date(2026, 2, 23)


@pytest.mark.parametrize(
    ("spike_days", "start"),
    [
        # Four weeks before starts Monday 9 February 00:00 PST (08:00 UTC); less 48 h for a
        # hard leg day's window is 7 February 08:00. 30 days before the week reach further.
        (30, MONDAY - timedelta(days=30)),
        (14, utc(2, 7, 8)),
    ],
)
def test_week_fetch_range_reaches_back_for_the_ratio_windows_and_the_longest_run(
    spike_days: int, start: datetime
) -> None:
    week = week_back(MONDAY, LA, 0)
    rules = AdviceRules(spike_days=spike_days)
    assert week_fetch_range(week, LA, rules) == (start, NEXT_MONDAY)


def test_hard_runs_in_windows_returns_the_runs_from_the_leg_days_own_moment() -> None:
    at = utc(3, 10, 18)
    easy = run("easy", at, minutes=30)
    tempo = run("tempo", at, minutes=30)
    assert hard_runs_in_windows([easy, tempo], [hard(at)], RULES.window) == [tempo]


def test_the_week_sums_every_entry_on_its_local_day_and_compares_with_the_four_before() -> None:
    week = week_back(MONDAY, LA, 0)
    runs = [
        run("easy", utc(3, 12, 15)),  # no load, listed first
        run("easy", utc(3, 13, 15)),  # no load
        run("easy", MONDAY, km=22, minutes=120, rpe=4),  # Monday 00:00: 480, the longest
        run("easy", utc(3, 11, 14), km=6),  # Wednesday: RPE 3 x 6 km at 5.5 min/km = 99, est.
        run("recovery", utc(3, 9, 15), km=3, minutes=20, rpe=3),  # Monday: 60
        run("tempo", utc(3, 10, 5), km=10, minutes=45, rpe=8),  # Monday 22:00 PDT: 360
        run("long", utc(3, 14, 16), km=21, minutes=120, rpe=5),  # Saturday: 600
        run("easy", NEXT_MONDAY, km=50, minutes=300, rpe=3),  # next week's
        # The four weeks before (9, 16, 23 Feb and 2 Mar); nothing on 9 Feb's.
        run("easy", utc(2, 16, 8), km=2, minutes=10, rpe=5),  # 16 Feb 00:00 PST: 50
        run("easy", utc(3, 2, 7, 30), km=4, rpe=5),  # Sunday 1 Mar 23:30 PST: 5 x 22 = 110
        run("tempo", utc(3, 2, 8), minutes=30, rpe=8),  # 2 Mar 00:00 PST: 240
        # Exactly 30 days before the week starts: the longest to compare with.
        run("easy", MONDAY - timedelta(days=30), km=19, minutes=100, rpe=4),
    ]
    leg_days = [
        LegDay(at=utc(3, 4, 20), is_hard=True, minutes=60, rpe=7),  # 2 Mar's week: 420
        hard(MONDAY),  # 7 x 60 = 420, estimated
        LegDay(at=utc(3, 9, 20), is_hard=False, minutes=30, rpe=5),  # Monday: 150
        LegDay(at=utc(3, 12, 4), is_hard=False, minutes=30, rpe=4),  # Wednesday 21:00 PDT: 120
        LegDay(at=NEXT_MONDAY, is_hard=False),  # next week's
    ]
    summary = training_week(week, leg_days, runs, tz=LA, rules=RULES, paces=PACES)
    assert summary.by_intensity == (
        # Of the five easy runs, the 120 and the recovery 20 have minutes.
        IntensityTotals(runs=5, distance_km=31, minutes=140, timed=2),
        IntensityTotals(runs=1, distance_km=21, minutes=120, timed=1),
        IntensityTotals(runs=1, distance_km=10, minutes=45, timed=1),
    )
    assert (summary.leg_hard, summary.leg_light) == (1, 2)
    assert (summary.load_running, summary.load_lifting) == (1599, 690)
    assert (summary.estimated, summary.unloaded_runs) == (2, 2)
    zero = (0.0, 0.0, 0.0, 0.0)
    assert summary.daily == (
        (570, 540, 0, 360),
        zero,
        (120, 99, 0, 0),
        zero,
        zero,
        (0, 0, 600, 0),
        zero,
    )
    assert summary.hard_runs_in_window == 1
    assert summary.windows == ((0.0, 2.0),)
    assert summary.previous_weeks == (0, 50, 110, 660)
    assert summary.weeks_with_entries == 3
    assert summary.ratio == pytest.approx((1599 + 690) / ((50 + 110 + 660) / 4))
    assert summary.longest == runs[2]
    compared = summary.longest_compared
    assert compared is not None and compared.by_distance
    assert (compared.length, compared.longest) == (22, 19)
    assert summary.longest_is_spike  # 15.8% longer
    assert summary.timezone == "America/Los_Angeles"


def test_without_distances_the_longest_run_is_compared_by_minutes() -> None:
    week = week_back(MONDAY, LA, 0)
    runs = [run("easy", utc(3, 10, 15), minutes=50), run("easy", utc(3, 1, 15), minutes=40)]
    summary = training_week(week, [], runs, tz=LA, rules=RULES, paces={})
    compared = summary.longest_compared
    assert compared is not None and not compared.by_distance
    assert (compared.length, compared.longest) == (50, 40) and summary.longest_is_spike


def test_the_windows_after_hard_leg_days_merge_and_are_clipped_to_the_week() -> None:
    week = week_back(MONDAY, LA, 0)
    leg_days = [
        LegDay(at=utc(3, 10, 18), is_hard=False),  # a light one first: no window
        hard(utc(2, 23, 20)),  # two weeks before
        hard(utc(3, 7, 7)),  # Friday 23:00 PST: 48 h later is exactly Monday 00:00 PDT
        hard(utc(3, 8, 20)),  # Sunday 13:00 PDT: to Tuesday 13:00
        hard(MONDAY),  # to Wednesday 00:00
        hard(utc(3, 11, 7)),  # Wednesday 00:00 to Friday 00:00: touches the one before
        hard(utc(3, 13, 19)),  # Friday 12:00 to Sunday 12:00
        hard(utc(3, 14, 19)),  # Saturday 12:00 to next Monday 12:00: clipped at 7
        hard(NEXT_MONDAY),  # next week's: starts at 7
    ]
    summary = training_week(week, leg_days, [], tz=LA, rules=RULES, paces={})
    assert summary.windows == ((0.0, 4.0), (4.5, 7.0))
    assert (summary.leg_hard, summary.leg_light) == (4, 1)


def test_a_window_over_the_clock_change_ends_by_the_clock() -> None:
    # Saturday 7 March 00:00 PST + 48 h is Monday 01:00 PDT: an hour into the week.
    week = week_back(MONDAY, LA, 0)
    summary = training_week(week, [hard(utc(3, 7, 8))], [], tz=LA, rules=RULES, paces={})
    (window,) = summary.windows
    assert window == pytest.approx((0.0, 1 / 24))


@pytest.mark.parametrize(("load", "ratio"), [(0, None), (1, 8 / 0.75)])
def test_with_no_base_floor_an_average_of_nothing_still_gives_no_ratio(
    load: int, ratio: float | None
) -> None:
    # Three of the four weeks before hold a run (with no load, or a load of 1): a base in
    # weeks, and with the floor at 0 only the average itself can refuse the ratio.
    week = week_back(MONDAY, LA, 0)
    rpe_minutes = {"minutes": 1, "rpe": 1} if load else {}
    runs = [run("easy", MONDAY - n * timedelta(days=7) + timedelta(days=2), **rpe_minutes)
            for n in (1, 2, 3)]  # fmt: skip
    runs.append(run("easy", MONDAY + timedelta(days=1), minutes=2, rpe=4))
    rules = AdviceRules(load_base_floor=0)
    summary = training_week(week, [], runs, tz=LA, rules=rules, paces={})
    assert summary.weeks_with_entries == 3
    assert summary.ratio == (None if ratio is None else pytest.approx(ratio))


@pytest.mark.parametrize(
    "at",
    [utc(3, 7, 7), NEXT_MONDAY],
    ids=["ends-as-the-week-starts", "starts-as-the-week-ends"],
)
def test_a_window_that_only_touches_the_week_is_not_in_it(at: datetime) -> None:
    # Friday 6 March 23:00 PST + 48 h is Monday 00:00 PDT; the next Monday's starts at 7.
    week = week_back(MONDAY, LA, 0)
    summary = training_week(week, [hard(at)], [], tz=LA, rules=RULES, paces={})
    assert summary.windows == ()


@pytest.mark.parametrize(
    ("advice", "previous", "ratio"),
    [
        # Two of the four weeks before hold a run of load 200: fewer than the default 3.
        ({}, (0, 0, 200, 200), None),
        # A club's `load_base_weeks = 2`: a base; the average over four weeks is 100.
        ({"load_base_weeks": 2}, (0, 0, 200, 200), 3.0),
        # A club's `load_weeks_compared = 2`: the two weeks before, both held, average 200.
        ({"load_weeks_compared": 2, "load_base_weeks": 2}, (200, 200), 1.5),
    ],
)
def test_the_weeks_compared_and_held_for_a_base_are_the_clubs(
    advice: dict[str, int], previous: tuple[float, ...], ratio: float | None
) -> None:
    week = week_back(MONDAY, LA, 0)
    runs = [run("easy", MONDAY - n * timedelta(days=7) + timedelta(days=2), minutes=40, rpe=5)
            for n in (1, 2)]  # fmt: skip
    runs.append(run("easy", MONDAY + timedelta(days=1), minutes=60, rpe=5))  # 300
    rules = AdviceRules(**advice)
    summary = training_week(week, [], runs, tz=LA, rules=rules, paces={})
    assert summary.previous_weeks == previous
    assert summary.weeks_compared == len(previous)
    assert summary.weeks_with_entries == 2
    assert summary.ratio == (None if ratio is None else pytest.approx(ratio))


def test_week_fetch_range_reaches_back_the_weeks_compared() -> None:
    # Eight weeks before starts Monday 12 January 00:00 PST (08:00 UTC); less 48 h.
    week = week_back(MONDAY, LA, 0)
    rules = AdviceRules(load_weeks_compared=8, load_base_weeks=3)
    assert week_fetch_range(week, LA, rules) == (utc(1, 10, 8), NEXT_MONDAY)


def test_a_longest_run_that_shares_no_measure_with_the_runs_before_still_counts_them() -> None:
    # An 8 km run without minutes; 10 days before the week a 60-minute run without a distance
    # (within the 30 days), 31 days before a 5 km run (not): nothing to compare with, but one
    # run in the 30 days, so /week says none had the measure, not that there was none.
    week = week_back(MONDAY, LA, 0)
    longest = run("easy", utc(3, 10, 15), km=8)
    runs = [
        longest,
        run("easy", MONDAY - timedelta(days=10), minutes=60),
        run("easy", MONDAY - timedelta(days=31), km=5),
    ]
    summary = training_week(week, [], runs, tz=LA, rules=RULES, paces={})
    assert (summary.longest, summary.longest_compared) == (longest, None)
    assert summary.runs_before == 1
