"""/mydata delete on Discord: the question comes with two buttons, Delete and Cancel."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import discord

from bot.actions.mydata import delete_my_data
from bot.actions.options import Options
from bot.actions.spec import CommandSpec
from bot.discord.reply import message_kwargs, send_reply
from bot.discord.services import context_of
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


async def ask_with_buttons(
    interaction: discord.Interaction[Any],
    spec: CommandSpec,
    opts: Options,
    given: Mapping[str, Any],
) -> None:
    del given
    question = await spec.action(context_of(interaction), opts)
    await send_reply(interaction, question, view=ConfirmDelete(interaction))
