"""/canirun."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions.advice import can_i_run
from bot.actions.options import CanIRunOptions, parse_options
from bot.discord.cogs.common import RUN_TYPE_CHOICES, context_of, plan_when_autocomplete
from bot.discord.reply import send_reply


class Advice(commands.Cog):
    @app_commands.command(name="canirun", description="Can I do this run, and how hard?")
    @app_commands.describe(
        type="The run you have in mind",
        when="When you plan to run, in your time zone: now, in 3h, tomorrow 06:00",
        minutes="How long you plan to run (1-600)",
        soreness="How sore your legs are, 0 (not at all) to 10 (very)",
    )
    @app_commands.choices(type=RUN_TYPE_CHOICES)
    @app_commands.autocomplete(when=plan_when_autocomplete)
    async def canirun(
        self,
        interaction: discord.Interaction[Any],
        type: str,
        when: app_commands.Range[str, 1, 100] | None = None,
        minutes: app_commands.Range[int, 1, 600] | None = None,
        soreness: app_commands.Range[int, 0, 10] | None = None,
    ) -> None:
        opts = parse_options(
            CanIRunOptions,
            {"type": type, "when": when, "minutes": minutes, "soreness": soreness},
        )
        await send_reply(interaction, await can_i_run(context_of(interaction), opts))
