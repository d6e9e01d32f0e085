"""Thin Discord shells: parse options, call an action, send its reply."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord.ext import commands

from bot.cogs.advice import Advice
from bot.cogs.logbook import Logbook
from bot.cogs.profile import Profile

if TYPE_CHECKING:
    from bot.app import RunClubBot


def all_cogs(bot: RunClubBot) -> list[commands.Cog]:
    """Every cog, listed explicitly: no folder scanning, so the set is reviewable."""
    del bot  # cogs reach the bot through interaction.client
    return [Logbook(), Advice(), Profile()]
