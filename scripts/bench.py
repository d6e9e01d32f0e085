"""Interaction latency benchmark: the real bot, a real SQLite file, a fake Discord.

Measures, per command, how long the bot takes from the raw INTERACTION_CREATE to its last
HTTP request for that interaction, alone and in a burst of concurrent members, and how far the
event loop falls behind meanwhile (a blocked loop shows up as lag). Discord wants the first
answer within 3 s; we aim for p99 well under 100 ms for everything except chart rendering,
which defers first.

    make bench                 # or: .venv/bin/python scripts/bench.py --burst 300
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.render.chart_pool import ChartPool
from scripts.bench_watchfiles import watch_file_line
from tests.discord.harness import ALICE, FakeClock, Harness

Invoke = Callable[[Harness, int], Awaitable[Any]]


def _commands(h: Harness) -> dict[str, Invoke]:
    names = {c.name for c in h.bot.tree.get_commands()}
    commands: dict[str, Invoke] = {
        "canirun": lambda h, i: h.invoke("canirun", {"type": "tempo", "soreness": i % 11}),
        "legday": lambda h, i: h.invoke("legday", {"exercises": i % 6, "when": "1h ago"}),
        "run": lambda h, i: h.invoke(
            "run", {"type": "easy", "distance": 5 + i % 5, "minutes": 30 + i % 20}
        ),
        "profile": lambda h, i: h.invoke("profile", {}),
        "when-autocomplete": lambda h, i: h.autocomplete(
            "canirun", {"type": "easy", "when": "tomorrow 0"}, focused="when"
        ),
    }
    if "history" in names:
        commands["history"] = lambda h, i: h.invoke("history", {"days": 14})
    if "leaderboard" in names:
        commands["leaderboard"] = lambda h, i: h.invoke("leaderboard", {})
    return commands


async def _seed(h: Harness, days: int) -> None:
    """A member with `days` of history: a leg day every other day and a run every day."""
    start = h.clock.now()
    h.clock.set(start - timedelta(days=days))
    for day in range(days):
        if day % 2 == 0:
            await h.invoke("legday", {"exercises": 3, "when": "now"})
        await h.invoke("run", {"type": "easy", "distance": 8, "minutes": 45})
        h.clock.advance(timedelta(days=1))
    h.clock.set(start)


class LoopLag:
    """Samples how late a 5 ms sleep wakes up: the event loop's responsiveness."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            self.worst = max(self.worst, time.perf_counter() - before - 0.005)

    def __enter__(self) -> LoopLag:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


def _summary(label: str, samples: list[float], lag: float) -> str:
    ms = sorted(s * 1000 for s in samples)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return (
        f"{label:<34} n={len(ms):<4} p50={statistics.median(ms):7.1f} ms  "
        f"p99={p99:7.1f} ms  max={ms[-1]:7.1f} ms  loop lag max={lag * 1000:6.1f} ms"
    )


async def _timed(call: Awaitable[Any]) -> float:
    start = time.perf_counter()
    await call
    return time.perf_counter() - start


async def main(repeat: int, burst: int, history_days: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        # Charts as in production: a worker process, not the harness's default threads.
        charts = ChartPool.in_processes()
        async with Harness(Path(tmp), clock=FakeClock(), charts=charts) as h:
            await _seed(h, history_days)
            print(f"seeded {history_days} days of history for {ALICE.username}; database in {tmp}")
            for name, call in _commands(h).items():
                with LoopLag() as lag:
                    samples = [await _timed(call(h, i)) for i in range(repeat)]
                print(_summary(f"{name} (one at a time)", samples, lag.worst))
            for name in ("canirun", "legday"):
                call = _commands(h)[name]
                with LoopLag() as lag:
                    samples = await asyncio.gather(*(_timed(call(h, i)) for i in range(burst)))
                print(_summary(f"{name} (burst of {burst})", list(samples), lag.worst))
    # Issue 13: a long watch file read in the helper process, and the loop meanwhile.
    print(await watch_file_line(LoopLag))


async def timers_burst(count: int = 1000) -> None:
    """Issue 14: `count` reminders due in the same minute, one wake-up of the timers' loop.
    Prints how long it takes to send them all and the event loop's worst lag meanwhile (the
    target: under 50 ms). Separate from main() so it merges with a rewritten bench."""
    from bot.core.models import MemberRef  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock()
        async with Harness(Path(tmp), clock=clock) as h:
            now = clock.now()
            for n in range(count):
                member = MemberRef(guild_id=h.guild_a.id, user_id=10_000 + n)
                await h.store.timers.add_ready(
                    member, entry_id=n + 1, due_at=now + timedelta(seconds=n % 60), now=now
                )
            clock.advance(timedelta(minutes=1))
            cog = h.bot.get_cog("Nudges")
            assert cog is not None
            with LoopLag() as lag:
                took = await _timed(cog.run_once(clock.now()))  # type: ignore[attr-defined]
            sent = sum(1 for r in h.requests if r.method == "POST" and "/channels/9" in r.path)
            print(
                f"timers: {sent}/{count} due in one minute sent in {took * 1000:.0f} ms;"
                f" worst loop lag {lag.worst * 1000:.1f} ms"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="sequential calls per command")
    parser.add_argument("--burst", type=int, default=200, help="concurrent calls in a burst")
    parser.add_argument("--history-days", type=int, default=60, help="seeded days of history")
    parser.add_argument("--timers", action="store_true", help="only the timers' burst (issue 14)")
    args = parser.parse_args()
    if args.timers:
        asyncio.run(timers_burst())
    else:
        asyncio.run(main(args.repeat, args.burst, args.history_days))
