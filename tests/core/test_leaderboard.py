"""The weekly board: which week, who is on it, in which order."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.leaderboard import BoardBy, MemberWeek, build_board, week_of

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("now", "tz", "monday", "start", "end"),
    [
        # Tuesday 10 March 2026, 09:00 UTC.
        (
            datetime(2026, 3, 10, 9, tzinfo=UTC),
            ZoneInfo("UTC"),
            date(2026, 3, 9),
            datetime(2026, 3, 9, tzinfo=UTC),
            datetime(2026, 3, 16, tzinfo=UTC),
        ),
        # Sunday 23:59 local is still the same week.
        (
            datetime(2026, 3, 15, 23, 59, tzinfo=UTC),
            ZoneInfo("UTC"),
            date(2026, 3, 9),
            datetime(2026, 3, 9, tzinfo=UTC),
            datetime(2026, 3, 16, tzinfo=UTC),
        ),
        # Monday 02:00 UTC is still Sunday evening in New York (EDT from 8 March, UTC-4).
        (
            datetime(2026, 3, 16, 2, tzinfo=UTC),
            NEW_YORK,
            date(2026, 3, 9),
            datetime(2026, 3, 9, 4, tzinfo=UTC),
            datetime(2026, 3, 16, 4, tzinfo=UTC),
        ),
        # The week London springs forward (29 March): 167 hours, from GMT to BST midnight.
        (
            datetime(2026, 3, 26, 12, tzinfo=UTC),
            LONDON,
            date(2026, 3, 23),
            datetime(2026, 3, 23, tzinfo=UTC),
            datetime(2026, 3, 29, 23, tzinfo=UTC),
        ),
    ],
)
def test_the_week_is_monday_to_sunday_in_the_clubs_zone(
    now: datetime, tz: ZoneInfo, monday: date, start: datetime, end: datetime
) -> None:
    week = week_of(now, tz)
    assert (week.monday, week.sunday) == (monday, monday + timedelta(days=6))
    assert (week.start, week.end) == (start, end)
    assert week.start <= now < week.end


def mw(user: int, km: float, minutes: float = 0, runs: int = 1, listed: bool = True) -> MemberWeek:
    timed = runs if minutes else 0
    return MemberWeek(
        user_id=user, listed=listed, runs=runs, distance_km=km, minutes=minutes, timed=timed
    )


def test_listed_members_by_distance_unlisted_only_counted() -> None:
    totals = [
        mw(1, 10.0),
        mw(2, 25.0, listed=False),
        mw(3, 30.0),
        mw(4, 0.0, minutes=50),  # ran, but logged no distance
        mw(5, 12.0, listed=False),
    ]
    board = build_board(totals)
    assert [row.user_id for row in board.rows] == [3, 1, 4]
    assert board.unlisted == 2


def test_ties_go_to_time_then_runs_then_user_id() -> None:
    board = build_board(
        iter(  # any iterable, read once
            [
                mw(9, 10.0, minutes=50, runs=1),
                mw(8, 10.0, minutes=60, runs=1),
                mw(7, 10.0, minutes=50, runs=2),
                mw(6, 10.0, minutes=50, runs=1),
            ]
        )
    )
    assert [row.user_id for row in board.rows] == [8, 7, 6, 9]


def test_an_empty_week() -> None:
    board = build_board([])
    assert board.rows == ()
    assert board.unlisted == 0


def test_only_members_who_ran_are_on_a_running_board_and_lifters_on_active_days() -> None:
    """README: the active-days board also counts members who only lifted."""
    nothing = {"runs": 0, "distance_km": 0, "minutes": 0, "timed": 0}
    lifter = MemberWeek(user_id=1, listed=True, active_days=2, **nothing)
    idle = MemberWeek(user_id=2, listed=True, **nothing)
    runner = mw(3, 5.0)
    for by in (BoardBy.DISTANCE, BoardBy.TIME, BoardBy.RUNS):
        assert [row.user_id for row in build_board([lifter, idle, runner], by).rows] == [3]
    board = build_board([lifter, idle, runner], BoardBy.ACTIVE_DAYS)
    assert [row.user_id for row in board.rows] == [1, 3]
