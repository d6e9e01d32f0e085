"""Training load, the training week, the club's week and races: table-driven, pure."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.clubweek import MemberEntries, build_club_week
from bot.core.load import SessionLoad, leg_day_load, load_line, paces_from, run_load
from bot.core.models import AdviceRules, Intensity, LegDay, Run, RunType
from bot.core.races import Race, days_to_text, next_race, taper_note
from bot.core.week import hard_runs_in_windows, training_week, week_back

RULES = AdviceRules()
T = datetime(2026, 3, 9, 7, 0, tzinfo=UTC)  # a Monday
UTC_ZONE = ZoneInfo("UTC")
H = timedelta(hours=1)
D = timedelta(days=1)


def run(kind: str, *, km: float | None = None, minutes: float | None = None, rpe: int | None = None,
        at: datetime = T) -> Run:  # fmt: skip
    return Run(at=at, run_type=RunType(kind), distance_km=km, minutes=minutes, rpe=rpe)


# (run, paces, expected load or None, rpe estimated, minutes estimated)
RUN_CASES = [
    (run("easy", minutes=30, rpe=4), {}, 120, False, False),
    (run("easy", minutes=30), {}, 90, True, False),  # LOW: 3
    (run("long", minutes=100), {}, 500, True, False),  # MODERATE: 5
    (run("intervals", minutes=40), {}, 320, True, False),  # HIGH: 8
    (run("tempo", km=10), {}, 480, True, True),  # 6 min/km default
    (run("tempo", km=10, rpe=9), {Intensity.HIGH: 4.5}, 405, False, True),  # own pace
    (run("easy", km=10, rpe=3), {Intensity.HIGH: 4.5}, 180, False, True),  # other intensity's
    (run("easy", km=5, minutes=20, rpe=2), {Intensity.LOW: 9.0}, 40, False, False),
    (run("easy"), {}, None, None, None),
    (run("race", rpe=10), {}, None, None, None),
]


@pytest.mark.parametrize(("entry", "paces", "load", "rpe_est", "min_est"), RUN_CASES)
def test_run_load(
    entry: Run,
    paces: dict[Intensity, float],
    load: float | None,
    rpe_est: bool | None,
    min_est: bool | None,
) -> None:
    got = run_load(entry, RULES, paces)
    if load is None:
        assert got is None
        return
    assert got is not None
    assert got.load == pytest.approx(load)
    assert (got.rpe_estimated, got.minutes_estimated) == (rpe_est, min_est)


LEG_CASES = [
    (LegDay(at=T, is_hard=True), 420, True),  # 7 x 60
    (LegDay(at=T, is_hard=False), 120, True),  # 4 x 30
    (LegDay(at=T, is_hard=True, minutes=45), 315, True),
    (LegDay(at=T, is_hard=False, rpe=6), 180, True),
    (LegDay(at=T, is_hard=False, minutes=50, rpe=6), 300, False),
]


@pytest.mark.parametrize(("entry", "load", "estimated"), LEG_CASES)
def test_leg_day_load(entry: LegDay, load: float, estimated: bool) -> None:
    got = leg_day_load(entry, RULES)
    assert (got.load, got.estimated) == (load, estimated)


def test_the_defaults_come_from_the_rules() -> None:
    rules = AdviceRules(
        run_rpe_low=2, default_pace_min_per_km=5, leg_rpe_hard=9, leg_minutes_hard=90
    )
    assert run_load(run("easy", km=10), rules) == SessionLoad(
        rpe=2, minutes=50, rpe_estimated=True, minutes_estimated=True
    )
    assert leg_day_load(LegDay(at=T, is_hard=True), rules).load == 810


def test_paces_are_the_median_of_the_latest_ten_paced_runs_per_intensity() -> None:
    # Eleven easy runs, newest at 5 min/km...; the oldest (at 20 min/km) is left out.
    runs = [run("easy", km=1, minutes=20, at=T - 20 * D)]
    runs += [run("easy", km=1, minutes=5 + n, at=T - n * D) for n in range(10)]
    runs += [run("tempo", km=2, minutes=8), run("tempo", km=5), run("steady", minutes=30)]
    paces = paces_from(runs, RULES)
    assert paces == {Intensity.LOW: pytest.approx(9.5), Intensity.HIGH: pytest.approx(4.0)}
    # A club's `pace_runs = 11` takes the oldest in too: the median of 5..14 and 20 is 10.
    assert paces_from(runs, AdviceRules(pace_runs=11))[Intensity.LOW] == pytest.approx(10)


def test_of_two_runs_logged_for_the_same_moment_the_later_logged_is_the_latest() -> None:
    # Same start, ids 1 then 2: with room for one run, the pace is run 2's (6 min/km).
    first = Run(id=1, at=T, run_type=RunType.EASY, distance_km=1, minutes=5)
    second = Run(id=2, at=T, run_type=RunType.EASY, distance_km=1, minutes=6)
    assert paces_from([first, second], AdviceRules(pace_runs=1)) == {Intensity.LOW: 6}
    assert paces_from([second, first], AdviceRules(pace_runs=1)) == {Intensity.LOW: 6}


@pytest.mark.parametrize(
    ("load", "line"),
    [
        (None, "Load: not counted without minutes or a distance; add `minutes` next time."),
        (SessionLoad(rpe=5, minutes=40), "Load: 200 (RPE 5 × 40 min)."),
        (
            SessionLoad(rpe=8, minutes=52.4, minutes_estimated=True),
            # 52.4 min is 52:24, and 8 × 52.4 = 419.2: the line multiplies to its load.
            "Load: 419 (RPE 8 × 52:24) (estimated: minutes).",
        ),
        # The mark names what was estimated, so a member knows which number to add next time.
        (
            SessionLoad(rpe=3, minutes=40, rpe_estimated=True),
            "Load: 120 (RPE 3 × 40 min) (estimated: RPE).",
        ),
        (
            SessionLoad(rpe=3, minutes=30, rpe_estimated=True, minutes_estimated=True),
            "Load: 90 (RPE 3 × 30 min) (estimated: RPE and minutes).",
        ),
    ],
)
def test_load_line(load: SessionLoad | None, line: str) -> None:
    assert load_line(load) == line


# -- the week ------------------------------------------------------------------------------


def easy(at: datetime, minutes: float, rpe: int = 5) -> Run:
    return run("easy", minutes=minutes, rpe=rpe, at=at)


@pytest.mark.parametrize(
    ("before", "this", "ratio"),
    [
        ([200, 200, 200, 200], 300, 1.5),
        ([100, 300, 0, 400], 400, 2.0),  # 3 of 4 weeks held an entry: a base; empty counts 0
        ([0, 0, 300, 400], 400, None),  # 2 of 4 weeks: not enough history
        ([0, 0, 0, 0], 500, None),  # nothing to compare with
        ([400, 400, 400, 400], 100, 0.25),
        # The base floor (100 by default): an average of exactly 100 is a base, just below not.
        ([100, 100, 100, 100], 150, 1.5),
        ([100, 100, 100, 99], 150, None),
        # The newcomer of issue 18: one run in the four weeks before.
        ([0, 0, 0, 30], 2082, None),
    ],
)
def test_ratio_needs_a_base_and_carries_no_warning(
    before: list[int], this: int, ratio: float | None
) -> None:
    week = week_back(T + 3 * D, UTC_ZONE, 0)
    runs = [
        easy(week.start - (4 - n) * 7 * D + 2 * D, load / 5)
        for n, load in enumerate(before)
        if load
    ]
    runs.append(easy(week.start + D, this / 5))
    summary = training_week(week, [], runs, tz=UTC_ZONE, rules=RULES, paces={})
    assert summary.load_total == pytest.approx(this)
    assert summary.ratio == (None if ratio is None else pytest.approx(ratio))
    assert not hasattr(summary, "big_jump")


def test_a_leg_day_alone_makes_a_week_hold_an_entry() -> None:
    week = week_back(T + 3 * D, UTC_ZONE, 0)
    runs = [easy(week.start - n * 7 * D + D, 60) for n in (1, 2)]  # 300 each
    legs = [LegDay(at=week.start - 3 * 7 * D + D, is_hard=True)]  # 7 x 60 = 420
    summary = training_week(week, legs, runs, tz=UTC_ZONE, rules=RULES, paces={})
    assert summary.weeks_with_entries == 3
    assert summary.ratio == 0  # nothing this week against a base of (300 + 300 + 420) / 4


def test_the_base_floor_is_the_clubs() -> None:
    week = week_back(T + 3 * D, UTC_ZONE, 0)
    runs = [easy(week.start - n * 7 * D + D, 60) for n in (1, 2, 3, 4)]  # 300 a week
    runs.append(easy(week.start + D, 60))
    for floor, ratio in ((300, 1.0), (301, None)):
        rules = RULES.model_copy(update={"load_base_floor": floor})
        summary = training_week(week, [], runs, tz=UTC_ZONE, rules=rules, paces={})
        assert summary.ratio == ratio


def test_week_sums_days_windows_and_zone() -> None:
    oslo = ZoneInfo("Europe/Oslo")
    week = week_back(datetime(2026, 3, 15, 20, tzinfo=UTC), oslo, 0)
    assert (week.monday, week.sunday) == (date(2026, 3, 9), date(2026, 3, 15))
    hard = LegDay(at=datetime(2026, 3, 8, 18, tzinfo=UTC), is_hard=True)  # Sunday before, 19:00
    light = LegDay(at=datetime(2026, 3, 11, 17, tzinfo=UTC), is_hard=False, minutes=30, rpe=5)
    runs = [
        run("tempo", km=10, minutes=45, rpe=8, at=datetime(2026, 3, 9, 23, 30, tzinfo=UTC)),
        run("easy", km=5, at=datetime(2026, 3, 12, 6, tzinfo=UTC)),  # 30 min estimated
        run("easy", at=datetime(2026, 3, 13, 6, tzinfo=UTC)),  # no load
    ]
    summary = training_week(week, [hard, light], runs, tz=oslo, rules=RULES, paces={})
    assert summary.runs == 3 and summary.distance_km == 15
    assert (summary.leg_hard, summary.leg_light) == (0, 1)  # the hard one is last week's
    assert summary.load_running == 360 + 90
    assert summary.load_lifting == 150
    assert (summary.estimated, summary.unloaded_runs) == (1, 1)
    # Monday 23:30 UTC is Tuesday 00:30 in Oslo: Tuesday's bar, and inside the window.
    assert summary.daily[1] == (0, 0, 0, 360)
    assert summary.hard_runs_in_window == 1
    # Sunday 19:00 Oslo + 48 h: shaded from Monday's midnight to Tuesday 19:00.
    (window,) = summary.windows
    assert window == pytest.approx((0.0, 1 + 19 / 24))


@pytest.mark.parametrize(
    ("offset", "kind", "inside"),
    [
        (H, "tempo", True),
        (47 * H, "hills", True),
        (48 * H, "intervals", False),  # exactly at the window's end: clear
        (-H, "tempo", False),  # before the leg day
        (2 * H, "easy", False),  # not a hard run
    ],
)
def test_hard_runs_in_windows(offset: timedelta, kind: str, inside: bool) -> None:
    leg = [LegDay(at=T, is_hard=True), LegDay(at=T + 20 * H, is_hard=False)]
    got = hard_runs_in_windows([run(kind, minutes=30, at=T + offset)], leg, RULES.window)
    assert bool(got) is inside


# -- the club's week ---------------------------------------------------------------------------


def test_club_week_block() -> None:
    week = week_back(T, UTC_ZONE, 0)
    alice = MemberEntries(
        user_id=1,
        listed=True,
        leg_days=(LegDay(at=T - 12 * H, is_hard=True), LegDay(at=T + 2 * D, is_hard=False)),
        runs=(run("tempo", km=8, minutes=40, at=T), run("easy", km=5, at=T + 3 * D)),
    )
    bob = MemberEntries(
        user_id=2,
        listed=False,
        runs=tuple(run("hills", minutes=30, at=T + n * D) for n in range(3)),
    )
    carol = MemberEntries(user_id=3, listed=True, runs=(run("easy", at=T - 2 * D),))  # earlier
    block = build_club_week([alice, bob, carol], week, UTC_ZONE, RULES)
    assert (block.runs, block.distance_km, block.minutes) == (5, 13, 130)
    assert (block.leg_hard, block.leg_light) == (0, 1)  # the hard one was the Sunday before
    assert (block.hard_runs, block.hard_runs_clear) == (4, 3)
    # Alice: Mon, Wed, Thu; Bob: Mon, Tue, Wed. Both 3: Alice named, Bob counted.
    assert (block.top_days, block.top_named, block.top_unnamed) == (3, (1,), 1)


# -- races -------------------------------------------------------------------------------------

TODAY = date(2026, 3, 15)
RACES = [
    Race(id=1, on=date(2026, 3, 22), name="A"),
    Race(id=2, on=date(2026, 3, 20), name="B"),
    Race(id=3, on=date(2026, 3, 10), name="over"),
]


@pytest.mark.parametrize(
    ("leg_day_on", "hard", "race_id"),
    [
        (date(2026, 3, 15), True, 2),  # 5 days before B (and 7 before A): the soonest
        (date(2026, 3, 13), True, 2),  # exactly 7 days before B
        (date(2026, 3, 12), True, None),  # 8 days before
        (date(2026, 3, 20), True, 2),  # race day itself
        (date(2026, 3, 21), True, 1),
        (date(2026, 3, 15), False, None),  # a LIGHT leg day never
    ],
)
def test_taper_note(leg_day_on: date, hard: bool, race_id: int | None) -> None:
    race = taper_note(leg_day_on, hard, RACES, RULES)
    assert (race.id if race else None) == race_id


def test_next_race_and_days_to_it() -> None:
    race = next_race(RACES, TODAY)
    assert race is not None and race.id == 2
    assert next_race(RACES, date(2026, 3, 23)) is None
    assert [days_to_text(TODAY + n * D, TODAY) for n in (0, 1, 5)] == [
        "today",
        "tomorrow",
        "in 5 days",
    ]
