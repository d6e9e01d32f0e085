"""/mydata export and /mydata delete (with its confirmation buttons)."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions.mydata import ask_delete_my_data, delete_my_data, export_my_data
from bot.actions.options import NoOptions, parse_options
from bot.discord.cogs.common import context_of
from bot.discord.reply import message_kwargs, send_reply
from bot.discord.tree import AnsweringView
from bot.render import error_reply
from bot.render.mydata import (
    CONFIRM_SECONDS,
    NOT_YOUR_BUTTON,
    delete_cancelled_reply,
    delete_timed_out_reply,
)

log = logging.getLogger(__name__)


class ConfirmDelete(AnsweringView):
    """Two buttons under the /mydata delete question. Only the member who asked, in the server
    they asked in, can press them; the prompt is ephemeral, but a button's custom id is not a
    secret to rely on."""

    error_source = "the /mydata delete button"

    def __init__(self, question: discord.Interaction[Any]) -> None:
        super().__init__(timeout=CONFIRM_SECONDS)
        # The /mydata delete interaction: its token is the only way to edit an ephemeral
        # message, which on_timeout needs.
        self.question = question

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        if (
            interaction.user.id == self.question.user.id
            and interaction.guild_id == self.question.guild_id
        ):
            return True
        await send_reply(interaction, error_reply(NOT_YOUR_BUTTON))
        return False

    async def _first_press(self, interaction: discord.Interaction[Any]) -> bool:
        """Stops the view on the first press. discord.py runs every press dispatched before
        that (a double click), so a later one is acknowledged and changes nothing: the
        message already shows the first one's answer."""
        # No await between the check and stop(): two presses cannot both pass.
        if self.is_finished():
            await interaction.response.defer()
            return False
        self.stop()
        return True

    @discord.ui.button(label="Delete all my data", style=discord.ButtonStyle.danger)
    async def confirm(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ConfirmDelete]
    ) -> None:
        if not await self._first_press(interaction):
            return
        reply = await delete_my_data(context_of(interaction))
        await interaction.response.edit_message(view=None, **message_kwargs(reply))

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ConfirmDelete]
    ) -> None:
        if not await self._first_press(interaction):
            return
        await interaction.response.edit_message(
            view=None, **message_kwargs(delete_cancelled_reply())
        )

    async def on_timeout(self) -> None:
        try:
            await self.question.edit_original_response(
                view=None, **message_kwargs(delete_timed_out_reply())
            )
        except discord.HTTPException:
            # The member dismissed the ephemeral message; nothing was deleted either way.
            log.info("could not edit the timed-out /mydata delete prompt")


class MyData(
    commands.GroupCog,
    group_name="mydata",
    group_description="What runclub-bot stores about you here: export it or delete it",
):
    @app_commands.command(name="export", description="A JSON file of all your data here")
    async def export(self, interaction: discord.Interaction[Any]) -> None:
        opts = parse_options(NoOptions, {})
        await send_reply(interaction, await export_my_data(context_of(interaction), opts))

    @app_commands.command(name="delete", description="Delete all your data here (asks first)")
    async def delete(self, interaction: discord.Interaction[Any]) -> None:
        opts = parse_options(NoOptions, {})
        question = await ask_delete_my_data(context_of(interaction), opts)
        await send_reply(interaction, question, view=ConfirmDelete(interaction))
