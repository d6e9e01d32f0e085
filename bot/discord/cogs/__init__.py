"""Thin Discord shells: parse options, call an action, send its reply."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord.ext import commands

from bot.discord.cogs.advice import Advice
from bot.discord.cogs.club import ClubAdmin
from bot.discord.cogs.daily_post import DailyPost
from bot.discord.cogs.help import Help
from bot.discord.cogs.history import History
from bot.discord.cogs.leaderboard import Leaderboard
from bot.discord.cogs.logbook import Logbook
from bot.discord.cogs.mydata import MyData
from bot.discord.cogs.privacy import Privacy
from bot.discord.cogs.profile import Profile
from bot.discord.cogs.upkeep import Upkeep

if TYPE_CHECKING:
    from bot.discord.bot import RunClubBot


def all_cogs(bot: RunClubBot) -> list[commands.Cog]:
    """Every cog, listed explicitly: no folder scanning, so the set is reviewable."""
    # Command cogs reach the bot through interaction.client; Upkeep's, Privacy's and
    # DailyPost's loops and listeners have no interaction, so they are handed the bot.
    return [
        Logbook(),
        Advice(),
        Profile(),
        History(),
        MyData(),
        Leaderboard(),
        Help(),
        Upkeep(bot),
        Privacy(bot),
        ClubAdmin(),
        DailyPost(bot),
    ]
