"""One migration history (bot/store/schema): a database built on either backend has the same
tables, columns (by logical type) and indexes, and a database made by the migrations as they
shipped up to 0007 keeps every row when this version opens (and upgrades) it.

tests/data/schema_v7 holds such databases, dumped from the per-backend migration files of
0001-0007 as they shipped before the history was written once, with rows in every table.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.config import DatabaseSettings
from bot.store import Store, open_store
from bot.store.postgres import PostgresStore
from bot.store.sql.codec import is_time_column
from bot.store.sqlite import SqliteStore
from bot.store.tables import TABLES
from tests.storage.conftest import ALICE

V7 = Path(__file__).parent.parent / "data" / "schema_v7"
# Indexes only one backend has: PostgreSQL's planner uses a partial index for the daily
# post's loop; SQLite's would not match the query's terms.
ONE_BACKEND_ONLY = {"clubs_due"}
# Tables later migrations created: the shipped v7 database has none of them.
AFTER_V7 = {"heads_ups", "event_interest"}
V7_TABLES = tuple(t for t in TABLES if t not in AFTER_V7)

Schema = tuple[dict[str, dict[str, str]], set[str]]


async def _schema(store: Store) -> Schema:
    """{table: {column: logical type}}, and the index names (without primary keys)."""
    if isinstance(store, SqliteStore):
        return await _sqlite_schema(store)
    assert isinstance(store, PostgresStore)
    return await _postgres_schema(store)


async def _sqlite_schema(store: SqliteStore) -> Schema:
    tables: dict[str, dict[str, str]] = {}
    rows = await store.db.fetchall(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    for table, sql in ((str(r["name"]), str(r["sql"])) for r in rows):
        columns = await store.db.fetchall(f"PRAGMA table_info({table})")
        tables[table] = {
            str(c["name"]): _sqlite_type(str(c["name"]), c["type"], sql) for c in columns
        }
    indexes = await store.db.fetchall(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
    )
    return tables, {str(r["name"]) for r in indexes}


def _sqlite_type(column: str, declared: str, table_sql: str) -> str:
    if declared == "INTEGER":
        if re.search(rf"CHECK \({column} IN \(0, 1\)\)", table_sql):
            return "flag"
        return "moment" if is_time_column(column) else "integer"
    if declared == "TEXT" and re.search(rf"CHECK \({column} GLOB '\[0-9\]", table_sql):
        return "day"
    return {"TEXT": "text", "REAL": "real"}[declared]


async def _postgres_schema(store: PostgresStore) -> Schema:
    checks = await store.db.fetchall(
        "SELECT conrelid::regclass::text AS t, pg_get_constraintdef(oid) AS d FROM pg_constraint"
        " WHERE connamespace = current_schema()::regnamespace AND contype = 'c'"
    )
    iso = {(str(r["t"]), str(r["d"])) for r in checks if "{4}-" in str(r["d"])}
    rows = await store.db.fetchall(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'"
    )
    tables: dict[str, dict[str, str]] = {}
    for r in rows:
        table, column, kind = str(r[0]), str(r[1]), str(r[2])
        if kind == "text" and any(t == table and f"({column} ~" in d for t, d in iso):
            kind = "date"
        tables.setdefault(table, {})[column] = {
            "bigint": "integer",
            "integer": "integer",
            "boolean": "flag",
            "timestamp with time zone": "moment",
            "date": "day",
            "double precision": "real",
            "text": "text",
        }[kind]
    indexes = await store.db.fetchall(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
        " AND indexname NOT LIKE '%\\_pkey'"
    )
    return tables, {str(r[0]) for r in indexes}


async def test_both_backends_build_the_same_schema(postgres_url: str, tmp_path: Path) -> None:
    async with await SqliteStore.open(tmp_path / "alike.sqlite3") as lite:
        sqlite_tables, sqlite_indexes = await _schema(lite)
    async with await PostgresStore.open(postgres_url) as pg:
        postgres_tables, postgres_indexes = await _schema(pg)
    assert sqlite_tables == postgres_tables
    assert set(sqlite_tables) == set(TABLES)
    assert sqlite_indexes - ONE_BACKEND_ONLY == postgres_indexes - ONE_BACKEND_ONLY
    assert postgres_indexes >= ONE_BACKEND_ONLY


Rows = dict[str, list[dict[str, Any]]]


def _sorted(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda row: [repr(value) for value in row.values()])


async def _v7_rows(backend: str, settings: DatabaseSettings) -> Rows:
    """Restore the shipped v7 database into `settings`' empty database and read every row of
    every table, with the database's own driver (before this version opens it)."""
    script = (V7 / ("sqlite.sql" if backend == "sqlite" else "postgres.sql")).read_text()
    if backend == "sqlite":
        assert settings.path is not None
        with sqlite3.connect(settings.path) as lite:
            lite.executescript(script)
            lite.row_factory = sqlite3.Row
            return {
                t: _sorted([dict(r) for r in lite.execute(f"SELECT * FROM {t}")]) for t in V7_TABLES
            }
    assert settings.url is not None
    conn = await asyncpg.connect(settings.url)
    try:
        await conn.execute(script)
        return {
            t: _sorted([dict(r) for r in await conn.fetch(f"SELECT * FROM public.{t}")])
            for t in V7_TABLES
        }
    finally:
        await conn.close()


def _after_later_migrations(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A shipped v7 row as the migrations after 0007 leave it, by their own rules: 0008 gives a
    watch run its moving time to the second as its minutes."""
    if table == "runs" and (row["moving_seconds"] or 0) > 0:
        return {**row, "minutes": row["moving_seconds"] / 60}
    return row


async def test_a_database_upgraded_from_0007_keeps_every_row(
    backend: str, database_settings: DatabaseSettings, request: pytest.FixtureRequest
) -> None:
    before = await _v7_rows(backend, database_settings)
    assert all(before.values()), "the shipped database holds rows in every table"
    async with await open_store(database_settings) as upgraded:
        assert isinstance(upgraded, SqliteStore | PostgresStore)
        for table, rows in before.items():
            after = [dict(r) for r in await upgraded.db.fetchall(f"SELECT * FROM {table}")]
            # The columns the shipped schema had: a later migration may add columns.
            kept = _sorted([{name: row[name] for name in rows[0]} for row in after])
            assert kept == _sorted([_after_later_migrations(table, row) for row in rows]), table
        # Read back through the repositories, as the bot reads them.
        exported = await upgraded.privacy.export_member(ALICE)
        assert {t for t, rows in exported.items() if rows} == {
            "members",
            "leg_days",
            "runs",
            "races",
            "timers",
            "checkin_answers",
        }
        [(club, latest)] = await upgraded.clubs.active_with_latest_post()
        assert latest is not None and latest.error == "HTTP 503" and club.failed_days == 1
        # Newest first: the run (R4) came after the leg day (L3).
        assert [e.id for e in await upgraded.entries.recent(ALICE, 5)] == [4, 3]
        upgraded_schema = await _schema(upgraded)
    # The history written once builds what the shipped files built.
    if backend == "sqlite":
        fresh: Store = await SqliteStore.open(request.getfixturevalue("tmp_path") / "new.sqlite3")
    else:
        fresh = await PostgresStore.open(
            request.getfixturevalue("postgres_server").fresh_database()
        )
    async with fresh:
        assert await _schema(fresh) == upgraded_schema
