"""/checkin on Discord: the usual answer, then the timers' loop is woken for the new check-in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import discord

from bot.actions.options import Options
from bot.actions.spec import CommandSpec
from bot.discord.reply import send_reply
from bot.discord.services import context_of, services_of


async def set_checkin_here(
    interaction: discord.Interaction[Any],
    spec: CommandSpec,
    opts: Options,
    given: Mapping[str, Any],
) -> None:
    del given
    reply = await spec.action(context_of(interaction), opts)
    services_of(interaction.client).timers_changed.set()
    await send_reply(interaction, reply)
