"""Which process looks after which club: Discord's shard of a guild, and a process's shards.

Discord routes a guild's events to shard `(guild_id >> 22) % shard_count`. A process that
serves `shard_ids` runs the timed jobs (the daily post, the purge after removal) only for the
guilds of those shards, so several processes on one database split the clubs between them
without talking to each other. The store's claims still make each post exactly-once when two
processes overlap (a rolling restart, or a misconfigured shard list).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# The low 22 bits of a snowflake are worker, process and increment; the rest is its time.
_SNOWFLAKE_TIME_SHIFT = 22


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard Discord sends `guild_id`'s events to, out of `shard_count`."""
    if shard_count < 1:
        raise ValueError(f"shard_count must be at least 1, got {shard_count}")
    return (guild_id >> _SNOWFLAKE_TIME_SHIFT) % shard_count


@dataclass(frozen=True, slots=True)
class ShardSet:
    """The shards one process serves. `ShardSet.everything()` (no sharding) owns every guild."""

    shard_count: int | None = None
    shard_ids: frozenset[int] | None = None

    @classmethod
    def everything(cls) -> ShardSet:
        return cls()

    @classmethod
    def of(cls, shard_count: int | None, shard_ids: Iterable[int] | None) -> ShardSet:
        """From the settings: a count alone means every shard of it (one process, many shards)."""
        if shard_count is None:
            return cls()
        ids = frozenset(range(shard_count) if shard_ids is None else shard_ids)
        return cls(shard_count=shard_count, shard_ids=ids)

    def owns(self, guild_id: int) -> bool:
        if self.shard_count is None or self.shard_ids is None:
            return True
        return shard_of(guild_id, self.shard_count) in self.shard_ids

    def describe(self) -> str:
        if self.shard_count is None or self.shard_ids is None:
            return "all guilds (not sharded)"
        ids = ",".join(str(i) for i in sorted(self.shard_ids))
        return f"shards {ids} of {self.shard_count}"


def owns_everything(guild_id: int) -> bool:
    """The default owner test: one process, every guild."""
    del guild_id
    return True
