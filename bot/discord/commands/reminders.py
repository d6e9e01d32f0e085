"""/checkin and /edit on Discord: the usual answer, and the timers' loop is woken, since a new
check-in, or a reminder an edited leg day moved earlier, may be due before the loop's wake-up."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import discord

from bot.actions.option_base import Options
from bot.actions.spec import CommandSpec
from bot.discord.commands.slash import answer
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


async def answer_and_wake(
    interaction: discord.Interaction[Any],
    spec: CommandSpec,
    opts: Options,
    given: Mapping[str, Any],
) -> None:
    """The usual answer; then the loop re-reads when the next timer is due."""
    await answer(interaction, spec, opts, given)
    services_of(interaction.client).timers_changed.set()
