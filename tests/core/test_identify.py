"""The wait before connecting to Discord: the restart back-off and the shards' turns (pure, with
chosen times)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.identify import (
    FIRST_DELAY,
    FREE_STARTS,
    MAX_DELAY,
    QUICK,
    decode_starts,
    encode_starts,
    restart_delay,
    stagger_delay,
    with_start,
)

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
S = timedelta(seconds=1)


def starts(*ago: timedelta) -> list[datetime]:
    return [NOW - a for a in ago]


@pytest.mark.parametrize(
    ("earlier", "delay"),
    [
        ([], timedelta(0)),
        ([60 * S] * (FREE_STARTS - 1), timedelta(0)),
        ([60 * S] * FREE_STARTS, FIRST_DELAY),
        ([60 * S] * (FREE_STARTS + 1), 2 * FIRST_DELAY),
        ([60 * S] * (FREE_STARTS + 3), 8 * FIRST_DELAY),
        ([60 * S] * (FREE_STARTS + 40), MAX_DELAY),  # capped
        ([QUICK], timedelta(0)),
        ([QUICK + 60 * S * n for n in range(40)], timedelta(0)),  # the last run was long
        ([60 * S * n for n in range(1, 5)] + [2 * QUICK], 2 * FIRST_DELAY),  # a streak of 4
        ([(QUICK - S) * n for n in range(1, FREE_STARTS + 1)], FIRST_DELAY),
    ],
)
def test_restart_delay(earlier: list[timedelta], delay: timedelta) -> None:
    assert restart_delay(starts(*earlier), NOW) == delay


def test_a_crash_loop_connects_at_most_once_per_max_delay() -> None:
    """Simulate a process that crashes the moment it connects, for a day."""
    record: list[datetime] = []
    now = NOW
    connects = 0
    while now < NOW + timedelta(days=1):
        delay = restart_delay(record, now)
        record = with_start(record, now, delay)
        now += delay + S  # connects after the wait, crashes a second later, restarts
        connects += 1
    assert connects <= FREE_STARTS + 24 * 60 // int(MAX_DELAY.total_seconds() // 60) + 12
    # And once it stays up past QUICK, the next start is immediate again.
    assert restart_delay(record, now + QUICK) == timedelta(0)
    assert connects < 1000 // 16  # room for 16 shards a process within Discord's 1,000 a day


@pytest.mark.parametrize(
    ("shard_ids", "max_concurrency", "wait"),
    [
        (None, 1, 0),
        ([0, 1], 1, 0),
        ([2, 3], 1, 10),
        ([3, 2], 1, 10),
        ([4, 5, 6, 7], 4, 5),
        ([17], 16, 5),
        ([5], 0, 25),  # a nonsense limit counts as 1
    ],
)
def test_stagger_delay(shard_ids: list[int] | None, max_concurrency: int, wait: int) -> None:
    assert stagger_delay(shard_ids, max_concurrency) == timedelta(seconds=wait)


def test_the_record_round_trips_and_junk_counts_as_none() -> None:
    record = starts(60 * S, 30 * S)
    assert decode_starts(encode_starts(record)) == record
    for junk in (None, "", "not json", "{}", '["x"]'):
        assert decode_starts(junk) == []
