"""/help."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions.help import show_help
from bot.actions.options import NoOptions, parse_options
from bot.discord.cogs.common import context_of
from bot.discord.reply import send_reply


class Help(commands.Cog):
    @app_commands.command(name="help", description="What each command does; how advice decides")
    async def help(self, interaction: discord.Interaction[Any]) -> None:
        opts = parse_options(NoOptions, {})
        await send_reply(interaction, await show_help(context_of(interaction), opts))
