"""SQLite storage: one connection, numbered migrations, repositories returning core models.

The embedded default backend (`[database] path`, or a `sqlite:///` url). Nothing outside this
package imports sqlite3 or aiosqlite (tests/test_layers.py); callers see `bot.store.Store`.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Self

from bot.store.sqlite.backups import SqliteBackups
from bot.store.sqlite.clubs import Clubs
from bot.store.sqlite.db import Database, Transaction
from bot.store.sqlite.entries import Entries
from bot.store.sqlite.members import Members
from bot.store.sqlite.meta import Meta
from bot.store.sqlite.posts import Posts
from bot.store.sqlite.privacy import Privacy
from bot.store.sqlite.sessions import ClubSessions
from bot.store.sqlite.timers import Timers
from bot.store.sqlite.training import Races, Training

__all__ = [
    "ClubSessions",
    "Clubs",
    "Database",
    "Entries",
    "Members",
    "Meta",
    "Posts",
    "Privacy",
    "SqliteBackups",
    "SqliteStore",
    "Timers",
    "Transaction",
]


class SqliteStore:
    """The database and the repositories over it; a new repository is one more attribute.

    Satisfies `bot.store.Store`; `db` is for this package and its tests only.
    """

    def __init__(self, db: Database) -> None:
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
        self.backups = SqliteBackups(db)

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
