"""The daily post's batch reads and writes: each is its one-club method over many clubs, in a
fixed number of statements however many clubs there are."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest

from bot.actions import daily_post
from bot.actions.daily_post import (
    BATCH_CLUBS,
    BUILT_AHEAD,
    CLAIM_GROUP,
    CONCURRENT_CLUBS,
    DailyPostRunner,
)
from bot.actions.post_batches import build_batch
from bot.actions.post_send import Built, Outcome
from bot.config import Settings
from bot.core.clubpost import ClubSession, Weekday
from bot.core.models import LegDay, MemberRef, RunType, TipId
from bot.core.schedule import PostStatus, Slot
from bot.render.reply import Reply
from bot.store import Store
from tests.post_senders import NeverLooks

from .conftest import T0
from .test_clubs import CHANNEL, DAY, set_up, slot_of

GUILDS = (101, 102, 103, 104)
W = timedelta(hours=48)


def statements(store: Store) -> int:
    count = getattr(store, "db").statements  # noqa: B009 (each backend's Database wrapper)
    assert isinstance(count, int)
    return count


async def test_sessions_of_many_clubs_match_one_club_reads(store: Store) -> None:
    for n, guild_id in enumerate(GUILDS[:3]):
        await set_up(store, guild_id)
        for hours in range(n + 1):
            session = ClubSession(
                weekday=Weekday.of(hours), start=T0.time(), run_type=RunType.HILLS
            )
            await store.club_sessions.add(guild_id, session, now=T0)

    before = statements(store)
    sessions = await store.club_sessions.for_clubs(GUILDS)
    assert statements(store) - before == 1

    assert sessions == {g: await store.club_sessions.for_club(g) for g in GUILDS}
    assert [len(sessions[g]) for g in GUILDS] == [1, 2, 3, 0]
    assert await store.club_sessions.for_clubs([]) == {}


async def test_claims_tips_and_sent_records_of_many_clubs(store: Store) -> None:
    for guild_id in GUILDS:
        await set_up(store, guild_id)
    yesterday = DAY - timedelta(days=1)
    # 101 posted yesterday; 102's yesterday failed (its tip does not count); 103 waits to
    # retry today's date later; 104 has nothing yet.
    await store.posts.claim(101, slot_of(yesterday), channel_id=CHANNEL, tip_id=TipId.CARBS, now=T0)
    await store.posts.mark_sent(101, yesterday, message_id=7, now=T0)
    await store.posts.claim(102, slot_of(yesterday), channel_id=CHANNEL, tip_id=TipId.CARBS, now=T0)
    await store.posts.mark_failed(102, yesterday, error="403", now=T0)
    await store.posts.claim(103, slot_of(DAY), channel_id=CHANNEL, tip_id=TipId.STRETCH, now=T0)
    await store.posts.mark_retry(103, DAY, error="500", retry_at=T0 + timedelta(hours=1), now=T0)

    before = statements(store)
    tips = await store.posts.previous_tips({g: DAY for g in GUILDS})
    assert statements(store) - before == 1  # one read for every club
    assert tips == {g: await store.posts.previous_tip(g, DAY) for g in GUILDS}
    assert tips == {101: TipId.CARBS, 102: None, 103: None, 104: None}


class CountingSender(NeverLooks):
    def __init__(self) -> None:
        self.sent: list[int] = []

    async def send(self, guild_id: int, channel_id: int, reply: Reply, *, nonce: str) -> int:
        del channel_id, reply, nonce
        self.sent.append(guild_id)
        return len(self.sent)


async def test_the_post_for_300_clubs_takes_a_fixed_number_of_statements(store: Store) -> None:
    clubs = range(1000, 1300)
    for guild_id in clubs:
        await store.clubs.set_reminder(
            guild_id, channel_id=guild_id, post_time=time(7, 0), timezone=None, now=T0
        )
    hills = ClubSession(weekday=Weekday.of(0), start=time(18, 0), run_type=RunType.HILLS)
    for guild_id in clubs[::50]:
        await store.club_sessions.add(guild_id, hills, now=T0)
        member = MemberRef(guild_id=guild_id, user_id=7)
        await store.entries.add_leg_day(member, LegDay(at=T0, is_hard=True), now=T0)
    # Yesterday the first club's channel refused its post: one failed day, which today's
    # post clears.
    failing = clubs[0]
    yesterday = Slot(local_date=T0.date(), at=datetime.combine(T0.date(), time(7), tzinfo=UTC))
    await store.posts.claim(failing, yesterday, channel_id=failing, tip_id=TipId.CARBS, now=T0)
    await store.posts.mark_failed(failing, T0.date(), error="403 Missing Access", now=T0)
    now = datetime.combine(T0.date() + timedelta(days=1), time(7, 0, 10), tzinfo=UTC)
    sender = CountingSender()
    reminders = DailyPostRunner(store, Settings(), sender)

    before = statements(store)
    outcomes = await reminders.tick(now)
    used = statements(store) - before

    assert outcomes == dict.fromkeys(clubs, Outcome.SENT)
    assert sorted(sender.sent) == list(clubs)
    batch_sizes = [len(clubs[i : i + BATCH_CLUBS]) for i in range(0, len(clubs), BATCH_CLUBS)]
    claims = sum(-(-size // CLAIM_GROUP) for size in batch_sizes)
    # Reads: one of the clubs due, then per batch one each of tips, sessions, leg days and
    # races, however many clubs (this day is no Monday; a Monday adds last week's block, one
    # club-wide read per club, once a week). Writes: per CLAIM_GROUP clubs one claim, just
    # before their sends, so that a process killed mid-tick leaves few clubs claimed that it
    # had not begun to send; "sent" records just after the sends, two statements (in one
    # transaction) for the club whose failed days go back to 0, and for the others one
    # statement per set of sends that ended together: this sender answers at once, so the
    # clubs claimed together end together, and no claim group needs more than one.
    assert now.weekday() != 0
    records = used - (1 + 4 * len(batch_sizes) + claims + 2)
    assert 1 <= records <= claims
    cleared = await store.clubs.get(failing)
    assert cleared is not None and cleared.failed_days == 0
    assert all(
        r is not None and r.status is PostStatus.SENT
        for r in [await store.posts.get(g, now.date()) for g in clubs[::37]]
    )
    # The next tick finds every club done: one statement.
    before = statements(store)
    assert set((await reminders.tick(now + timedelta(seconds=30))).values()) == {Outcome.NOTHING}
    assert statements(store) - before == 1


class HeldSender(NeverLooks):
    """Each send waits until the test lets the sends go (`go`); `held` is set once `holding`
    sends wait."""

    def __init__(self, holding: int) -> None:
        self.go = asyncio.Event()
        self.held = asyncio.Event()
        self.waiting = 0
        self._holding = holding
        self.sent: list[int] = []

    async def send(self, guild_id: int, channel_id: int, reply: Reply, *, nonce: str) -> int:
        del channel_id, reply, nonce
        self.waiting += 1
        if self.waiting == self._holding:
            self.held.set()
        await self.go.wait()
        self.sent.append(guild_id)
        return len(self.sent)


async def test_the_posts_are_built_at_most_built_ahead_batches_ahead_of_the_sends(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(daily_post, "BATCH_CLUBS", 2)
    clubs = range(2000, 2040)
    for guild_id in clubs:
        await store.clubs.set_reminder(
            guild_id, channel_id=guild_id, post_time=time(7, 0), timezone=None, now=T0
        )
    now = datetime.combine(T0.date() + timedelta(days=1), time(7, 0, 10), tzinfo=UTC)
    # While every place to send is held: the batches the sends have taken (the one after
    # those that fill CONCURRENT_CLUBS places is taken and claimed too, its first send
    # waiting for a place), BUILT_AHEAD waiting in line, and one in the builder's hands.
    limit = -(-(CONCURRENT_CLUBS + 1) // 2) + BUILT_AHEAD + 1
    builds = 0
    at_limit, beyond = asyncio.Event(), asyncio.Event()

    async def counted_build(*args: Any, **kwargs: Any) -> list[Built]:
        nonlocal builds
        builds += 1
        if builds == limit:
            at_limit.set()
        if builds > limit and not sender.go.is_set():
            beyond.set()
        return await build_batch(*args, **kwargs)

    monkeypatch.setattr(daily_post, "build_batch", counted_build)
    sender = HeldSender(CONCURRENT_CLUBS)
    run = await DailyPostRunner(store, Settings(), sender).start(now)
    await sender.held.wait()
    await at_limit.wait()
    # A builder with no bound starts the next batch at once, its reads taking milliseconds;
    # a bounded one never does while the sends are held.
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(beyond.wait(), 0.5)
    assert not beyond.is_set()
    assert builds == limit
    sender.go.set()

    assert await run.finish() == dict.fromkeys(clubs, Outcome.SENT)
    assert sorted(sender.sent) == list(clubs)
    assert builds == len(clubs) // 2
