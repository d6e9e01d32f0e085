"""Heads-ups before club sessions, and the offline console's "Interested" list."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.core.models import Verdict
from bot.core.reminders import Timer, TimerState


class HeadsUpsRepository(Protocol):
    """A session's read timers (kind 'heads_up' in the timers table) and the heads-ups sent,
    one per member and occurrence."""

    async def schedule(
        self, guild_id: int, session_id: int, *, due_at: datetime, now: datetime
    ) -> Timer:
        """Store the session's next read at `due_at`, replacing a pending one."""
        ...

    async def cancel(self, guild_id: int, session_id: int, *, now: datetime) -> int:
        """Cancel the session's pending reads (the session was removed)."""
        ...

    async def claim_read(
        self,
        timer_id: int,
        *,
        now: datetime,
        state: TimerState = TimerState.SENT,
        then: datetime | None,
    ) -> Timer | None:
        """Take a due read (None: another process did), storing the next read at `then` in
        the same transaction."""
        ...

    async def unscheduled(self) -> list[tuple[int, int]]:
        """(guild, session) of every published session whose chain of reads is missing (a
        session published before heads-ups existed)."""
        ...

    async def told(self, guild_id: int, session_id: int, occurrence: datetime) -> set[int]:
        """The members whose heads-up for this occurrence was claimed already."""
        ...

    async def claim(
        self,
        guild_id: int,
        session_id: int,
        occurrence: datetime,
        user_id: int,
        verdict: Verdict,
        *,
        now: datetime,
    ) -> bool:
        """Claim one member's heads-up (committed before it is sent); False if it was."""
        ...

    async def finish(
        self,
        guild_id: int,
        session_id: int,
        occurrence: datetime,
        user_id: int,
        *,
        sent: bool,
        error: str | None = None,
    ) -> None: ...

    async def release(
        self, guild_id: int, session_id: int, occurrence: datetime, user_id: int
    ) -> None:
        """Give a claimed heads-up back (Discord refused it for now): the next read retries."""
        ...

    async def mark_interested(
        self, guild_id: int, event_id: int, user_id: int, *, now: datetime
    ) -> bool:
        """The console's "Interested" press; False if already marked."""
        ...

    async def forget_event(self, guild_id: int, event_id: int) -> int:
        """The console's event was deleted: its "Interested" list goes with it."""
        ...

    async def interested(self, guild_id: int, event_id: int) -> list[int]: ...
