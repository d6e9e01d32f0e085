"""How long one watch file takes to read: a 3-hour run recorded at 1 Hz (10,800 track points).

    .venv/bin/python scripts/bench_watchfiles.py [--hours 3] [--repeat 5]

The aim is under 0.5 s for the 3-hour FIT file on one core; the bot runs the parser in its
helper process with a time limit, so this is the member's wait, not the event loop's.
`watch_file_line` (called by scripts/bench.py) measures that end to end: `/run file:` with the
file through the real bot and its helper process, and the event loop's worst lag meanwhile
(the aim: under 50 ms).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.actions.file_reader import ActivityFiles
from bot.activity_files import parse_activity_file
from tests.data.make_samples import long_run_fit
from tests.discord.harness import FakeAttachment, FakeClock, Harness


class LagProbe(Protocol):
    worst: float


async def watch_file_line(
    probe: Callable[[], AbstractContextManager[LagProbe]], hours: float = 3.0, repeat: int = 3
) -> str:
    """`/run file:` with a `hours`-long FIT file at 1 Hz, through the bot and its helper
    process (started before the first timing): the member's wait and the loop's worst lag."""
    data = long_run_fit(hours)
    files = ActivityFiles.in_processes()
    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock(datetime(2025, 6, 2, tzinfo=UTC))
        async with Harness(Path(tmp), clock=clock, files=files) as h:
            # Warm the helper process up: its start is paid once, not per file.
            await files.parse("warm.fit", data, ZoneInfo("UTC"))
            timings = []
            with probe() as lag:
                for i in range(repeat):
                    started = time.perf_counter()
                    await h.invoke("run", {"file": FakeAttachment("long.fit", data)})
                    timings.append(time.perf_counter() - started)
                    await h.invoke("undo")  # so the next one is not a duplicate
                    del i
    return (
        f"{'/run file: ' + f'{hours:g} h FIT at 1 Hz':<34} n={repeat:<4} "
        f"best={min(timings) * 1000:7.1f} ms  worst={max(timings) * 1000:7.1f} ms  "
        f"loop lag max={lag.worst * 1000:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = long_run_fit(args.hours)
    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        runs = parse_activity_file("long.fit", data)
        timings.append(time.perf_counter() - started)
    run = runs[0]
    print(
        f"FIT, {args.hours:g} h at 1 Hz, {len(data) / 1024:.0f} KiB: "
        f"best {min(timings) * 1000:.0f} ms, worst {max(timings) * 1000:.0f} ms "
        f"over {args.repeat} runs ({run.distance_km} km, {run.moving_seconds} s)"
    )


if __name__ == "__main__":
    main()
