"""The bot in a process of its own, for `make bench`'s start-up time and memory.

A module of its own so that the process imports what a bot needs (the bot, and the test
harness standing in for Discord) and nothing of the bench itself.

    python scripts/bench_child.py startup|memory DATABASE_URL TMP_DIR
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import DatabaseSettings
from bot.gcpause import settle_after_startup
from tests.discord.harness import FakeClock, Harness


def rss_mib(pid: int) -> float:
    """Resident memory of `pid` and all its descendants, from /proc."""
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        total += next(
            int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")
        )
        for task in Path(f"/proc/{current}/task").iterdir():
            children = (task / "children").read_text().split()
            todo.extend(int(c) for c in children)
    return total / 1024


async def child(kind: str, database: DatabaseSettings, tmp: Path) -> None:
    config = {"database": database.model_dump(exclude_none=True, include={"url"})}
    async with Harness(
        Path(tempfile.mkdtemp(dir=tmp)), config=config, clock=FakeClock(), timeout=300
    ) as h:
        await h.ready()
        settle_after_startup()  # what setup_hook does in production (create_bot(settle_gc=True))
        if kind == "startup":
            print("ready", flush=True)
            return
        for _ in range(20):  # a few commands, no chart
            await h.invoke("canirun", {"type": "tempo"})
            await h.invoke("legday", {"exercises": 2})
        print(f"{rss_mib(os.getpid()):.1f}", flush=True)


if __name__ == "__main__":
    kind, url, tmp = sys.argv[1:4]
    asyncio.run(child(kind, DatabaseSettings(url=url), Path(tmp)))
