"""PostgreSQL storage: an asyncpg pool, numbered migrations, and PostgreSQL's dialect; the
repositories are the shared ones (bot.store.sql).

The server backend, for deployments that run several processes (or shards) on one database.
A server database is backed up with its own tools (pg_dump, base backups): no `backups`.
"""

from __future__ import annotations

from typing import Self

from bot.store.errors import MigrationError, SchemaTooNew, StoreError, StoreUnavailable
from bot.store.postgres.db import (
    COMMAND_TIMEOUT_SECONDS,
    CONNECT_TIMEOUT_SECONDS,
    MAX_POOL_SIZE,
    MIN_POOL_SIZE,
    PostgresDatabase,
    Transaction,
)
from bot.store.protocols import UNSET
from bot.store.sql import SqlStore
from bot.urls import redact_url

__all__ = [
    "UNSET",
    "MigrationError",
    "PostgresDatabase",
    "PostgresStore",
    "SchemaTooNew",
    "StoreError",
    "StoreUnavailable",
    "Transaction",
    "redact_url",
]


class PostgresStore(SqlStore[PostgresDatabase]):
    @classmethod
    async def open(
        cls,
        url: str,
        *,
        min_size: int = MIN_POOL_SIZE,
        max_size: int = MAX_POOL_SIZE,
        command_timeout: float = COMMAND_TIMEOUT_SECONDS,
        connect_timeout: float = CONNECT_TIMEOUT_SECONDS,
    ) -> Self:
        """Connect to `url` (postgresql://user:password@host:port/database) and migrate."""
        return cls(
            await PostgresDatabase.open(
                url,
                min_size=min_size,
                max_size=max_size,
                command_timeout=command_timeout,
                connect_timeout=connect_timeout,
            )
        )
