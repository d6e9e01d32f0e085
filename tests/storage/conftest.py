"""The storage contract suite: every test in tests/storage (outside sqlite/) runs once per
backend, through `bot.store.open_store` and the `Store` protocol only.

A new backend is one more entry in BACKENDS and one more branch in `database_settings`
(and in `count_rows`/`row_ids`, the only looks below the interface).
Tests of one backend's internals (PRAGMAs, migrations, raw SQL) live in its own folder.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import DatabaseSettings
from bot.core.models import MemberRef
from bot.store import Store, open_store
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SqliteStore

T0 = datetime(2024, 3, 4, 18, 30, tzinfo=UTC)
ALICE = MemberRef(guild_id=1_000_000_000_000_000_001, user_id=2_000_000_000_000_000_001)
BOB = MemberRef(guild_id=ALICE.guild_id, user_id=2_000_000_000_000_000_002)
# Same Discord user as ALICE, in another club: a different member.
ALICE_ELSEWHERE = MemberRef(guild_id=1_000_000_000_000_000_002, user_id=ALICE.user_id)

BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: checks SQLite internals (raw SQLite SQL, PRAGMAs, files)"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that opens a store runs once per backend, except SQLite-internal ones:
    marked `sqlite_only`, or asking for the SQLite file itself (`db_path`)."""
    if "backend" not in metafunc.fixturenames:
        return
    own = inspect.signature(metafunc.function).parameters
    sqlite_only = metafunc.definition.get_closest_marker("sqlite_only") or "db_path" in own
    metafunc.parametrize("backend", ["sqlite"] if sqlite_only else BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def database_settings(backend: str, request: pytest.FixtureRequest) -> DatabaseSettings:
    if backend == "sqlite":
        # A real file in tmp_path, named by url as a deployment would.
        return DatabaseSettings(url=f"sqlite:///{request.getfixturevalue('db_path')}")
    if backend == "postgresql":
        # A fresh database on the session's throwaway server (tests/postgres_server.py).
        return DatabaseSettings(url=request.getfixturevalue("postgres_url"))
    raise AssertionError(f"no settings for backend {backend!r}")


@pytest.fixture
async def store(database_settings: DatabaseSettings) -> AsyncIterator[Store]:
    opened = await open_store(database_settings)
    try:
        yield opened
    finally:
        await opened.close()


# What a contract test may look at below the interface: how many rows a table holds, and
# their ids. Every backend keeps the same tables; each answers in its own way here.


async def count_rows(store: Store, table: str) -> int:
    return await _count(store, table)


async def row_ids(store: Store, table: str) -> list[int]:
    if isinstance(store, SqliteStore | PostgresStore):
        rows = await store.db.fetchall(f"SELECT id FROM {table} ORDER BY id")
        return [int(row[0]) for row in rows]
    raise AssertionError(f"row_ids does not know {type(store).__name__}")


async def _count(store: Store, table: str) -> int:
    if isinstance(store, SqliteStore | PostgresStore):
        row = await store.db.fetchone(f"SELECT count(*) FROM {table}")
        assert row is not None
        return int(row[0])
    raise AssertionError(f"count_rows does not know {type(store).__name__}")
