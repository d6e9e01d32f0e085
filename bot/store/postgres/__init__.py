"""PostgreSQL storage: an asyncpg pool, numbered migrations, repositories returning core models.

The server backend, for deployments that run several processes (or shards) on one database.
Each repository mirrors the SQLite backend's class of the same name method for method.
Nothing here imports discord.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from bot.store.postgres.clubs import Clubs
from bot.store.postgres.db import (
    COMMAND_TIMEOUT_SECONDS,
    CONNECT_TIMEOUT_SECONDS,
    MAX_POOL_SIZE,
    MIN_POOL_SIZE,
    PostgresDatabase,
    Transaction,
)
from bot.store.postgres.entries import Entries
from bot.store.postgres.errors import MigrationError, SchemaTooNew, StoreError, StoreUnavailable
from bot.store.postgres.members import UNSET, Members
from bot.store.postgres.meta import Meta
from bot.store.postgres.posts import Posts
from bot.store.postgres.privacy import Privacy
from bot.store.postgres.sessions import ClubSessions
from bot.store.postgres.timers import Timers
from bot.store.postgres.training import Races, Training
from bot.store.protocols import Backups
from bot.urls import redact_url

__all__ = [
    "UNSET",
    "ClubSessions",
    "Clubs",
    "Entries",
    "Members",
    "Meta",
    "MigrationError",
    "PostgresDatabase",
    "PostgresStore",
    "Posts",
    "Privacy",
    "SchemaTooNew",
    "StoreError",
    "StoreUnavailable",
    "Timers",
    "Transaction",
    "redact_url",
]


class PostgresStore:
    """The pool and the repositories over it: the same attributes as the SQLite `Store`."""

    def __init__(self, db: PostgresDatabase) -> None:
        self.db = db
        self.members = Members(db)
        self.entries = Entries(db)
        self.meta = Meta(db)
        self.privacy = Privacy(db)
        self.clubs = Clubs(db)
        self.club_sessions = ClubSessions(db)
        self.posts = Posts(db)
        self.training = Training(db)
        self.races = Races(db)
        self.timers = Timers(db)
        # A server database is backed up with its own tools (pg_dump, base backups).
        self.backups: Backups | None = None

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

    async def close(self) -> None:
        await self.db.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
