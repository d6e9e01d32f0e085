"""Charts drawn in a worker process: same image, nothing of matplotlib in the bot's process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.render.chart_pool import ChartPool
from bot.render.charts import history_png
from tests.core.test_charts import fortnight

ROOT = Path(__file__).resolve().parent.parent

# A chart built from core models only, drawn through the pool in a fresh interpreter. It runs
# as a file, as the bot does, so the spawned worker re-imports a guarded main module.
DRAW_SCRIPT = textwrap.dedent(
    """
    import asyncio, sys
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo
    from bot.render.chart_pool import ChartPool
    from bot.core.history import history_chart, history_span
    from bot.core.models import Run, RunType, Units

    async def main():
        tz = ZoneInfo("Europe/London")
        now = datetime(2026, 11, 24, 18, tzinfo=UTC)
        run = Run(id=1, at=now, run_type=RunType.EASY, distance_km=5.0, minutes=30)
        span = history_span(3, now, tz)
        chart = history_chart(span, [], [run], tz=tz, units=Units.KM, window=timedelta(hours=48))
        pool = ChartPool.in_processes()
        png = await pool.history_png(chart)
        await pool.close()
        print(png.startswith(bytes([0x89]) + b"PNG"), "matplotlib" in sys.modules)

    if __name__ == "__main__":
        asyncio.run(main())
    """
)


async def test_a_worker_process_draws_the_same_png_as_in_process() -> None:
    pool = ChartPool.in_processes()
    try:
        drawn = await pool.history_png(fortnight())
    finally:
        await pool.close()
    assert drawn.startswith(b"\x89PNG")
    assert drawn == history_png(fortnight())


async def test_threads_draw_the_same_png() -> None:
    pool = ChartPool.in_threads()
    assert await pool.history_png(fortnight()) == history_png(fortnight())


def test_the_bots_own_process_never_loads_matplotlib(tmp_path: Path) -> None:
    script = tmp_path / "draw.py"
    script.write_text(DRAW_SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
async def test_a_killed_worker_is_replaced() -> None:
    pool = ChartPool.in_processes()
    try:
        first = await pool.history_png(fortnight())
        pid = pool.worker_pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)  # the way the OOM killer would
        assert await pool.history_png(fortnight()) == first
        assert pool.worker_pid not in (None, pid)
    finally:
        await pool.close()


async def test_no_process_starts_before_the_first_chart() -> None:
    pool = ChartPool.in_processes()
    assert pool.worker_pid is None
    try:
        await pool.history_png(fortnight())
        assert pool.worker_pid is not None
    finally:
        await pool.close()
    assert pool.worker_pid is None
