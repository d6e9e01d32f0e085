"""A club's daily post: its settings, weekly sessions and post records."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, time
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.clubpost import ClubSession, EventState, HardLegDays, MemberLegDays
from bot.core.models import TipId
from bot.core.schedule import ClubReminder, PostRecord, Slot


class ClubsRepository(Protocol):
    async def get(self, guild_id: int) -> ClubReminder | None: ...

    async def set_reminder(
        self,
        guild_id: int,
        *,
        channel_id: int,
        post_time: time,
        timezone: ZoneInfo | None,
        now: datetime,
    ) -> ClubReminder:
        """Turn the daily post on (or change it), clearing a pause and the failure count;
        `post_time` is kept to the minute, `timezone=None` follows the club's zone."""
        ...

    async def turn_off(self, guild_id: int, *, now: datetime) -> bool: ...

    async def active(self) -> list[ClubReminder]: ...

    async def active_with_latest_post(self) -> list[tuple[ClubReminder, PostRecord | None]]: ...

    async def member_leg_days(
        self, guild_id: int, start: datetime, end: datetime
    ) -> list[MemberLegDays]: ...

    async def member_leg_days_of(
        self, windows: Mapping[int, tuple[datetime, datetime]]
    ) -> dict[int, list[MemberLegDays]]:
        """`member_leg_days(guild, start, end)` for every guild of `windows`, in one statement;
        every guild of `windows` is a key (an empty list without leg days)."""
        ...

    async def hard_leg_days_of(
        self, moments: Mapping[int, tuple[datetime, Sequence[datetime]]]
    ) -> dict[int, list[HardLegDays]]:
        """Per guild of `moments` (the post's data window's start, and its `post_moments`),
        its members reduced to the rows that decide the post's verdicts, in one statement for
        every guild; every guild is a key."""
        ...


class ClubSessionsRepository(Protocol):
    async def for_club(self, guild_id: int) -> list[ClubSession]: ...

    async def for_clubs(self, guild_ids: Collection[int]) -> dict[int, list[ClubSession]]:
        """`for_club` of every guild in one statement; every guild is a key."""
        ...

    async def add(self, guild_id: int, session: ClubSession, *, now: datetime) -> ClubSession:
        """Store a new session; raises UserError for a duplicate or a full schedule, checked
        atomically with the insert."""
        ...

    async def remove(self, guild_id: int, session_id: int) -> ClubSession | None: ...

    async def set_event(
        self,
        guild_id: int,
        session_id: int,
        *,
        event_id: int | None,
        state: EventState,
        anchor: datetime | None,
    ) -> ClubSession:
        """Record where the session's scheduled event stands; returns the session."""
        ...


class PostsRepository(Protocol):
    async def get(self, guild_id: int, day: date) -> PostRecord | None: ...

    async def latest(self, guild_id: int) -> PostRecord | None: ...

    async def latest_failure(self, guild_id: int) -> PostRecord | None: ...

    async def previous_tip(self, guild_id: int, before: date) -> TipId | None: ...

    async def previous_tips(self, before: Mapping[int, date]) -> dict[int, TipId | None]:
        """`previous_tip(guild, day)` for every guild of `before`, in one statement."""
        ...

    async def claim(
        self, guild_id: int, slot: Slot, *, channel_id: int, tip_id: TipId, now: datetime
    ) -> int | None:
        """Claim `slot`'s date, committed before the send; the attempt's number, or None."""
        ...

    async def mark_sent(
        self, guild_id: int, day: date, *, message_id: int, now: datetime
    ) -> None: ...

    async def mark_retry(
        self, guild_id: int, day: date, *, error: str, retry_at: datetime, now: datetime
    ) -> None: ...

    async def mark_failed(
        self, guild_id: int, day: date, *, error: str, now: datetime
    ) -> tuple[int, bool]: ...

    async def give_up(self, guild_id: int, day: date, *, now: datetime) -> None: ...

    async def resolve_unknown(self, guild_id: int, day: date, *, now: datetime) -> None: ...

    async def skip(self, guild_id: int, slot: Slot, *, reason: str, now: datetime) -> None: ...
