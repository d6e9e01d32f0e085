"""How long a starting process waits before it connects to Discord (pure; the caller's clock).

Discord allows 1,000 session starts (IDENTIFYs) a day per bot and resets the token when a bot
goes over, so a crash loop must not reconnect as fast as it crashes. Each process records when
it connected (bot/actions/startup.py keeps them in the store's `meta`). A run shorter than
`QUICK` counts as a crash; after `FREE_STARTS` crashes in a row every further start waits twice
as long as the one before, from `FIRST_DELAY` up to `MAX_DELAY`, so a process crashing for good
connects about once per `MAX_DELAY` (48 times a day). A run of `QUICK` or more resets it.

Across processes, shards also start in Discord's order: shards whose `shard_id //
max_concurrency` is k may identify 5 s after those of k - 1 (discord.py spaces the shards
within one process itself). `stagger_delay` is that wait for a process's first shard.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

FREE_STARTS = 3
FIRST_DELAY = timedelta(seconds=10)
MAX_DELAY = timedelta(minutes=30)
# Connects closer together than this (the wait before one included) are a crash loop.
QUICK = MAX_DELAY + timedelta(minutes=10)
# Discord's IDENTIFY spacing per max_concurrency bucket.
IDENTIFY_SPACING = timedelta(seconds=5)
# Starts remembered: enough to reach MAX_DELAY, so the record stays small.
_KEEP = FREE_STARTS + 12


def crash_streak(connects: Iterable[datetime], now: datetime) -> int:
    """How many of the latest connects were each followed by another start within QUICK."""
    streak = 0
    later = now
    for connect in sorted(connects, reverse=True):
        if later - connect >= QUICK:
            break
        streak += 1
        later = connect
    return streak


def restart_delay(connects: Iterable[datetime], now: datetime) -> timedelta:
    """The wait before connecting, given when this process connected before."""
    extra = crash_streak(connects, now) - FREE_STARTS
    if extra < 0:
        return timedelta(0)
    delay: timedelta = FIRST_DELAY * 2 ** min(extra, 20)
    return min(delay, MAX_DELAY)


def stagger_delay(shard_ids: Sequence[int] | None, max_concurrency: int) -> timedelta:
    """The wait that lets lower shards (other processes) identify first; 0 for shard 0."""
    if not shard_ids:
        return timedelta(0)
    return IDENTIFY_SPACING * (min(shard_ids) // max(max_concurrency, 1))


def with_start(connects: Iterable[datetime], now: datetime, delay: timedelta) -> list[datetime]:
    """The record after a start at `now` that connects after `delay`."""
    return [*sorted(connects), now + delay][-_KEEP:]


def encode_starts(starts: Iterable[datetime]) -> str:
    return json.dumps([int(start.timestamp()) for start in starts])


def decode_starts(text: str | None) -> list[datetime]:
    """The record as stored; anything unreadable counts as no starts."""
    if not text:
        return []
    try:
        values = json.loads(text)
        return [datetime.fromtimestamp(int(v), UTC) for v in values]
    except (ValueError, TypeError, OverflowError):
        return []
