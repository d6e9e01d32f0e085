"""Where charts are drawn: in a worker process, off the event loop and off its GIL.

matplotlib holds the GIL for long stretches while it renders, so a worker *thread* still stalls
the event loop: measured with scripts/bench.py's loop-lag probe, one /history chart drawn in a
thread delayed every other member's command by about 100 ms; drawn in a worker process, not at
all. The executor is injected like the clock: the bot uses one spawned process, the offline
console and most tests the loop's default thread pool (same chart code, no process start-up).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Self

from bot.core.history import HistoryChart

log = logging.getLogger(__name__)


# These two run in the worker. They import the chart module there, so the bot's own process
# never loads matplotlib (faster start, less memory) when charts are drawn in processes.
def _warm_up() -> None:
    """The first chart should not also pay for importing matplotlib and loading fonts."""
    from bot.render import charts  # noqa: PLC0415

    charts.warm_up()


def _history_png(chart: HistoryChart) -> bytes:
    from bot.render import charts  # noqa: PLC0415

    return charts.history_png(chart)


class ChartPool:
    def __init__(self, *, processes: int | None) -> None:
        # None: the event loop's default thread pool. Otherwise that many spawned processes
        # (spawn, not fork: forking a process that runs aiosqlite's threads is unsafe).
        self._processes = processes
        self._executor: Executor | None = self._new_executor()

    @classmethod
    def in_processes(cls, processes: int = 1) -> Self:
        return cls(processes=processes)

    @classmethod
    def in_threads(cls) -> Self:
        return cls(processes=None)

    def _new_executor(self) -> Executor | None:
        if self._processes is None:
            return None
        return ProcessPoolExecutor(
            max_workers=self._processes, mp_context=multiprocessing.get_context("spawn")
        )

    def warm_up(self) -> None:
        """Start the worker now (in the background) rather than on the first /history."""
        if self._executor is not None:
            self._executor.submit(_warm_up)

    async def history_png(self, chart: HistoryChart) -> bytes:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, _history_png, chart)
        except BrokenProcessPool:
            # The worker died (killed, out of memory); one fresh pool, one more try.
            log.warning("the chart worker process died; starting a new one")
            self.close()
            self._executor = self._new_executor()
            return await loop.run_in_executor(self._executor, _history_png, chart)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
