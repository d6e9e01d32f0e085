"""A rolling restart across migration 0011: the process of the version before stores no
`attempted_at`, so a DM or a post whose attempt it made (and Discord made, the answer lost)
waits to retry with none. The new process takes that attempt to have begun one send's time
limit before its failure, as the version before did, and looks before sending again."""

from __future__ import annotations

from datetime import timedelta

from bot.actions.post_send import Outcome
from bot.actions.timers import Fired
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SqliteStore
from tests.discord.harness import ALICE, GUILD_A, Harness
from tests.discord.test_daily_post import SLOT, TRAINING, club, tick
from tests.discord.test_daily_post_retries import bot_posts
from tests.discord.test_reminders_delivery import DM_PATH, M, press_remind_me, wake

__all__ = ["club"]  # the fixture, used by name


async def _as_the_old_version_wrote_it(h: Harness, table: str) -> None:
    """The row as the version before 0011 leaves it: no earliest attempt stored."""
    store = h.store
    assert isinstance(store, SqliteStore | PostgresStore)
    await store.db.execute(f"UPDATE {table} SET attempted_at = NULL")


async def test_a_dm_retry_the_old_version_left_is_looked_for_not_sent_blind(
    harness: Harness,
) -> None:
    harness.clock.set(await press_remind_me(harness))
    # The old process's attempt: Discord makes the DM, the answer is lost.
    harness.fake.lose_answer("POST", DM_PATH, made=True)
    first = await wake(harness, expect_errors=True)
    assert list(first.outcomes.values()) == [Fired.RETRY]
    await _as_the_old_version_wrote_it(harness, "timers")
    # The new process takes the retry 5 minutes on: Discord has forgotten the nonce.
    harness.clock.advance(5 * M)
    back = await wake(harness, expect_errors=True)
    assert back.sent == [], f"sent blind: {back.outcomes}"
    assert len(harness.fake.dm_messages(ALICE.id)) == 1


async def test_a_post_retry_the_old_version_left_is_looked_for_not_sent_blind(
    club: Harness,
) -> None:
    club.fake.lose_answer("POST", f"/channels/{TRAINING.id}/messages", made=True)
    outcomes, _ = await tick(club, SLOT, expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.RETRY}
    await _as_the_old_version_wrote_it(club, "posts")
    # The new process's first retry, a minute on: the old row does not say when its attempt
    # began, so it is taken as a send's time limit (90 s) before the failure, which puts it
    # past the nonce's memory: the channel is read first, and the post found.
    outcomes, back = await tick(club, SLOT + timedelta(minutes=1), expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.FOUND}
    assert len(back.to("GET", f"/channels/{TRAINING.id}/messages")) == 1
    assert len(bot_posts(club, TRAINING.id)) == 1
