"""Which logged run a new run from a watch file repeats: the same file sent twice, or a run
typed by hand and then sent as a file, is logged once. Pure: the store passes the member's runs
that started near the new one, and stores the new run only when none of them is repeated.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from bot.core.models import Run

__all__ = ["REPEAT_DISTANCE_SHARE", "REPEAT_WITHIN", "repeated_run"]

# A logged run repeated by a new one started within this of it...
REPEAT_WITHIN = timedelta(minutes=2)
# ...and has a distance within this share of the new run's.
REPEAT_DISTANCE_SHARE = 0.02


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
