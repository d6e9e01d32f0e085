"""What the bot's commands, views and loops need, in one small typed object.

The bot builds a `Services` once its store is open and carries it as `client.services`; the
rest of bot/discord reaches it through `services_of`, so no module imports the bot class.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import discord

from bot.actions.context import Context
from bot.actions.file_reader import ActivityFiles
from bot.actions.scheduler import Wake
from bot.actions.send_budget import SendBudget
from bot.clock import Clock
from bot.config import Settings
from bot.core.models import MemberRef
from bot.core.shards import ShardSet
from bot.discord.scheduled_events import DiscordCalendar
from bot.render.chart_pool import ChartPool
from bot.store import Store


@dataclass(frozen=True, slots=True)
class Services:
    store: Store
    settings: Settings
    clock: Clock
    charts: ChartPool
    # Where watch files are read (a helper process in the bot).
    files: ActivityFiles
    # Paces every request the bot sends on its own (posts, DMs) to this process's share.
    send_budget: SendBudget
    # Told when a due time may have moved (`Context.due_changed`): wakes the scheduler.
    wake: Wake = field(default_factory=Wake)
    # /mydata delete questions already answered (message ids): a double press does one thing.
    answered_confirmations: set[int] = field(default_factory=set)
    # The guilds whose timed jobs (daily post, purge) this process runs.
    shards: ShardSet = field(default_factory=ShardSet.everything)


NOT_SET_UP = "the services are set up in setup_hook; the bot has not logged in"


def services_of(client: discord.Client) -> Services:
    """The services of a RunClubBot (`interaction.client` in a command)."""
    services = getattr(client, "services", None)
    if not isinstance(services, Services):
        raise RuntimeError(NOT_SET_UP)
    return services


def member_of(interaction: discord.Interaction[Any]) -> MemberRef:
    """Whose data: the guild and user of the interaction itself, never an option."""
    if interaction.guild_id is None:
        # The tree refuses DMs before any command runs; reaching here is a bug.
        raise RuntimeError("guild-only command ran outside a guild")
    return MemberRef(guild_id=interaction.guild_id, user_id=interaction.user.id)


def context_of(interaction: discord.Interaction[Any]) -> Context:
    services = services_of(interaction.client)
    return Context(
        store=services.store,
        settings=services.settings,
        member=member_of(interaction),
        now=services.clock(),
        charts=services.charts,
        files=services.files,
        calendar=DiscordCalendar(interaction.client.http),
        due_changed=services.wake.due_changed,
    )
