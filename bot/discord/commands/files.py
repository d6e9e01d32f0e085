"""Watch files on Discord: an attachment option's value as the actions' `AttachedFile`, and
/run's answer, which acknowledges first when files are attached (downloading and reading up to
ten of them can take longer than Discord's 3 seconds)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import discord

from bot.actions.file_reader import AttachedFile, FileProblem
from bot.actions.option_base import Options
from bot.actions.options import RunOptions
from bot.actions.spec import CommandSpec
from bot.discord.reply import message_kwargs, send_reply
from bot.discord.services import context_of

PUBLIC_POSTED = "Logged. The confirmation is posted in the channel for the club to see."


class DiscordFile(AttachedFile):
    """An attachment of the interaction, downloaded from Discord's CDN only when read."""

    def __init__(self, attachment: discord.Attachment) -> None:
        self._attachment = attachment
        self.name = attachment.filename
        self.size = attachment.size

    async def read(self) -> bytes:
        try:
            return await self._attachment.read()
        except discord.HTTPException as exc:
            raise FileProblem(
                self.name, f"could not be downloaded from Discord ({exc.status}); try again"
            ) from None


async def run_with_files(
    interaction: discord.Interaction[Any],
    spec: CommandSpec,
    opts: Options,
    given: Mapping[str, Any],
) -> None:
    """/run: typed runs answer at once; with files, a private "thinking" first. A public
    confirmation (`[club] public_logs`) then goes out as its own message, so a refusal, which
    is always private, never has to share the public one's visibility."""
    del given
    if not isinstance(opts, RunOptions) or not opts.files:
        await send_reply(interaction, await spec.action(context_of(interaction), opts))
        return
    await interaction.response.defer(ephemeral=True, thinking=True)
    reply = await spec.action(context_of(interaction), opts)
    if reply.ephemeral:
        await send_reply(interaction, reply)
        return
    await interaction.edit_original_response(content=PUBLIC_POSTED)
    await interaction.followup.send(ephemeral=False, **message_kwargs(reply))
