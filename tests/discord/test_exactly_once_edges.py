"""Edges of "exactly once": a retry's claim an older process left without `attempted_at`
(a rolling restart across migration 0011) and was stopped during; a retry within the nonce
window whose earlier channel now refuses it, after the admin set another; and a westward
time-zone change while a check-in waits to retry (one check-in a day)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.actions.post_send import Outcome
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SqliteStore
from tests.discord.harness import ALICE, GUILD_A, FakeClock, Harness
from tests.discord.test_daily_post import GENERAL, SLOT, TRAINING, club, tick
from tests.discord.test_daily_post_retries import bot_posts
from tests.discord.test_reminders_delivery import CHECKIN_TITLE, ME, M, wake
from tests.discord.test_reminders_retries import check_in_failed_once, first_dm_made_answer_lost

__all__ = ["club"]  # the fixture, used by name


async def _forget_attempted_at(h: Harness, table: str) -> None:
    """The row as the version before 0011 leaves it: no earliest attempt stored."""
    store = h.store
    assert isinstance(store, SqliteStore | PostgresStore)
    await store.db.execute(f"UPDATE {table} SET attempted_at = NULL")


async def test_a_dm_retry_the_old_version_claimed_and_was_stopped_during_is_not_sent_twice(
    harness: Harness, clock: FakeClock
) -> None:
    """The old process's first attempt makes the DM (answer lost); five minutes on, the old
    process claims the retry (its claim stores no attempted_at) and is stopped by the rolling
    restart before its send. The new process takes over the cut-off claim: its row's time is
    the retry claim's, not the first attempt's, so `Timer.look_from` dates the earliest attempt
    five minutes late."""
    await first_dm_made_answer_lost(harness, clock)
    await _forget_attempted_at(harness, "timers")
    clock.advance(5 * M)
    [timer] = await harness.store.timers.pending(ME)
    assert timer.attempts == 1
    # The old version's retry claim: state, attempts + 1, updated_at (no attempted_at column).
    assert await harness.store.timers.claim(timer.id, now=clock.now()) is not None
    await _forget_attempted_at(harness, "timers")
    clock.advance(timedelta(seconds=30))  # the new process, after the restart
    back = await wake(harness, expect_errors=True)
    assert len(harness.fake.dm_messages(ALICE.id)) == 1, f"DM'd twice: {back.outcomes}"


async def test_a_post_retry_the_old_version_claimed_and_was_stopped_during_posts_once(
    club: Harness,
) -> None:
    """The same for the daily post: the old process's first attempt makes the post (answer
    lost); five minutes on it claims the retry (no attempted_at) and is stopped before its send.
    The new process takes the cut-off claim over, dating the earliest attempt from the retry's
    claim (`PostRecord.look_from` of a 'sending' row), five minutes late."""
    club.fake.lose_answer("POST", f"/channels/{TRAINING.id}/messages", made=True)
    outcomes, _ = await tick(club, SLOT, expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.RETRY}
    await _forget_attempted_at(club, "posts")
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


async def test_a_retry_its_old_channel_now_refuses_is_not_reported_as_a_stop(
    club: Harness,
) -> None:
    """The first attempt is answered 503 (Discord made nothing); the admin moves the post to
    #general and the bot loses Send Messages in #training. The retry, within the nonce's 2
    minutes, goes to #training, is refused (403), and `_moved_on` leaves the day 'unknown':
    no post anywhere that day, and /club status says the bot stopped while sending, which it
    never did. (README: a 403 makes the day's post fail and show in /club status; past the
    window, `_look` sends a retry whose old channel cannot be read to the channel set now.)"""
    path = f"/channels/{TRAINING.id}/messages"
    club.fake.script("POST", path, 503, {"message": "down"}, times=1)
    outcomes, _ = await tick(club, SLOT, expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.RETRY}
    club.clock.set(SLOT + timedelta(seconds=30))
    await club.invoke("club reminder set", {"channel": GENERAL, "time": "09:30"})
    club.fake.script("POST", path, 403, {"message": "Missing Permissions", "code": 50013})
    outcomes, _ = await tick(club, SLOT + M, expect_errors=True)
    status = await club.invoke("club status")
    assert "stopped while sending" not in status.text, f"{outcomes}: {status.text}"


NEW_YORK = ZoneInfo("America/New_York")


async def test_a_westward_zone_change_while_a_check_in_retries_leaves_one_a_day(
    harness: Harness, clock: FakeClock
) -> None:
    """Alice's 07:00 UTC check-in on the 11th fails once (503) and waits to retry; within its
    backoff she moves to New York (02:00 there, still the 11th). The retrying one stays (the
    11th's), and the chained one moves to 07:00 New York time, which is the 11th too: two
    check-ins for one day. (Pre-existing without a retry too: a westward move just after the
    day's check-in went out brings that day's again.)"""
    due = await check_in_failed_once(harness, clock)
    clock.advance(M / 2)
    await harness.invoke("profile", {"timezone": "America/New_York"})
    end = due + timedelta(days=2)
    while clock.now() < end:
        clock.advance(5 * M)
        await wake(harness, expect_errors=True)
    per_day: dict[str, int] = {}
    for message in harness.fake.dm_messages(ALICE.id):
        assert message["embeds"][0]["title"] == CHECKIN_TITLE
        made = datetime.fromisoformat(message["timestamp"]).astimezone(NEW_YORK).date()
        per_day[made.isoformat()] = per_day.get(made.isoformat(), 0) + 1
    assert all(n == 1 for n in per_day.values()), f"check-in DMs per New York day: {per_day}"
