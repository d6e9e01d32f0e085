"""One bot process's daily-post tick, as a real OS process, for tests/ops/test_two_processes.py.

`python -m tests.ops.shard_worker URL SHARD_COUNT SHARD_IDS NOW SENDS [SEND_SECONDS]` opens
the PostgreSQL store, builds `DailyPostRunner` with this process's shard ownership (exactly as the
bot's cog does), runs one tick at NOW and exits. Its sender stands in for Discord: a "send" is
one line `guild_id pid nonce` appended to the SENDS file (flushed, fsynced) after SEND_SECONDS,
so the file is what Discord would have received, whatever happens to the process afterwards.
As Discord does with enforce_nonce, a send whose nonce is already in the file adds nothing
and gets the first message's id (the file is locked while it is read and appended to).
A look in a club's channel (`find`) reads the file the same way: one club, one date, one
channel each, so the club's line is its post. It prints the outcome counts as JSON.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import logging
import os
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

from bot.actions.daily_post import DailyPostRunner
from bot.config import settings_from_mapping
from bot.core.shards import ShardSet
from bot.render.reply import Reply
from bot.store import open_store


class FileSender:
    def __init__(self, path: Path, seconds: float) -> None:
        self._path = path
        self._seconds = seconds

    async def send(self, guild_id: int, channel_id: int, reply: Reply, *, nonce: str) -> int:
        del channel_id, reply
        await asyncio.sleep(self._seconds)
        with self._path.open("a+") as file:
            fcntl.flock(file, fcntl.LOCK_EX)
            file.seek(0)
            nonces = [line.split()[2] for line in file.read().splitlines()]
            if nonce in nonces:
                return nonces.index(nonce) + 1
            file.write(f"{guild_id} {os.getpid()} {nonce}\n")
            file.flush()
            os.fsync(file.fileno())
            return len(nonces) + 1

    async def find(
        self, guild_id: int, channel_id: int, reply: Reply, *, after: datetime
    ) -> int | None:
        del channel_id, reply, after
        with self._path.open("a+") as file:
            fcntl.flock(file, fcntl.LOCK_SH)
            file.seek(0)
            guilds = [int(line.split()[0]) for line in file.read().splitlines()]
        return guilds.index(guild_id) + 1 if guild_id in guilds else None


async def run(argv: list[str]) -> dict[str, int]:
    url, count, ids, now, sends = argv[:5]
    seconds = float(argv[5]) if len(argv) > 5 else 0.0
    settings = settings_from_mapping(
        {"discord": {"shard_count": int(count), "shard_ids": [int(i) for i in ids.split(",")]}},
        env={"DATABASE_URL": url},
    )
    shards = ShardSet.of(settings.discord.shard_count, settings.discord.shard_ids)
    async with await open_store(settings.database) as store:
        runner = DailyPostRunner(
            store, settings, FileSender(Path(sends), seconds), owns=shards.owns
        )
        outcomes = await runner.tick(datetime.fromisoformat(now))
    return dict(Counter(outcome.value for outcome in outcomes.values()))


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    print(json.dumps(asyncio.run(run(sys.argv[1:]))), flush=True)
