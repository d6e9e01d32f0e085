"""The bot's clock in tests: it moves only when the test moves it."""

from __future__ import annotations

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
