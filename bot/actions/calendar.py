"""What the actions need of a front end with a calendar of scheduled events: Discord's, or the
offline console's local stand-in (bot/actions/local_calendar.py). The steps that use it are in
session_events.py and heads_up.py."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.core.session_events import OccurrenceChange, PublishedEvent, SessionEvent


class Calendar(Protocol):
    """A server's scheduled events."""

    # False for the console's stand-in: its events have no Discord link to show.
    links: bool

    async def count(self, guild_id: int) -> int: ...

    async def publish(self, guild_id: int, event: SessionEvent) -> int:
        """The new event's id; raises EventsForbidden or TemporaryFailure."""
        ...

    async def move(self, guild_id: int, event_id: int, event: SessionEvent) -> None:
        """Move the event to `event`'s times, nothing else; raises as `publish`, or EventGone."""
        ...

    async def keep_change(self, guild_id: int, event_id: int, change: OccurrenceChange) -> None:
        """Make (or make again) an admin's change to one occurrence; raises as `move`."""
        ...

    async def remove(self, guild_id: int, event_id: int) -> None: ...

    async def read(self, guild_id: int, event_id: int) -> PublishedEvent:
        """Raises EventGone when it is not there any more."""
        ...

    async def interested(self, guild_id: int, event_id: int, occurrence: datetime) -> list[int]:
        """The user ids of everyone interested in the occurrence starting by the event's rule
        at `occurrence`, ascending (bots, and users who left the server, left out): those who
        pressed "Interested" on the series, less those who said otherwise for that
        occurrence, and those who pressed it for that one; raises EventGone, EventsForbidden
        or TemporaryFailure."""
        ...
