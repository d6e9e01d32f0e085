from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.models import MemberRef
from bot.store import Store

T0 = datetime(2024, 3, 4, 18, 30, tzinfo=UTC)
ALICE = MemberRef(guild_id=1_000_000_000_000_000_001, user_id=2_000_000_000_000_000_001)
BOB = MemberRef(guild_id=ALICE.guild_id, user_id=2_000_000_000_000_000_002)
# Same Discord user as ALICE, in another club: a different member.
ALICE_ELSEWHERE = MemberRef(guild_id=1_000_000_000_000_000_002, user_id=ALICE.user_id)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(db_path)
    try:
        yield opened
    finally:
        await opened.close()
