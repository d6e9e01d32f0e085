from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.models import MemberRef
from bot.store import Store
from bot.store.postgres import PostgresStore

T0 = datetime(2024, 3, 4, 18, 30, tzinfo=UTC)
ALICE = MemberRef(guild_id=1_000_000_000_000_000_001, user_id=2_000_000_000_000_000_001)
BOB = MemberRef(guild_id=ALICE.guild_id, user_id=2_000_000_000_000_000_002)
# Same Discord user as ALICE, in another club: a different member.
ALICE_ELSEWHERE = MemberRef(guild_id=1_000_000_000_000_000_002, user_id=ALICE.user_id)

BACKENDS = ("sqlite", "postgres")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: checks SQLite internals (raw SQLite SQL, PRAGMAs, files)"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test using `store` runs once per backend, except SQLite-internal ones: marked
    `sqlite_only`, or asking for the SQLite file itself (`db_path`)."""
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
async def store(
    backend: str, request: pytest.FixtureRequest
) -> AsyncIterator[Store | PostgresStore]:
    if backend == "postgres":
        opened: Store | PostgresStore = await PostgresStore.open(
            request.getfixturevalue("postgres_url")
        )
    else:
        opened = await Store.open(request.getfixturevalue("db_path"))
    try:
        yield opened
    finally:
        await opened.close()
