"""Where charts are drawn: in a helper process, off the event loop and off its GIL.

matplotlib holds the GIL for long stretches while it renders, so a worker *thread* still stalls
the event loop: measured with scripts/bench.py's loop-lag probe, one /history chart drawn in a
thread delayed every other member's command by about 100 ms; drawn in a separate process, not
at all. The process starts with the first chart and leaves after `idle_minutes` without one
(bot/offload/process.py), so the bot's own process never imports matplotlib. The pool is
injected like the clock: the bot uses the process, the offline console and most tests the
loop's default thread pool (same chart code, no process start-up).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Self

from bot.core.history import HistoryChart
from bot.core.week import TrainingWeek
from bot.offload.process import WorkerCrashed, WorkerProcess

log = logging.getLogger(__name__)

HISTORY_PNG = "bot.render.charts:history_png"
WEEK_PNG = "bot.render.charts:week_png"
# A chart takes well under a second; past this the worker is stuck, not busy.
CHART_TIME_LIMIT_SECONDS = 30.0


def _history_png_here(chart: HistoryChart) -> bytes:
    from bot.render import charts  # noqa: PLC0415 (matplotlib only where a chart is drawn)

    return charts.history_png(chart)


def _week_png_here(week: TrainingWeek) -> bytes:
    from bot.render import charts  # noqa: PLC0415 (matplotlib only where a chart is drawn)

    return charts.week_png(week)


class ChartPool:
    def __init__(self, worker: WorkerProcess | None) -> None:
        # None: the event loop's default thread pool.
        self._worker = worker

    @classmethod
    def in_processes(cls, idle_minutes: float = 10) -> Self:
        return cls(WorkerProcess(idle_seconds=idle_minutes * 60, name="chart worker"))

    @classmethod
    def in_threads(cls) -> Self:
        return cls(None)

    @property
    def worker_pid(self) -> int | None:
        return None if self._worker is None else self._worker.pid

    async def history_png(self, chart: HistoryChart) -> bytes:
        if self._worker is None:
            return await asyncio.to_thread(_history_png_here, chart)
        return await self._in_worker(self._worker, HISTORY_PNG, chart)

    async def week_png(self, week: TrainingWeek) -> bytes:
        """The /week chart, drawn like /history's."""
        if self._worker is None:
            return await asyncio.to_thread(_week_png_here, week)
        return await self._in_worker(self._worker, WEEK_PNG, week)

    @staticmethod
    async def _in_worker(worker: WorkerProcess, job: str, data: object) -> bytes:
        try:
            png = await worker.call(job, data, time_limit=CHART_TIME_LIMIT_SECONDS)
        except WorkerCrashed:
            # The worker died (killed, out of memory); a fresh one gets one more try.
            log.warning("the chart worker process died; starting a new one")
            png = await worker.call(job, data, time_limit=CHART_TIME_LIMIT_SECONDS)
        if not isinstance(png, bytes):
            raise TypeError(f"the chart worker returned {type(png).__name__}, not PNG bytes")
        return png

    async def close(self) -> None:
        if self._worker is not None:
            await self._worker.close()
