"""When a logged entry happened: its `when` option read in the member's zone, as /legday,
/run, a watch file's correction and /edit all read it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.when import Direction, log_time, read_when
from bot.core.when.common import LEFT_OUT_IS_NOW
from bot.render import skipped_time_line


def logged_at(
    when: str | None, now: datetime, zone: ZoneInfo, *, instead: str = LEFT_OUT_IS_NOW
) -> tuple[datetime, str | None]:
    """The moment to store, and the line a wall time the clocks skipped needs. The line names
    the moment stored: one typed within the slack ahead of `now` is logged at `now`."""
    read = read_when(when, now=now, tz=zone, direction=Direction.PAST, instead=instead)
    at = log_time(read.at, now)
    return at, skipped_time_line(read.skipped, at, zone)
