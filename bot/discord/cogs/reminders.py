"""Reminders and check-ins on Discord: the loop that sleeps until the next stored timer, and the
DM sender.

The loop does not poll: it sleeps until the soonest pending timer (at most MAX_SLEEP, so timers
another process added are seen), and wakes early when this process adds one
(`Services.timers_changed`, an asyncio.Event set by every press that stores a timer). Each
wake-up runs `TimerRunner.tick(now)` (bot/actions/timers.py), which holds all the logic and is
what tests drive with chosen times.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from datetime import datetime

import discord
from discord.ext import commands

from bot.actions.send_budget import SendBudget
from bot.actions.send_errors import DmClosed, RecipientGone
from bot.actions.timers import TimerRunner
from bot.core.models import MemberRef
from bot.discord.buttons import view_for
from bot.discord.failures import retried_later
from bot.discord.reply import message_kwargs
from bot.discord.scheduled_events import DiscordCalendar
from bot.discord.services import Services
from bot.render.reply import Reply

log = logging.getLogger(__name__)

# The longest sleep: other processes' new timers, and a clock that jumped, are seen by then.
MAX_SLEEP_SECONDS = 300.0
# After a failed tick, and the shortest pause between ticks.
MIN_SLEEP_SECONDS = 1.0


class DiscordDmSender:
    """One DM: open (or reuse) the member's DM channel, then post the message with its buttons.
    Both requests wait for their turn in the process's send budget, as the daily post does."""

    def __init__(self, client: discord.Client, budget: SendBudget) -> None:
        self._client = client
        self._budget = budget

    async def send_dm(self, guild_id: int, user_id: int, reply: Reply, *, nonce: str) -> None:
        if self._client.get_guild(guild_id) is None:
            # Removed from the server (or it is gone): no DM on its behalf.
            raise RecipientGone(f"the bot is not in guild {guild_id}")
        view = view_for(reply, MemberRef(guild_id=guild_id, user_id=user_id))
        kwargs = message_kwargs(reply)
        if view is not None:
            kwargs["view"] = view
        with retried_later():
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


class Reminders(commands.Cog):
    def __init__(self, client: discord.Client, services: Services) -> None:
        self.client = client
        self.services = services
        # On sharded processes each timer fires in the process that owns its guild's shard.
        self.runner = TimerRunner(
            services.store,
            services.settings,
            DiscordDmSender(client, services.send_budget),
            owns=services.shards.owns,
            calendar=DiscordCalendar(client.http),
        )
        self._task: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        self._task = asyncio.create_task(self._run_timers(), name="runclub-timers")

    async def drain(self) -> None:
        """A graceful stop: the DMs claimed go out and are recorded; nothing new is claimed."""
        await self.runner.drain()

    async def cog_unload(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task

    async def run_once(self, now: datetime) -> float:
        """One wake-up: fire what is due at `now`; returns the seconds to sleep. Never raises."""
        try:
            outcomes = await self.runner.tick(now)
            next_due = await self.runner.next_due()
        except Exception:
            log.exception("the reminder loop failed; trying again shortly")
            return 30.0
        if next_due is None:
            return MAX_SLEEP_SECONDS
        if outcomes and all(o == "skipped" for o in outcomes.values()):
            # Only other shards' timers are due: theirs to send, not a reason to spin.
            return MAX_SLEEP_SECONDS
        wait = (next_due - now).total_seconds()
        return min(max(wait, MIN_SLEEP_SECONDS), MAX_SLEEP_SECONDS)

    async def _run_timers(self) -> None:
        await self.client.wait_until_ready()
        wake = self.services.timers_changed
        while True:
            wake.clear()
            wait = await self.run_once(self.services.clock())
            # A timer stored meanwhile (wake set) may be sooner than the one slept for.
            with suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await wake.wait()
