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
from tests.discord.harness import ALICE, GUILD_A, FakeClock, Harness
from tests.discord.test_daily_post import SLOT, TRAINING, club, tick
from tests.discord.test_daily_post_retries import bot_posts
from tests.discord.test_reminders_delivery import DM_PATH, ME, M, press_remind_me, wake
from tests.discord.test_reminders_retries import first_dm_made_answer_lost

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


async def test_a_dm_retry_the_old_version_claimed_and_was_stopped_during_is_not_sent_twice(
    harness: Harness, clock: FakeClock
) -> None:
    """The old process's first attempt makes the DM (answer lost); five minutes on, the old
    process claims the retry (its claim stores no attempted_at) and is stopped by the rolling
    restart before its send. The new process takes over the cut-off claim: after more than one
    attempt the row cannot say when the first began, so it counts from the due time, looks,
    and finds the DM."""
    await first_dm_made_answer_lost(harness, clock)
    await _as_the_old_version_wrote_it(harness, "timers")
    clock.advance(5 * M)
    [timer] = await harness.store.timers.pending(ME)
    assert timer.attempts == 1
    # The old version's retry claim: state, attempts + 1, updated_at (no attempted_at column).
    assert await harness.store.timers.claim(timer.id, now=clock.now()) is not None
    await _as_the_old_version_wrote_it(harness, "timers")
    clock.advance(timedelta(seconds=30))  # the new process, after the restart
    back = await wake(harness, expect_errors=True)
    assert len(harness.fake.dm_messages(ALICE.id)) == 1, f"DM'd twice: {back.outcomes}"


async def test_a_post_retry_the_old_version_claimed_and_was_stopped_during_posts_once(
    club: Harness,
) -> None:
    """The same for the daily post: the old process's first attempt makes the post (answer
    lost); five minutes on it claims the retry (no attempted_at) and is stopped before its send.
    The new process takes the cut-off claim over and counts from the slot: it looks first."""
    club.fake.lose_answer("POST", f"/channels/{TRAINING.id}/messages", made=True)
    outcomes, _ = await tick(club, SLOT, expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.RETRY}
    await _as_the_old_version_wrote_it(club, "posts")
    store = club.store
    assert isinstance(store, SqliteStore | PostgresStore)
    # The old version's retry claim (bot/store/sql/posts.py's _CLAIM before 0011).
    claimed = await store.db.run(
        "UPDATE posts SET status = 'sending', attempts = attempts + 1, retry_at = NULL,"
        " updated_at = :now WHERE status = 'retry'",
        now=SLOT + 5 * M,
    )
    assert claimed == 1
    # The new process, once the cut-off claim is older than a send's time limit.
    outcomes, _ = await tick(club, SLOT + 5 * M + timedelta(seconds=100), expect_errors=True)
    assert len(bot_posts(club, TRAINING.id)) == 1, f"posted twice: {outcomes}"
