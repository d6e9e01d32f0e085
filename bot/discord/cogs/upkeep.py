"""Background upkeep: the health heartbeat and the daily database backup.

Both loops wait for the first READY, so `runclub-bot sync` (which logs in but never connects)
neither beats nor backs up. They are stopped and awaited in `cog_unload`, which `Bot.close()`
runs before the bot closes its store: no loop touches a closed database.
"""

from __future__ import annotations

import asyncio
import logging

import discord
from discord.ext import commands, tasks

from bot.discord.cogs.common import stop_loops
from bot.discord.services import Services
from bot.health import HEARTBEAT_SECONDS, write_heartbeat

log = logging.getLogger(__name__)


class Upkeep(commands.Cog):
    def __init__(self, client: discord.Client, services: Services) -> None:
        self.client = client
        self.services = services

    async def cog_load(self) -> None:
        self.heartbeat.start()
        if self.services.settings.database.backup_dir is None:
            return
        if self.services.store.backups is None:
            log.info(
                "no daily backup: this database (%s) has no file backup; [database] backup_dir"
                " is ignored",
                self.services.settings.database.backend,
            )
            return
        self.daily_backup.start()

    async def cog_unload(self) -> None:
        await stop_loops(self.heartbeat, self.daily_backup)

    @tasks.loop(seconds=HEARTBEAT_SECONDS)
    async def heartbeat(self) -> None:
        try:
            path = self.services.settings.health.heartbeat_path
            await asyncio.to_thread(write_heartbeat, path, self.services.clock())
        except Exception:
            log.exception("could not write the heartbeat file")

    @tasks.loop(hours=1)
    async def daily_backup(self) -> None:
        database = self.services.settings.database
        backups = self.services.store.backups
        if database.backup_dir is None or backups is None:
            return
        try:
            await backups.run_daily(
                database.backup_dir, database.backup_keep, self.services.clock()
            )
        except Exception:
            log.exception("the daily backup failed; retrying in an hour")

    @heartbeat.before_loop
    @daily_backup.before_loop
    async def _wait_until_ready(self) -> None:
        await self.client.wait_until_ready()
