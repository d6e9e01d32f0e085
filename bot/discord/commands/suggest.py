"""Discord's autocomplete for each kind of suggestion an option model asks for (`Suggest`)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from functools import wraps
from typing import Any

import discord
from discord import app_commands

from bot.actions.club import session_suggestions
from bot.actions.history import entry_choices
from bot.actions.nudges import reminder_choices
from bot.actions.option_base import Suggest
from bot.actions.training import race_choices
from bot.core.when import Direction, describe_when, timezone_suggestions, when_suggestions
from bot.discord.commands.admin import is_club_admin
from bot.discord.services import context_of
from bot.store import StoreUnavailable

log = logging.getLogger(__name__)

Autocomplete = Callable[
    [discord.Interaction[Any], str], Coroutine[Any, Any, list[app_commands.Choice[str]]]
]

AUTOCOMPLETE_MAX = 25
CHOICE_TEXT_MAX = 100


def choice(name: str, value: str) -> app_commands.Choice[str]:
    return app_commands.Choice(name=name[:CHOICE_TEXT_MAX], value=value[:CHOICE_TEXT_MAX])


async def _when_choices(
    interaction: discord.Interaction[Any], current: str, direction: Direction
) -> list[app_commands.Choice[str]]:
    """Shows how the typed text is understood, in the member's own time zone."""
    if interaction.guild_id is None:
        return []
    ctx = context_of(interaction)
    profile = await ctx.profile()
    tz = ctx.member_zone(profile)
    pairs = when_suggestions(current, now=ctx.now, tz=tz, direction=direction)
    if not pairs and current:
        pairs = [(describe_when(current, now=ctx.now, tz=tz, direction=direction), current)]
    return [choice(name, value) for name, value in pairs[:AUTOCOMPLETE_MAX]]


async def when_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """`when` of a log (/legday, /run): times read as already past."""
    return await _when_choices(interaction, current, Direction.PAST)


async def planned_when_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """`when` of a plan (/canirun): times read as still ahead."""
    return await _when_choices(interaction, current, Direction.FUTURE)


async def timezone_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    return [choice(name, name) for name in timezone_suggestions(current, AUTOCOMPLETE_MAX)]


async def entry_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """Only the member's own recent entries; the context is built from the interaction."""
    if interaction.guild_id is None:
        return []
    pairs = await entry_choices(context_of(interaction), current)
    return [choice(name, value) for name, value in pairs[:AUTOCOMPLETE_MAX]]


async def session_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """The club's own sessions; nothing for members without Manage Server."""
    if interaction.guild_id is None or not is_club_admin(interaction.permissions):
        return []
    pairs = await session_suggestions(context_of(interaction), current, AUTOCOMPLETE_MAX)
    return [choice(name, value) for name, value in pairs]


async def race_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """Only the member's own upcoming races."""
    if interaction.guild_id is None:
        return []
    pairs = await race_choices(context_of(interaction), current, AUTOCOMPLETE_MAX)
    return [choice(name, value) for name, value in pairs]


async def reminder_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """Only the member's own pending reminders."""
    if interaction.guild_id is None:
        return []
    pairs = await reminder_choices(context_of(interaction), current)
    return [choice(name, value) for name, value in pairs[:AUTOCOMPLETE_MAX]]


def outage_safe(suggest: Autocomplete) -> Autocomplete:
    """`suggest`, answering no choices (logged as a warning, no traceback) while the database
    is unreachable: discord.py would log a traceback and leave the member's typing unanswered."""

    @wraps(suggest)
    async def safe(
        interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            return await suggest(interaction, current)
        except StoreUnavailable as exc:
            log.warning("autocomplete (guild %s): %s", interaction.guild_id, exc)
            return []

    return safe


def autocomplete_for(kind: Suggest) -> Autocomplete:
    return outage_safe(_autocomplete_for(kind))


def _autocomplete_for(kind: Suggest) -> Autocomplete:
    match kind:
        case Suggest.WHEN:
            return when_autocomplete
        case Suggest.PLANNED_WHEN:
            return planned_when_autocomplete
        case Suggest.TIMEZONE:
            return timezone_autocomplete
        case Suggest.ENTRY:
            return entry_autocomplete
        case Suggest.SESSION:
            return session_autocomplete
        case Suggest.RACE:
            return race_autocomplete
        case Suggest.REMINDER:
            return reminder_autocomplete
