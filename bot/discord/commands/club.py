"""/club on Discord where it differs from the usual answer: `reminder set` first checks that
the bot may post in the channel, and `preview` shows the post's button too."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import discord

from bot.actions.option_base import Options
from bot.actions.spec import CommandSpec
from bot.core.errors import UserError
from bot.discord.cogs.daily_post import (
    HISTORY_PERMISSION,
    ClubPostView,
    first_missing,
    missing_post_permission,
)
from bot.discord.reply import send_reply
from bot.discord.services import context_of
from bot.render.club import channel_refused_message, with_history_tip


async def set_reminder_here(
    interaction: discord.Interaction[Any],
    spec: CommandSpec,
    opts: Options,
    given: Mapping[str, Any],
) -> None:
    channel = given["channel"]
    missing = missing_post_permission(channel)
    if missing is not None:
        raise UserError(channel_refused_message(channel.id, missing))
    reply = await spec.action(context_of(interaction), opts)
    me = channel.guild.me
    unreadable = (
        None if me is None else first_missing(channel.permissions_for(me), [HISTORY_PERMISSION])
    )
    if unreadable is not None:
        reply = with_history_tip(reply, channel.id, unreadable)
    await send_reply(interaction, reply)


async def preview_with_button(
    interaction: discord.Interaction[Any],
    spec: CommandSpec,
    opts: Options,
    given: Mapping[str, Any],
) -> None:
    del given
    reply = await spec.action(context_of(interaction), opts)
    await send_reply(interaction, reply, view=ClubPostView())
