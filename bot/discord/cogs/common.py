"""What the background cogs share."""

from __future__ import annotations

import asyncio
from typing import Any, Protocol, runtime_checkable

from discord.ext import tasks


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


@runtime_checkable
class Draining(Protocol):
    """A cog whose sends in flight a graceful stop lets finish (RunClubBot.drain)."""

    async def drain(self) -> None:
        """Start nothing new; return once what was started is done. The caller bounds the
        wait, and cog_unload cancels whatever is left."""
        ...
