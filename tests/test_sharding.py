"""Shard settings: refused on SQLite, an AutoShardedBot with them and a plain Bot without, the
purge after removal only for the process's own guilds, and reminders that another shard's
pending ones never hold back, neither in a tick nor in when the next tick comes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from discord.ext import commands

from bot.actions.timers import BATCH as TIMER_BATCH
from bot.actions.timers import Fired, TimerRunner
from bot.config import ConfigError, settings_from_mapping
from bot.core.models import MemberRef
from bot.core.shards import ShardSet, shard_of
from bot.discord.bot import create_bot
from bot.render.chart_pool import ChartPool
from bot.render.reply import Reply
from bot.store.postgres import PostgresStore

H = timedelta(hours=1)
D = timedelta(days=1)
M = timedelta(minutes=1)
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


class SentDms:
    """Stands in for Discord's DMs: who got one."""

    def __init__(self) -> None:
        self.to: list[int] = []

    async def send_dm(self, guild_id: int, user_id: int, reply: Reply, *, nonce: str) -> None:
        del guild_id, reply, nonce
        self.to.append(user_id)

    async def find_dm(self, guild_id: int, user_id: int, reply: Reply, *, after: datetime) -> bool:
        del guild_id, user_id, reply, after
        return False


async def test_another_shards_due_reminders_never_hold_back_this_processs_own(
    postgres_url: str,
) -> None:
    """A shard whose process is down (a crash loop's back-off, a slow rolling restart) leaves
    its due reminders pending, more of them than one read of due timers holds: the other
    processes still send theirs, in the same tick."""
    now = datetime(2026, 3, 10, 7, tzinfo=UTC)
    mine, theirs = ShardSet.of(2, [0]), ShardSet.of(2, [1])
    my_guild = next(g for g in ((n << 22) | 1 for n in range(10, 16)) if mine.owns(g))
    their_guild = next(g for g in ((n << 22) | 1 for n in range(10, 16)) if theirs.owns(g))
    settings = settings_from_mapping({}, {})
    async with await PostgresStore.open(postgres_url) as store:
        for user in range(TIMER_BATCH + 1):  # theirs, due first
            member = MemberRef(guild_id=their_guild, user_id=1000 + user)
            await store.timers.add_ready(member, entry_id=1, due_at=now - H, now=now - D)
        me = MemberRef(guild_id=my_guild, user_id=7)
        await store.timers.add_ready(me, entry_id=1, due_at=now, now=now - D)
        sender = SentDms()
        runner = TimerRunner(store, settings, sender, owns=mine.owns)
        await runner.tick(now)
        assert sender.to == [me.user_id], "the process's own reminder waited for another shard's"
        assert await store.timers.pending(me) == []


async def test_a_reminder_due_after_a_tick_that_found_only_another_shards_comes_at_its_time(
    postgres_url: str,
) -> None:
    """A tick found only another shard's reminder due (its process down, or just slower to
    claim it): that one is looked at again 5 minutes later, and this process's own reminder
    due a minute later still comes at its minute."""
    now = datetime(2026, 3, 10, 7, tzinfo=UTC)
    mine, theirs = ShardSet.of(2, [0]), ShardSet.of(2, [1])
    my_guild = next(g for g in ((n << 22) | 1 for n in range(10, 16)) if mine.owns(g))
    their_guild = next(g for g in ((n << 22) | 1 for n in range(10, 16)) if theirs.owns(g))
    async with await PostgresStore.open(postgres_url) as store:
        other = MemberRef(guild_id=their_guild, user_id=1000)
        await store.timers.add_ready(other, entry_id=1, due_at=now, now=now - D)
        me = MemberRef(guild_id=my_guild, user_id=7)
        await store.timers.add_ready(me, entry_id=1, due_at=now + M, now=now - D)
        runner = TimerRunner(store, settings_from_mapping({}, {}), SentDms(), owns=mine.owns)
        assert await runner.next_due(now) == now
        assert set((await runner.tick(now)).values()) == {Fired.SKIPPED}
        assert await runner.next_due(now) == now + M, "this process's reminder waits 5 minutes"
