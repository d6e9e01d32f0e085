"""The club's last week (the first daily post of a week): what counts in the week, summed over
members, and active days as local dates in the club's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.clubweek import MemberEntries, active_days, build_club_week, by_member
from bot.core.leaderboard import week_of
from bot.core.models import AdviceRules, LegDay, Run, RunType

LA = ZoneInfo("America/Los_Angeles")
# Monday 23 to Sunday 29 November 2026 in Los Angeles (PST, UTC-8): 08:00 UTC to 08:00 UTC.
WEEK = week_of(datetime(2026, 11, 25, 20, tzinfo=UTC), LA)
START = datetime(2026, 11, 23, 8, tzinfo=UTC)
END = datetime(2026, 11, 30, 8, tzinfo=UTC)
RULES = AdviceRules()
SECOND = timedelta(seconds=1)


def run(at: datetime) -> Run:
    return Run(at=at, run_type=RunType.EASY, distance_km=5.0, minutes=30)


def leg(at: datetime, hard: bool = True) -> LegDay:
    return LegDay(at=at, is_hard=hard, exercises=3 if hard else 1)


def test_entries_are_grouped_by_member_in_the_order_given() -> None:
    early, late = run(START), run(START + SECOND)
    hard, light = leg(START), leg(END - SECOND, hard=False)
    members = by_member(
        [(7, False, late), (3, True, hard), (7, False, light), (7, False, early), (3, True, early)]
    )
    assert members == [
        MemberEntries(user_id=3, listed=True, leg_days=(hard,), runs=(early,)),
        MemberEntries(user_id=7, listed=False, leg_days=(light,), runs=(late, early)),
    ]
    assert by_member([(5, True, light), (2, True, late)]) == [
        MemberEntries(user_id=2, listed=True, leg_days=(), runs=(late,)),
        MemberEntries(user_id=5, listed=True, leg_days=(light,), runs=()),
    ]
    assert by_member([]) == []


def test_the_week_holds_its_first_moment_and_not_the_next_weeks() -> None:
    assert (WEEK.start, WEEK.end) == (START, END)
    member = MemberEntries(
        user_id=1,
        listed=True,
        runs=(run(START - SECOND), run(START), run(END - SECOND), run(END)),
        leg_days=(leg(START - SECOND), leg(START), leg(END - SECOND), leg(END)),
    )
    week = build_club_week([member], WEEK, LA, RULES)
    assert (week.runs, week.distance_km, week.minutes) == (2, 10.0, 60.0)
    assert week.timed_runs == 2
    assert week.leg_hard == 2
    # Monday and Sunday, local.
    assert active_days(member, WEEK, LA) == 2


def test_every_members_leg_days_add_up() -> None:
    members = [
        MemberEntries(
            user_id=1, listed=True, leg_days=(leg(START), leg(START + timedelta(days=2)))
        ),
        MemberEntries(user_id=2, listed=True, leg_days=(leg(START + timedelta(days=1)),)),
        MemberEntries(user_id=3, listed=True, leg_days=(leg(START, hard=False),)),
    ]
    week = build_club_week(members, WEEK, LA, RULES)
    assert (week.leg_hard, week.leg_light) == (3, 1)


def test_active_days_are_the_clubs_local_dates() -> None:
    """18:00, 23:00 and 23:30 on Monday in Los Angeles are one local day, though the last two
    are on Tuesday in UTC."""
    monday_late = START + timedelta(hours=15)  # 23:00 Monday local, 07:00 Tuesday UTC
    member = MemberEntries(
        user_id=1,
        listed=True,
        runs=(run(START + timedelta(hours=10)), run(monday_late)),
        leg_days=(leg(monday_late + timedelta(minutes=30)),),
    )
    assert active_days(member, WEEK, LA) == 1
    week = build_club_week([member], WEEK, LA, RULES)
    assert (week.top_days, week.top_named) == (1, (1,))


def test_an_empty_week_has_no_top() -> None:
    week = build_club_week([MemberEntries(user_id=1, listed=True)], WEEK, LA, RULES)
    assert week.empty
    assert (week.top_days, week.top_named, week.top_unnamed) == (0, (), 0)


def test_the_first_and_last_half_hour_of_a_club_day_are_one_active_day() -> None:
    """00:30 and 23:30 on Monday in Los Angeles (08:30 Monday and 07:30 Tuesday UTC) are one
    local day; in any zone whose offset is 30 minutes or more from Los Angeles' (UTC, or the
    Lord Howe host `make test` uses) they fall on two, so the club's zone must be the one read."""
    member = MemberEntries(
        user_id=1,
        listed=True,
        runs=(run(START + timedelta(minutes=30)),),
        leg_days=(leg(START + timedelta(hours=23, minutes=30)),),
    )
    assert active_days(member, WEEK, LA) == 1
    week = build_club_week([member], WEEK, LA, RULES)
    assert (week.top_days, week.top_named) == (1, (1,))
    # The same two moments in UTC are Monday and Tuesday.
    assert active_days(member, WEEK, ZoneInfo("UTC")) == 2


def test_the_time_is_counted_with_the_runs_it_is_of_over_every_member() -> None:
    # Two members, each with a timed run beside one without minutes (and one member's out of
    # the week): 60 minutes of two timed runs among four.
    untimed = Run(at=START + SECOND, run_type=RunType.LONG, distance_km=20.0)
    members = [
        MemberEntries(user_id=user, listed=True, runs=(run(START), untimed, run(END)), leg_days=())
        for user in (1, 2)
    ]
    week = build_club_week(members, WEEK, LA, RULES)
    assert (week.runs, week.timed_runs, week.minutes, week.distance_km) == (4, 2, 60.0, 50.0)
