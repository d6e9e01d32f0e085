"""Which logged run a new run from a watch file repeats: the same file sent twice, or a run
typed by hand and then sent as a file, is logged once. Pure: the store passes the member's runs
that started near the new one, and stores the new run only when none of them is repeated.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from bot.core.models import Run

__all__ = [
    "REPEAT_DISTANCE_SHARE",
    "REPEAT_WITHIN",
    "ZONE_SHIFT_MAX",
    "repeat_window",
    "repeated_in_another_zone",
    "repeated_run",
]

# A logged run repeated by a new one started within this of it...
REPEAT_WITHIN = timedelta(minutes=2)
# ...and has a distance within this share of the new run's.
REPEAT_DISTANCE_SHARE = 0.02
# A run dated only by the watch's clock (a FIT file timed from switch-on) is placed by reading
# that clock in the member's zone: the same file sent again after the member's zone changed
# starts as far off as the two zones' UTC offsets differ, a whole number of quarter-hours
# (every offset in use is), and at most 26 hours (UTC-12 to UTC+14).
ZONE_SHIFT_MAX = timedelta(hours=26)
_ZONE_SHIFT_STEP = timedelta(minutes=15)
_DAY = timedelta(days=1)


def repeat_window(
    at: datetime, elapsed_seconds: int | None, within: timedelta
) -> tuple[datetime, datetime]:
    """Where a run that a new one started at `at` repeats may start: from `within` before it
    to `within` after it ended (a run typed when it ended)."""
    return at - within, at + timedelta(seconds=elapsed_seconds or 0) + within


def repeated_run(run: Run, nearby: Iterable[Run], tolerance: float) -> Run | None:
    """The run of `nearby` that `run` would repeat: as long within `tolerance` (a share of
    `run`'s distance) or, for a run without a distance, also without one. The nearest start
    wins, then the lowest id (a run not stored yet first); None when no run of `nearby` is as
    long. How near a start must be is the caller's: `nearby` holds only the runs that started
    near enough."""
    distance = run.distance_km
    alike = [
        r
        for r in nearby
        if (distance is None and r.distance_km is None)
        or (
            distance is not None
            and r.distance_km is not None
            and abs(r.distance_km - distance) <= tolerance * distance
        )
    ]
    return min(alike, key=lambda r: (abs(r.at - run.at), r.id or 0), default=None)


def repeated_in_another_zone(run: Run, nearby: Iterable[Run], tolerance: float) -> Run | None:
    """The run of `nearby` that `run`, placed by the watch's clock, repeats as the same file
    read in another zone: started a whole number of quarter-hours off, up to ZONE_SHIFT_MAX
    but not a whole day (the same workout at the same time the next day), from a file of
    the same format with the same moving and elapsed seconds, and as long within `tolerance`.
    The nearest start wins."""
    if run.moving_seconds is None or run.elapsed_seconds is None:
        return None
    alike = [
        r
        for r in nearby
        if r.source is run.source
        and r.moving_seconds == run.moving_seconds
        and r.elapsed_seconds == run.elapsed_seconds
        and _zone_shift(r.at - run.at)
    ]
    return repeated_run(run, alike, tolerance)


def _zone_shift(shift: timedelta) -> bool:
    shift = abs(shift)
    return (
        timedelta(0) < shift <= ZONE_SHIFT_MAX
        and shift % _ZONE_SHIFT_STEP == timedelta(0)
        and shift % _DAY != timedelta(0)
    )
