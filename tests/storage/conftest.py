"""The storage contract suite: every test in tests/storage (outside sqlite/) runs once per
backend, through `bot.store.open_store` and the `Store` protocol only.

A new backend is one more entry in BACKENDS and one more branch in `database_settings`.
Tests of one backend's internals (PRAGMAs, migrations, raw SQL) live in its own folder.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import DatabaseSettings
from bot.core.models import MemberRef
from bot.store import Store, open_store
from bot.store.sqlite import SqliteStore

T0 = datetime(2024, 3, 4, 18, 30, tzinfo=UTC)
ALICE = MemberRef(guild_id=1_000_000_000_000_000_001, user_id=2_000_000_000_000_000_001)
BOB = MemberRef(guild_id=ALICE.guild_id, user_id=2_000_000_000_000_000_002)
# Same Discord user as ALICE, in another club: a different member.
ALICE_ELSEWHERE = MemberRef(guild_id=1_000_000_000_000_000_002, user_id=ALICE.user_id)

BACKENDS = ["sqlite"]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture(params=BACKENDS)
def database_settings(request: pytest.FixtureRequest, db_path: Path) -> DatabaseSettings:
    backend: str = request.param
    if backend == "sqlite":
        # A real file in tmp_path, named by url as a deployment would.
        return DatabaseSettings(url=f"sqlite:///{db_path}")
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
    if isinstance(store, SqliteStore):
        rows = await store.db.fetchall(f"SELECT id FROM {table} ORDER BY id")
        return [int(row[0]) for row in rows]
    raise AssertionError(f"row_ids does not know {type(store).__name__}")


async def _count(store: Store, table: str) -> int:
    if isinstance(store, SqliteStore):
        row = await store.db.fetchone(f"SELECT count(*) FROM {table}")
        assert row is not None
        return int(row[0])
    raise AssertionError(f"count_rows does not know {type(store).__name__}")
