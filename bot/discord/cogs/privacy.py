"""A club's data after the bot leaves its server: kept `[privacy] keep_days_after_removal` days
in case the bot is added back, then deleted.

The listeners record removals and re-joins as they happen. The daily purge, one of the
scheduler's jobs (bot/discord/cogs/schedule.py), runs once the bot is ready and then every
PURGE_EVERY: it catches up on what happened while the bot was offline (no event is replayed
after a restart), then purges.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import discord
from discord.ext import commands

from bot.discord.services import Services
from bot.store import StoreUnavailable

log = logging.getLogger(__name__)

PURGE_EVERY = timedelta(hours=24)


class Privacy(commands.Cog):
    # Its due time is this process's own (in memory): nothing to poll.
    polled = False

    def __init__(self, client: discord.Client, services: Services) -> None:
        self.client = client
        self.services = services
        # None until the first purge: due as soon as the scheduler starts (once ready).
        self._next_purge: datetime | None = None

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        try:
            await self.services.store.privacy.mark_removed(guild.id, self.services.clock())
            log.info(
                "removed from guild %s; its data is deleted in %d days unless re-added",
                guild.id,
                self.services.settings.privacy.keep_days_after_removal,
            )
        except Exception:
            log.exception("could not record the removal from guild %s", guild.id)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        try:
            if await self.services.store.privacy.clear_removed(guild.id):
                log.info("added back to guild %s; its data is kept", guild.id)
        except Exception:
            log.exception("could not clear the removal record of guild %s", guild.id)

    async def next_due(self, now: datetime) -> datetime:
        return now if self._next_purge is None else self._next_purge

    async def run(self, now: datetime) -> None:
        """The daily purge; never raises."""
        self._next_purge = now + PURGE_EVERY
        try:
            await self.reconcile_guilds(now)
            await self.purge_removed(now)
        except StoreUnavailable as exc:
            log.warning("the daily purge of removed clubs: %s; retrying tomorrow", exc)
        except Exception:
            log.exception("the daily purge of removed clubs failed; retrying tomorrow")

    async def reconcile_guilds(self, now: datetime) -> None:
        """Match the removal records with the guilds the bot is in now (call once ready).

        A guild it is in keeps its data; a guild with data that it is not in counts as removed
        from `now`.
        """
        privacy = self.services.store.privacy
        present = {guild.id for guild in self.client.guilds}
        removed = await privacy.removed_guilds()
        for guild_id in sorted(removed.keys() & present):
            await privacy.clear_removed(guild_id)
            log.info("in guild %s again; its data is kept", guild_id)
        if not present:
            # No guilds at all looks like a wrong token rather than every club leaving at
            # once: mark nothing from here.
            return
        # Sharded over processes, each sees the guilds of its own shards only (all of them,
        # unavailable ones included, once ready): it marks its own.
        owns = self.services.shards.owns
        for guild_id in sorted(await privacy.guilds_with_data() - present - removed.keys()):
            if not owns(guild_id):
                continue
            await privacy.mark_removed(guild_id, now)
            log.info("not in guild %s any more (removed while offline); marked removed", guild_id)

    async def purge_removed(self, now: datetime) -> list[int]:
        """Delete all data of clubs removed at least keep_days_after_removal days before `now`."""
        keep_days = self.services.settings.privacy.keep_days_after_removal
        purged = await self.services.store.privacy.purge_removed(
            now - timedelta(days=keep_days), owns=self.services.shards.owns
        )
        for guild_id in purged:
            log.info("deleted all data of guild %s, removed over %d days ago", guild_id, keep_days)
        return purged
