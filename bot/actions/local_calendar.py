"""The offline console's calendar: a local stand-in for Discord's scheduled events, so that the
whole flow (a session's event, "Interested", the heads-up, the post's counts) can be tried
without Discord.

An event is its session's own record: its id is stored on the session as on Discord, and it
repeats weekly from the start the bot last gave it (`event_start_at`), in UTC steps as Discord
does, so the same drift rules apply. "Interested" is `/club session join`, kept in the
`event_interest` table.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from pydantic import Field

from bot.actions.context import Context
from bot.actions.option_base import PICKED_ID_MAX, Options, Suggest
from bot.actions.spec import CommandSpec
from bot.clock import Clock
from bot.core.clubpost import ClubSession, EventState
from bot.core.errors import NotFound, UserError
from bot.core.models import HeadsUp
from bot.core.session_events import (
    DEFAULT_PLACE,
    EventGone,
    OccurrenceChange,
    PublishedEvent,
    SessionEvent,
    discord_next_start,
)
from bot.render import inline_text
from bot.render.reply import Reply
from bot.render.sessions import NO_SUCH_SESSION
from bot.store import Store


class LocalCalendar:
    """The actions' `Calendar`, kept in the console's own database."""

    links = False

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def _published(self, guild_id: int) -> list[ClubSession]:
        sessions = await self._store.club_sessions.for_club(guild_id)
        return [s for s in sessions if s.event_id is not None]

    async def count(self, guild_id: int) -> int:
        return len(await self._published(guild_id))

    async def publish(self, guild_id: int, event: SessionEvent) -> int:
        del event
        return max((s.event_id or 0 for s in await self._published(guild_id)), default=0) + 1

    async def move(self, guild_id: int, event_id: int, event: SessionEvent) -> None:
        del guild_id, event_id, event  # the session's own record is the event

    async def keep_change(self, guild_id: int, event_id: int, change: OccurrenceChange) -> None:
        del guild_id, event_id, change  # the console's calendar has no single-occurrence edits

    async def remove(self, guild_id: int, event_id: int) -> None:
        await self._store.heads_ups.forget_event(guild_id, event_id)

    async def read(self, guild_id: int, event_id: int) -> PublishedEvent:
        found = [s for s in await self._published(guild_id) if s.event_id == event_id]
        if not found or found[0].event_start_at is None:
            raise EventGone(f"no event {event_id}")
        session, anchor = found[0], found[0].event_start_at
        start = discord_next_start(anchor, self._clock())
        return PublishedEvent(
            id=event_id,
            name=session.label(),
            location=session.place or DEFAULT_PLACE,
            start=start,
            end=start + timedelta(minutes=session.minutes),
            rule_start=anchor,
            status=1,
            interested=len(await self._store.heads_ups.interested(guild_id, event_id)),
        )

    async def interested(self, guild_id: int, event_id: int, occurrence: datetime) -> list[int]:
        del occurrence  # the console's members join a session, not one of its occurrences
        return await self._store.heads_ups.interested(guild_id, event_id)


class SessionJoinOptions(Options):
    session: Annotated[str, Suggest.SESSION] = Field(
        max_length=PICKED_ID_MAX, description="The session to join (pick from the list)"
    )


async def join_session(ctx: Context, opts: SessionJoinOptions) -> Reply:
    """Press "Interested" on a session's event, as a member would in Discord."""
    guild_id = ctx.member.guild_id
    sessions = await ctx.store.club_sessions.for_club(guild_id)
    session = next((s for s in sessions if str(s.id) == opts.session.strip()), None)
    if session is None:
        raise NotFound(NO_SUCH_SESSION)
    if session.event_id is None or session.event_state is not EventState.PUBLISHED:
        raise UserError(
            f"{inline_text(session.label())} has no event on the calendar to be interested in."
        )
    added = await ctx.store.heads_ups.mark_interested(
        guild_id, session.event_id, ctx.member.user_id, now=ctx.now
    )
    label = inline_text(session.label())
    if not added:
        return Reply(content=f"You are already interested in {label}.")
    heads_up = _HEADS_UP_TOLD[(await ctx.profile()).heads_up]
    return Reply(
        content=f"Marked you interested in {label}: {heads_up}, and the daily post counts you."
    )


# What being interested brings, by the member's `/profile heads_up`.
_HEADS_UP_TOLD = {
    HeadsUp.ALL: "you get its heads-up",
    HeadsUp.NOT_GO: "you get its heads-up when your answer for it is WAIT or EASY-ONLY",
    HeadsUp.OFF: "your heads-ups are off (`/profile heads_up`), so none comes",
}


# The console's only: on Discord, members press "Interested" on the event itself.
CLUB_SESSION_JOIN = CommandSpec(
    "club session join",
    "Mark yourself interested in a session's event (the console's calendar)",
    SessionJoinOptions,
    join_session,
)
