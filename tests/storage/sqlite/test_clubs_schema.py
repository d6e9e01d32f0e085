"""SQLite's side of the club queries: the index the post's query uses, a retired tip."""

from __future__ import annotations

from datetime import timedelta

from bot.core.models import TipId
from bot.core.schedule import PostStatus
from bot.store.sql.clubs import CLUB_LEG_DAYS
from bot.store.sqlite import SqliteStore as Store
from tests.storage.conftest import T0
from tests.storage.test_clubs import CHANNEL, DAY, GUILD, SLOT, set_up


async def test_member_leg_days_uses_the_guild_index(store: Store) -> None:
    rows = await store.db.all("EXPLAIN QUERY PLAN " + CLUB_LEG_DAYS, windows=[(GUILD, T0, T0)])
    plan = " ".join(str(row["detail"]) for row in rows)
    assert "leg_days_guild_at" in plan, plan


async def test_a_tip_this_version_does_not_know_reads_as_none(store: Store) -> None:
    await set_up(store)
    await store.posts.claim(GUILD, SLOT, channel_id=CHANNEL, tip_id=TipId.CARBS, now=T0)
    await store.posts.mark_sent(GUILD, DAY, message_id=1, now=T0)
    await store.db.execute("UPDATE posts SET tip_id = 'retired_tip'")
    record = await store.posts.latest(GUILD)
    assert record is not None and record.tip_id is None and record.status is PostStatus.SENT
    assert await store.posts.previous_tip(GUILD, DAY + timedelta(days=1)) is None
    [(reminder, latest)] = await store.clubs.active_with_latest_post()
    assert reminder.guild_id == GUILD and latest == record
