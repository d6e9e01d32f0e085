"""The club's weekly board: Monday to Sunday in the club's time zone. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.core.models import FrozenModel
from bot.core.when import at_local, local_date

__all__ = ["Board", "MemberWeek", "Week", "build_board", "week_of"]


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


class Board(FrozenModel):
    rows: tuple[MemberWeek, ...]
    # Members who ran but asked not to be named: counted, never shown.
    unlisted: int


def build_board(totals: Iterable[MemberWeek]) -> Board:
    """Listed members by distance, longest first; ties by time, then runs, then user id so
    the order never depends on the database's."""
    active = [t for t in totals if t.runs > 0]
    listed = [t for t in active if t.listed]
    unlisted = len(active) - len(listed)
    listed.sort(key=lambda t: (-t.distance_km, -t.minutes, -t.runs, t.user_id))
    return Board(rows=tuple(listed), unlisted=unlisted)
