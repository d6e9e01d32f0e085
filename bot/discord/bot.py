"""The bot: built without I/O by `create_bot`, connected to its store in `setup_hook`."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions.file_reader import ActivityFiles
from bot.actions.send_budget import SendBudget
from bot.actions.tasks import cancel_and_wait
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.core.resend import SAME_NONCE_WINDOW
from bot.core.shards import ShardSet
from bot.discord.buttons import DYNAMIC_ITEMS
from bot.discord.cogs import all_cogs
from bot.discord.cogs.common import Draining
from bot.discord.cogs.daily_post import ClubPostView
from bot.discord.commands import slash_commands
from bot.discord.services import NOT_SET_UP, Services
from bot.discord.sync import sync_if_changed
from bot.discord.tree import RunClubTree
from bot.gcpause import settle_after_startup
from bot.render.chart_pool import ChartPool
from bot.store import Store, open_store

log = logging.getLogger(__name__)


class RunClubBot(commands.Bot):
    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock,
        sync_on_start: bool,
        charts: ChartPool,
        files: ActivityFiles,
        store: Store | None = None,
        settle_gc: bool = False,
        send_budget: SendBudget | None = None,
        **client_options: Any,
    ) -> None:
        # Slash commands arrive as interactions, which need no intent; `guilds` keeps the
        # channel and permission cache that the daily post checks against.
        intents = discord.Intents.none()
        intents.guilds = True
        # The bot has no voice: discord.py's WARNINGs at every start that voice's libraries are
        # missing would read as a problem to fix.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=RunClubTree,
            allowed_contexts=app_commands.AppCommandContext(
                guild=True, dm_channel=False, private_channel=False
            ),
            allowed_installs=app_commands.AppInstallationType(guild=True, user=False),
            **client_options,
        )
        self.settings = settings
        self.clock = clock
        self.charts = charts
        self.files = files
        self.sync_on_start = sync_on_start
        # An already open store (the launcher opens it first, so an unreachable database stops
        # the start before Discord is contacted); None: setup_hook opens it.
        self._given_store = store
        # Off in tests, which start hundreds of bots in one process (frozen cycles stay).
        self.settle_gc = settle_gc
        # One per process: every cog's sends draw on the same share of Discord's global limit.
        self.send_budget = send_budget or SendBudget.for_settings(settings)
        self._store: Store | None = None
        self._services: Services | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the store is opened in setup_hook; the bot has not logged in")
        return self._store

    @property
    def services(self) -> Services:
        """What commands, views and cogs use; read through `services_of(client)`."""
        if self._services is None:
            raise RuntimeError(NOT_SET_UP)
        return self._services

    async def setup_hook(self) -> None:
        store = self._given_store or await open_store(self.settings.database)
        self._given_store = None
        if self.is_closed():
            # A stop signal closed the bot while the store was opening; close() could not
            # see the store then, and an open store's thread would keep the process alive.
            await store.close()
            return
        self._store = store
        # Who has a notice waiting: read once here, so a command with no data reads nothing.
        await store.notices.read(self.clock())
        self._services = Services(
            store=store,
            settings=self.settings,
            clock=self.clock,
            charts=self.charts,
            files=self.files,
            send_budget=self.send_budget,
            shards=ShardSet.of(self.settings.discord.shard_count, self.settings.discord.shard_ids),
        )
        for slash in slash_commands():
            self.tree.add_command(slash)
        for cog in all_cogs(self, self._services):
            await self.add_cog(cog)
        for command in self.tree.get_commands():
            # `contexts` (set for the whole tree above) is what current clients read; older
            # ones still read the deprecated dm_permission, so both say "servers only".
            command.guild_only = True
        # The daily post's button keeps answering on posts made before this start.
        self.add_view(ClubPostView())
        # The member's own buttons (remind me, check-in, /mydata delete) carry their state in
        # their custom ids, so they answer on messages sent before this start too.
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        if self.sync_on_start:
            await sync_if_changed(self)
        if self.settle_gc:
            settle_after_startup()

    async def drain(self, seconds: float) -> None:
        """Before close() on a stop signal: let the posts and DMs in flight finish and be
        recorded, for at most `seconds`; close() then cancels what is left."""
        draining = [
            asyncio.create_task(cog.drain(), name=f"drain {name}")
            for name, cog in self.cogs.items()
            if isinstance(cog, Draining)
        ]
        if not draining:
            return
        log.info("stopping: the posts and DMs being sent may finish (at most %g s)", seconds)
        _, late = await asyncio.wait(draining, timeout=seconds)
        if late:
            await cancel_and_wait(late)
            log.warning(
                "sends still in flight after [discord] drain_seconds = %g are cut off; a start"
                " within %s sends them again with the same nonce",
                seconds,
                SAME_NONCE_WINDOW,
            )

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            await self.charts.close()
            await self.files.close()
            if self._given_store is not None:
                # Handed in but never taken up: setup_hook did not run.
                await self._given_store.close()
                self._given_store = None
            if self._store is not None:
                await self._store.close()
                self._store = None
                self._services = None


class ShardedRunClubBot(RunClubBot, commands.AutoShardedBot):
    """The same bot over several shards in one process (`[discord] shard_count`/`shard_ids`):
    discord.py's AutoShardedBot, which staggers the shards' IDENTIFYs by Discord's
    session-start limit."""


def create_bot(
    settings: Settings,
    *,
    clock: Clock = system_clock,
    sync_on_start: bool = True,
    charts: ChartPool | None = None,
    files: ActivityFiles | None = None,
    store: Store | None = None,
    settle_gc: bool = False,
    send_budget: SendBudget | None = None,
) -> RunClubBot:
    """Build the bot. No I/O happens here: the store opens when the bot logs in (unless an
    open one is given), the chart worker process starts with the first chart and the file
    reader's with the first file. `send_budget` paces the posts and DMs (default: this
    process's share of Discord's global limit, from the settings).

    With shard settings it is an AutoShardedBot serving those shards; without, a plain Bot."""
    reader = files if files is not None else ActivityFiles.in_processes()
    pool = charts if charts is not None else ChartPool.in_processes(settings.charts.idle_minutes)
    shards = settings.discord
    if shards.shard_count is None:
        return RunClubBot(
            settings,
            clock=clock,
            sync_on_start=sync_on_start,
            charts=pool,
            files=reader,
            store=store,
            settle_gc=settle_gc,
            send_budget=send_budget,
        )
    shard_ids = None if shards.shard_ids is None else list(shards.shard_ids)
    return ShardedRunClubBot(
        settings,
        clock=clock,
        sync_on_start=sync_on_start,
        charts=pool,
        files=reader,
        store=store,
        settle_gc=settle_gc,
        send_budget=send_budget,
        shard_count=shards.shard_count,
        shard_ids=shard_ids,
    )
