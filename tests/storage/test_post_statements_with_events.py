"""The daily post's statements with the club sessions' events in its reads (found by an
independent review; the test failed before its fix)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.actions.daily_post import CLAIM_GROUP, DailyPostRunner
from bot.actions.post_send import Outcome
from bot.config import Settings
from bot.core.clubpost import ClubSession, EventState, Weekday, session_start
from bot.core.models import LegDay, MemberRef, RunType
from bot.core.session_events import OccurrenceChange, PublishedEvent, SessionEvent
from bot.store import Store

from .conftest import T0
from .test_club_batches import CountingSender, statements

UTC_ZONE = ZoneInfo("UTC")
MEMBER = 7


class InterestedCalendar:
    """Every event starts at its session's time today, the member interested: a calendar
    for the post's reads alone (the test reads no other)."""

    links = False

    def __init__(self, session: ClubSession, day: date) -> None:
        self._start = session_start(day, session, UTC_ZONE)

    async def count(self, guild_id: int) -> int:
        raise AssertionError("not read by the post")

    async def publish(self, guild_id: int, event: SessionEvent) -> int:
        raise AssertionError("not read by the post")

    async def move(self, guild_id: int, event_id: int, event: SessionEvent) -> None:
        raise AssertionError("not read by the post")

    async def keep_change(self, guild_id: int, event_id: int, change: OccurrenceChange) -> None:
        raise AssertionError("not read by the post")

    async def remove(self, guild_id: int, event_id: int) -> None:
        raise AssertionError("not read by the post")

    async def read(self, guild_id: int, event_id: int) -> PublishedEvent:
        return PublishedEvent(
            id=event_id,
            name="hills",
            location="here",
            start=self._start,
            end=self._start + timedelta(hours=1),
            rule_start=self._start,
            status=1,
        )

    async def interested(self, guild_id: int, event_id: int, occurrence: datetime) -> list[int]:
        return [MEMBER]


async def test_the_post_with_interested_members_takes_a_fixed_number_of_statements(
    store: Store,
) -> None:
    # Forty clubs, each with a Tuesday 18:00 session published as an event with one member
    # interested, post on Tuesday at 07:00. The README's scale table holds the post to a
    # fixed number of statements per batch of 200 clubs (4 reads: tips, sessions, the
    # counted leg days, races), and post_batches.py to "a fixed number of reads for the whole
    # batch", a calendar read per club aside. Each club with someone interested adds a
    # club-wide read of its members' leg days of its own (interested_rows): a statement per
    # club, 200 a batch, at 10,000 clubs 10,000 round trips where 50 batch reads were planned.
    clubs = range(2000, 2040)
    hills = ClubSession(weekday=Weekday.of(1), start=time(18, 0), run_type=RunType.HILLS)
    for n, guild_id in enumerate(clubs):
        await store.clubs.set_reminder(
            guild_id, channel_id=guild_id, post_time=time(7, 0), timezone=None, now=T0
        )
        added = await store.club_sessions.add(guild_id, hills, now=T0)
        assert added.id is not None
        await store.club_sessions.set_event(
            guild_id,
            added.id,
            event_id=900 + n,
            state=EventState.PUBLISHED,
            anchor=datetime.combine(T0.date() + timedelta(days=1), time(18), tzinfo=UTC),
        )
        member = MemberRef(guild_id=guild_id, user_id=MEMBER)
        await store.entries.add_leg_day(member, LegDay(at=T0, is_hard=True), now=T0)
    day = T0.date() + timedelta(days=1)
    now = datetime.combine(day, time(7, 0, 10), tzinfo=UTC)
    assert now.weekday() == 1  # no Monday: no last week's block
    sender = CountingSender()
    runner = DailyPostRunner(store, Settings(), sender, calendar=InterestedCalendar(hills, day))

    before = statements(store)
    outcomes = await runner.tick(now)
    used = statements(store) - before

    assert outcomes == dict.fromkeys(clubs, Outcome.SENT)
    claims = -(-len(clubs) // CLAIM_GROUP)
    # The clubs due, 5 batch reads (the 4, and the interested members' leg days), a claim per
    # CLAIM_GROUP clubs, at most a record each.
    assert used <= 1 + 5 + claims + claims
