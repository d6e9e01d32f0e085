"""What every cog shares: the per-interaction context, run-type choices, autocompletes."""

from __future__ import annotations

import asyncio
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands
from discord.ext import tasks

from bot.actions.context import Context
from bot.core.models import MemberRef, RunType, intensity_of
from bot.core.when import Direction, describe_when, timezone_suggestions, when_suggestions

if TYPE_CHECKING:
    from bot.discord.bot import RunClubBot

# Parameters with these choices are typed `str`: discord.py would otherwise refuse an
# unknown value itself with a message that cannot name the option; parse_options names it.
RUN_TYPE_CHOICES = [
    app_commands.Choice(
        name=f"{rt.value} ({intensity_of(rt).value.lower()} intensity)", value=rt.value
    )
    for rt in RunType
]


def enum_choices(enum: type[StrEnum]) -> list[app_commands.Choice[str]]:
    """Lower-case choices; discord.py would otherwise show the members' upper-case names."""
    return [app_commands.Choice(name=member.value, value=member.value) for member in enum]


AUTOCOMPLETE_MAX = 25
CHOICE_TEXT_MAX = 100


def bot_of(interaction: discord.Interaction[Any]) -> RunClubBot:
    return cast("RunClubBot", interaction.client)


def member_of(interaction: discord.Interaction[Any]) -> MemberRef:
    """Whose data: the guild and user of the interaction itself, never an option."""
    if interaction.guild_id is None:
        # The tree refuses DMs before any command runs; reaching here is a bug.
        raise RuntimeError("guild-only command ran outside a guild")
    return MemberRef(guild_id=interaction.guild_id, user_id=interaction.user.id)


def context_of(interaction: discord.Interaction[Any]) -> Context:
    bot = bot_of(interaction)
    return Context(
        store=bot.store,
        settings=bot.settings,
        member=member_of(interaction),
        now=bot.clock(),
        charts=bot.charts,
    )


def _choice(name: str, value: str) -> app_commands.Choice[str]:
    return app_commands.Choice(name=name[:CHOICE_TEXT_MAX], value=value[:CHOICE_TEXT_MAX])


async def _when_choices(
    interaction: discord.Interaction[Any], current: str, direction: Direction
) -> list[app_commands.Choice[str]]:
    """Shows how the typed text is understood, in the member's own time zone."""
    if interaction.guild_id is None:
        return []
    ctx = context_of(interaction)
    profile = await ctx.profile()
    tz = ctx.member_zone(profile)
    pairs = when_suggestions(current, now=ctx.now, tz=tz, direction=direction)
    if not pairs and current:
        pairs = [(describe_when(current, now=ctx.now, tz=tz, direction=direction), current)]
    return [_choice(name, value) for name, value in pairs[:AUTOCOMPLETE_MAX]]


async def when_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """`when` of a log (/legday, /run): times read as already past."""
    return await _when_choices(interaction, current, Direction.PAST)


async def plan_when_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """`when` of a plan (/canirun): times read as still ahead."""
    return await _when_choices(interaction, current, Direction.FUTURE)


async def timezone_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    return [_choice(name, name) for name in timezone_suggestions(current, AUTOCOMPLETE_MAX)]


async def stop_loops(*loops: tasks.Loop[Any]) -> None:
    """Cancel background loops and wait until each has really stopped (for cog_unload)."""
    running = []
    for loop in loops:
        task = loop.get_task()
        loop.cancel()
        if task is not None:
            running.append(task)
    if running:
        # wait(), not `await task`: a loop's CancelledError is not ours to raise.
        await asyncio.wait(running)
