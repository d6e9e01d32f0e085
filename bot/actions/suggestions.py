"""What a front end offers while a member types an option marked `Suggest`: Discord's
autocomplete and the console's pick lists read these same sources, so a kind of suggestion is
written once."""

from __future__ import annotations

from typing import assert_never

from bot.actions.club import session_suggestions
from bot.actions.context import Context
from bot.actions.history import entry_choices
from bot.actions.option_base import Suggest
from bot.actions.races import race_choices
from bot.actions.reminders import reminder_choices
from bot.core.when import (
    Direction,
    day_suggestions,
    timezone_suggestions,
    when_suggestions,
)
from bot.core.when.common import MAX_CHOICES

__all__ = ["SUGGESTIONS_MAX", "suggestions"]

# As many as Discord's autocomplete lists; the console's pick lists show as many.
SUGGESTIONS_MAX = MAX_CHOICES


async def suggestions(kind: Suggest, ctx: Context, typed: str, limit: int) -> list[tuple[str, str]]:
    """At most `limit` (label, value) pairs for what the member typed so far: the member's
    own entries, races and reminders, the club's sessions, time zones, or how a typed time is
    understood in the member's zone."""
    match kind:
        case Suggest.WHEN | Suggest.PLANNED_WHEN:
            direction = Direction.PAST if kind is Suggest.WHEN else Direction.FUTURE
            tz = ctx.member_zone(await ctx.profile())
            # What was typed comes first, read (or why not): when_suggestions puts it there.
            pairs = when_suggestions(typed, now=ctx.now, tz=tz, direction=direction)
        case Suggest.DAY:
            tz = ctx.member_zone(await ctx.profile())
            pairs = day_suggestions(typed, now=ctx.now, tz=tz)
        case Suggest.TIMEZONE:
            pairs = [(name, name) for name in timezone_suggestions(typed, limit)]
        case Suggest.ENTRY:
            pairs = await entry_choices(ctx, typed, limit)
        case Suggest.SESSION:
            pairs = await session_suggestions(ctx, typed, limit)
        case Suggest.RACE:
            pairs = await race_choices(ctx, typed, limit)
        case Suggest.REMINDER:
            pairs = await reminder_choices(ctx, typed, limit)
        case _:
            assert_never(kind)
    return pairs[:limit]
