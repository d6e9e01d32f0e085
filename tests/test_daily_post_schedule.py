"""The daily post's scheduling and delivery: `DailyPostRunner.tick(now)` over a real SQLite store
with a fake sender. A restart is what it is in production: the store closed and opened again and a
new `DailyPostRunner` built over it; nothing else survives.

The expected slot of each local date is computed here by brute force over the zone's offsets,
independently of `at_local`: a wall time that exists maps to its (first) real instant, one that
a spring-forward gap skips moves forward by the gap.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.actions.daily_post import DailyPostRunner
from bot.actions.post_send import Outcome
from bot.actions.send_errors import ERROR_NOTE_MAX, ChannelUnavailable, TemporaryFailure
from bot.config import settings_from_mapping
from bot.core.resend import post_nonce
from bot.core.schedule import PAUSE_AFTER_FAILED_DAYS, PostStatus
from bot.render.reply import Reply
from bot.store.sqlite import SqliteStore as Store

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
START = datetime(2026, 1, 1, tzinfo=UTC)
SEC = timedelta(seconds=1)
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)

# Guild ids of the clubs used below.
G1, G2, G3, G4 = 101, 102, 103, 104


def expected_slot(day: date, wall: time, zone: ZoneInfo) -> datetime:
    tz = zone
    naive = datetime.combine(day, wall)
    noon = datetime.combine(day, time(12, 0), tzinfo=UTC)
    # Every UTC offset the zone uses within a day and a half of this date.
    offsets = {(noon + k * HOUR).astimezone(tz).utcoffset() or timedelta(0) for k in range(-30, 31)}
    candidates = [(naive - offset).replace(tzinfo=UTC) for offset in offsets]
    real = [u for u in candidates if u.astimezone(tz).replace(tzinfo=None) == naive]
    # Skipped by a gap: the later candidate is the wall time moved on by the gap.
    return min(real) if real else max(candidates)


class Crash(BaseException):
    """The process dies mid-send: nothing of this tick is recorded after it."""


class CrashAfterPosting(Crash):
    """The process dies after Discord made the message, before its answer arrived."""


@dataclass
class Sent:
    guild_id: int
    channel_id: int
    at: datetime
    nonce: str
    reply: Reply
    message_id: int = 0


@dataclass
class FakeSender:
    now: datetime = START
    sent: list[Sent] = field(default_factory=list)
    attempts: list[tuple[int, datetime]] = field(default_factory=list)
    # guild -> what to raise; a list is used up one failure per attempt.
    failures: dict[int, BaseException | list[BaseException]] = field(default_factory=dict)
    # Each look in a channel: (guild, now, after).
    looks: list[tuple[int, datetime, datetime]] = field(default_factory=list)
    # guild -> what a look in its channel raises.
    look_failures: dict[int, BaseException] = field(default_factory=dict)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    async def send(self, guild_id: int, channel_id: int, reply: Reply, *, nonce: str) -> int:
        self.attempts.append((guild_id, self.now))
        failure = self.failures.get(guild_id)
        if isinstance(failure, list):
            failure = failure.pop(0) if failure else None
        if failure is not None and not isinstance(failure, CrashAfterPosting):
            raise failure
        message_id = next(self._ids)
        self.sent.append(Sent(guild_id, channel_id, self.now, nonce, reply, message_id))
        if failure is not None:
            raise failure
        return message_id

    async def find(
        self, guild_id: int, channel_id: int, reply: Reply, *, after: datetime
    ) -> int | None:
        """The channel as Discord keeps it: what `send` made there."""
        self.looks.append((guild_id, self.now, after))
        if (failure := self.look_failures.get(guild_id)) is not None:
            raise failure
        return next(
            (
                s.message_id
                for s in self.sent
                if s.channel_id == channel_id and s.reply.title == reply.title and s.at >= after
            ),
            None,
        )

    def sent_to(self, guild_id: int) -> list[Sent]:
        return [s for s in self.sent if s.guild_id == guild_id]

    def attempts_of(self, guild_id: int) -> list[datetime]:
        return [at for g, at in self.attempts if g == guild_id]


class World:
    """One bot process at a time over one database file; `restart()` is a new process."""

    def __init__(self, tmp_path: Path, *, catch_up_hours: float = 3) -> None:
        self.path = tmp_path / "bot.sqlite3"
        self.settings = settings_from_mapping(
            {"club": {"timezone": LONDON.key}, "daily_post": {"catch_up_hours": catch_up_hours}},
            env={},
        )
        self.sender = FakeSender()
        self._store: Store | None = None
        self._reminders: DailyPostRunner | None = None

    @property
    def store(self) -> Store:
        assert self._store is not None
        return self._store

    async def start(self) -> None:
        self._store = await Store.open(self.path)
        self._reminders = DailyPostRunner(self._store, self.settings, self.sender)

    async def stop(self) -> None:
        if self._store is not None:
            await self._store.close()
        self._store = self._reminders = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def club(
        self, guild_id: int, wall: time, zone: ZoneInfo | None = LONDON, *, at: datetime = START
    ) -> None:
        await self.store.clubs.set_reminder(
            guild_id, channel_id=guild_id * 10, post_time=wall, timezone=zone, now=at
        )

    async def tick(self, now: datetime) -> dict[int, Outcome]:
        assert self._reminders is not None
        self.sender.now = now
        return await self._reminders.tick(now)

    async def tick_every(self, start: datetime, end: datetime, step: timedelta) -> None:
        """Ticks at start, start + step, ... while before `end`."""
        now = start
        while now < end:
            await self.tick(now)
            now += step


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    w = World(tmp_path)
    await w.start()
    try:
        yield w
    finally:
        await w.stop()


# -- a simulated year ----------------------------------------------------------------------------


YEAR_CLUBS = {
    # 01:30 London: skipped by the March change, twice on the October one.
    G1: (LONDON, time(1, 30)),
    G2: (LONDON, time(7, 0)),
    # 02:30 New York: skipped by the March change.
    G3: (NEW_YORK, time(2, 30)),
    # 01:30 New York: twice on the November change.
    G4: (NEW_YORK, time(1, 30)),
}


async def test_a_simulated_year_posts_exactly_once_per_local_day(world: World) -> None:
    for guild_id, (zone, wall) in YEAR_CLUBS.items():
        await world.club(guild_id, wall, zone)
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(365)]
    expected = {
        (guild_id, day): expected_slot(day, wall, zone)
        for guild_id, (zone, wall) in YEAR_CLUBS.items()
        for day in days
    }
    # Ticks right around every slot (and at it), plus a coarse tick every four hours. A
    # double post needs two deciding ticks on one date, which these give it every day.
    around = (-SEC, timedelta(0), SEC)
    ticks = {START + k * 4 * HOUR for k in range(365 * 6 + 1)}
    ticks |= {slot + delta for slot in expected.values() for delta in around}
    last_restart: date | None = None
    for now in sorted(ticks):
        if now.date() != last_restart:
            await world.restart()  # a restart every day, at midnight UTC
            last_restart = now.date()
        await world.tick(now)

    posted: dict[tuple[int, date], list[datetime]] = {}
    for sent in world.sender.sent:
        day = next(d for (g, d), s in expected.items() if g == sent.guild_id and s == sent.at)
        posted.setdefault((sent.guild_id, day), []).append(sent.at)
    assert {key: len(times) for key, times in posted.items() if len(times) != 1} == {}
    assert set(posted) == set(expected), set(expected) - set(posted)
    assert len(world.sender.sent) == 4 * 365
    # One nonce per club and date, the same one any retry would carry.
    assert len({(s.guild_id, s.nonce) for s in world.sender.sent}) == 4 * 365
    spring = [s for s in world.sender.sent_to(G3) if s.at.date() == date(2026, 3, 8)]
    assert [s.at for s in spring] == [datetime(2026, 3, 8, 7, 30, tzinfo=UTC)]
    assert "Sunday 8 March 2026" in (spring[0].reply.title or "")


async def test_the_sent_record_makes_the_ticks_idempotent(world: World) -> None:
    await world.club(G2, time(7, 0))
    slot = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
    assert await world.tick(slot) == {G2: Outcome.SENT}
    assert await world.tick(slot) == {G2: Outcome.NOTHING}
    await world.restart()
    assert await world.tick(slot + SEC) == {G2: Outcome.NOTHING}
    assert len(world.sender.sent) == 1
    record = await world.store.posts.get(G2, date(2026, 1, 5))
    assert record is not None
    assert (record.status, record.message_id, record.attempts) == (PostStatus.SENT, 1, 1)


# -- restarts and outages -----------------------------------------------------------------------

SLOT = datetime(2026, 6, 10, 6, 0, tzinfo=UTC)  # 07:00 London summer time
DAY = date(2026, 6, 10)
STEP = 30 * SEC


@pytest.mark.parametrize(
    "restart_at", [-SEC, timedelta(0), SEC, 30 * MIN], ids=["-1s", "slot", "+1s", "+30min"]
)
async def test_a_restart_around_the_slot_posts_once(world: World, restart_at: timedelta) -> None:
    await world.club(G2, time(7, 0))
    await world.tick_every(SLOT - 10 * MIN, SLOT + restart_at, STEP)
    await world.restart()
    await world.tick_every(SLOT + restart_at, SLOT + 6 * HOUR, STEP)
    [sent] = world.sender.sent
    assert SLOT <= sent.at < SLOT + STEP
    record = await world.store.posts.get(G2, DAY)
    assert record is not None and record.status is PostStatus.SENT


async def crash_mid_send_and_restart(world: World) -> None:
    """Two clubs due at SLOT; the process dies while sending G2's post (G1's went out), and a
    new one starts over the same store."""
    await world.club(G2, time(7, 0))
    await world.club(G1, time(7, 0))
    world.sender.failures[G2] = [Crash()]
    with pytest.raises(Crash):
        await world.tick(SLOT)
    await world.restart()


async def test_a_crash_mid_send_is_resent_with_the_same_nonce_by_a_restart_within_2_minutes(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await crash_mid_send_and_restart(world)
    with caplog.at_level(logging.WARNING):
        await world.tick_every(SLOT + 119 * SEC, SLOT + 20 * HOUR, STEP)
    # Sent again once, with the nonce of the cut-off attempt: Discord would answer a post that
    # did go out with that post instead of making a second one.
    assert world.sender.attempts_of(G2) == [SLOT, SLOT + 119 * SEC]
    [resent] = world.sender.sent_to(G2)
    assert resent.nonce == post_nonce(G2, DAY)
    assert [s.at for s in world.sender.sent_to(G1)] == [SLOT]  # posted before the crash
    record = await world.store.posts.get(G2, DAY)
    assert record is not None and record.status is PostStatus.SENT and record.attempts == 2
    assert "sending it again with the same nonce" in caplog.text


async def test_a_crash_mid_send_is_sent_after_2_minutes_once_the_channel_shows_it_is_not_there(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await crash_mid_send_and_restart(world)
    back = SLOT + 120 * SEC
    with caplog.at_level(logging.WARNING):
        await world.tick_every(back, SLOT + 20 * HOUR, STEP)
    # Discord may have forgotten the nonce: the channel since the claim is read first.
    assert [(g, at) for g, at, _ in world.sender.looks] == [(G2, back)]
    assert world.sender.looks[0][2] == SLOT  # the claim's time
    assert world.sender.attempts_of(G2) == [SLOT, back]
    assert [s.at for s in world.sender.sent_to(G2)] == [back]
    assert [s.at for s in world.sender.sent_to(G1)] == [SLOT]
    record = await world.store.posts.get(G2, DAY)
    assert record is not None and record.status is PostStatus.SENT and record.attempts == 2
    assert "looking in the channel" in caplog.text and "is not in the channel" in caplog.text


async def crash_after_discord_made_the_post(world: World) -> None:
    """G2 due at SLOT; the process dies after Discord made its post, before the answer came;
    a new one starts over the same store."""
    await world.club(G2, time(7, 0))
    world.sender.failures[G2] = [CrashAfterPosting()]
    with pytest.raises(Crash):
        await world.tick(SLOT)
    await world.restart()


async def test_a_resend_whose_turn_comes_after_the_window_is_looked_for_not_sent_blind(
    world: World,
) -> None:
    await crash_after_discord_made_the_post(world)
    # Decided 110 s after the claim (within the 2 minutes), but claimed at 130 s: the post
    # waited its turn to send (thousands of clubs due at once). By then Discord may have
    # forgotten the nonce, so the claim is not taken over blind.
    clock = [SLOT + 130 * SEC]
    runner = DailyPostRunner(world.store, world.settings, world.sender, clock=lambda: clock[0])
    world.sender.now = SLOT + 110 * SEC
    assert await runner.tick(SLOT + 110 * SEC) == {G2: Outcome.NOTHING}
    assert world.sender.attempts_of(G2) == [SLOT] and world.sender.looks == []
    # The next tick, past the window, looks first and finds the post the crash cut off.
    clock[0] = world.sender.now = SLOT + 140 * SEC
    assert await runner.tick(SLOT + 140 * SEC) == {G2: Outcome.FOUND}
    [made] = world.sender.sent_to(G2)
    assert made.at == SLOT and world.sender.attempts_of(G2) == [SLOT]


async def test_a_crash_after_discord_made_the_post_is_found_and_recorded_not_sent_again(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await crash_after_discord_made_the_post(world)
    back = SLOT + 3 * HOUR
    world.sender.now = back
    with caplog.at_level(logging.INFO):
        assert await world.tick(back) == {G2: Outcome.FOUND}
        await world.tick_every(back + STEP, SLOT + 20 * HOUR, STEP)
    [made] = world.sender.sent_to(G2)
    assert made.at == SLOT and world.sender.attempts_of(G2) == [SLOT]
    record = await world.store.posts.get(G2, DAY)
    assert record is not None and record.status is PostStatus.SENT
    assert record.message_id == made.message_id
    assert "an earlier attempt made the post" in caplog.text
    assert len(world.sender.looks) == 1


async def test_a_cut_off_post_whose_channel_cannot_be_read_is_never_sent_again(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await crash_mid_send_and_restart(world)
    world.sender.look_failures[G2] = ChannelUnavailable("403 Missing Access")
    with caplog.at_level(logging.WARNING):
        await world.tick_every(SLOT + 120 * SEC, SLOT + 20 * HOUR, STEP)
    # The post may have reached Discord before the crash: no second attempt that day.
    assert world.sender.attempts_of(G2) == [SLOT]
    assert len(world.sender.looks) == 1
    record = await world.store.posts.get(G2, DAY)
    assert record is not None and record.status is PostStatus.UNKNOWN
    assert "cannot be read (403 Missing Access); it may have gone out" in caplog.text
    # The next day is a normal day.
    await world.tick(SLOT + timedelta(days=1))
    assert [s.at for s in world.sender.sent_to(G2)] == [SLOT + timedelta(days=1)]


async def test_a_look_that_fails_for_now_is_tried_again_and_sends_once(world: World) -> None:
    await crash_mid_send_and_restart(world)
    world.sender.look_failures[G2] = TemporaryFailure("503 Service Unavailable")
    back = SLOT + 5 * MIN
    world.sender.now = back
    assert await world.tick(back) == {G1: Outcome.NOTHING, G2: Outcome.ERROR}
    record = await world.store.posts.get(G2, DAY)
    assert record is not None and record.status is PostStatus.SENDING  # left for a later tick
    del world.sender.look_failures[G2]
    await world.tick_every(back + STEP, SLOT + 20 * HOUR, STEP)
    assert [at for _, at, _ in world.sender.looks] == [back, back + STEP]
    assert [s.at for s in world.sender.sent_to(G2)] == [back + STEP]


async def test_a_cut_off_post_found_after_its_day_is_over_is_not_looked_for(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await crash_mid_send_and_restart(world)
    with caplog.at_level(logging.WARNING):
        await world.tick(SLOT + 17 * HOUR + 30 * MIN)  # 00:30 the next day, 3 h allowance gone
    assert world.sender.looks == []
    assert world.sender.attempts_of(G2) == [SLOT]
    record = await world.store.posts.get(G2, DAY)
    assert record is not None and record.status is PostStatus.UNKNOWN
    assert "may have gone out" in caplog.text


@pytest.mark.parametrize(
    ("down_from", "back_at", "posted_at"),
    [
        (-HOUR, 2 * HOUR, 2 * HOUR),  # back within the 3-hour allowance: caught up
        (-4 * HOUR, HOUR, HOUR),  # a 5-hour outage, back 1 h after the slot
        (-HOUR, 3 * HOUR, 3 * HOUR),  # exactly the allowance still counts
        (-HOUR, 4 * HOUR, None),  # a 5-hour outage, back 4 h after: skipped
    ],
)
async def test_an_outage_over_the_slot(
    world: World,
    caplog: pytest.LogCaptureFixture,
    down_from: timedelta,
    back_at: timedelta,
    posted_at: timedelta | None,
) -> None:
    await world.club(G2, time(7, 0))
    await world.tick_every(SLOT - 5 * HOUR, SLOT + down_from, STEP)
    await world.stop()
    await world.start()
    with caplog.at_level(logging.WARNING):
        await world.tick_every(SLOT + back_at, SLOT + 12 * HOUR, STEP)
    record = await world.store.posts.get(G2, DAY)
    assert record is not None
    if posted_at is None:
        assert world.sender.attempts == []
        assert record.status is PostStatus.SKIPPED
        assert "skipped" in caplog.text
    else:
        assert [s.at for s in world.sender.sent] == [SLOT + posted_at]
        assert record.status is PostStatus.SENT
    # Either way, the next day posts at its time.
    await world.tick_every(SLOT + 23 * HOUR, SLOT + 25 * HOUR, STEP)
    assert world.sender.sent[-1].at == SLOT + timedelta(days=1)


async def test_a_post_set_up_after_the_slot_waits_for_the_next_one(world: World) -> None:
    await world.club(G2, time(7, 0), at=SLOT + HOUR)
    await world.tick_every(SLOT + HOUR, SLOT + 22 * HOUR, 10 * MIN)
    assert world.sender.sent == []
    await world.tick(SLOT + timedelta(days=1))
    assert [s.at for s in world.sender.sent] == [SLOT + timedelta(days=1)]


# -- failures ------------------------------------------------------------------------------------


async def test_a_refused_channel_beside_a_working_club(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await world.club(G1, time(7, 0))
    await world.club(G2, time(7, 0))
    world.sender.failures[G1] = ChannelUnavailable("403 Missing Permissions")
    with caplog.at_level(logging.WARNING):
        for n in range(PAUSE_AFTER_FAILED_DAYS + 1):
            day_start = SLOT + timedelta(days=n) - HOUR
            await world.tick_every(day_start, day_start + 24 * HOUR, 10 * MIN)
    # One attempt a day, never hammered, then paused; the other club never noticed.
    assert world.sender.attempts_of(G1) == [
        SLOT + timedelta(days=n) for n in range(PAUSE_AFTER_FAILED_DAYS)
    ]
    assert [s.at for s in world.sender.sent_to(G2)] == [
        SLOT + timedelta(days=n) for n in range(PAUSE_AFTER_FAILED_DAYS + 1)
    ]
    reminder = await world.store.clubs.get(G1)
    assert reminder is not None and reminder.paused and reminder.enabled
    failure = await world.store.posts.latest_failure(G1)
    assert failure is not None and failure.error == "403 Missing Permissions"
    assert "paused" in caplog.text

    # An admin fixes the channel and sets the post again: it goes out the next day.
    del world.sender.failures[G1]
    fixed_at = SLOT + timedelta(days=4, hours=2)
    await world.store.clubs.set_reminder(
        G1, channel_id=G1 * 10, post_time=time(7, 0), timezone=LONDON, now=fixed_at
    )
    await world.tick_every(fixed_at, SLOT + timedelta(days=5, hours=1), 10 * MIN)
    assert [s.at for s in world.sender.sent_to(G1)] == [SLOT + timedelta(days=5)]


async def test_a_failure_is_recorded_to_the_same_length_refused_or_retried(world: World) -> None:
    # A refusal's text is kept as a retry's is, not whole: every record keeps ERROR_NOTE_MAX.
    long = "403 Missing Permissions " + "x" * ERROR_NOTE_MAX
    await world.club(G1, time(7, 0))
    await world.club(G2, time(7, 0))
    world.sender.failures[G1] = ChannelUnavailable(long)
    world.sender.failures[G2] = TemporaryFailure(long)
    await world.tick(SLOT)
    refused = await world.store.posts.get(G1, DAY)
    retried = await world.store.posts.get(G2, DAY)
    assert refused is not None and retried is not None
    assert refused.error == retried.error == long[:ERROR_NOTE_MAX]


async def test_transient_failures_are_retried_the_same_day_with_backoff(world: World) -> None:
    await world.club(G2, time(7, 0))
    world.sender.failures[G2] = [TemporaryFailure("503 Service Unavailable")] * 2
    await world.tick_every(SLOT, SLOT + HOUR, STEP)
    # 1 minute after the first failure, then 2 minutes after the second.
    assert world.sender.attempts_of(G2) == [SLOT, SLOT + MIN, SLOT + 3 * MIN]
    [sent] = world.sender.sent
    assert sent.at == SLOT + 3 * MIN
    record = await world.store.posts.get(G2, DAY)
    assert record is not None and (record.status, record.attempts) == (PostStatus.SENT, 3)
    # Every attempt carried the same nonce, so Discord can drop a duplicate.
    assert sent.nonce == post_nonce(G2, DAY)


async def test_transient_failures_give_up_when_the_day_ends(world: World) -> None:
    await world.club(G2, time(22, 0))
    slot = datetime(2026, 6, 10, 21, 0, tzinfo=UTC)
    world.sender.failures[G2] = TemporaryFailure("500 Internal Server Error")
    await world.tick_every(slot, slot + 6 * HOUR, STEP)
    attempts = world.sender.attempts_of(G2)
    # The allowance (3 h) outlasts the local day (2 h) here; nothing after it.
    assert attempts[0] == slot and attempts[-1] < slot + 3 * HOUR
    assert len(attempts) < 12
    record = await world.store.posts.get(G2, DAY)
    assert record is not None
    assert (record.status, record.error) == (PostStatus.FAILED, "500 Internal Server Error")
    reminder = await world.store.clubs.get(G2)
    assert reminder is not None and reminder.failed_days == 0  # not the channel's fault


async def test_one_club_raising_never_stops_the_others(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await world.club(G1, time(7, 0))
    await world.club(G2, time(7, 0))
    await world.club(G3, time(7, 0))
    world.sender.failures[G1] = RuntimeError("boom")
    # A broken row (a zone no tz database knows): G3 is left out, loudly.
    await world.store.db.execute(
        "UPDATE clubs SET timezone = 'Mars/Olympus' WHERE guild_id = ?", (G3,)
    )
    with caplog.at_level(logging.ERROR):
        outcomes = await world.tick(SLOT)
    assert outcomes == {G1: Outcome.RETRY, G2: Outcome.SENT}
    assert [s.guild_id for s in world.sender.sent] == [G2]
    assert world.sender.attempts_of(G3) == []
    assert "boom" in caplog.text
    assert f"guild {G3} skipped: its time zone 'Mars/Olympus' is unknown" in caplog.text
    # G1 is retried after a backoff, not every tick, and goes out once it works.
    del world.sender.failures[G1]
    await world.tick(SLOT + 30 * SEC)
    assert world.sender.attempts_of(G1) == [SLOT]
    await world.tick(SLOT + MIN)
    assert [s.at for s in world.sender.sent_to(G1)] == [SLOT + MIN]


class StalledSender(FakeSender):
    """G1's channel hangs until another club's post has gone out."""

    def __init__(self) -> None:
        super().__init__()
        self.other_sent = asyncio.Event()

    async def send(self, guild_id: int, channel_id: int, reply: Reply, *, nonce: str) -> int:
        if guild_id == G1:
            await self.other_sent.wait()
        message_id = await super().send(guild_id, channel_id, reply, nonce=nonce)
        if guild_id != G1:
            self.other_sent.set()
        return message_id


async def test_a_stalled_channel_does_not_hold_up_the_other_clubs(world: World) -> None:
    world.sender = StalledSender()
    world._reminders = DailyPostRunner(world.store, world.settings, world.sender)
    await world.club(G1, time(7, 0))
    await world.club(G2, time(7, 0))
    # Sent one club after another, G1 would wait for G2 forever; side by side both go out.
    outcomes = await asyncio.wait_for(world.tick(SLOT), timeout=30)
    assert outcomes == {G1: Outcome.SENT, G2: Outcome.SENT}
    assert [s.guild_id for s in world.sender.sent] == [G2, G1]


class GatedSender(FakeSender):
    """G1's channel answers only when the test opens its gate: a channel that takes "45 s",
    without any real waiting."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.g1_waiting = asyncio.Event()

    async def send(self, guild_id: int, channel_id: int, reply: Reply, *, nonce: str) -> int:
        if guild_id == G1:
            self.g1_waiting.set()
            await self.gate.wait()
        return await super().send(guild_id, channel_id, reply, nonce=nonce)


async def test_a_slow_channel_does_not_hold_the_next_tick(world: World) -> None:
    sender = GatedSender()
    world.sender = sender
    reminders = DailyPostRunner(world.store, world.settings, sender)
    await world.club(G1, time(7, 0), at=SLOT - MIN)
    await world.club(G2, time(7, 1), at=SLOT - MIN)
    slow = await reminders.start(SLOT)  # what the loop calls: it does not wait for sends
    assert slow.outcomes == {G2: Outcome.NOTHING} and slow.sending is not None
    await sender.g1_waiting.wait()
    assert not slow.sending.done()  # G1's channel has not answered yet

    # The next ticks come while G1's send is still pending: G2's post goes out on time, and
    # G1, claimed and in flight, is left alone.
    sender.now = SLOT + 30 * SEC
    assert (await reminders.start(SLOT + 30 * SEC)).outcomes == {
        G1: Outcome.NOTHING,
        G2: Outcome.NOTHING,
    }
    sender.now = SLOT + MIN
    on_time = await reminders.start(SLOT + MIN)
    assert await on_time.finish() == {G1: Outcome.NOTHING, G2: Outcome.SENT}
    assert [(s.guild_id, s.at) for s in sender.sent] == [(G2, SLOT + MIN)]
    assert not slow.sending.done()

    sender.gate.set()  # "45 s" later, G1's channel answers
    assert await slow.finish() == {G1: Outcome.SENT, G2: Outcome.NOTHING}
    record = await world.store.posts.get(G1, SLOT.date())
    assert record is not None and record.status is PostStatus.SENT
    assert [s.guild_id for s in sender.sent] == [G2, G1]


async def test_cancelled_sends_are_never_sent_twice(world: World) -> None:
    sender = GatedSender()
    world.sender = sender
    reminders = DailyPostRunner(world.store, world.settings, sender)
    await world.club(G1, time(7, 0), at=SLOT - MIN)
    await world.club(G2, time(7, 0), at=SLOT - MIN)
    run = await reminders.start(SLOT)
    assert run.sending is not None
    await sender.g1_waiting.wait()
    for _ in range(1000):  # G2's fast channel: let its send and record finish (no clock)
        sent = await world.store.posts.get(G2, SLOT.date())
        if sent is not None and sent.status is PostStatus.SENT:
            break
        await asyncio.sleep(0)
    run.sending.cancel()  # the bot stops while G1's channel is slow
    with pytest.raises(asyncio.CancelledError):
        await run.sending
    sent = await world.store.posts.get(G2, SLOT.date())  # what went out is recorded
    assert sent is not None and sent.status is PostStatus.SENT
    await world.restart()
    later = SLOT + 11 * MIN  # past the same-nonce window: the claim is nobody's any more
    sender.now = later
    sender.gate.set()
    # G1's channel does not have the post (its send was cut off waiting): sent now, once.
    assert await world.tick(later) == {G1: Outcome.SENT, G2: Outcome.NOTHING}
    assert [s.guild_id for s in sender.sent] == [G2, G1] and sender.sent[-1].at == later
    assert [g for g, _, _ in sender.looks] == [G1]
    record = await world.store.posts.get(G1, SLOT.date())
    assert record is not None and record.status is PostStatus.SENT
