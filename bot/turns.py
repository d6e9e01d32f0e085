"""Long loops on the event loop that give it a turn now and then."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from typing import TypeVar

T = TypeVar("T")


async def taking_turns(items: Iterable[T], every: int) -> AsyncIterator[T]:
    """`items`, with the event loop's turn after every `every` of them: a loop over thousands
    of clubs or rows, all CPU, holds up every other task for a few milliseconds at most."""
    for count, item in enumerate(items, 1):
        yield item
        if count % every == 0:
            await asyncio.sleep(0)
