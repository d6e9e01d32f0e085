"""One shard process of `make bench-scale` (scripts/bench_scale.py): the real bot, served as
`runclub-bot run --shard-count N --shard-ids I` serves it, with only Discord's network faked.

    python scripts/bench_scale_shard.py DATABASE_URL SHARD_COUNT SHARD_ID PORT HEARTBEAT [PACE]

discord.py's HTTP goes to the fake Discord at 127.0.0.1:PORT (scripts/bench_scale_discord.py)
instead of discord.com; the gateway is a stand-in that hands discord.py's own parser one READY
per shard and then stays quiet. Everything else is the product's: `run_until_stopped` (the
login, the IDENTIFY stagger, SIGTERM), the cogs and their loops, the store, the send budget.
When stopped it prints its resource use as JSON.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any
from unittest.mock import patch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import discord

from bot.actions import daily_post
from bot.actions.daily_post import DailyPostRunner
from bot.actions.file_reader import ActivityFiles
from bot.actions.post_batches import build_batch
from bot.config import settings_from_mapping
from bot.discord.bot import RunClubBot, create_bot
from bot.discord.lifecycle import run_until_stopped
from bot.logs import setup_logging
from bot.render.chart_pool import ChartPool
from tests.discord.harness.payloads import ready_payload

TOKEN = "bench-token"  # the fake Discord takes any


def fake_gateway(bot: RunClubBot, shard_ids: list[int], ready_at: list[float]) -> None:
    async def connect(*, reconnect: bool = True) -> None:
        del reconnect
        state: Any = bot._connection
        state.shard_ids = shard_ids
        for shard_id in shard_ids:
            state.parsers["READY"]({**ready_payload([]), "shard": [shard_id, bot.shard_count]})
        await bot.wait_until_ready()
        ready_at.append(time.monotonic())
        # A quiet websocket until the bot closes.
        while not bot.is_closed():  # noqa: ASYNC110
            await asyncio.sleep(0.2)

    bot.connect = connect  # type: ignore[method-assign]


def measure_post_work() -> list[float]:
    """The CPU the daily post's own work takes (deciding, reading and building; not sending):
    its runner's `start` and each batch's `build_batch`, timed from outside. Both await the
    database, and sends running meanwhile are counted too: a few ms a batch at this pace."""
    spent = [0.0]

    def timed(function: Any) -> Any:
        async def run(*args: Any) -> Any:
            before = time.process_time()
            try:
                return await function(*args)
            finally:
                spent[0] += time.process_time() - before

        return run

    # For the rest of the process. daily_post calls build_batch by its own module's name.
    patch.object(DailyPostRunner, "start", timed(DailyPostRunner.start)).start()
    patch.object(daily_post, "build_batch", timed(build_batch)).start()
    return spent


async def main(
    url: str, shard_count: int, shard_id: int, port: int, heartbeat: Path, pace: float | None
) -> int:
    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    shards: dict[str, Any] = {"shard_count": shard_count, "shard_ids": [shard_id], "token": TOKEN}
    if pace is not None:
        shards["requests_per_second"] = pace
    config = {
        "discord": shards,
        "health": {"heartbeat_path": str(heartbeat)},
        "logging": {"level": "WARNING"},
    }
    settings = settings_from_mapping(config, env={"DATABASE_URL": url})
    setup_logging(settings.logging.level, secrets=[TOKEN])
    bot = create_bot(
        settings,
        sync_on_start=False,
        charts=ChartPool.in_threads(),
        files=ActivityFiles.in_threads(),
        settle_gc=True,
    )
    ready_at: list[float] = []
    post_work = measure_post_work()
    fake_gateway(bot, [shard_id], ready_at)
    print(json.dumps({"started": shard_id}), flush=True)
    code = await run_until_stopped(bot, TOKEN)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report = {
        "shard": shard_id,
        "exit": code,
        "ready_at": ready_at[0] if ready_at else None,
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "max_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "per_second": bot.send_budget.per_second,
        "post_work_cpu_seconds": round(post_work[0], 2),
    }
    print(json.dumps(report), flush=True)
    return code


if __name__ == "__main__":
    db, count, shard, port_arg, beat = sys.argv[1:6]
    # A seventh argument sets [discord] requests_per_second (the bench's --unpaced run).
    per_second = float(sys.argv[6]) if len(sys.argv) > 6 else None
    raise SystemExit(
        asyncio.run(main(db, int(count), int(shard), int(port_arg), Path(beat), per_second))
    )
