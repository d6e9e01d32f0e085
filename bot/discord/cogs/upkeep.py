"""Background upkeep: the health heartbeat and the daily database backup.

The heartbeat is a loop of its own; the backup is one of the scheduler's jobs (bot/discord/cogs/
schedule.py): due once the bot is ready, then at each UTC midnight (its file is named for the
UTC date), an hour later after a failure. Both wait for the first READY, so `runclub-bot sync`
(which logs in but never connects) neither beats nor backs up, and both stop in `cog_unload`s
that `Bot.close()` runs before the bot closes its store: nothing touches a closed database.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, time, timedelta

import discord
from discord.ext import commands, tasks

from bot.discord.cogs.common import stop_loops
from bot.discord.services import Services
from bot.health import HEARTBEAT_SECONDS, write_heartbeat

log = logging.getLogger(__name__)

BACKUP_RETRY = timedelta(hours=1)


def next_utc_midnight(now: datetime) -> datetime:
    return datetime.combine(now.astimezone(UTC).date() + timedelta(days=1), time(), UTC)


class Upkeep(commands.Cog):
    # The backup's due time is this process's own (in memory): nothing to poll.
    polled = False

    def __init__(self, client: discord.Client, services: Services) -> None:
        self.client = client
        self.services = services
        self._backs_up = False
        # None until the first backup: due as soon as the scheduler starts (once ready).
        self._next_backup: datetime | None = None

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
        self._backs_up = True

    async def cog_unload(self) -> None:
        await stop_loops(self.heartbeat)

    @tasks.loop(seconds=HEARTBEAT_SECONDS)
    async def heartbeat(self) -> None:
        try:
            path = self.services.settings.health.heartbeat_path
            await asyncio.to_thread(write_heartbeat, path, self.services.clock())
        except Exception:
            log.exception("could not write the heartbeat file")

    async def next_due(self, now: datetime) -> datetime | None:
        if not self._backs_up:
            return None
        return now if self._next_backup is None else self._next_backup

    async def run(self, now: datetime) -> None:
        """Today's backup, unless it exists (`run_daily` checks); never raises."""
        database = self.services.settings.database
        backups = self.services.store.backups
        if database.backup_dir is None or backups is None:
            return
        try:
            await backups.run_daily(database.backup_dir, database.backup_keep, now)
        except Exception:
            log.exception("the daily backup failed; retrying in an hour")
            self._next_backup = now + BACKUP_RETRY
            return
        self._next_backup = next_utc_midnight(now)

    @heartbeat.before_loop
    async def _wait_until_ready(self) -> None:
        await self.client.wait_until_ready()
