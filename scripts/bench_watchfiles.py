"""How long one watch file takes to read: a 3-hour run recorded at 1 Hz (10,800 track points).

    .venv/bin/python scripts/bench_watchfiles.py [--hours 3] [--repeat 5]

The aim is under 0.5 s for the 3-hour FIT file on one core; the bot runs the parser in its
helper process with a time limit, so this is the member's wait, not the event loop's.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.activity_files import parse_activity_file
from tests.data.make_samples import long_run_fit


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
