"""The background cogs: loops and listeners. Slash commands are generated from the catalog
(bot/discord/commands)."""

from __future__ import annotations

from discord.ext import commands

from bot.discord.cogs.daily_post import DailyPost
from bot.discord.cogs.privacy import Privacy
from bot.discord.cogs.reminders import Reminders
from bot.discord.cogs.upkeep import Upkeep
from bot.discord.services import Services


def all_cogs(client: commands.Bot, services: Services) -> list[commands.Cog]:
    """Every cog, listed explicitly: no folder scanning, so the set is reviewable."""
    # Their loops and listeners have no interaction to reach the services through.
    return [
        Upkeep(client, services),
        Privacy(client, services),
        DailyPost(client, services),
        Reminders(client, services),
    ]
