"""Storage: repositories over core models, with the backend chosen by configuration.

Callers use `open_store(settings.database)` and `Store`: the repositories, written once
(bot.store.sql), over either backend's database. The backends live in subpackages
(`bot.store.sqlite`, `bot.store.postgres`) and are imported only when chosen; above the store,
code imports this module only (tests/test_layers.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeAlias

from bot.config import DatabaseSettings
from bot.store.errors import (
    BackupError,
    MigrationError,
    SchemaTooNew,
    StoreError,
    StoreUnavailable,
)
from bot.store.sql import Backups, SqlStore
from bot.store.sql.members import UNSET, AdviceInputs, Unset
from bot.store.sql.posts import Claim, SentPost
from bot.store.sql.seam import Db

__all__ = [
    "UNSET",
    "AdviceInputs",
    "BackupError",
    "Backups",
    "Claim",
    "MigrationError",
    "SchemaTooNew",
    "SentPost",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "Unset",
    "backup_database",
    "open_store",
]

# The store of either backend, as everything above bot.store uses it.
Store: TypeAlias = SqlStore[Db]


async def open_store(settings: DatabaseSettings) -> Store:
    """Open (and migrate) the configured database; raises StoreError when it cannot be used."""
    if settings.backend == "sqlite":
        from bot.store.sqlite import SqliteStore  # noqa: PLC0415  (only the chosen backend)

        return await SqliteStore.open(settings.path)
    from bot.store.postgres import PostgresStore  # noqa: PLC0415

    assert settings.url is not None  # a postgresql backend is always named by url
    return await PostgresStore.open(settings.url)


async def backup_database(
    settings: DatabaseSettings, dest: Path, *, overwrite: bool = False
) -> str:
    """Copy the configured database to the file `dest`, verified, without opening it as a
    store (no migration); returns what was copied, for the message. Raises BackupError."""
    if settings.backend != "sqlite":
        raise BackupError(
            f"this database ({settings.backend}) has no file backup; use pg_dump to back it up"
        )
    from bot.store.sqlite.backups import backup_database as sqlite_backup  # noqa: PLC0415

    await sqlite_backup(settings.path, dest, overwrite=overwrite)
    return str(settings.path)
