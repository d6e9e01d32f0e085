"""The pace of what the bot sends on its own (daily posts, reminder and check-in DMs): one
`SendBudget` per process, taken before every such request (bot/core/send_budget.py says why
and how much). Interaction replies never wait for it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from bot.config import Settings
from bot.core.send_budget import TokenBucket, process_share
from bot.core.shards import ShardSet

Monotonic = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class SendBudget:
    """`await budget.take()` right before each request: returns when it may go out. Callers
    are served one at a time in the order they ask (asyncio.Lock is first come, first served),
    so posts queued in slot order go out in slot order."""

    def __init__(
        self,
        per_second: float,
        *,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._bucket = TokenBucket(per_second)
        self._monotonic = monotonic
        self._sleep = sleep
        self._turn = asyncio.Lock()

    @classmethod
    def for_settings(
        cls,
        settings: Settings,
        *,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> SendBudget:
        """This process's share: `[discord] requests_per_second`, or its shards' part."""
        discord = settings.discord
        shards = ShardSet.of(discord.shard_count, discord.shard_ids)
        per_second = process_share(shards, discord.requests_per_second)
        return cls(per_second, monotonic=monotonic, sleep=sleep)

    @property
    def per_second(self) -> float:
        return self._bucket.per_second

    async def take(self) -> None:
        async with self._turn:
            wait = self._bucket.reserve(self._monotonic())
            if wait > 0:
                await self._sleep(wait)
                # A busy event loop wakes us late: the next turn counts from now.
                self._bucket.sent(self._monotonic())
