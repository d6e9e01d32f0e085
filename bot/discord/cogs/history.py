"""/history, /undo and /delete."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions.history import delete_entry, entry_choices, show_history, undo_last
from bot.actions.options import DeleteOptions, HistoryOptions, NoOptions, parse_options
from bot.core.history import DAYS_MAX
from bot.discord.cogs.common import AUTOCOMPLETE_MAX, CHOICE_TEXT_MAX, context_of
from bot.discord.reply import send_reply


async def entry_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """Only the member's own recent entries; the context is built from the interaction."""
    if interaction.guild_id is None:
        return []
    pairs = await entry_choices(context_of(interaction), current)
    return [
        app_commands.Choice(name=name[:CHOICE_TEXT_MAX], value=value[:CHOICE_TEXT_MAX])
        for name, value in pairs[:AUTOCOMPLETE_MAX]
    ]


class History(commands.Cog):
    @app_commands.command(name="history", description="Your leg days and runs, with a chart")
    @app_commands.describe(days="How many days back, today included (1-90, default 14)")
    async def history(
        self,
        interaction: discord.Interaction[Any],
        days: app_commands.Range[int, 1, DAYS_MAX] | None = None,
    ) -> None:
        # The chart takes longer than Discord's 3-second answer window on a busy host: say
        # "thinking" first, privately, then follow up.
        await interaction.response.defer(ephemeral=True, thinking=True)
        opts = parse_options(HistoryOptions, {"days": days})
        await send_reply(interaction, await show_history(context_of(interaction), opts))

    @app_commands.command(name="undo", description="Delete the entry you logged last")
    async def undo(self, interaction: discord.Interaction[Any]) -> None:
        opts = parse_options(NoOptions, {})
        await send_reply(interaction, await undo_last(context_of(interaction), opts))

    @app_commands.command(name="delete", description="Delete one of your leg days or runs")
    @app_commands.describe(entry="The entry to delete: pick from your recent ones, e.g. R12")
    @app_commands.autocomplete(entry=entry_autocomplete)
    async def delete(
        self,
        interaction: discord.Interaction[Any],
        entry: app_commands.Range[str, 1, 100],
    ) -> None:
        opts = parse_options(DeleteOptions, {"entry": entry})
        await send_reply(interaction, await delete_entry(context_of(interaction), opts))
