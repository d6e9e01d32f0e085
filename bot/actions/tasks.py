"""Background tasks that never outlive what started them."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any, TypeVar

T = TypeVar("T")


async def cancel_and_wait(tasks: Iterable[asyncio.Task[Any]]) -> None:
    """Cancel the tasks not done yet and wait until every one has stopped (their errors are
    their own: whoever awaited them has seen or logged them)."""
    pending = [task for task in tasks if not task.done()]
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


async def put_for(queue: asyncio.Queue[T], item: T, reader: asyncio.Task[Any]) -> None:
    """Put `item` in the bounded `queue` once `reader`, its one reader, makes room. Raises if
    `reader` ends first (its own error, or a RuntimeError), instead of waiting forever."""
    if not queue.full():
        queue.put_nowait(item)
        return
    put = asyncio.ensure_future(queue.put(item))
    try:
        await asyncio.wait([put, reader], return_when=asyncio.FIRST_COMPLETED)
    finally:
        await cancel_and_wait([put])
    if put.cancelled():
        reader.result()
        raise RuntimeError("the queue's reader ended before taking everything")
