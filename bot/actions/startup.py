"""The back-off before a process connects to Discord, kept in the store (bot/core/identify.py).

One record per shard set in the `meta` table, so every process of a sharded bot (and every
restart of one, in a fresh container) sees its own earlier starts.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.core.bookkeeping import IDENTIFY_STARTS
from bot.core.identify import crash_streak, decode_starts, encode_starts, restart_delay, with_start
from bot.core.shards import ShardSet
from bot.store import Store

log = logging.getLogger(__name__)


def starts_key(shards: ShardSet) -> str:
    if shards.shard_count is None or shards.shard_ids is None:
        return f"{IDENTIFY_STARTS}:all"
    ids = ",".join(str(i) for i in sorted(shards.shard_ids))
    return f"{IDENTIFY_STARTS}:{shards.shard_count}:{ids}"


async def record_start(store: Store, shards: ShardSet, now: datetime) -> timedelta:
    """Record this start and return how long to wait before connecting (logged when > 0)."""
    key = starts_key(shards)
    starts = decode_starts(await store.meta.get(key))
    delay = restart_delay(starts, now)
    await store.meta.set(key, encode_starts(with_start(starts, now, delay)))
    if delay:
        log.warning(
            "%s restarted quickly %d times: waiting %d s before connecting to Discord"
            " (a crash loop must not use up Discord's 1,000 session starts a day)",
            shards.describe(),
            crash_streak(starts, now),
            int(delay.total_seconds()),
        )
    return delay
