"""Test-only entry point: the bot served exactly as `runclub-bot run` serves it, with only
Discord's network faked, for the restart tests (test_restarts.py), which signal and kill it.

    python -m tests.ops.restart_serve DATABASE STATE_DIR START MODE

DATABASE is a SQLite file or a postgresql:// url. The bot's clock reads START (ISO) plus the
time the process has run, so the test chooses where in the day each process lives.

Discord is the harness's fake under discord.py (tests/discord/harness/), which, told
`enforce_nonce`, answers a message whose nonce it saw in that channel within a few minutes
with the first message, as Discord does. It outlives the process: every message it creates
is appended (fsynced) to STATE_DIR/discord.jsonl, and read back by the next process's fake.
A message request is created (or repeated) first, printed as `message KIND created|repeated
NONCE ID` (KIND `post` or `dm`), and then answered by MODE:

* `answer`: at once;
* `hang`: never (the process is killed while it waits: the message reached Discord, the
  answer never reached the bot);
* `hold`: once the bot's graceful stop starts waiting for its sends (its log line); a stop
  that cancels its sends instead never gets the answer.

`ready` is printed when the gateway is up, and `settled POST TIMER` once the club's post and
the member's reminder both have a final state in the store.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.discord.bot import RunClubBot, create_bot
from bot.discord.lifecycle import run_until_stopped
from bot.logs import setup_logging
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SqliteStore
from tests.discord.harness import GUILD_A, GUILD_B, TOKEN, FakeClock, FakeResponse, Harness
from tests.discord.harness.payloads import dm_channel_id, ready_payload

TRAINING = GUILD_A.channel_named("training")
DRAIN_STARTED = "stopping: the posts and DMs being sent may finish"
POLL_SECONDS = 0.05


class RunningClock(FakeClock):
    """START plus the time this process has run: one timeline across processes."""

    def __init__(self, start: datetime) -> None:
        super().__init__(start)
        self._began = time.monotonic()

    def now(self) -> datetime:
        return super().now() + timedelta(seconds=time.monotonic() - self._began)

    __call__ = now


class DrainSeen(logging.Handler):
    def __init__(self, event: asyncio.Event) -> None:
        super().__init__()
        self._event = event

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith(DRAIN_STARTED):
            self._event.set()


def persistent_discord(harness: Harness, state: Path, mode: str, drain: asyncio.Event) -> None:
    """The fake's messages from earlier processes, and this one's written down as created."""
    fake = harness.fake
    journal = state / "discord.jsonl"
    if journal.exists():
        for line in journal.read_text().splitlines():
            saved = json.loads(line)
            message = saved["message"]
            fake.messages[int(message["id"])] = message
            fake.nonces[(int(message["channel_id"]), str(message["nonce"]))] = (
                datetime.fromisoformat(saved["created_at"]),
                int(message["id"]),
            )
    handle = fake.handle

    async def answer(method: str, url: str, **kwargs: Any) -> FakeResponse:
        known = set(fake.messages)
        response = await handle(method, url, **kwargs)
        request = fake.requests[-1]  # this one: nothing ran since handle() recorded it
        if (
            not (method == "POST" and request.path.startswith("/channels/"))
            or request.status != 200
        ):
            return response
        message = await response.json()
        kind = "dm" if int(message["channel_id"]) == dm_channel_id(harness.alice.id) else "post"
        created = int(message["id"]) not in known
        if created:
            saved = {"created_at": fake.clock.now().isoformat(), "message": message}
            fd = os.open(journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, (json.dumps(saved) + "\n").encode())
                os.fsync(fd)
            finally:
                os.close(fd)
        verb = "created" if created else "repeated"
        print(f"message {kind} {verb} {message['nonce']} {message['id']}", flush=True)
        if mode == "hang":
            await asyncio.Future()
        elif mode == "hold":
            await drain.wait()
        return response

    fake.handle = answer  # type: ignore[method-assign]


async def settled(bot: RunClubBot) -> None:
    """Print `settled POST TIMER` once neither is being sent (nor waiting) any more."""
    while True:
        await asyncio.sleep(POLL_SECONDS)
        try:
            store = bot.store
            post = await store.posts.latest(GUILD_A.id)
            assert isinstance(store, SqliteStore | PostgresStore)
            rows = await store.db.fetchall("SELECT state FROM timers ORDER BY id")
        except RuntimeError:
            return  # the store closed
        states = [row["state"] for row in rows]
        if (
            post is not None
            and post.status != "sending"
            and states[0] not in ("pending", "sending")
        ):
            print(f"settled {post.status} {states[0]}", flush=True)
            return


def fake_gateway(bot: RunClubBot, harness: Harness) -> None:
    async def connect(*, reconnect: bool = True) -> None:
        del reconnect
        # harness.ready() without its capture, which fails on the warnings a restart logs.
        state = bot._connection
        state.guild_ready_timeout = 0.01
        state.parsers["READY"](ready_payload([GUILD_A, GUILD_B]))
        for guild in (GUILD_A, GUILD_B):
            harness.add_guild(guild)
        await bot.wait_until_ready()
        print("ready", flush=True)
        watcher = asyncio.create_task(settled(bot))
        # A quiet websocket: nothing arrives until close(); discord.py has no event for that.
        while not bot.is_closed():  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        watcher.cancel()

    bot.connect = connect  # type: ignore[method-assign]


async def main(database: str, state: Path, start: datetime, mode: str) -> int:
    where = {"url": database} if database.startswith("postgresql://") else {"path": database}
    config = {
        "database": where,
        "health": {"heartbeat_path": str(state / "heartbeat")},
        "logging": {"level": "INFO"},
    }
    clock = RunningClock(start)
    harness = Harness(state, config=config, clock=clock)
    setup_logging(harness.settings.logging.level, secrets=[TOKEN])
    drain = asyncio.Event()
    logging.getLogger("bot").addHandler(DrainSeen(drain))
    bot = create_bot(harness.settings, clock=clock.now)
    harness.adopt(bot)
    persistent_discord(harness, state, mode, drain)
    fake_gateway(bot, harness)
    return await run_until_stopped(bot, TOKEN)


if __name__ == "__main__":
    database, state_dir, start_at, how = sys.argv[1:5]
    raise SystemExit(
        asyncio.run(main(database, Path(state_dir), datetime.fromisoformat(start_at), how))
    )
