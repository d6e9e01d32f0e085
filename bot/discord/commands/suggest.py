"""Discord's autocomplete for each kind of suggestion an option model asks for (`Suggest`),
from the sources the console's pick lists read too."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from functools import wraps
from typing import Any

import discord
from discord import app_commands

from bot.actions.option_base import Suggest
from bot.actions.suggestions import SUGGESTIONS_MAX, suggestions
from bot.core.when.common import CHOICE_LIMIT
from bot.discord.commands.admin import is_club_admin
from bot.discord.services import context_of
from bot.store import StoreUnavailable

log = logging.getLogger(__name__)

Autocomplete = Callable[
    [discord.Interaction[Any], str], Coroutine[Any, Any, list[app_commands.Choice[str]]]
]

CHOICE_TEXT_MAX = CHOICE_LIMIT


def choice(name: str, value: str) -> app_commands.Choice[str]:
    return app_commands.Choice(name=name[:CHOICE_TEXT_MAX], value=value[:CHOICE_TEXT_MAX])


def suggest_for(kind: Suggest) -> Autocomplete:
    """The shared source of `kind` (bot/actions/suggestions.py), as Discord's choices: only in
    a server, and the club's sessions only for members with Manage Server."""

    async def suggest(
        interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        if kind is Suggest.SESSION and not is_club_admin(interaction.permissions):
            return []
        pairs = await suggestions(kind, context_of(interaction), current, SUGGESTIONS_MAX)
        return [choice(name, value) for name, value in pairs]

    return suggest


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
    return outage_safe(suggest_for(kind))
