"""The one error boundary: every failure of a command becomes a short ephemeral answer."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.core.errors import UserError
from bot.discord_reply import send_reply
from bot.render import error_reply

log = logging.getLogger(__name__)

GUILD_ONLY_MESSAGE = "runclub-bot works inside your club's server: use its commands there."
FAILED_MESSAGE = "Sorry, that failed on our side. It has been logged; please try again shortly."


class RunClubTree(app_commands.CommandTree[Any]):
    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        # Discord hides guild-only commands in DMs, but an old client or a stale command list
        # can still send one; refuse it here with an answer rather than silence.
        if interaction.guild_id is not None:
            return True
        if interaction.type is discord.InteractionType.autocomplete:
            await interaction.response.autocomplete([])
        else:
            await send_reply(interaction, error_reply(GUILD_ONLY_MESSAGE))
        return False

    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError, /
    ) -> None:
        command = interaction.command.qualified_name if interaction.command else "?"
        await report_error(interaction, error, source=f"command /{command}")


async def report_error(
    interaction: discord.Interaction[Any], error: BaseException, *, source: str
) -> None:
    """Answer the member for any failure: commands here, and buttons (views call it too)."""
    message = explain(error)
    if message is None:
        log.error(
            "%s failed (guild %s, user %s)",
            source,
            interaction.guild_id,
            interaction.user.id,
            exc_info=error,
        )
        message = FAILED_MESSAGE
    try:
        await send_reply(interaction, error_reply(message))
    except discord.HTTPException:
        # The token may have expired or the answer was already sent; nothing more to do.
        log.warning("could not send the error reply for interaction %s", interaction.id)


class AnsweringView(discord.ui.View):
    """A view whose failures get the same answers as commands'.

    Components do not pass through the command tree's error boundary.
    """

    error_source = "a button"

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        del item
        await report_error(interaction, error, source=self.error_source)


def explain(error: BaseException) -> str | None:
    """The member-facing text for an error, or None when it is a bug to log."""
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(original, UserError):
        return original.message
    if isinstance(error, app_commands.MissingPermissions):
        needed = ", ".join(p.replace("_", " ").title() for p in error.missing_permissions)
        return f"This command needs the {needed} permission."
    if isinstance(error, app_commands.NoPrivateMessage):
        return GUILD_ONLY_MESSAGE
    if isinstance(error, app_commands.TransformerError):
        allowed = ""
        choices = getattr(error.transformer, "choices", None)
        if choices:
            allowed = " Choose one of: " + ", ".join(str(c.value) for c in choices) + "."
        return f"{error.value!r} is not a valid value here.{allowed}"
    if isinstance(error, app_commands.CheckFailure):
        return "You cannot use this command here."
    return None
