"""Which process owns which guild: Discord's shard formula, and a process's shard set."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.shards import ShardSet, shard_of

# A real-looking snowflake: its time part decides the shard.
GUILD = 175928847299117063


@pytest.mark.parametrize(
    ("guild_id", "count", "shard"),
    [
        (GUILD, 1, 0),
        (GUILD, 2, (GUILD >> 22) % 2),
        (GUILD, 16, (GUILD >> 22) % 16),
        ((5 << 22) | 0x3FFFFF, 4, 1),  # the low 22 bits never matter
        (5 << 22, 4, 1),
        (0, 7, 0),
    ],
)
def test_shard_of_follows_discords_formula(guild_id: int, count: int, shard: int) -> None:
    assert shard_of(guild_id, count) == shard


def test_shard_of_needs_at_least_one_shard() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        shard_of(GUILD, 0)


def test_without_shards_a_process_owns_every_guild() -> None:
    assert ShardSet.everything().owns(GUILD)
    assert ShardSet.of(None, None).owns(GUILD)
    assert ShardSet.of(None, None).describe() == "all guilds (not sharded)"


def test_a_count_alone_means_every_shard_of_it() -> None:
    assert ShardSet.of(4, None).shard_ids == frozenset({0, 1, 2, 3})


@given(st.integers(min_value=0, max_value=2**63 - 1), st.integers(min_value=1, max_value=64))
def test_every_guild_has_exactly_one_owner_among_a_split(guild_id: int, count: int) -> None:
    processes = [ShardSet.of(count, [i]) for i in range(count)]
    assert sum(p.owns(guild_id) for p in processes) == 1
    halves = [ShardSet.of(count, range(0, count, 2)), ShardSet.of(count, range(1, count, 2))]
    assert sum(p.owns(guild_id) for p in halves) == 1
