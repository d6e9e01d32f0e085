"""The scheduler on Discord: one task that runs every timed job (bot/actions/scheduler.py).

The jobs are the other cogs: the daily post, reminders and check-ins, the purge of departed
clubs, the backup. The task starts once the bot is ready and wakes early whenever
`Services.wake` is told a due time changed. This cog is added first, so `Bot.close()` stops
the scheduler before the jobs' own cogs unload and before the store closes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from contextlib import suppress

import discord
from discord.ext import commands

from bot.actions.scheduler import Job, Scheduler
from bot.discord.services import Services


class Schedule(commands.Cog):
    def __init__(self, client: discord.Client, services: Services, jobs: Sequence[Job]) -> None:
        self.client = client
        self.services = services
        self.jobs = list(jobs)
        self.scheduler = Scheduler(self.jobs, services.clock, wake=services.wake)
        self._task: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        self._task = asyncio.create_task(self._run(), name="runclub-scheduler")

    async def cog_unload(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        await self.client.wait_until_ready()
        await self.scheduler.run_forever()
