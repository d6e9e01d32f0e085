"""SQLite storage: the embedded default backend (`[database] path`, or a `sqlite:///` url).

Two aiosqlite connections, numbered migrations, and SQLite's dialect; the repositories are the
shared ones (bot.store.sql). Nothing outside this package imports sqlite3 or aiosqlite
(tests/test_layers.py); callers see `bot.store.Store`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Self

from bot.store.sql import SqlStore
from bot.store.sqlite.backups import SqliteBackups
from bot.store.sqlite.db import Database, Transaction

__all__ = ["Database", "SqliteBackups", "SqliteStore", "Transaction"]


class SqliteStore(SqlStore[Database]):
    # Always there on SQLite, and with `backup_to` (`runclub-bot backup PATH`) besides.
    backups: SqliteBackups

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.backups = SqliteBackups(db)

    @classmethod
    async def open(cls, path: Path) -> Self:
        return cls(await Database.open(path))
