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
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any, Self

import asyncpg

from bot.store import migrations as schema
from bot.store.errors import StoreError, StoreUnavailable
from bot.store.migrations import DialectName, Migration
from bot.store.postgres.dialect import PostgresDialect
from bot.store.sql.seam import Db, Handle
from bot.urls import redact_url, scrub, url_problem

log = logging.getLogger(__name__)

# How "couldn't reach the database" begins, in errors and logs.
UNAVAILABLE = "couldn't reach the database"

# The dialect bot/store/schema's migrations are rendered for (bot/store/migrations.py).
MIGRATIONS: DialectName = "postgres"

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


class _Connection(asyncpg.Connection):  # type: ignore[misc]  # asyncpg ships no types
    """A pooled connection released without asyncpg's reset statement (RESET ALL, UNLISTEN,
    CLOSE ALL, unlock all advisory locks): a round trip per borrow, half the statements of
    the daily post's claims and records. The bot leaves no session state behind: it sets no
    setting, opens no cursor, listens to nothing, and its only session-level lock (the
    migrations') is unlocked in a `finally`. An open transaction is still rolled back on
    release: asyncpg does that apart from this statement."""

    def get_reset_query(self) -> str:
        return ""


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
# Refusals that retrying will not fix: wrong password or user, no such database, bad URL, a
# user that may not make or read the bot's tables.
_REFUSED: tuple[type[BaseException], ...] = (
    asyncpg.InvalidAuthorizationSpecificationError,
    asyncpg.InvalidCatalogNameError,
    asyncpg.ClientConfigurationError,
    asyncpg.InsufficientPrivilegeError,
    ValueError,
)
# PostgreSQL 15 on lets only a database's owner create tables in its schema `public`: a user
# given the database by a server's administrator, not made its owner, meets this at the start.
NOT_PERMITTED = (
    "the bot makes and changes its own tables: the url's user must own the database"
    " (ALTER DATABASE ... OWNER TO ...), or have CREATE on its schema and every right on the"
    " bot's tables"
)


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


class Transaction(Handle[asyncpg.Connection]):
    """The handle `PostgresDatabase.transaction()` yields; `fetch*` and `execute` take
    asyncpg's SQL, with `$1, $2...` placeholders, and give its Records (read by column name or
    position)."""

    async def lock(self, scope: str, *keys: int) -> None:
        """A transaction-level advisory lock on a hash of `scope` and `keys`; two scopes
        sharing a hash only wait for each other."""
        key = ":".join((scope, *map(str, keys)))
        await self.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key)

    async def fetchone(self, sql: str, *args: object) -> Any:
        return await self._live().fetchrow(sql, *args)

    async def fetchall(self, sql: str, *args: object) -> list[Any]:
        return list(await self._live().fetch(sql, *args))

    async def execute(self, sql: str, *args: object) -> int:
        """Run one statement; returns the number of rows it changed."""
        return rowcount(await self._live().execute(sql, *args))


class PostgresDatabase(Db):
    """Open with `await PostgresDatabase.open(url)`; always `await close()`."""

    def __init__(self, pool: asyncpg.Pool, url: str, applied_migrations: tuple[int, ...]) -> None:
        # Use `open()`: it connects and migrates.
        self._pool: asyncpg.Pool | None = pool
        self._url = url
        # For log lines and messages: the URL without its password.
        self.url = redact_url(url)
        # Versions this open() applied, for the startup log; empty when already up to date.
        self.applied_migrations = applied_migrations
        self.statements = 0
        self.dialect = PostgresDialect()

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        migrations: Sequence[Migration] | None = None,
        connect_timeout: float = CONNECT_TIMEOUT_SECONDS,
    ) -> Self:
        """Create the pool (sized and timed by the constants above) and bring the schema up to
        date (under an advisory lock, so that several processes starting at once on an empty
        database migrate it once).

        `migrations` defaults to the package's numbered files; tests pass their own.
        Raises StoreUnavailable when the server cannot be reached, StoreError when it refuses
        (wrong password, no such database), SchemaTooNew or MigrationError.
        """
        known = schema.migrations_for(MIGRATIONS, migrations)
        shown = redact_url(url)
        problem = url_problem(url)
        if problem is not None:
            # Before the driver: it would misread the url, and say so quoting the password.
            raise StoreError(f"can't open the database {shown}: {problem}")
        pool: asyncpg.Pool | None = None
        try:
            pool = await asyncpg.create_pool(
                url,
                min_size=MIN_POOL_SIZE,
                max_size=MAX_POOL_SIZE,
                command_timeout=COMMAND_TIMEOUT_SECONDS,
                timeout=connect_timeout,
                connection_class=_Connection,
                # jit off: the bot's statements are short, and compiling one that PostgreSQL
                # costs high (the daily post's batch read at millions of members) took 200 ms
                # of the server's CPU each time, more than running it.
                server_settings={
                    "application_name": "runclub-bot",
                    "timezone": "UTC",
                    "jit": "off",
                },
            )
            # With no pool floor, the first connection is made here, not by create_pool.
            async with pool.acquire() as conn:
                applied = await _migrate(conn, known)
        except BaseException as exc:
            if pool is not None:
                pool.terminate()
            if isinstance(exc, _UNREACHABLE_OR_SLOW):
                raise _unavailable(f"{shown} ({_describe(exc, url)})") from None
            if isinstance(exc, _REFUSED):
                problem = _describe(exc, url)
                if isinstance(exc, asyncpg.InsufficientPrivilegeError):
                    problem = f"{problem} ({NOT_PERMITTED})"
                raise StoreError(f"can't open the database {shown}: {problem}") from None
            raise
        log.info(
            "opened PostgreSQL database %s (pool %d..%d connections)",
            shown,
            MIN_POOL_SIZE,
            MAX_POOL_SIZE,
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
                        raise _unavailable(_describe(exc, self._url)) from exc
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
                tx.end()

    async def fetchone(self, sql: str, *args: object) -> Any:
        self.statements += 1
        async with self.connection() as conn:
            return await conn.fetchrow(sql, *args)

    async def fetchall(self, sql: str, *args: object) -> list[Any]:
        self.statements += 1
        async with self.connection() as conn:
            return list(await conn.fetch(sql, *args))

    async def execute(self, sql: str, *args: object) -> int:
        """Run one statement in autocommit (atomic on its own); returns rows changed."""
        self.statements += 1
        async with self.connection() as conn:
            return rowcount(await conn.execute(sql, *args))

    async def write(self, sql: str, /, **params: object) -> list[Any]:
        # One statement on a pooled connection: a write needs nothing more than a read.
        return await self.all(sql, **params)

    async def tables(self) -> set[str]:
        rows = await self.fetchall(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
        return {str(row["table_name"]) for row in rows}


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
        todo = schema.pending(migrations, await schema_version(conn))
        if not todo:
            return ()
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version integer PRIMARY KEY,"
            " name text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )

        async def run(migration: Migration) -> None:
            async with conn.transaction():
                # No arguments: the simple query protocol, so a file may hold many statements.
                await conn.execute(migration.sql)
                await conn.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                    migration.version,
                    migration.name,
                )

        return await schema.apply(
            todo,
            run,
            lambda exc: (
                isinstance(exc, asyncpg.PostgresError) and not isinstance(exc, _UNREACHABLE)
            ),
        )
    finally:
        if not conn.is_closed():
            await conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK_KEY)
