"""A console session: lines in, answers and DMs out.

The console's event loop runs in a helper thread, so that it keeps going while the main thread
waits for a line at `input()` (which keeps line editing and Ctrl-C there). Between lines, the
reminders' task (`run_timers`, the bot's scheduler with the console's timers as its one job)
sleeps until the next reminder or check-in is due and prints its DM as it comes. Everything
written to `out` is written from the loop's thread, one piece at a time, so an answer and a DM
never interleave.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Coroutine, Iterable, Iterator
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO, TypeVar

from bot.actions.scheduler import Scheduler
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.console.reminders import CONSOLE_SLOW_POLL
from bot.console.repl import PROMPT, Console
from bot.console.text import wrap

log = logging.getLogger(__name__)

T = TypeVar("T")


def welcome(settings: Settings) -> str:
    return (
        "runclub-bot offline console: you are a member of a local club; its data: "
        f"{settings.database.shown}.\nType help for the commands; /exit or Ctrl-D leaves."
    )


def prompt_lines() -> Iterator[str]:
    """Lines typed at a terminal, until Ctrl-D."""
    # Importing readline gives input() line editing and history where it exists.
    with suppress(ImportError):
        import readline  # noqa: F401, PLC0415
    while True:
        try:
            yield input(PROMPT)
        except EOFError:
            print()
            return


class _ShownDms:
    """The console's reminders and check-ins as the scheduler's job: each DM is shown."""

    # A bot on the same database may store timers too.
    polled = True

    def __init__(self, console: Console, show: Callable[[str], None]) -> None:
        self._console = console
        self._show = show

    async def next_due(self, now: datetime) -> datetime | None:
        return await self._console.timers.next_due(now)

    async def run(self, now: datetime) -> None:
        text = await self._console.deliver(now)
        if text:
            self._show(text)


async def run_timers(console: Console, show: Callable[[str], None]) -> None:
    """The reminders' task: fire what is due, show its DMs, sleep until the next is due or
    `console.timers.wake` is told (by a line that stored or moved one). Runs until
    cancelled."""
    scheduler = Scheduler(
        [_ShownDms(console, show)],
        console.clock,
        wake=console.timers.wake,
        slow_poll=CONSOLE_SLOW_POLL,
    )
    await scheduler.run_forever()


class _LoopThread:
    """An event loop running in a daemon thread; `run` waits for one coroutine there."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self.loop.run_forever, name="runclub-console", daemon=True
        )
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return future.result()
        except BaseException:
            # Ctrl-C while a command runs: the command is cancelled, as asyncio.run would.
            future.cancel()
            raise

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join()
        self.loop.run_until_complete(self.loop.shutdown_default_executor())
        self.loop.close()


def run_console(
    settings: Settings,
    lines: Iterable[str],
    out: TextIO,
    *,
    clock: Clock = system_clock,
    echo: bool = False,
    banner: str | None = None,
    width: int | None = None,
    files_dir: Path | None = None,
    at_terminal: bool = False,
) -> int:
    """Answer `lines` until they end or one says /exit.

    `echo` writes each line after the prompt, so that a transcript of piped input reads like a
    session; `banner` is printed once the database is open; `width` wraps answers to a
    terminal's width (piped output stays one line per line). `at_terminal`: a DM printed while
    the terminal waits for a line writes the prompt again after it.
    """

    def write(text: str) -> None:
        if text:
            out.write(f"{text if width is None else wrap(text, width)}\n\n")
        out.flush()

    def show(text: str) -> None:
        # The terminal's prompt is already on screen: the DM goes below it, and a new one after.
        write(f"\n{text}" if at_terminal else text)
        if at_terminal:
            out.write(PROMPT)
            out.flush()

    async def start() -> tuple[Console, asyncio.Task[None]]:
        console = await Console.open(settings, clock=clock, files_dir=files_dir)
        if banner:
            out.write(f"{banner}\n")
        # What came due while the console was closed, before the first line.
        write(await console.deliver())
        return console, asyncio.create_task(run_timers(console, show), name="console-timers")

    async def answer(console: Console, text: str) -> bool:
        if echo:
            out.write(f"{PROMPT}{text.rstrip()}\n")
        answered = await console.handle(text)
        write(answered.text)
        if not answered.done:
            write(await console.deliver())  # what this line made due at once
        return answered.done

    async def stop(console: Console, task: asyncio.Task[None]) -> None:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
        await console.close()

    loop = _LoopThread()
    try:
        console, task = loop.run(start())
        try:
            for text in lines:
                if loop.run(answer(console, text)):
                    break
        finally:
            loop.run(stop(console, task))
    finally:
        loop.close()
    return 0
