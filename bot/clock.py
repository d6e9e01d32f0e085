"""The clock is a parameter: production passes `system_clock` (the console's --now a
`running_clock`), tests one of their own."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def running_clock(start: datetime, *, elapsed: Callable[[], float] = time.monotonic) -> Clock:
    """A clock that reads `start` now and then runs with real time (the offline console's
    --now): a log typed a minute after the start is a minute after it, not at the start."""
    origin = elapsed()

    def now() -> datetime:
        return start + timedelta(seconds=elapsed() - origin)

    return now
