"""Moments and dates between Python and either database: the shared half of the time codec.

A backend stores a moment as whole seconds (SQLite: unix seconds, PostgreSQL: timestamptz) and
its dialect encodes parameters; rows become core models here (`model_of`), whichever form
they hold. A stored second `s` is at or after a moment `t` exactly when `s >= ceil(t)`, and at
or before it when `s <= floor(t)`: so `>=` and `<` bounds go in `rounded_up`, the rest as they
are (the dialect rounds them down).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SECOND = timedelta(seconds=1)

M = TypeVar("M", bound=BaseModel)


def aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        # A naive datetime would silently be read as the server's local time.
        raise ValueError(f"datetime must be timezone-aware, got {value!r}")
    return value


def to_epoch(value: datetime) -> int:
    """Unix seconds, rounded down: the stored form of a moment (integer arithmetic, exact)."""
    return (aware(value) - EPOCH) // SECOND


def from_epoch(seconds: int) -> datetime:
    return EPOCH + timedelta(seconds=seconds)


def stored(value: datetime) -> datetime:
    """`value` as it reads back once stored: UTC, rounded down to the second."""
    return from_epoch(to_epoch(value))


def rounded_up(value: datetime) -> datetime:
    """The first whole second at or after `value`: the form of a `>=` or `<` bound."""
    down = stored(value)
    return down if down == value else down + SECOND


def moment(value: int | datetime) -> datetime:
    """A stored moment read back, from either database."""
    return value if isinstance(value, datetime) else from_epoch(value)


def maybe_moment(value: int | datetime | None) -> datetime | None:
    return None if value is None else moment(value)


def zone(key: str | None) -> ZoneInfo | None:
    """A stored IANA key; NULL means none was chosen (a default applies above the store)."""
    return None if key is None else ZoneInfo(key)


def zone_key(value: ZoneInfo | None) -> str | None:
    return None if value is None else value.key


def is_time_column(name: str) -> bool:
    """Moments are stored in columns named `at` or `..._at` (0001 onwards)."""
    return name == "at" or name.endswith("_at")


def exported(row: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """A stored row's (column, value) pairs as one plain form, whichever backend they came
    from: moments as aware UTC datetimes, flags as 0/1 (the export's file, migrate-store's
    checksums)."""
    return {
        key: moment(value)
        if is_time_column(key) and isinstance(value, int)
        else int(value)
        if isinstance(value, bool)
        else value
        for key, value in row
    }


@functools.cache
def _columns(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """A model's fields, each with whether it is a moment: worked out once per model, not per
    row (a command decodes dozens of rows, a daily post many thousands)."""
    return tuple((name, is_time_column(name)) for name in model.model_fields)


def model_of(model: type[M], row: Any, **replaced: object) -> M:
    """`model` from the columns of `row` named as its fields (a row may hold more columns),
    validated as any model is. Pydantic reads the stored forms of flags (0/1), enum values and
    ISO dates; moments are read here, because pydantic would give epoch seconds a UTC object
    of its own. `replaced` gives the fields a row holds under another name or form."""
    values = dict(replaced)
    for name, is_moment in _columns(model):
        if name not in replaced:
            value = row[name]
            values[name] = maybe_moment(value) if is_moment else value
    return model.model_validate(values)
