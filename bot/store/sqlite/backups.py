"""SQLite's file backups: the daily one the bot makes, and `runclub-bot backup PATH`.

Both copy through SQLite's online backup API from a connection that only reads committed rows
(the live store's reader, or the command's read-only one), so neither waits for the bot's
writes nor copies one half done, and check the copy with `PRAGMA integrity_check` before it
gets its final name: a file with a backup's name is always a complete, verified database.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from bot.store.errors import BackupError
from bot.store.sqlite.db import BUSY_TIMEOUT_MS, Database

log = logging.getLogger(__name__)

# The UTC date in the name: names sort by age, and "one a day" survives restarts because the
# file itself is the record of whether today's backup exists.
_DAILY_NAME = re.compile(r"^runclub-\d{4}-\d{2}-\d{2}\.sqlite3$")


def daily_backup_name(now: datetime) -> str:
    return f"runclub-{now.astimezone(UTC).date().isoformat()}.sqlite3"


class SqliteBackups:
    """The `Backups` of a SQLite store: copies of its one file."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def backup_to(self, dest: Path) -> None:
        """Copy the live database to `dest`, verified."""
        await _copy_verified(self._db.reader, self._db.path, dest)

    async def run_daily(self, backup_dir: Path, keep: int, now: datetime) -> Path | None:
        dest = backup_dir / daily_backup_name(now)
        created = None
        if not await asyncio.to_thread(dest.exists):
            await self.backup_to(dest)
            log.info("daily backup written to %s", dest)
            created = dest
        for removed in await asyncio.to_thread(prune_backups, backup_dir, keep):
            log.info("removed old backup %s", removed)
        return created


def prune_backups(backup_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` daily backups; other files in the folder are left alone."""
    if keep < 1:
        raise ValueError("keep at least one backup")
    daily = sorted(p for p in backup_dir.iterdir() if _DAILY_NAME.match(p.name) and p.is_file())
    old = daily[: max(0, len(daily) - keep)]
    for path in old:
        path.unlink(missing_ok=True)
    return old


async def backup_database(source: Path, dest: Path, *, overwrite: bool = False) -> None:
    """Copy the database file `source` to `dest`, verified, without changing `source`.

    The source is opened read-only and not migrated: a backup taken before an upgrade must be
    the database as it was. Safe while the bot runs (WAL readers do not block its writes).
    """
    uri = await asyncio.to_thread(_checked_source_uri, source, dest, overwrite)
    try:
        async with aiosqlite.connect(uri, uri=True, isolation_level=None) as conn:
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await _copy_verified(conn, source, dest)
    except sqlite3.Error as exc:
        # Not a database, locked, unreadable: the caller reports it as a failed backup.
        raise BackupError(f"could not back up {source}: {exc}") from exc


def _checked_source_uri(source: Path, dest: Path, overwrite: bool) -> str:
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    if dest.is_dir():
        raise BackupError(f"{dest} is a folder; give the backup a file name")
    if dest.exists() and not overwrite:
        raise BackupError(f"{dest} already exists; pass --force to replace it")
    return source.resolve().as_uri() + "?mode=ro"


async def _copy_verified(conn: aiosqlite.Connection, path: Path, dest: Path) -> None:
    """Copy the database `path` through `conn` to `dest`: written next to it and renamed into
    place once it passes `PRAGMA integrity_check`, so `dest` is never half written or corrupt."""
    if await asyncio.to_thread(dest.resolve) == await asyncio.to_thread(path.resolve):
        raise BackupError(f"refusing to back up {path} onto itself")
    partial = dest.with_name(dest.name + ".partial")
    try:
        await asyncio.to_thread(dest.parent.mkdir, parents=True, exist_ok=True)
        await asyncio.to_thread(partial.unlink, missing_ok=True)
        async with aiosqlite.connect(partial) as target:
            await conn.backup(target)
            async with target.execute("PRAGMA integrity_check") as cursor:
                rows = [str(row[0]) for row in await cursor.fetchall()]
        if rows != ["ok"]:
            raise BackupError(f"backup copy failed integrity_check: {'; '.join(rows)}")
        await asyncio.to_thread(partial.replace, dest)
    except BaseException:
        await asyncio.to_thread(partial.unlink, missing_ok=True)
        raise
