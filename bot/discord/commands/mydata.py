"""/mydata delete on Discord: the question comes with two buttons, Delete and Cancel.

They are `DynamicItem`s (bot/discord/buttons.py) whose custom id names the member and the
moment they stop working, so they answer after a restart too; a press after that moment says
the confirmation expired and deletes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import discord

from bot.actions.option_base import Options
from bot.actions.spec import CommandSpec
from bot.core.models import MemberRef
from bot.discord.buttons import ConfirmDeleteButton
from bot.discord.reply import send_reply
from bot.discord.services import context_of
from bot.render.mydata import CONFIRM_SECONDS


def confirm_view(member: MemberRef, expires: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ConfirmDeleteButton(member, expires, "delete"))
    view.add_item(ConfirmDeleteButton(member, expires, "cancel"))
    return view


async def ask_with_buttons(
    interaction: discord.Interaction[Any],
    spec: CommandSpec,
    opts: Options,
    given: Mapping[str, Any],
) -> None:
    del given
    ctx = context_of(interaction)
    question = await spec.action(ctx, opts)
    expires = int((ctx.now + timedelta(seconds=CONFIRM_SECONDS)).timestamp())
    await send_reply(interaction, question, view=confirm_view(ctx.member, expires))
