"""The one place where aware UTC datetimes become the INTEGER unix seconds stored in SQLite.

Seconds are exact integers, so the conversion uses integer arithmetic on timedeltas rather than
`datetime.timestamp()`, whose float can be off by one for large values.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = timedelta(seconds=1)


def _require_aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        # A naive datetime would silently be read as the server's local time.
        raise ValueError(f"datetime must be timezone-aware, got {value!r}")
    return value


def to_epoch(value: datetime) -> int:
    """Unix seconds, rounded down: the stored form of a moment."""
    return (_require_aware(value) - _EPOCH) // _SECOND


def to_epoch_ceil(value: datetime) -> int:
    """Unix seconds, rounded up: the lower bound of an inclusive range.

    A stored second `s` is at or after `value` exactly when `s >= ceil(value)`, so a range
    starting mid-second never includes the whole second before it.
    """
    return -((_EPOCH - _require_aware(value)) // _SECOND)


def from_epoch(seconds: int) -> datetime:
    return _EPOCH + timedelta(seconds=seconds)
