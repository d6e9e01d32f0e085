"""The bot's clock in tests: it moves only when the test moves it."""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

DEFAULT_START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


class FakeClock:
    """A mutable clock for `create_bot(clock=...)`: call it (or `.now()`) for the time."""

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        self._now = _aware(start)

    def now(self) -> datetime:
        return self._now

    __call__ = now

    def set(self, moment: datetime) -> None:
        self._now = _aware(moment)

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("FakeClock needs an aware datetime")
    return moment.astimezone(UTC)


# When the send budget let the current task's request go (seconds, on `PacedTime`'s scale);
# the fake Discord records it on every request (`RecordedRequest.released_at`).
RELEASED: ContextVar[float | None] = ContextVar("RELEASED", default=None)


class PacedTime:
    """The send budget's time source in tests: the fake clock's time in seconds plus every
    sleep so far, and a sleep that returns at once. The budget lets one sender sleep at a
    time, so one running total is its timeline; the fake clock itself does not move. Each read
    notes in the reading task the moment it saw (`RELEASED`): the budget's last read is when
    it let the task's request go."""

    def __init__(self, clock: FakeClock) -> None:
        self._clock = clock
        self._slept = 0.0

    def monotonic(self) -> float:
        now = self._clock.now().timestamp() + self._slept
        RELEASED.set(now)
        return now

    async def sleep(self, seconds: float) -> None:
        self._slept += seconds
        await asyncio.sleep(0)  # a real sleep yields to the loop too
