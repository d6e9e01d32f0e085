"""/leaderboard."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions.leaderboard import show_leaderboard
from bot.actions.options import NoOptions, parse_options
from bot.discord.cogs.common import context_of
from bot.discord.reply import send_reply


class Leaderboard(commands.Cog):
    @app_commands.command(
        name="leaderboard", description="This week's club board: runs, distance, time"
    )
    async def leaderboard(self, interaction: discord.Interaction[Any]) -> None:
        opts = parse_options(NoOptions, {})
        await send_reply(interaction, await show_leaderboard(context_of(interaction), opts))
