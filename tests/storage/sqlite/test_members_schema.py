"""Members rows in SQLite: ensure(), and ensure_member_row inside a caller's transaction."""

from __future__ import annotations

from bot.core.models import Experience
from bot.store.sql.members import ensure_member_row
from bot.store.sqlite import SqliteStore as Store
from tests.storage.conftest import ALICE, T0
from tests.storage.test_members import _member_rows


async def test_ensure_is_idempotent_and_keeps_the_profile(store: Store) -> None:
    await store.members.save_profile(ALICE, now=T0, experience=Experience.ADVANCED)
    await store.members.ensure(ALICE, T0)
    async with store.db.transaction() as tx:
        await ensure_member_row(tx, ALICE, T0)
    assert await _member_rows(store) == 1
    assert (await store.members.get_profile(ALICE)).experience == Experience.ADVANCED
