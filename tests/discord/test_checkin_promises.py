"""What the replies promise about a check-in, against what the bot then really does: a retry
that would fall on the next day, and a check-in tried before migration 0012 stored days, after
a move east (found by a third review, each test failing before its fix)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.actions.timers import Fired
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SqliteStore
from tests.discord.harness import ALICE, FakeClock, Harness
from tests.discord.test_checkin_days import days_asked, pending_checkins
from tests.discord.test_checkin_zone_change_days import moved_east_after_tuesdays_check_in
from tests.discord.test_reminders_delivery import DM_PATH, M, wake


async def test_a_retry_that_falls_on_the_next_day_is_not_promised(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("checkin", {"time": "23:59"})  # UTC, the club's zone: Tue 10 March
    clock.set(datetime(2026, 3, 10, 23, 59, tzinfo=UTC))
    harness.fake.script("POST", DM_PATH, 503, times=1)
    # Its retry would come on Wednesday, when Tuesday's check-in is dropped: dropped now.
    assert list((await wake(harness, expect_errors=True)).outcomes.values()) == [Fired.DROPPED]
    # Half a minute later, still Tuesday: she confirms her time, then lists her reminders.
    clock.advance(M / 2)
    reply = await harness.invoke("checkin", {"time": "23:59"})
    listed = (await harness.invoke("remind list", {})).embed["description"]
    # The retry's time (Wed 00:00) comes; Tuesday is over (today the retry is dropped).
    clock.advance(M / 2)
    await wake(harness)
    retried = harness.fake.dm_messages(ALICE.id) != []
    promised = ["tried again" in reply.content, "being retried" in listed]
    assert promised == [retried, retried], (reply.content, listed)


async def _as_the_version_before_0012_left_it(harness: Harness) -> None:
    """Every check-in row as the version before migration 0012 wrote it: no day stored (the
    upgrade comes after Tuesday's check-in went out)."""
    store = harness.store
    assert isinstance(store, SqliteStore | PostgresStore)
    await store.db.execute("UPDATE timers SET checkin_day = NULL")


async def test_a_move_east_after_a_check_in_the_old_version_sent_still_asks_the_new_day(
    harness: Harness, clock: FakeClock
) -> None:
    await moved_east_after_tuesdays_check_in(harness, clock, _as_the_version_before_0012_left_it)
    wednesday_2330_berlin = datetime(2026, 3, 11, 22, 30, tzinfo=UTC)
    assert await pending_checkins(harness) == [wednesday_2330_berlin]  # as promised
    clock.set(wednesday_2330_berlin)
    await wake(harness)
    assert days_asked(harness) == {"Tue 10 Mar": 1, "Wed 11 Mar": 1}


async def test_a_new_time_after_a_move_east_after_the_old_versions_check_in_asks_the_new_day(
    harness: Harness, clock: FakeClock
) -> None:
    await moved_east_after_tuesdays_check_in(harness, clock, _as_the_version_before_0012_left_it)
    # Wed 08:00 in Berlin: she moves her check-in to the evening, later that Wednesday.
    clock.set(datetime(2026, 3, 11, 7, 0, tzinfo=UTC))
    await harness.invoke("checkin", {"time": "20:00"})
    clock.set(datetime(2026, 3, 11, 19, 0, tzinfo=UTC))  # Wed 20:00 in Berlin
    await wake(harness)
    assert days_asked(harness) == {"Tue 10 Mar": 1, "Wed 11 Mar": 1}
