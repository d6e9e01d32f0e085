"""Reminders and check-ins on Discord: their timed job and the DM sender.

The scheduler (bot/discord/cogs/schedule.py) runs the job when the soonest stored timer is due
(`TimerRunner.next_due`), woken early when this process stores or moves one, and reads that
time again at least every SLOW_POLL for timers other processes stored. Each run is
`TimerRunner.tick(now)` (bot/actions/timers.py), which holds all the logic and is what tests
drive with chosen times.
"""

from __future__ import annotations

import logging
from datetime import datetime

import discord
from discord.ext import commands

from bot.actions.send_budget import SendBudget
from bot.actions.send_errors import DmClosed, RecipientGone, TemporaryFailure
from bot.actions.timers import TimerRunner
from bot.core.models import MemberRef
from bot.discord.buttons import view_for
from bot.discord.dm_club import club_author, made_for_club
from bot.discord.failures import retried_later
from bot.discord.history import begins_as, own_message_after
from bot.discord.reply import message_kwargs
from bot.discord.scheduled_events import DiscordCalendar
from bot.discord.services import Services
from bot.render.reply import Reply

log = logging.getLogger(__name__)


class DiscordDmSender:
    """One DM: open (or reuse) the member's DM channel, then post the message with its buttons.
    Both requests wait for their turn in the process's send budget, as the daily post does."""

    def __init__(self, client: discord.Client, budget: SendBudget) -> None:
        self._client = client
        self._budget = budget

    async def send_dm(self, guild_id: int, user_id: int, reply: Reply, *, nonce: str) -> None:
        guild = self._client.get_guild(guild_id)
        if guild is None:
            # Removed from the server (or it is gone): no DM on its behalf.
            raise RecipientGone(f"the bot is not in guild {guild_id}")
        view = view_for(reply, MemberRef(guild_id=guild_id, user_id=user_id))
        # Named at its top: the member's DMs with the bot are one channel whatever the server.
        kwargs = message_kwargs(reply.model_copy(update={"author": club_author(guild)}))
        if view is not None:
            kwargs["view"] = view
        with retried_later(self._client.http):
            try:
                # The open may be answered from discord.py's cache without a request; its turn
                # is taken anyway (a DM costs at most two requests).
                await self._budget.take()
                channel = await self._client.create_dm(discord.Object(user_id))
                await self._budget.take()
                # discord.py would pick a fresh nonce; this one is the same for every attempt
                # at this DM, and it sends enforce_nonce with it, so Discord dedups a resend.
                await channel.send(**kwargs, nonce=nonce)
            except discord.Forbidden as exc:
                # 50007 "Cannot send messages to this user": DMs closed, the bot blocked, or no
                # server in common any more.
                raise DmClosed(f"{exc.status} code {exc.code}: {exc.text}") from exc

    async def find_dm(self, guild_id: int, user_id: int, reply: Reply, *, after: datetime) -> bool:
        """Whether the bot's own DM for `guild_id` (bot.discord.dm_club) that begins as `reply`
        is among the member's DMs made since `after` (bot.discord.history: one request, after
        the open)."""
        if self._client.get_guild(guild_id) is None:
            raise RecipientGone(f"the bot is not in guild {guild_id}")
        me = self._client.user
        if me is None:
            raise TemporaryFailure("not logged in yet")
        embed = message_kwargs(reply).get("embed")
        if embed is None:
            raise ValueError("a DM without an embed cannot be looked for")
        with retried_later(self._client.http):
            try:
                await self._budget.take()
                channel = await self._client.create_dm(discord.Object(user_id))
                await self._budget.take()
                found = await own_message_after(
                    channel,
                    me,
                    after,
                    lambda m: begins_as(embed, m) and made_for_club(m, guild_id),
                )
            except discord.Forbidden as exc:
                raise DmClosed(f"{exc.status} code {exc.code}: {exc.text}") from exc
        return found is not None


class Reminders(commands.Cog):
    """Reminders and check-ins as one of the scheduler's jobs. Polled: a timer can be stored by
    another process on the same database (the offline console, a rolling restart)."""

    polled = True

    def __init__(self, client: discord.Client, services: Services) -> None:
        self.client = client
        self.services = services
        # On sharded processes each timer fires in the process that owns its guild's shard.
        self.runner = TimerRunner(
            services.store,
            services.settings,
            DiscordDmSender(client, services.send_budget),
            owns=services.shards.owns,
            calendar=DiscordCalendar(client.http, services.send_budget),
        )

    async def next_due(self, now: datetime) -> datetime | None:
        return await self.runner.next_due(now)

    async def drain(self) -> None:
        """A graceful stop: the DMs claimed go out and are recorded; nothing new is claimed."""
        await self.runner.drain()

    async def run(self, now: datetime) -> None:
        """Fire what is due at `now`; never raises."""
        try:
            await self.runner.tick(now)
        except Exception:
            log.exception("the reminders failed; trying again shortly")
