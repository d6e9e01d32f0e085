"""/week benchmark (issue 12): a member with a year of history, the real bot, a real SQLite
file, charts in the worker process as in production. Self-contained, so it runs beside
scripts/bench.py.

Prints the full interaction time of /week (deferred, then the followup with the chart), the
event loop's worst lag meanwhile, and the store read alone (five weeks, both kinds of entry).

    make bench                 # or: .venv/bin/python scripts/bench_week.py --repeat 30
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.core.models import LegDay, MemberRef, Run, RunType
from bot.core.week import week_back, week_fetch_range
from bot.render.chart_pool import ChartPool
from tests.discord.harness import ALICE, GUILD_A, FakeClock, Harness

_TYPES = (RunType.EASY, RunType.TEMPO, RunType.LONG, RunType.EASY, RunType.INTERVALS)


async def seed_year(h: Harness, days: int = 365) -> int:
    """A run every day and a leg day every other day, straight into the store (fast)."""
    member = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
    now = h.clock.now()
    count = 0
    for day in range(days):
        at = now - timedelta(days=days - day, hours=-7)
        run_type = _TYPES[day % len(_TYPES)]
        minutes = None if day % 3 == 0 else 30 + day % 40
        run = Run(at=at, run_type=run_type, distance_km=5 + day % 10, minutes=minutes)
        await h.store.entries.add_run(member, run, now=at)
        count += 1
        if day % 2 == 0:
            leg = LegDay(at=at + timedelta(hours=10), is_hard=day % 4 == 0, exercises=3)
            await h.store.entries.add_leg_day(member, leg, now=at)
            count += 1
    return count


async def lag_probe(worst: list[float]) -> None:
    while True:
        before = time.perf_counter()
        await asyncio.sleep(0.005)
        worst[0] = max(worst[0], time.perf_counter() - before - 0.005)


def summary(label: str, samples: list[float], lag: float | None = None) -> str:
    ms = sorted(s * 1000 for s in samples)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    tail = "" if lag is None else f"  loop lag max={lag * 1000:6.1f} ms"
    return (
        f"{label:<32} n={len(ms):<4} p50={statistics.median(ms):7.1f} ms  p99={p99:7.1f} ms{tail}"
    )


async def bench_week(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        charts = ChartPool.in_processes()
        async with Harness(Path(tmp), clock=FakeClock(), charts=charts) as h:
            entries = await seed_year(h)
            print(f"/week: seeded {entries} entries (a year) for {ALICE.username}")
            await h.invoke("week")  # starts the chart worker
            worst = [0.0]
            probe = asyncio.get_running_loop().create_task(lag_probe(worst))
            samples = []
            for i in range(repeat):
                start = time.perf_counter()
                await h.invoke("week", {"weeks_back": i % 13})
                samples.append(time.perf_counter() - start)
            probe.cancel()
            print(summary("/week (deferred + chart)", samples, worst[0]))
            member = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
            rules = h.settings.advice
            from zoneinfo import ZoneInfo  # noqa: PLC0415

            week = week_back(h.clock.now(), ZoneInfo("UTC"), 0)
            start_at, end_at = week_fetch_range(week, ZoneInfo("UTC"), rules)
            reads = []
            for _ in range(repeat):
                start = time.perf_counter()
                await h.store.training.entries_between(member, start_at, end_at)
                reads.append(time.perf_counter() - start)
            print(summary("/week's read (5 weeks, 1 member)", reads))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="sequential /week calls")
    args = parser.parse_args()
    asyncio.run(bench_week(args.repeat))
