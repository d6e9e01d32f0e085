"""Two long-lived aiosqlite connections (a writer and a reader), transactions and migrations.

aiosqlite runs every call of a connection on that connection's own worker thread, one call at a
time. That keeps single calls atomic but not a sequence of them: two tasks that both awaited
inside a `BEGIN ... COMMIT` would interleave their statements in one transaction. So every use
of the writer connection holds the instance's lock, and a multi-statement unit of work runs
inside `transaction()`.

Single-statement reads (`fetchone`, `fetchall`) go to the reader instead: a second connection
with `PRAGMA query_only`, on its own thread. In WAL mode it reads the last committed state
beside a running write transaction, so a command that only reads never queues behind a
command that writes. Each statement sees one committed snapshot; a read that must agree with
another read or with a write belongs in `transaction()`.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any, Self, TypeAlias

import aiosqlite

from bot.store.errors import StoreError, StoreUnavailable
from bot.store.migrations import DialectName, Migration, apply, migrations_for, pending
from bot.store.sql.seam import Db, Handle
from bot.store.sqlite.dialect import SqliteDialect

log = logging.getLogger(__name__)

# The dialect bot/store/schema's migrations are rendered for (bot/store/migrations.py).
MIGRATIONS: DialectName = "sqlite"

SqlValue: TypeAlias = int | float | str | bytes | None
Params: TypeAlias = Sequence[SqlValue] | Mapping[str, SqlValue]

BUSY_TIMEOUT_MS = 5000
# Set on every connection (the writer's once it has checked the schema version).
_EVERY_CONNECTION = ("synchronous = NORMAL", "foreign_keys = ON")
# STRICT tables (0001) need 3.37; failing here beats a syntax error in a migration.
MIN_SQLITE_VERSION = (3, 37, 0)


class Transaction(Handle[aiosqlite.Connection]):
    """The handle `Database.transaction()` yields; `fetch*` and `execute` take SQLite's SQL."""

    async def lock(self, scope: str, *keys: int) -> None:
        """Nothing to take: BEGIN IMMEDIATE already holds the database's one write lock."""

    async def fetchone(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        # One call on the worker thread, not three (execute, fetchone, close): each call costs
        # the event loop a wake-up of its own, about 50 us of its CPU. Any rows after the
        # first are read and dropped, as the reader's fetchone does; a write's RETURNING
        # makes all its changes at its first step either way.
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchall(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        return list(await self._live().execute_fetchall(sql, params))

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns the number of rows it changed."""
        async with self._live().execute(sql, params) as cursor:
            return cursor.rowcount

    async def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        """Run one statement for each of `rows` in one call (scripts/bench.py's bulk seed)."""
        await self._live().executemany(sql, rows)


class Database(Db):
    """Open with `await Database.open(path)`; always `await close()` (its thread keeps the
    process alive otherwise)."""

    def __init__(
        self,
        conn: aiosqlite.Connection,
        reader: aiosqlite.Connection,
        path: Path,
        applied_migrations: tuple[int, ...],
    ) -> None:
        # Use `open()`: it applies the pragmas and migrations this class relies on.
        self._conn: aiosqlite.Connection | None = conn
        # Reads committed rows only, beside the writer: the reads and the backups use it.
        self.reader = reader
        self.statements = 0
        self._lock = asyncio.Lock()
        self.dialect = SqliteDialect()
        self._owner: asyncio.Task[object] | None = None
        self.path = path
        # Versions this open() applied, for the startup log; empty when already up to date.
        self.applied_migrations = applied_migrations

    @classmethod
    async def open(cls, path: Path, *, migrations: Sequence[Migration] | None = None) -> Self:
        """Connect, set the pragmas and bring the schema up to date.

        `migrations` defaults to the package's numbered files; tests pass their own.
        """
        if sqlite3.sqlite_version_info < MIN_SQLITE_VERSION:
            raise StoreError(
                f"SQLite {sqlite3.sqlite_version} is too old; this bot needs "
                f"{'.'.join(map(str, MIN_SQLITE_VERSION))} or newer"
            )
        known = migrations_for(MIGRATIONS, migrations)
        try:
            return await cls._open(path, known)
        except sqlite3.OperationalError as exc:
            # "unable to open database file" and its kin: the file cannot be reached at all.
            raise StoreUnavailable(f"cannot open the database {path}: {exc}") from exc
        except sqlite3.Error as exc:
            raise StoreError(f"cannot use the database {path}: {exc}") from exc

    @classmethod
    async def _open(cls, path: Path, known: Sequence[Migration]) -> Self:
        try:
            await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(
                f"cannot open the database {path}: its folder cannot be made ({exc.strerror})"
            ) from exc
        conn = await _connect(path)
        try:
            # Checked before anything writes: journal_mode=WAL would already change the file
            # of a database this bot must not touch.
            todo = pending(known, int(await _execute(conn, "PRAGMA user_version") or 0))
            mode = await _execute(conn, "PRAGMA journal_mode = WAL")
            if str(mode).lower() != "wal":
                raise StoreError(f"could not switch {path} to WAL mode (got {mode})")
            for pragma in _EVERY_CONNECTION:
                await _execute(conn, f"PRAGMA {pragma}")
            applied = await _migrate(conn, todo)
            # The read-only connection: it may read beside the writer (WAL), never write.
            reader = await _connect(path, *_EVERY_CONNECTION, "query_only = ON")
        except BaseException:
            await conn.close()
            raise
        return cls(conn, reader, path, applied)

    async def close(self) -> None:
        """Wait for the running transaction, then close. Safe to call more than once."""
        if self._conn is None:
            return
        self._refuse_reentry()
        async with self._lock:
            conn, self._conn = self._conn, None
            try:
                await self.reader.close()
            finally:
                await conn.close()

    @property
    def closed(self) -> bool:
        return self._conn is None

    def _live(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is closed")
        return self._conn

    def _refuse_reentry(self) -> None:
        # asyncio.Lock is not reentrant: waiting for it while holding it would hang forever.
        if self._owner is not None and self._owner is asyncio.current_task():
            raise RuntimeError(
                "this task is inside a transaction; use the transaction handle instead"
            )

    @asynccontextmanager
    async def _locked(self) -> AsyncIterator[aiosqlite.Connection]:
        self._refuse_reentry()
        async with self._lock:
            self._owner = asyncio.current_task()
            try:
                yield self._live()
            finally:
                self._owner = None

    @asynccontextmanager
    async def transaction(self, *, snapshot: bool = False) -> AsyncIterator[Transaction]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK if the block raises (cancellation included).
        Every transaction reads one snapshot, so `snapshot` asks for nothing more here.

        IMMEDIATE takes the write lock up front, so a read-then-write block cannot fail half
        way with SQLITE_BUSY when another process writes to the same file.
        """
        async with self._locked() as conn:
            tx = Transaction(conn, self)
            try:
                # Inside the try: a cancelled await does not stop the BEGIN itself, which
                # still runs on the worker thread and must be rolled back. One call on that
                # thread (its cursor closes there), as the fetches below.
                await conn.execute_fetchall("BEGIN IMMEDIATE")
                yield tx
                await conn.commit()
            except BaseException:
                # The worker thread runs calls in order, so this ROLLBACK follows any
                # statement still in flight from a cancelled await; with no transaction
                # open (COMMIT went through), rollback() is a no-op.
                with suppress(sqlite3.Error):
                    await conn.rollback()
                raise
            finally:
                tx.end()

    async def fetchone(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """One read-only statement's first row, on the reader (see the module's docstring)."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchall(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """One read-only statement's rows, on the reader: never waits for a write."""
        self.statements += 1
        # A read from inside the task's own transaction would not see its uncommitted writes.
        self._refuse_reentry()
        self._live()
        # One call on the reader's thread; aiosqlite runs its calls one at a time.
        return list(await self.reader.execute_fetchall(sql, params))

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement in autocommit (atomic on its own); returns rows changed."""
        self.statements += 1
        async with self._locked() as conn, conn.execute(sql, params) as cursor:
            return cursor.rowcount

    async def write(self, sql: str, /, **params: object) -> list[sqlite3.Row]:
        # On the writer (the reader is read-only), under BEGIN IMMEDIATE: a statement that
        # reads before it writes must not meet another process's commit in between.
        async with self.transaction() as tx:
            return await tx.all(sql, **params)


async def _connect(path: Path, *pragmas: str) -> aiosqlite.Connection:
    """A connection that waits up to BUSY_TIMEOUT_MS for a lock, with `pragmas` set."""
    # isolation_level=None: sqlite3 must not open transactions behind our back; every
    # BEGIN is explicit, so the lock is the only thing deciding what is atomic.
    conn = await aiosqlite.connect(path, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        for pragma in (f"busy_timeout = {BUSY_TIMEOUT_MS}", *pragmas):
            await _execute(conn, f"PRAGMA {pragma}")
    except BaseException:
        await conn.close()
        raise
    return conn


async def _execute(conn: aiosqlite.Connection, sql: str) -> Any:
    """Run one statement, its cursor closed; the first column of its first row, or None."""
    async with conn.execute(sql) as cursor:
        row = await cursor.fetchone()
    return None if row is None else row[0]


async def _migrate(conn: aiosqlite.Connection, migrations: Sequence[Migration]) -> tuple[int, ...]:

    async def run(migration: Migration) -> None:
        # executescript() commits any open transaction before it runs, so BEGIN and COMMIT
        # go inside the script; the version bump then lands in the same transaction as the
        # schema change. Newlines keep a trailing `-- comment` from swallowing them.
        script = (
            "BEGIN IMMEDIATE;\n"
            f"{migration.sql}\n;\n"
            f"PRAGMA user_version = {migration.version:d};\n"
            "COMMIT;\n"
        )
        try:
            async with conn.executescript(script):
                pass
        except sqlite3.Error:
            with suppress(sqlite3.Error):
                await conn.rollback()
            raise

    return await apply(migrations, run, lambda exc: isinstance(exc, sqlite3.Error))
