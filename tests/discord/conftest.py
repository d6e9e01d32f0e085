"""Fixtures for end-to-end tests: the real bot against a fake Discord (see harness/)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.discord.harness import FakeClock, Harness


@pytest.fixture
def clock() -> FakeClock:
    """The bot's clock; starts at harness.DEFAULT_START (2026-03-10 09:00 UTC)."""
    return FakeClock()


@pytest.fixture
async def harness(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Harness]:
    """A logged-in bot with default settings, guild A (alice, bob) and guild B (carol)."""
    async with Harness(tmp_path, clock=clock) as h:
        yield h


@pytest.fixture
def make_harness(tmp_path: Path, clock: FakeClock) -> Callable[..., Harness]:
    """A factory for harnesses with other settings: `async with make_harness(config={...})`.

    Every harness of one test shares the test's tmp_path, hence the same database file.
    """

    def make(**kwargs: Any) -> Harness:
        kwargs.setdefault("clock", clock)
        return Harness(tmp_path, **kwargs)

    return make


@pytest.fixture(params=["sqlite", "postgresql"])
async def any_harness(
    request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock
) -> AsyncIterator[Harness]:
    """`harness` on each backend: the SQLite file, then a fresh PostgreSQL database (skipped,
    with one line, where the PostgreSQL binaries are missing)."""
    config: dict[str, Any] = {}
    if request.param == "postgresql":
        config["database"] = {"url": request.getfixturevalue("postgres_url")}
    async with Harness(tmp_path, clock=clock, config=config) as h:
        yield h
