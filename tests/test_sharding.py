"""Shard settings: refused on SQLite, an AutoShardedBot with them and a plain Bot without, and
the purge after removal only for the process's own guilds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from discord.ext import commands

from bot.config import ConfigError, settings_from_mapping
from bot.core.shards import ShardSet, shard_of
from bot.discord.bot import create_bot
from bot.render.chart_pool import ChartPool
from bot.store.postgres import PostgresStore

PG = {"DATABASE_URL": "postgresql://bot:pw@db:5432/runclub"}


@pytest.mark.parametrize("discord", [{"shard_count": 2}, {"shard_count": 2, "shard_ids": [0]}])
def test_shards_on_sqlite_are_refused_naming_the_url(discord: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match=r"\[database\] url"):
        settings_from_mapping({"discord": discord}, env={})
    settings_from_mapping({"discord": discord}, env=PG)  # fine on PostgreSQL


async def test_with_shards_the_bot_is_auto_sharded_without_a_plain_bot() -> None:
    sharded = settings_from_mapping({"discord": {"shard_count": 4, "shard_ids": [2, 3]}}, PG)
    # create_bot does no I/O: nothing to close before login.
    bot = create_bot(sharded, charts=ChartPool.in_threads(), sync_on_start=False)
    assert isinstance(bot, commands.AutoShardedBot)
    assert (bot.shard_count, bot.shard_ids) == (4, [2, 3])
    plain = create_bot(settings_from_mapping({}, {}), charts=ChartPool.in_threads())
    assert not isinstance(plain, commands.AutoShardedBot)
    assert plain.shard_count is None


async def test_the_purge_deletes_only_the_processs_own_guilds(postgres_url: str) -> None:
    now = datetime(2026, 3, 10, tzinfo=UTC)
    guilds = [(n << 22) | 1 for n in range(10, 16)]
    mine = ShardSet.of(2, [0])
    async with await PostgresStore.open(postgres_url) as store:
        for guild in guilds:
            await store.privacy.mark_removed(guild, now - timedelta(days=40))
        purged = await store.privacy.purge_removed(now, owns=mine.owns)
        assert sorted(purged) == [g for g in guilds if shard_of(g, 2) == 0]
        left = await store.privacy.removed_guilds()
        assert sorted(left) == [g for g in guilds if shard_of(g, 2) == 1]
