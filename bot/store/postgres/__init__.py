"""PostgreSQL storage: an asyncpg pool, numbered migrations, and PostgreSQL's dialect; the
repositories are the shared ones (bot.store.sql).

The server backend, for deployments that run several processes (or shards) on one database.
A server database is backed up with its own tools (pg_dump, base backups): no `backups`.
"""

from __future__ import annotations

from typing import Self

from bot.store.postgres.db import CONNECT_TIMEOUT_SECONDS, PostgresDatabase, Transaction
from bot.store.sql import SqlStore

__all__ = ["PostgresDatabase", "PostgresStore", "Transaction"]


class PostgresStore(SqlStore[PostgresDatabase]):
    @classmethod
    async def open(cls, url: str, *, connect_timeout: float = CONNECT_TIMEOUT_SECONDS) -> Self:
        """Connect to `url` (postgresql://user:password@host:port/database) and migrate; the
        pool's other settings are PostgresDatabase.open's."""
        return cls(await PostgresDatabase.open(url, connect_timeout=connect_timeout))
