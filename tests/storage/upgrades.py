"""A database built at an earlier migration, given rows as that schema had them, then opened as
the bot opens it (every migration since applied): what an upgrade does to real rows."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.store.migrations import load_migrations
from bot.store.postgres import PostgresDatabase, PostgresStore
from bot.store.postgres.db import MIGRATIONS as PG_MIGRATIONS
from bot.store.sqlite import Database, SqliteStore
from bot.store.sqlite.db import MIGRATIONS as SQLITE_MIGRATIONS


@asynccontextmanager
async def sqlite_upgraded(path: Path, before: int, *sql: str) -> AsyncIterator[SqliteStore]:
    """The SQLite file at `path` at migration `before`, `sql` run on it, then upgraded."""
    known = load_migrations(SQLITE_MIGRATIONS)
    old = await Database.open(path, migrations=known[:before])
    for statement in sql:
        await old.execute(statement)
    await old.close()
    store = SqliteStore(await Database.open(path, migrations=known))
    try:
        yield store
    finally:
        await store.close()


@asynccontextmanager
async def postgres_upgraded(url: str, before: int, *sql: str) -> AsyncIterator[PostgresStore]:
    """The PostgreSQL database at `url` at migration `before`, `sql` run on it, then upgraded."""
    known = load_migrations(PG_MIGRATIONS)
    old = await PostgresDatabase.open(url, migrations=known[:before])
    for statement in sql:
        await old.execute(statement)
    await old.close()
    store = PostgresStore(await PostgresDatabase.open(url, migrations=known))
    try:
        yield store
    finally:
        await store.close()
