"""Fixtures for end-to-end tests: the real bot against a fake Discord (see harness/).

Every test driving the bot through `harness` or `make_harness` runs once per storage backend:
on a SQLite file in tmp_path and on a fresh PostgreSQL database of the session's throwaway
server (skipped with one line when Debian's binaries are missing, tests/conftest.py). A test
that reads SQLite internals (raw SQL, the file) is marked `sqlite_only`, or a whole module with
`pytestmark = pytest.mark.sqlite_only`; one that holds a lock from a second connection to order
two of the bot's own transactions (PostgreSQL runs them side by side, SQLite one after the
other by construction) is marked `postgresql_only`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.store.postgres import PostgresStore
from tests.discord.harness import FakeClock, Harness
from tests.postgres_server import PostgresServer

BACKENDS = ("sqlite", "postgresql")
_HARNESSES = {"harness", "make_harness"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: reads SQLite internals (raw SQLite SQL, the database file)"
    )
    config.addinivalue_line(
        "markers", "postgresql_only: orders the bot's transactions with a second connection's lock"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames and _HARNESSES & set(metafunc.fixturenames):
        only = [
            name
            for name in BACKENDS
            if metafunc.definition.get_closest_marker(f"{name}_only") is not None
        ]
        metafunc.parametrize("backend", only or BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def migrated_template(postgres_server: PostgresServer) -> str:
    """A database with every migration applied, copied for each test: copying is much
    quicker than migrating an empty database every time."""
    url = postgres_server.fresh_database()

    async def migrate() -> None:
        store = await PostgresStore.open(url)
        await store.close()

    asyncio.run(migrate())
    return url.rsplit("/", 1)[1]


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest) -> str | None:
    """None: the harness's SQLite file; else a fresh, migrated PostgreSQL database's url."""
    if backend == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        return server.fresh_database(template=request.getfixturevalue("migrated_template"))
    return None


@pytest.fixture
def clock() -> FakeClock:
    """The bot's clock; starts at harness.DEFAULT_START (2026-03-10 09:00 UTC)."""
    return FakeClock()


@pytest.fixture
async def harness(
    tmp_path: Path, clock: FakeClock, database_url: str | None
) -> AsyncIterator[Harness]:
    """A logged-in bot with default settings, guild A (alice, bob) and guild B (carol)."""
    async with Harness(tmp_path, clock=clock, database_url=database_url) as h:
        yield h


@pytest.fixture
def make_harness(
    tmp_path: Path, clock: FakeClock, database_url: str | None
) -> Callable[..., Harness]:
    """A factory for harnesses with other settings: `async with make_harness(config={...})`.

    Every harness of one test shares the test's database (tmp_path's file, or the test's
    PostgreSQL database).
    """

    def make(**kwargs: Any) -> Harness:
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("database_url", database_url)
        return Harness(tmp_path, **kwargs)

    return make
