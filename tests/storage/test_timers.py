"""The TimersRepository (issue 14's reminders, check-ins, answers and notices): the contract, on
SQLite and PostgreSQL alike."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta

from bot.config import DatabaseSettings
from bot.core.models import MemberRef
from bot.core.reminders import NOTICES_READ_EVERY, Timer, TimerKind, TimerState
from bot.store import Store, open_store
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SqliteStore
from tests.storage.checkins import answer
from tests.storage.conftest import ALICE, ALICE_ELSEWHERE, BOB, T0

S = timedelta(seconds=1)
M = timedelta(minutes=1)
H = timedelta(hours=1)
D = timedelta(days=1)
SEVEN = 7 * 60  # a check-in at 07:00


async def ready(
    store: Store, member: MemberRef = ALICE, *, entry: int = 1, due: datetime = T0
) -> Timer:
    return await store.timers.add_ready(member, entry_id=entry, due_at=due, now=T0 - D)


async def checkin(store: Store, member: MemberRef = ALICE, *, due: datetime = T0) -> Timer:
    timer = await store.timers.set_checkin(member, minute=SEVEN, first=lambda _: due, now=T0 - D)
    assert timer is not None
    return timer


# -- add_ready, set_checkin, pending -----------------------------------------------------------


async def test_add_ready_stores_one_pending_reminder(store: Store) -> None:
    timer = await ready(store, entry=3, due=T0 + H)
    assert (timer.kind, timer.entry_id, timer.minute) == (TimerKind.READY, 3, None)
    assert (timer.due_at, timer.next_at) == (T0 + H, T0 + H)
    assert (timer.state, timer.attempts) == (TimerState.PENDING, 0)
    assert (timer.guild_id, timer.user_id) == (ALICE.guild_id, ALICE.user_id)
    assert timer.created_at == T0 - D
    assert await store.timers.pending(ALICE) == [timer]


async def test_a_second_reminder_replaces_the_pending_one_keeping_its_id(store: Store) -> None:
    first = await ready(store, entry=1, due=T0)
    # The first one's DM failed for now and waits to retry.
    assert await store.timers.claim(first.id, now=T0) is not None
    await store.timers.retry(first.id, next_at=T0 + M, error="503", now=T0 + S)
    second = await ready(store, entry=2, due=T0 + H)
    assert second.id == first.id
    assert (second.entry_id, second.due_at, second.next_at) == (2, T0 + H, T0 + H)
    # Another message (another time, another nonce): a fresh start, nothing to look for.
    assert (second.attempts, second.attempted_at) == (0, None)
    assert await store.timers.pending(ALICE) == [second]


async def test_pending_is_the_members_own_soonest_first(store: Store) -> None:
    late = await checkin(store, due=T0 + 2 * H)
    soon = await ready(store, due=T0 + H)
    await ready(store, BOB, due=T0)
    await ready(store, ALICE_ELSEWHERE, due=T0)
    assert [t.id for t in await store.timers.pending(ALICE)] == [soon.id, late.id]
    assert await store.timers.pending(MemberRef(guild_id=9, user_id=9)) == []


async def test_set_checkin_replaces_the_pending_check_in_and_stop_checkins_stops_it(
    store: Store,
) -> None:
    first = await checkin(store, due=T0)
    # No check-in was tried yet: `first` is given no day.
    second = await store.timers.set_checkin(
        ALICE, minute=8 * 60, first=lambda day: T0 + H if day is None else T0, now=T0
    )
    assert second.id != first.id and second.due_at == T0 + H
    assert (second.kind, second.minute, second.entry_id) == (TimerKind.CHECKIN, 8 * 60, None)
    assert await store.timers.pending(ALICE) == [second]
    reminder = await ready(store)
    assert await store.timers.stop_checkins(ALICE, now=T0) == 1
    assert await store.timers.pending(ALICE) == [reminder]


async def test_last_checkin_is_the_latest_tried_with_the_day_its_first_claim_gave_it(
    store: Store,
) -> None:
    assert await store.timers.last_checkin(ALICE) is None
    today = await checkin(store, due=T0)
    assert await store.timers.last_checkin(ALICE) is None  # pending, never tried
    day = date(2026, 3, 9)  # the day the runner read in the member's zone, not T0's UTC date
    await store.timers.claim(today.id, now=T0, then=T0 + D, day=day)  # tomorrow's, untried
    last = await store.timers.last_checkin(ALICE)  # sending: may have gone out
    assert last is not None and (last.id, last.due_at, last.checkin_day) == (today.id, T0, day)
    await store.timers.retry(today.id, next_at=T0 + M, error="503", now=T0 + S)
    last = await store.timers.last_checkin(ALICE)  # waits to be retried: the day's
    assert last is not None and last.id == today.id
    # The retry's claim keeps the first claim's day, whatever day it is given.
    await store.timers.claim(today.id, now=T0 + M, day=date(2026, 3, 10))
    await store.timers.finish(today.id, TimerState.SENT, now=T0 + M)
    last = await store.timers.last_checkin(ALICE)
    assert last is not None and (last.id, last.checkin_day) == (today.id, day)
    assert await store.timers.last_checkin(BOB) is None  # another member's are not hers


async def test_a_check_in_refused_at_its_first_attempt_had_no_day(store: Store) -> None:
    refused = await checkin(store, due=T0)
    await store.timers.claim(refused.id, now=T0, day=date(2026, 3, 10))
    await store.timers.finish(refused.id, TimerState.FAILED, now=T0, error="403")
    assert await store.timers.last_checkin(ALICE) is None  # a refused DM was never made
    # Refused at its retry, after a 5xx that may have made the DM: its day counts.
    retried = await checkin(store, due=T0 + D)
    await store.timers.claim(retried.id, now=T0 + D, day=date(2026, 3, 11))
    await store.timers.retry(retried.id, next_at=T0 + D + M, error="503", now=T0 + D)
    await store.timers.claim(retried.id, now=T0 + D + M)
    await store.timers.finish(retried.id, TimerState.FAILED, now=T0 + D + M, error="403")
    last = await store.timers.last_checkin(ALICE)
    assert last is not None and last.id == retried.id


async def test_a_check_in_tried_and_then_cancelled_still_had_its_day(store: Store) -> None:
    today = await checkin(store, due=T0)
    await store.timers.claim(today.id, now=T0, day=date(2026, 3, 10))
    await store.timers.retry(today.id, next_at=T0 + M, error="503", now=T0 + S)
    # A new time keeps the check-in waiting to be retried; `off` cancels it too.
    # `first` is given the day of the check-in tried last.
    kept = await store.timers.set_checkin(
        ALICE,
        minute=9 * 60,
        first=lambda day: T0 + D if day == date(2026, 3, 10) else T0,
        now=T0 + S,
    )
    assert kept.due_at == T0 + D
    assert [t.id for t in await store.timers.pending(ALICE)] == [today.id, kept.id]
    await store.timers.stop_checkins(ALICE, now=T0 + S)
    assert await store.timers.pending(ALICE) == []
    last = await store.timers.last_checkin(ALICE)
    assert last is not None and last.id == today.id  # its DM may have been made


# -- move, cancel ------------------------------------------------------------------------------


async def test_move_points_the_reminder_at_another_leg_day_and_time(store: Store) -> None:
    timer = await ready(store, entry=1, due=T0)
    claimed = await store.timers.claim(timer.id, now=T0)
    assert claimed is not None
    await store.timers.retry(timer.id, next_at=T0 + 5 * M, error="503", now=T0)
    moved = await store.timers.move(ALICE, timer.id, entry_id=4, due_at=T0 + D, now=T0)
    assert moved is not None and moved.id == timer.id
    assert (moved.entry_id, moved.due_at, moved.next_at) == (4, T0 + D, T0 + D)
    assert moved.attempts == 0  # a new time starts its tries afresh
    assert await store.timers.pending(ALICE) == [moved]


async def test_move_refuses_what_is_not_the_members_pending_reminder(store: Store) -> None:
    timer = await ready(store)
    daily = await checkin(store)
    assert await store.timers.move(BOB, timer.id, entry_id=2, due_at=T0 + D, now=T0) is None
    assert await store.timers.move(ALICE, daily.id, entry_id=2, due_at=T0 + D, now=T0) is None
    assert await store.timers.move(ALICE, 10**9, entry_id=2, due_at=T0 + D, now=T0) is None
    await store.timers.cancel(ALICE, timer.id, now=T0)
    assert await store.timers.move(ALICE, timer.id, entry_id=2, due_at=T0 + D, now=T0) is None
    assert await store.timers.pending(ALICE) == [daily]


async def test_cancel_takes_the_members_own_pending_timer_once(store: Store) -> None:
    timer = await ready(store)
    assert await store.timers.cancel(BOB, timer.id, now=T0) is None
    assert await store.timers.cancel(ALICE_ELSEWHERE, timer.id, now=T0) is None
    cancelled = await store.timers.cancel(ALICE, timer.id, now=T0)
    assert cancelled is not None
    assert (cancelled.id, cancelled.state) == (timer.id, TimerState.CANCELLED)
    assert await store.timers.cancel(ALICE, timer.id, now=T0) is None
    assert await store.timers.pending(ALICE) == []
    assert await store.timers.due(T0 + D, 10) == []
    # A cancelled reminder leaves room for a new one.
    again = await ready(store, entry=2)
    assert again.id != timer.id and await store.timers.pending(ALICE) == [again]


# -- next_due, due -----------------------------------------------------------------------------


async def test_next_due_is_the_soonest_pending_try_of_any_guild(store: Store) -> None:
    assert await store.timers.next_due() is None
    alice = await ready(store, due=T0 + H)
    assert await store.timers.next_due() == T0 + H
    elsewhere = await ready(store, ALICE_ELSEWHERE, due=T0 + M)
    assert await store.timers.next_due() == T0 + M
    # The soonest after a moment: past it only.
    assert await store.timers.next_due(after=T0 + M) == T0 + H
    assert await store.timers.next_due(after=T0) == T0 + M
    assert await store.timers.next_due(after=T0 + H) is None
    await store.timers.claim(elsewhere.id, now=T0 + M)
    assert await store.timers.next_due() == T0 + H  # a claimed timer is not pending
    await store.timers.claim(alice.id, now=T0 + H)
    await store.timers.retry(alice.id, next_at=T0 + 3 * H, error="429", now=T0 + H)
    assert await store.timers.next_due() == T0 + 3 * H  # the retry's time, not the promise


async def test_due_is_what_is_to_be_tried_by_now_oldest_first_up_to_the_limit(
    store: Store,
) -> None:
    members = [MemberRef(guild_id=ALICE.guild_id, user_id=ALICE.user_id + n) for n in range(5)]
    # Added in an order unlike their times.
    offsets = [3, 1, 4, 0, 2]
    timers = {
        n: await ready(store, m, due=T0 + n * M) for m, n in zip(members, offsets, strict=True)
    }
    assert await store.timers.due(T0 - timedelta(seconds=1), 10) == []
    assert [t.id for t in await store.timers.due(T0 + 2 * M, 10)] == [
        timers[0].id,
        timers[1].id,
        timers[2].id,  # exactly at `now` counts
    ]
    assert [t.id for t in await store.timers.due(T0 + D, 2)] == [timers[0].id, timers[1].id]
    # Ties on the time: the older row first.
    tie = await checkin(store, ALICE_ELSEWHERE, due=T0)
    assert [t.id for t in await store.timers.due(T0, 10)] == [timers[0].id, tie.id]
    # The next page starts past the last timer read, ties on the time included: what the
    # reader left pending (another shard's) does not fill it again.
    first = await store.timers.due(T0 + D, 1)
    assert [t.id for t in first] == [timers[0].id]
    page = await store.timers.due(T0 + D, 2, after=(first[0].next_at, first[0].id))
    assert [t.id for t in page] == [tie.id, timers[1].id]
    rest = await store.timers.due(T0 + D, 10, after=(page[-1].next_at, page[-1].id))
    assert [t.id for t in rest] == [timers[2].id, timers[3].id, timers[4].id]
    assert await store.timers.due(T0 + 2 * M, 10, after=(rest[0].next_at, rest[0].id)) == []


async def test_a_retried_timer_is_due_at_its_retry_time_keeping_its_promise(store: Store) -> None:
    timer = await ready(store, due=T0)
    await store.timers.claim(timer.id, now=T0)
    await store.timers.retry(timer.id, next_at=T0 + 2 * M, error="503", now=T0)
    assert await store.timers.due(T0 + M, 10) == []
    [again] = await store.timers.due(T0 + 2 * M, 10)
    assert (again.id, again.due_at, again.next_at) == (timer.id, T0, T0 + 2 * M)
    assert (again.state, again.attempts) == (TimerState.PENDING, 1)
    second = await store.timers.claim(timer.id, now=T0 + 2 * M)
    assert second is not None and second.attempts == 2


# -- claim, finish, retry, resolve_stale -------------------------------------------------------


async def test_a_timer_is_claimed_exactly_once(store: Store) -> None:
    timer = await ready(store)
    claimed = await store.timers.claim(timer.id, now=T0)
    assert claimed is not None
    assert (claimed.id, claimed.state, claimed.attempts) == (timer.id, TimerState.SENDING, 1)
    assert await store.timers.claim(timer.id, now=T0) is None
    assert await store.timers.claim(10**9, now=T0) is None
    assert await store.timers.due(T0 + D, 10) == []
    assert await store.timers.pending(ALICE) == []


async def test_two_concurrent_claims_of_one_timer_one_wins(store: Store) -> None:
    timers = [await ready(store, MemberRef(guild_id=1, user_id=n)) for n in range(1, 6)]
    for timer in timers:
        claims = await asyncio.gather(*(store.timers.claim(timer.id, now=T0) for _ in range(2)))
        assert sorted(c is None for c in claims) == [False, True]


async def test_a_drop_is_a_claim_that_is_not_a_try(store: Store) -> None:
    timer = await ready(store)
    dropped = await store.timers.claim(timer.id, now=T0, state=TimerState.DROPPED)
    assert dropped is not None
    assert (dropped.state, dropped.attempts) == (TimerState.DROPPED, 0)
    assert await store.timers.claim(timer.id, now=T0) is None
    # finish and retry only act on a claim being sent: a dropped timer stays dropped.
    await store.timers.finish(timer.id, TimerState.SENT, now=T0)
    await store.timers.retry(timer.id, next_at=T0, error="x", now=T0)
    assert await store.timers.due(T0 + D, 10) == []


async def test_claiming_a_check_in_chains_the_next_one_in_the_same_step(store: Store) -> None:
    today = await checkin(store, due=T0)
    claimed = await store.timers.claim(today.id, now=T0, then=T0 + D)
    assert claimed is not None
    [tomorrow] = await store.timers.pending(ALICE)
    assert tomorrow.id != today.id
    assert (tomorrow.kind, tomorrow.minute) == (TimerKind.CHECKIN, SEVEN)
    assert (tomorrow.due_at, tomorrow.next_at, tomorrow.attempts) == (T0 + D, T0 + D, 0)
    # A claim that loses adds nothing: no second chain.
    assert await store.timers.claim(today.id, now=T0, then=T0 + D) is None
    assert await store.timers.pending(ALICE) == [tomorrow]


async def test_a_dropped_check_in_still_chains_the_next_one(store: Store) -> None:
    today = await checkin(store, due=T0)
    await store.timers.claim(today.id, now=T0 + D, state=TimerState.DROPPED, then=T0 + D)
    [tomorrow] = await store.timers.pending(ALICE)
    assert tomorrow.due_at == T0 + D


async def test_a_reminder_claim_chains_nothing(store: Store) -> None:
    timer = await ready(store)
    await store.timers.claim(timer.id, now=T0, then=T0 + D)
    assert await store.timers.pending(ALICE) == []


async def test_finish_records_the_outcome_of_a_claim_only(store: Store) -> None:
    sent, failed, waiting = [
        await ready(store, MemberRef(guild_id=1, user_id=n)) for n in (1, 2, 3)
    ]
    for timer in (sent, failed):
        await store.timers.claim(timer.id, now=T0)
    await store.timers.finish(sent.id, TimerState.SENT, now=T0)
    await store.timers.finish(failed.id, TimerState.FAILED, now=T0, error="403 code 50007")
    # Finishing a timer that was never claimed changes nothing: it stays pending.
    await store.timers.finish(waiting.id, TimerState.SENT, now=T0)
    assert [t.id for t in await store.timers.due(T0 + D, 10)] == [waiting.id]
    for timer in (sent, failed):
        assert await store.timers.claim(timer.id, now=T0 + D) is None
        await store.timers.retry(timer.id, next_at=T0, error="x", now=T0)  # not a claim: no-op
    assert [t.id for t in await store.timers.due(T0 + D, 10)] == [waiting.id]
    # A finished timer is not stale either.
    assert await store.timers.resolve_stale(T0 + D, now=T0 + D) == 0


async def test_stale_claims_become_unknown_and_are_never_handed_out_again(store: Store) -> None:
    old, young, waiting = [await ready(store, MemberRef(guild_id=1, user_id=n)) for n in (1, 2, 3)]
    await store.timers.claim(old.id, now=T0)
    await store.timers.claim(young.id, now=T0 + 10 * M)
    # Claims made by T0 + 5 minutes are stale; the one at T0 + 10 minutes is not.
    assert await store.timers.resolve_stale(T0 + 5 * M, now=T0 + 12 * M) == 1
    assert await store.timers.resolve_stale(T0 + 5 * M, now=T0 + 12 * M) == 0
    # Unknown: not claimable, not retried, not finished, not due.
    assert await store.timers.claim(old.id, now=T0 + D) is None
    await store.timers.retry(old.id, next_at=T0, error="x", now=T0 + D)
    await store.timers.finish(old.id, TimerState.SENT, now=T0 + D)
    assert [t.id for t in await store.timers.due(T0 + D, 10)] == [waiting.id]
    # The young claim can still finish; a claim exactly at the limit is stale (at or before).
    await store.timers.finish(young.id, TimerState.SENT, now=T0 + 12 * M)
    edge = await ready(store, MemberRef(guild_id=1, user_id=4))
    await store.timers.claim(edge.id, now=T0 + 20 * M)
    assert await store.timers.resolve_stale(T0 + 20 * M - timedelta(seconds=1), now=T0 + D) == 0
    assert await store.timers.resolve_stale(T0 + 20 * M, now=T0 + 30 * M) == 1


async def test_cut_off_claims_are_listed_and_retaken_only_while_young(store: Store) -> None:
    older, younger, waiting = [
        await ready(store, MemberRef(guild_id=1, user_id=n)) for n in (1, 2, 3)
    ]
    await store.timers.claim(older.id, now=T0)
    await store.timers.claim(younger.id, now=T0 + M)
    assert [t.id for t in await store.timers.cut_off(T0 - S)] == [older.id, younger.id]
    assert [t.id for t in await store.timers.cut_off(T0)] == [younger.id]  # after, not at
    assert await store.timers.retake(older.id, claimed_after=T0) is None
    taken = await store.timers.retake(younger.id, claimed_after=T0)
    assert taken is not None and (taken.id, taken.attempts) == (younger.id, 2)
    # The retake kept the claim's time: the window still counts from T0 + 1 minute.
    assert [t.id for t in await store.timers.cut_off(T0 + M - S)] == [younger.id]
    assert await store.timers.cut_off(T0 + M) == []
    assert await store.timers.retake(waiting.id, claimed_after=T0 - D) is None  # never claimed
    await store.timers.finish(younger.id, TimerState.SENT, now=T0 + 2 * M)
    assert await store.timers.retake(younger.id, claimed_after=T0 - D) is None  # finished


# -- stop_checkins -----------------------------------------------------------------------------


async def test_stop_checkins_cancels_only_the_members_check_ins(store: Store) -> None:
    mine = await checkin(store, due=T0)
    await store.timers.claim(mine.id, now=T0, then=T0 + D)  # today's sending, next chained
    reminder = await ready(store)
    bobs = await checkin(store, BOB)
    elsewhere = await checkin(store, ALICE_ELSEWHERE)
    # The chained one, and today's being sent: a failure for now does not bring it back.
    assert await store.timers.stop_checkins(ALICE, now=T0) == 2
    await store.timers.retry(mine.id, next_at=T0 + M, error="503", now=T0 + S)
    assert await store.timers.pending(ALICE) == [reminder]
    assert await store.timers.pending(BOB) == [bobs]
    assert await store.timers.pending(ALICE_ELSEWHERE) == [elsewhere]
    assert await store.timers.stop_checkins(ALICE, now=T0) == 0


async def state_of(store: Store, timer_id: int) -> str:
    # Below the interface: a finished timer is no longer in any list the store gives.
    assert isinstance(store, SqliteStore | PostgresStore)
    row = await store.db.one("SELECT state FROM timers WHERE id = :id", id=timer_id)
    assert row is not None
    return str(row["state"])


async def test_a_check_in_stopped_mid_send_is_recorded_sent_only_when_its_dm_was_made(
    store: Store,
) -> None:
    made, lost = await checkin(store, due=T0), await checkin(store, BOB, due=T0)
    for timer, member in ((made, ALICE), (lost, BOB)):
        await store.timers.claim(timer.id, now=T0)
        assert await store.timers.stop_checkins(member, now=T0 + S) == 1
    await store.timers.finish(made.id, TimerState.SENT, now=T0 + 2 * S)
    await store.timers.finish(lost.id, TimerState.FAILED, now=T0 + 2 * S, error="403")
    assert [await state_of(store, t.id) for t in (made, lost)] == ["sent", "cancelled"]
    # Neither is pending again, nor taken for a send a crash cut off.
    await store.timers.retry(lost.id, next_at=T0 + M, error="503", now=T0 + 3 * S)
    assert await store.timers.pending(BOB) == [] and await store.timers.cut_off(T0 - D) == []


# -- check-in answers --------------------------------------------------------------------------


async def test_one_soreness_per_member_and_local_date_the_first_kept(store: Store) -> None:
    day = date(2024, 3, 4)
    assert await store.checkin_answers.on_day(ALICE, day) is None
    assert await answer(store, ALICE, day, 5, T0) is True
    assert await answer(store, ALICE, day, 2, T0 + H) is False
    kept = await store.checkin_answers.on_day(ALICE, day)
    assert kept is not None
    assert (kept.local_date, kept.soreness, kept.answered_at) == (day, 5, T0)
    # Another date, member or club is its own.
    assert await store.checkin_answers.on_day(ALICE, day + D) is None
    assert await answer(store, ALICE, day + D, 0, T0 + D) is True
    assert await answer(store, BOB, day, 10, T0) is True
    assert await answer(store, ALICE_ELSEWHERE, day, 7, T0) is True
    answers = [await store.checkin_answers.on_day(m, day) for m in (ALICE, BOB, ALICE_ELSEWHERE)]
    assert [a.soreness if a else None for a in answers] == [5, 10, 7]
    tomorrow = await store.checkin_answers.on_day(ALICE, day + D)
    assert tomorrow is not None and tomorrow.soreness == 0


# -- notices -----------------------------------------------------------------------------------


async def test_notices_are_taken_once_oldest_first_one_per_kind(store: Store) -> None:
    assert await store.notices.take(ALICE, now=T0) == []
    await store.notices.add(ALICE, "dm", "first dm notice", now=T0)
    await store.notices.add(ALICE, "other", "another kind", now=T0 + M)
    await store.notices.add(ALICE, "dm", "latest dm notice", now=T0 + 2 * M)
    await store.notices.add(BOB, "dm", "bob's", now=T0)
    await store.notices.add(ALICE_ELSEWHERE, "dm", "elsewhere", now=T0)
    assert await store.notices.take(ALICE, now=T0) == ["another kind", "latest dm notice"]
    assert await store.notices.take(ALICE, now=T0) == []
    assert await store.notices.take(BOB, now=T0) == ["bob's"]
    assert await store.notices.take(ALICE_ELSEWHERE, now=T0) == ["elsewhere"]


async def test_two_concurrent_takes_get_a_notice_once(store: Store) -> None:
    await store.notices.add(ALICE, "dm", "once", now=T0)
    taken = await asyncio.gather(*(store.notices.take(ALICE, now=T0) for _ in range(3)))
    assert sorted(taken) == [[], [], ["once"]]


def statements(store: Store) -> int:
    """Statements the store has sent to its database (each backend's wrapper counts them)."""
    return int(getattr(store, "db").statements)  # noqa: B009


async def test_a_member_with_no_notice_waiting_costs_no_statement(store: Store) -> None:
    await store.notices.read(T0)
    await store.notices.add(BOB, "dm", "bob's", now=T0)
    before = statements(store)
    assert await store.notices.take(ALICE, now=T0 + S) == []
    assert statements(store) == before
    assert await store.notices.take(BOB, now=T0 + S) == ["bob's"]
    assert statements(store) == before + 1  # its DELETE
    assert await store.notices.take(BOB, now=T0 + S) == []
    assert statements(store) == before + 1


async def test_a_notice_stored_by_another_process_is_taken_within_the_read_interval(
    store: Store, database_settings: DatabaseSettings
) -> None:
    await store.notices.read(T0)
    other = await open_store(database_settings)
    try:
        await other.notices.add(ALICE, "dm", "from the other process", now=T0)
    finally:
        await other.close()
    # This process read the list at T0, before the other one stored its notice.
    assert await store.notices.take(ALICE, now=T0 + NOTICES_READ_EVERY - S) == []
    assert await store.notices.take(ALICE, now=T0 + NOTICES_READ_EVERY) == [
        "from the other process"
    ]
    assert await store.notices.take(ALICE, now=T0 + NOTICES_READ_EVERY) == []


async def test_a_notice_taken_by_another_process_is_not_shown_again(
    store: Store, database_settings: DatabaseSettings
) -> None:
    await store.notices.add(ALICE, "dm", "once", now=T0)
    await store.notices.read(T0)
    other = await open_store(database_settings)
    try:
        assert await other.notices.take(ALICE, now=T0) == ["once"]
    finally:
        await other.close()
    assert await store.notices.take(ALICE, now=T0) == []


# -- follow_zone (a check-in follows a time-zone change, keeping its id) -----------------------


async def test_follow_zone_moves_the_members_pending_check_ins_in_place(store: Store) -> None:
    timer = await checkin(store, due=T0)
    other = await checkin(store, BOB, due=T0)
    seen: list[tuple[int, Timer | None]] = []

    def place(it: Timer, latest: Timer | None) -> datetime:
        seen.append((it.id, latest))
        return T0 + 4 * H

    [moved] = await store.timers.follow_zone(ALICE, place, now=T0 - H)
    assert seen == [(timer.id, None)]  # only hers, and none of hers was tried yet
    assert (moved.id, moved.kind, moved.minute) == (timer.id, TimerKind.CHECKIN, SEVEN)
    assert (moved.due_at, moved.next_at, moved.attempts) == (T0 + 4 * H, T0 + 4 * H, 0)
    assert await store.timers.pending(ALICE) == [moved]
    assert await store.timers.pending(BOB) == [other]


async def test_follow_zone_keeps_or_drops_a_retry_and_is_given_the_latest_tried(
    store: Store,
) -> None:
    today = await checkin(store, due=T0)
    await store.timers.claim(today.id, now=T0, then=T0 + D, day=date(2026, 3, 10))
    await store.timers.retry(today.id, next_at=T0 + M, error="503", now=T0 + S)
    [tomorrow] = [t for t in await store.timers.pending(ALICE) if t.id != today.id]
    given: list[Timer | None] = []

    def keep(it: Timer, latest: Timer | None) -> datetime:
        given.append(latest)
        return it.due_at

    # Left where they are: the retry keeps its next try, and only the untried one is given back.
    assert await store.timers.follow_zone(ALICE, keep, now=T0 + S) == [tomorrow]
    assert {t.id: t.next_at for t in await store.timers.pending(ALICE)} == {
        today.id: T0 + M,
        tomorrow.id: T0 + D,
    }
    assert [latest.id if latest else None for latest in given] == [today.id, today.id]
    # None drops: a dropped retry is the day's, tried, and stays the latest tried.
    assert await store.timers.follow_zone(ALICE, lambda it, _: None, now=T0 + S) == []
    assert await store.timers.pending(ALICE) == []
    last = await store.timers.last_checkin(ALICE)
    assert last is not None and last.id == today.id


async def test_cancelling_a_check_in_stops_them_all_one_being_sent_included(store: Store) -> None:
    today = await checkin(store, due=T0)
    await store.timers.claim(today.id, now=T0, then=T0 + D, day=date(2026, 3, 10))
    reminder = await ready(store)
    cancelled = await store.timers.cancel(ALICE, today.id, now=T0 + S)
    assert cancelled is not None and cancelled.id == today.id
    assert await store.timers.pending(ALICE) == [reminder]  # tomorrow's check-in stopped too
    assert await store.timers.cancel(BOB, reminder.id, now=T0) is None  # not his


async def test_cancelling_the_check_in_sent_last_stops_them_and_an_older_ones_id_does_not(
    store: Store,
) -> None:
    monday = await checkin(store, due=T0)
    await store.timers.claim(monday.id, now=T0, then=T0 + D, day=date(2026, 3, 10))
    await store.timers.finish(monday.id, TimerState.SENT, now=T0)
    [tuesday] = await store.timers.pending(ALICE)
    await store.timers.claim(tuesday.id, now=T0 + D, then=T0 + 2 * D, day=date(2026, 3, 11))
    await store.timers.finish(tuesday.id, TimerState.SENT, now=T0 + D)
    [wednesday] = await store.timers.pending(ALICE)
    assert await store.timers.cancel(ALICE, monday.id, now=T0 + D) is None
    assert await store.timers.pending(ALICE) == [wednesday]
    # The one sent last chained Wednesday's: its id stops them, and it stays sent.
    stopped = await store.timers.cancel(ALICE, tuesday.id, now=T0 + D)
    assert stopped is not None and (stopped.id, stopped.state) == (tuesday.id, TimerState.SENT)
    assert await store.timers.pending(ALICE) == []


async def test_claimed_lists_the_timers_being_sent_with_their_guilds(store: Store) -> None:
    """What the scheduler asks to find a send cut off by a crash: only 'sending' rows."""
    one, two, waiting = [
        await ready(store, MemberRef(guild_id=g, user_id=n)) for g, n in ((1, 1), (2, 2), (1, 3))
    ]
    assert await store.timers.claimed() == []
    await store.timers.claim(one.id, now=T0)
    await store.timers.claim(two.id, now=T0)
    assert await store.timers.claimed() == [(one.id, 1), (two.id, 2)]
    await store.timers.finish(one.id, TimerState.SENT, now=T0 + M)
    await store.timers.resolve_stale(T0, now=T0 + D)  # two: cut off long ago, now unknown
    assert await store.timers.claimed() == []
    assert [t.id for t in await store.timers.due(T0 + D, 10)] == [waiting.id]
