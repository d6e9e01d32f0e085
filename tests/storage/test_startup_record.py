"""The IDENTIFY back-off's record of starts lives in the store, per shard set, on every backend."""

from __future__ import annotations

from datetime import timedelta

from bot.actions.startup import record_start, starts_key
from bot.config import DatabaseSettings
from bot.core.identify import FIRST_DELAY, FREE_STARTS
from bot.core.shards import ShardSet
from bot.store import Store, open_store
from tests.storage.conftest import T0


async def test_starts_are_counted_across_reopening_per_shard_set(
    store: Store, database_settings: DatabaseSettings
) -> None:
    mine, other = ShardSet.of(4, [0, 1]), ShardSet.of(4, [2, 3])
    for n in range(FREE_STARTS):
        assert await record_start(store, mine, T0 + n * timedelta(seconds=20)) == timedelta(0)
    assert starts_key(mine) != starts_key(other)
    assert await record_start(store, other, T0) == timedelta(0)

    # A restarted process (a new connection) sees the earlier starts.
    async with await open_store(database_settings) as again:
        assert await record_start(again, mine, T0 + timedelta(minutes=2)) == FIRST_DELAY
        assert await record_start(again, mine, T0 + timedelta(minutes=3)) == 2 * FIRST_DELAY
    # Hours later it starts at once again.
    assert await record_start(store, mine, T0 + timedelta(hours=3)) == timedelta(0)
