"""bot.actions.tasks: handing work to a task through a bounded queue never waits forever."""

from __future__ import annotations

import asyncio

import pytest

from bot.actions.tasks import put_for


async def _never() -> None:
    await asyncio.Event().wait()


async def test_an_item_goes_in_at_once_while_there_is_room() -> None:
    queue: asyncio.Queue[int] = asyncio.Queue(1)
    reader = asyncio.create_task(_never())
    await put_for(queue, 1, reader)
    assert queue.get_nowait() == 1
    reader.cancel()


async def test_a_full_queue_takes_the_item_once_the_reader_makes_room() -> None:
    queue: asyncio.Queue[int] = asyncio.Queue(1)
    queue.put_nowait(1)
    taken: list[int] = []

    async def read_two() -> None:
        for _ in range(2):
            taken.append(await queue.get())

    reader = asyncio.create_task(read_two())
    await put_for(queue, 2, reader)
    await reader
    assert taken == [1, 2]


async def test_a_reader_that_fails_first_raises_its_error_and_leaves_nothing_behind() -> None:
    queue: asyncio.Queue[int] = asyncio.Queue(1)
    queue.put_nowait(1)

    async def fail() -> None:
        raise ValueError("the reader broke")

    with pytest.raises(ValueError, match="the reader broke"):
        await put_for(queue, 2, asyncio.create_task(fail()))
    assert queue.qsize() == 1 and queue.get_nowait() == 1


async def test_a_reader_that_ends_without_taking_is_an_error_not_a_hang() -> None:
    queue: asyncio.Queue[int] = asyncio.Queue(1)
    queue.put_nowait(1)

    async def stop() -> None:
        return None

    with pytest.raises(RuntimeError, match="reader ended"):
        await put_for(queue, 2, asyncio.create_task(stop()))
    assert queue.qsize() == 1
