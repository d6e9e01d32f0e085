"""The background cogs: the scheduler and its timed jobs, the heartbeat, listeners. Slash
commands are generated from the catalog (bot/discord/commands)."""

from __future__ import annotations

from discord.ext import commands

from bot.discord.cogs.daily_post import DailyPost
from bot.discord.cogs.privacy import Privacy
from bot.discord.cogs.reminders import Reminders
from bot.discord.cogs.schedule import Schedule
from bot.discord.cogs.upkeep import Upkeep
from bot.discord.services import Services


def all_cogs(client: commands.Bot, services: Services) -> list[commands.Cog]:
    """Every cog, listed explicitly: no folder scanning, so the set is reviewable."""
    # Their loops and listeners have no interaction to reach the services through.
    post, reminders = DailyPost(client, services), Reminders(client, services)
    privacy, upkeep = Privacy(client, services), Upkeep(client, services)
    schedule = Schedule(client, services, [post, reminders, privacy, upkeep])
    # The scheduler first: cogs unload in this order, so it stops before its jobs do.
    return [schedule, post, reminders, privacy, upkeep]
