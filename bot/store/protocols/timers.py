"""Stored timers (reminders, check-ins), check-in answers and pending notices."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from bot.core.models import MemberRef
from bot.core.reminders import CheckinAnswer, Timer, TimerState


class TimersRepository(Protocol):
    """Reminders and check-ins: the stored timers, check-in answers, and notices for a member's
    next command. A timer is claimed (committed) before its DM is sent."""

    async def add_ready(
        self, member: MemberRef, *, entry_id: int, due_at: datetime, now: datetime
    ) -> Timer:
        """The member's one pending reminder, for leg day `entry_id`: it replaces a pending
        one (same id kept), else a new row."""
        ...

    async def set_checkin(
        self, member: MemberRef, *, minute: int | None, due_at: datetime | None, now: datetime
    ) -> Timer | None:
        """Cancel the member's pending check-in and, with `minute`, add the next at `due_at`."""
        ...

    async def pending(self, member: MemberRef) -> list[Timer]:
        """The member's pending timers, soonest first."""
        ...

    async def cancel(self, member: MemberRef, timer_id: int, *, now: datetime) -> Timer | None:
        """Cancel the member's own pending timer; None when they have no such pending timer."""
        ...

    async def move(
        self, member: MemberRef, timer_id: int, *, entry_id: int, due_at: datetime, now: datetime
    ) -> Timer | None:
        """Point the member's pending reminder at another leg day and time."""
        ...

    async def reschedule(
        self, member: MemberRef, timer_id: int, *, due_at: datetime, now: datetime
    ) -> Timer | None:
        """Move the member's pending timer (same id) to `due_at`; None when it is not pending."""
        ...

    async def next_due(self) -> datetime | None:
        """When the soonest pending timer is to be tried (any guild)."""
        ...

    async def due(self, now: datetime, limit: int) -> list[Timer]:
        """Pending timers to try at `now` (`next_at <= now`), oldest first, at most `limit`."""
        ...

    async def claim(
        self,
        timer_id: int,
        *,
        now: datetime,
        state: TimerState = TimerState.SENDING,
        next_checkin: datetime | None = None,
    ) -> Timer | None:
        """Move a pending timer to `state` (SENDING before a send, DROPPED), committed; with
        `next_checkin`, add the member's next check-in in the same transaction. None when the
        timer is not pending any more (another process or an earlier tick took it)."""
        ...

    async def finish(
        self, timer_id: int, state: TimerState, *, now: datetime, error: str | None = None
    ) -> None:
        """Record a claimed timer's outcome (SENT or FAILED)."""
        ...

    async def retry(self, timer_id: int, *, next_at: datetime, error: str, now: datetime) -> None:
        """Put a claimed timer back to pending, to be tried again at `next_at`."""
        ...

    async def resolve_stale(self, claimed_before: datetime, *, now: datetime) -> int:
        """Claims older than `claimed_before` (a crash mid-send) become UNKNOWN: never resent."""
        ...

    async def stop_checkins(self, member: MemberRef, *, now: datetime) -> int:
        """Cancel the member's pending check-ins (their DMs are closed)."""
        ...

    async def save_soreness(
        self, member: MemberRef, day: date, soreness: int, *, now: datetime
    ) -> bool:
        """Keep the day's check-in answer; False when that day already has one (kept)."""
        ...

    async def soreness_on(self, member: MemberRef, day: date) -> CheckinAnswer | None: ...

    async def add_notice(
        self, member: MemberRef, kind: str, message: str, *, now: datetime
    ) -> None:
        """Something to tell the member on their next command; one per kind (the latest)."""
        ...

    async def read_notices(self, now: datetime) -> None:
        """Read which members have notices waiting (at start; take_notices reads it again)."""
        ...

    async def take_notices(self, member: MemberRef, *, now: datetime) -> list[str]:
        """The member's notices, deleted as they are read. Asks the database only when the
        member has a notice waiting, or to read the list again when it is older than
        bot.core.reminders.NOTICES_READ_EVERY: a notice stored through this store is taken
        at once, one stored by another process within that time."""
        ...
