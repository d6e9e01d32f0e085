"""SQLite storage: one connection, numbered migrations, repositories returning core models.

Nothing here imports discord; callers pass a `MemberRef` taken from the interaction.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Self

from bot.store.sqlite.clubs import Clubs
from bot.store.sqlite.db import (
    BackupError,
    Database,
    MigrationError,
    SchemaTooNew,
    StoreError,
    Transaction,
)
from bot.store.sqlite.entries import Entries
from bot.store.sqlite.members import UNSET, Members
from bot.store.sqlite.meta import Meta
from bot.store.sqlite.posts import Posts
from bot.store.sqlite.privacy import Privacy
from bot.store.sqlite.sessions import ClubSessions

__all__ = [
    "UNSET",
    "BackupError",
    "ClubSessions",
    "Clubs",
    "Database",
    "Entries",
    "Members",
    "Meta",
    "MigrationError",
    "Posts",
    "Privacy",
    "SchemaTooNew",
    "Store",
    "StoreError",
    "Transaction",
]


class Store:
    """The database and the repositories over it; a new repository is one more attribute."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.members = Members(db)
        self.entries = Entries(db)
        self.meta = Meta(db)
        self.privacy = Privacy(db)
        self.clubs = Clubs(db)
        self.club_sessions = ClubSessions(db)
        self.posts = Posts(db)

    @classmethod
    async def open(cls, path: Path) -> Self:
        return cls(await Database.open(path))

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
