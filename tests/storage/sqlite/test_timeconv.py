from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.store.sql.codec import from_epoch, rounded_up, to_epoch


def to_epoch_ceil(value: datetime) -> int:
    """Unix seconds rounded up: how a `>=` or `<` bound is stored."""
    return to_epoch(rounded_up(value))


SECOND = timedelta(seconds=1)
aware = st.datetimes(
    min_value=datetime(1970, 1, 2),
    max_value=datetime(2200, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=45))]),
)


def test_known_values() -> None:
    assert to_epoch(datetime(1970, 1, 1, tzinfo=UTC)) == 0
    assert to_epoch(datetime(2024, 3, 4, 18, 30, tzinfo=UTC)) == 1_709_577_000
    assert from_epoch(1_709_577_000) == datetime(2024, 3, 4, 18, 30, tzinfo=UTC)
    assert from_epoch(0).tzinfo is UTC


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        to_epoch(datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        to_epoch_ceil(datetime(2024, 1, 1))


@given(aware)
def test_floor_and_ceil_bracket_the_instant(value: datetime) -> None:
    low, high = from_epoch(to_epoch(value)), from_epoch(to_epoch_ceil(value))
    assert low <= value <= high
    assert high - low in (timedelta(0), SECOND)
    assert (high == low) == (value.microsecond == 0)


@given(st.integers(min_value=0, max_value=10**10))
def test_seconds_round_trip(seconds: int) -> None:
    assert to_epoch(from_epoch(seconds)) == seconds == to_epoch_ceil(from_epoch(seconds))
