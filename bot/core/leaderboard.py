"""The club's weekly board: Monday to Sunday in the club's time zone. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.core.models import FrozenModel
from bot.core.when import at_local, local_date

__all__ = ["Board", "BoardBy", "MemberWeek", "Week", "build_board", "week_of"]


class BoardBy(StrEnum):
    """What /leaderboard sorts by."""

    DISTANCE = "distance"
    TIME = "time"
    RUNS = "runs"
    ACTIVE_DAYS = "active days"


class Week(FrozenModel):
    """Local Monday `monday` to Sunday `sunday`; `start` <= moment < `end` as UTC instants."""

    monday: date
    sunday: date
    start: datetime
    end: datetime


def week_of(now: datetime, tz: ZoneInfo) -> Week:
    monday = local_date(now, tz) - timedelta(days=local_date(now, tz).weekday())
    next_monday = monday + timedelta(days=7)
    # Local midnights: a week with a DST change is 167 or 169 hours long, as the club lives it.
    return Week(
        monday=monday,
        sunday=monday + timedelta(days=6),
        start=at_local(monday, time(0), tz),
        end=at_local(next_monday, time(0), tz),
    )


class MemberWeek(FrozenModel):
    """One member's runs in the week. Runs without a distance count as runs and time only."""

    user_id: int
    listed: bool
    runs: int = Field(ge=0)
    distance_km: float = Field(ge=0)
    minutes: float = Field(ge=0)
    # Runs with minutes: the time is theirs alone.
    timed: int = Field(ge=0)
    # Local dates with a run or a leg day; filled in for the active-days board only.
    active_days: int = Field(default=0, ge=0)


class Board(FrozenModel):
    rows: tuple[MemberWeek, ...]
    # Members who ran but asked not to be named: counted, never shown.
    unlisted: int


_SORT_KEYS = {
    BoardBy.DISTANCE: lambda t: (-t.distance_km, -t.minutes, -t.runs, t.user_id),
    BoardBy.TIME: lambda t: (-t.minutes, -t.distance_km, -t.runs, t.user_id),
    BoardBy.RUNS: lambda t: (-t.runs, -t.distance_km, -t.minutes, t.user_id),
    BoardBy.ACTIVE_DAYS: lambda t: (-t.active_days, -t.distance_km, -t.minutes, t.user_id),
}


def build_board(totals: Iterable[MemberWeek], by: BoardBy = BoardBy.DISTANCE) -> Board:
    """Listed members by `by`, most first; ties by the other sums, then user id so the order
    never depends on the database's. The active-days board also counts members who only
    lifted."""
    active = [t for t in totals if t.runs > 0 or (by is BoardBy.ACTIVE_DAYS and t.active_days)]
    listed = [t for t in active if t.listed]
    unlisted = len(active) - len(listed)
    listed.sort(key=_SORT_KEYS[by])
    return Board(rows=tuple(listed), unlisted=unlisted)
