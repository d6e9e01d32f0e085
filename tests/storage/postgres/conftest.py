"""PostgreSQL-only storage tests: what the shared behaviour tests in tests/storage cannot say
through the repositories alone (schema, plans, locks, connection loss, secrets)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.store.postgres import PostgresStore


@pytest.fixture
async def pg(postgres_url: str) -> AsyncIterator[PostgresStore]:
    opened = await PostgresStore.open(postgres_url)
    try:
        yield opened
    finally:
        await opened.close()
