"""The clock is a parameter: production passes `system_clock`, tests pass a fixed one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def fixed_clock(at: datetime) -> Clock:
    """A clock frozen at `at` (aware); handy for tests and the offline console's --now."""

    def now() -> datetime:
        return at

    return now
