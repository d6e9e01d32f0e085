"""An asyncpg connection pool, its transactions, schema migrations and connection-loss mapping.

Unlike the SQLite backend there is no process-wide lock: each call borrows a pooled connection,
so calls of different tasks (and processes) really run at the same time. A multi-statement
unit of work runs inside `transaction()`; units that read and then write take a row or
advisory lock first where two of them could otherwise decide on the same stale read.

Every failure to reach the server (refused, reset, shut down, timed out while connecting)
becomes `StoreUnavailable`; the pool replaces broken connections by itself, so the next call
after the server is back works without reopening the store.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any, Protocol, Self, cast

import asyncpg

from bot.store.migrations import Migration, checked_migrations, load_migrations
from bot.store.postgres.errors import (
    UNAVAILABLE,
    MigrationError,
    SchemaTooNew,
    StoreError,
    StoreUnavailable,
)
from bot.urls import redact_url, scrub, url_problem

log = logging.getLogger(__name__)

# This backend's numbered .sql files (bot/store/migrations.py).
MIGRATIONS = "bot.store.postgres.migrations"

# No floor: with one, asyncpg reconnects in a background task whenever the server goes away
# and logs a traceback on every failed try; without, a connection is opened when one is needed
# (a few ms), and an outage surfaces only as StoreUnavailable from the call that met it.
MIN_POOL_SIZE = 0
MAX_POOL_SIZE = 10
COMMAND_TIMEOUT_SECONDS = 30.0
CONNECT_TIMEOUT_SECONDS = 10.0
# Waiting for another process's migrations may take longer than one ordinary command.
MIGRATION_LOCK_TIMEOUT_SECONDS = 300.0
# One bigint key for pg_advisory_lock: "runclub" in ASCII. Held only around the migration step.
MIGRATION_LOCK_KEY = 0x72_75_6E_63_6C_75_62

# Connection-level failures. Class 08 (PostgresConnectionError) covers a connection that does
# not exist any more or could not be made; 57P0x is the server shutting down or starting up.
_UNREACHABLE: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    OSError,
)
_UNREACHABLE_OR_SLOW: tuple[type[BaseException], ...] = (*_UNREACHABLE, TimeoutError)
# Refusals that retrying will not fix: wrong password or user, no such database, bad URL.
_REFUSED: tuple[type[BaseException], ...] = (
    asyncpg.InvalidAuthorizationSpecificationError,
    asyncpg.InvalidCatalogNameError,
    asyncpg.ClientConfigurationError,
    ValueError,
)


class Row(Protocol):
    """What asyncpg returns for a row: read by column name or position."""

    def __getitem__(self, key: int | str, /) -> Any: ...

    def items(self) -> Iterable[tuple[str, Any]]: ...


def moment(value: datetime) -> datetime:
    """The stored form of a moment: aware UTC, to the second, rounded down (as in SQLite)."""
    if value.tzinfo is None or value.utcoffset() is None:
        # A naive datetime would silently be read as the server's local time.
        raise ValueError(f"datetime must be timezone-aware, got {value!r}")
    return value.astimezone(UTC).replace(microsecond=0)


def rowcount(status: str) -> int:
    """Rows a statement changed, from asyncpg's status tag ("UPDATE 3", "INSERT 0 1")."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


def _describe(exc: BaseException, url: str) -> str:
    text = str(exc).strip()
    return scrub(f"{type(exc).__name__}: {text}" if text else type(exc).__name__, url)


def _unavailable(detail: str) -> StoreUnavailable:
    return StoreUnavailable(f"{UNAVAILABLE}: {detail}")


def _lost(conn: asyncpg.Connection) -> bool:
    try:
        return bool(conn.is_closed())
    except asyncpg.InterfaceError:
        # The pool already detached the proxy: it drops connections that closed under it.
        return True


class Transaction:
    """The handle `PostgresDatabase.transaction()` yields; valid only inside its block.

    SQL uses asyncpg's `$1, $2...` placeholders.
    """

    def __init__(self, conn: asyncpg.Connection, db: PostgresDatabase | None = None) -> None:
        self._conn: asyncpg.Connection | None = conn
        self._db = db

    def _live(self) -> asyncpg.Connection:
        if self._conn is None:
            raise RuntimeError("transaction handle used after its block ended")
        if self._db is not None:
            self._db.statements += 1
        return self._conn

    async def fetchone(self, sql: str, *args: object) -> Row | None:
        return cast("Row | None", await self._live().fetchrow(sql, *args))

    async def fetchall(self, sql: str, *args: object) -> list[Row]:
        return cast("list[Row]", await self._live().fetch(sql, *args))

    async def execute(self, sql: str, *args: object) -> int:
        """Run one statement; returns the number of rows it changed."""
        return rowcount(cast(str, await self._live().execute(sql, *args)))

    def _end(self) -> None:
        self._conn = None


class PostgresDatabase:
    """Open with `await PostgresDatabase.open(url)`; always `await close()`."""

    def __init__(self, pool: asyncpg.Pool, url: str, applied_migrations: tuple[int, ...]) -> None:
        # Use `open()`: it connects and migrates.
        self._pool: asyncpg.Pool | None = pool
        self._url = url
        # For log lines and messages: the URL without its password.
        self.url = redact_url(url)
        # Versions this open() applied, for the startup log; empty when already up to date.
        self.applied_migrations = applied_migrations
        # Statements sent to the server: scripts/bench.py and the batching tests count them.
        self.statements = 0

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        migrations: Sequence[Migration] | None = None,
        min_size: int = MIN_POOL_SIZE,
        max_size: int = MAX_POOL_SIZE,
        command_timeout: float = COMMAND_TIMEOUT_SECONDS,
        connect_timeout: float = CONNECT_TIMEOUT_SECONDS,
    ) -> Self:
        """Create the pool and bring the schema up to date (under an advisory lock, so that
        several processes starting at once on an empty database migrate it once).

        `migrations` defaults to the package's numbered files; tests pass their own.
        Raises StoreUnavailable when the server cannot be reached, StoreError when it refuses
        (wrong password, no such database), SchemaTooNew or MigrationError.
        """
        known = (
            load_migrations("bot.store.postgres.migrations")
            if migrations is None
            else checked_migrations(migrations)
        )
        shown = redact_url(url)
        problem = url_problem(url)
        if problem is not None:
            # Before the driver: it would misread the url, and say so quoting the password.
            raise StoreError(f"can't open the database {shown}: {problem}")
        try:
            pool = await asyncpg.create_pool(
                url,
                min_size=min_size,
                max_size=max_size,
                command_timeout=command_timeout,
                timeout=connect_timeout,
                server_settings={"application_name": "runclub-bot", "timezone": "UTC"},
            )
        except _UNREACHABLE_OR_SLOW as exc:
            raise _unavailable(f"{shown} ({_describe(exc, url)})") from None
        except _REFUSED as exc:
            raise StoreError(f"can't open the database {shown}: {_describe(exc, url)}") from None
        try:
            async with pool.acquire() as conn:
                applied = await _migrate(conn, known)
        except BaseException as exc:
            pool.terminate()
            if isinstance(exc, _UNREACHABLE_OR_SLOW):
                raise _unavailable(f"{shown} ({_describe(exc, url)})") from None
            if isinstance(exc, _REFUSED):
                # With no pool floor the first connection is made here, not by create_pool.
                raise StoreError(
                    f"can't open the database {shown}: {_describe(exc, url)}"
                ) from None
            raise
        log.info(
            "opened PostgreSQL database %s (pool %d..%d connections)", shown, min_size, max_size
        )
        return cls(pool, url, applied)

    async def close(self) -> None:
        """Wait for borrowed connections to come back, then close them. Safe to call again."""
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()
            log.info("closed PostgreSQL database %s", self.url)

    @property
    def closed(self) -> bool:
        return self._pool is None

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[asyncpg.Connection]:
        """Borrow a pooled connection; connection failures become StoreUnavailable."""
        pool = self._pool
        if pool is None:
            raise RuntimeError("database is closed")
        acquired = False
        try:
            async with pool.acquire() as conn:
                acquired = True
                try:
                    yield conn
                except (asyncpg.InterfaceError, asyncpg.InternalClientError) as exc:
                    # "the underlying connection is closed", or a protocol left mid-operation
                    # (InternalClientError): the server went away mid-use.
                    if self._pool is None or _lost(conn):
                        raise StoreUnavailable(
                            f"{UNAVAILABLE}: {_describe(exc, self._url)}"
                        ) from exc
                    raise
        except _UNREACHABLE_OR_SLOW as exc:
            if isinstance(exc, TimeoutError) and acquired:
                # A slow statement (command_timeout) on a live connection, not a lost server.
                raise
            log.warning("database %s unreachable: %s", self.url, _describe(exc, self._url))
            raise _unavailable(_describe(exc, self._url)) from exc
        except asyncpg.InterfaceError as exc:
            # The pool itself is closing: close() ran while this call waited for a connection.
            if self._pool is None:
                raise _unavailable(_describe(exc, self._url)) from exc
            raise

    @asynccontextmanager
    async def transaction(self, *, snapshot: bool = False) -> AsyncIterator[Transaction]:
        """BEGIN ... COMMIT on one pooled connection, or ROLLBACK if the block raises
        (cancellation included). `snapshot=True` reads one consistent snapshot throughout
        (REPEATABLE READ, read only) instead of each statement seeing the latest commits."""
        async with self.connection() as conn:
            tx = Transaction(conn, self)
            try:
                async with conn.transaction(
                    isolation="repeatable_read" if snapshot else None, readonly=snapshot
                ):
                    yield tx
            finally:
                tx._end()

    async def fetchone(self, sql: str, *args: object) -> Row | None:
        self.statements += 1
        async with self.connection() as conn:
            return cast("Row | None", await conn.fetchrow(sql, *args))

    async def fetchall(self, sql: str, *args: object) -> list[Row]:
        self.statements += 1
        async with self.connection() as conn:
            return cast("list[Row]", await conn.fetch(sql, *args))

    async def execute(self, sql: str, *args: object) -> int:
        """Run one statement in autocommit (atomic on its own); returns rows changed."""
        self.statements += 1
        async with self.connection() as conn:
            return rowcount(cast(str, await conn.execute(sql, *args)))


async def schema_version(conn: asyncpg.Connection) -> int:
    """The highest applied migration; 0 for an empty database."""
    exists = await conn.fetchval("SELECT to_regclass('schema_migrations') IS NOT NULL")
    if not exists:
        return 0
    return int(await conn.fetchval("SELECT coalesce(max(version), 0) FROM schema_migrations"))


async def _migrate(conn: asyncpg.Connection, migrations: Sequence[Migration]) -> tuple[int, ...]:
    # A session-level lock: released by the unlock below, or by the server if this process
    # dies holding it. Other processes wait here and then find nothing left to do.
    await conn.execute(
        "SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY, timeout=MIGRATION_LOCK_TIMEOUT_SECONDS
    )
    try:
        current = await schema_version(conn)
        if current > len(migrations):
            # Checked before anything writes: this database belongs to a newer bot.
            raise SchemaTooNew(current, len(migrations))
        if current == len(migrations):
            return ()
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version integer PRIMARY KEY,"
            " name text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        applied: list[int] = []
        for migration in migrations[current:]:
            try:
                async with conn.transaction():
                    # No arguments: the simple query protocol, so a file may hold many
                    # statements.
                    await conn.execute(migration.sql)
                    await conn.execute(
                        "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                        migration.version,
                        migration.name,
                    )
            except asyncpg.PostgresError as exc:
                if isinstance(exc, _UNREACHABLE):
                    raise
                raise MigrationError(
                    f"migration {migration.version:04d}_{migration.name} failed: {exc}"
                ) from exc
            log.info("applied migration %04d_%s", migration.version, migration.name)
            applied.append(migration.version)
        return tuple(applied)
    finally:
        if not conn.is_closed():
            await conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK_KEY)


__all__ = [
    "Migration",
    "PostgresDatabase",
    "Row",
    "StoreError",
    "Transaction",
    "checked_migrations",
    "load_migrations",
    "moment",
    "rowcount",
    "schema_version",
]
