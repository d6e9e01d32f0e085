"""Issue 21, quick restarts lose nothing, in real processes on both backends: a club's daily post
and a member's reminder DM are due together, and the bot serving them (restart_serve.py: the
product's serve path, only Discord faked, a fake that outlives the process and dedups nonces
as Discord does with enforce_nonce) is stopped or killed while both are being sent.

* SIGTERM mid-send: the stop waits for them; each goes out once and is recorded as sent.
* SIGKILL after the claims, the next start within 2 minutes of them: each is sent again with
  the nonce of the first attempt, so Discord still has one post and one DM; both recorded.
* SIGKILL, the next start 2 minutes or more after the claims: nothing is sent again (Discord
  may have forgotten the nonce), both are "unknown", and `/club status` says so.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime, timedelta
from datetime import time as wall_time
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.core.models import MemberRef
from bot.core.schedule import PostRecord, PostStatus
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SqliteStore
from tests.discord.harness import ALICE, GUILD_A, FakeClock, Harness
from tests.ops.restart_serve import TRAINING
from tests.ops.test_shutdown import Lines

ROOT = Path(__file__).resolve().parents[2]
SET_UP = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
SLOT = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)  # the post's time, and the reminder's
ME = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
WINDOW = timedelta(minutes=2)  # the issue's: how long after a claim a resend is safe
# Generous: only a hung process runs into them.
START_LIMIT_SECONDS = 60
# drain_seconds (10 by default) + the 5 s the close is allowed + slack for a loaded machine.
STOP_LIMIT_SECONDS = 30
ADMIN = discord.Permissions(manage_guild=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return str(tmp_path / "bot.sqlite3")


@asynccontextmanager
async def opened(database: str) -> AsyncIterator[SqliteStore | PostgresStore]:
    store: SqliteStore | PostgresStore
    if database.startswith("postgresql://"):
        store = await PostgresStore.open(database)
    else:
        store = await SqliteStore.open(Path(database))
    async with store:
        yield store


async def _set_up(database: str) -> None:
    async with opened(database) as store:
        await store.clubs.set_reminder(
            GUILD_A.id, channel_id=TRAINING.id, post_time=wall_time(7, 0), timezone=None, now=SET_UP
        )
        await store.timers.add_ready(ME, entry_id=1, due_at=SLOT, now=SET_UP)


Records = tuple[PostRecord | None, list[tuple[str, int]], list[datetime]]


async def _records(database: str) -> Records:
    """The post's record, the reminder's (state, attempts), and when each was last written (for
    a claim never finished: when it was claimed)."""
    async with opened(database) as store:
        post = await store.posts.get(GUILD_A.id, SLOT.date())
        rows = await store.db.fetchall("SELECT state, attempts, updated_at FROM timers")
    timers = [(row["state"], row["attempts"]) for row in rows]
    written = [row["updated_at"] for row in rows]
    # SQLite keeps unix seconds.
    times = [datetime.fromtimestamp(t, UTC) if isinstance(t, int) else t for t in written]
    return post, timers, times + ([post.updated_at] if post is not None else [])


def records(database: str) -> Records:
    return asyncio.run(_records(database))


@contextmanager
def serving(database: str, state: Path, start: datetime, mode: str) -> Iterator[Served]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DISCORD_TOKEN", None)
    command = [sys.executable, "-m", "tests.ops.restart_serve", database, str(state)]
    proc = subprocess.Popen(
        [*command, start.isoformat(), mode],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    served = Served(proc, Lines(proc.stdout))
    try:
        served.lines.wait_for(lambda line: line == "ready", START_LIMIT_SECONDS)
        yield served
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


class Served:
    def __init__(self, proc: subprocess.Popen[str], lines: Lines) -> None:
        self.proc = proc
        self.lines = lines

    def messages(self, count: int) -> dict[str, tuple[str, str, int]]:
        """Wait for `count` message requests: {kind: (created|repeated, nonce, id)}."""
        found: dict[str, tuple[str, str, int]] = {}

        def seen(line: str) -> bool:
            if line.startswith("message "):
                _, kind, verb, nonce, message_id = line.split()
                found[kind] = (verb, nonce, int(message_id))
            return len(found) >= count

        self.lines.wait_for(seen, START_LIMIT_SECONDS)
        return found

    def settled(self) -> str:
        self.lines.wait_for(lambda line: line.startswith("settled "), START_LIMIT_SECONDS)
        return self.lines.seen[-1]

    def stop(self) -> str:
        """SIGTERM; the exit status must be 0. Returns the process's log."""
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=STOP_LIMIT_SECONDS)
        assert self.proc.stderr is not None
        log = self.proc.stderr.read()
        assert code == 0, log
        self.lines.all()
        return log

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=STOP_LIMIT_SECONDS)


def journal(state: Path) -> list[dict[str, Any]]:
    """Every message the fake Discord created, across processes."""
    path = state / "discord.jsonl"
    return [json.loads(line)["message"] for line in path.read_text().splitlines()]


def kinds(messages: list[dict[str, Any]]) -> list[str]:
    return sorted("post" if int(m["channel_id"]) == TRAINING.id else "dm" for m in messages)


def bot_problems(log: str) -> list[str]:
    return [
        line
        for line in log.splitlines()
        if (" WARNING " in line or " ERROR " in line) and " discord.client: " not in line
    ]


async def _club_status(database: str, tmp_path: Path, at: datetime) -> str:
    where: dict[str, Any] = (
        {"database_url": database}
        if database.startswith("postgresql://")
        else {"db_path": Path(database)}
    )
    async with Harness(tmp_path / "status", clock=FakeClock(at), **where) as h:
        result = await h.invoke("club status", permissions=ADMIN)
    return str(result.embed)


def club_status(database: str, tmp_path: Path, at: datetime) -> str:
    (tmp_path / "status").mkdir(exist_ok=True)
    return asyncio.run(_club_status(database, tmp_path, at))


def test_a_stop_signal_mid_send_lets_the_post_and_the_dm_go_out_once(
    database: str, tmp_path: Path
) -> None:
    asyncio.run(_set_up(database))
    with serving(database, tmp_path, SLOT + timedelta(seconds=5), "hold") as bot:
        sent = bot.messages(2)  # both requests reached Discord; neither answer has come back
        log = bot.stop()
    assert {kind: verb for kind, (verb, _, _) in sent.items()} == {
        "post": "created",
        "dm": "created",
    }
    assert "stop signal received; shutting down" in log
    assert bot_problems(log) == []
    assert kinds(journal(tmp_path)) == ["dm", "post"]  # once each
    post, timers, _ = records(database)
    assert post is not None and post.status is PostStatus.SENT
    assert post.message_id == sent["post"][2]
    assert timers == [("sent", 1)]


def killed_mid_send(
    database: str, state: Path
) -> tuple[dict[str, tuple[str, str, int]], list[datetime]]:
    """The bot claims both and sends them; the requests reach Discord and the process is killed
    before it hears back. Returns what was sent and when each was claimed."""
    asyncio.run(_set_up(database))
    with serving(database, state, SLOT + timedelta(seconds=5), "hang") as bot:
        sent = bot.messages(2)
        bot.kill()
    post, timers, claimed = records(database)
    assert post is not None and post.status is PostStatus.SENDING  # claimed, never recorded
    assert timers == [("sending", 1)]
    return sent, claimed


def test_killed_mid_send_and_back_within_2_minutes_the_post_and_the_dm_go_out_once(
    database: str, tmp_path: Path
) -> None:
    first, claimed = killed_mid_send(database, tmp_path)
    back_at = max(claimed) + timedelta(seconds=20)  # its ticks come a few seconds later
    with serving(database, tmp_path, back_at, "answer") as bot:
        again = bot.messages(2)
        assert bot.settled() == "settled sent sent"
        log = bot.stop()
    # The same nonces: Discord answered with the messages the killed process had made.
    assert again == {
        kind: ("repeated", nonce, message_id) for kind, (_, nonce, message_id) in first.items()
    }
    assert kinds(journal(tmp_path)) == ["dm", "post"]
    assert "sending it again with the same nonce" in log
    post, timers, _ = records(database)
    assert post is not None and post.status is PostStatus.SENT and post.attempts == 2
    assert min(claimed) + WINDOW > back_at + timedelta(seconds=20)  # both were within it
    assert post.message_id == first["post"][2]
    assert timers == [("sent", 2)]
    link = f"https://discord.com/channels/{GUILD_A.id}/{TRAINING.id}/{first['post'][2]}"
    assert f"sent ([open]({link}))" in club_status(database, tmp_path, back_at + WINDOW)


def test_killed_mid_send_and_back_after_2_minutes_both_are_found_and_nothing_sent_again(
    database: str, tmp_path: Path
) -> None:
    first, claimed = killed_mid_send(database, tmp_path)
    back_at = max(claimed) + WINDOW
    with serving(database, tmp_path, back_at, "answer") as bot:
        # Discord may have forgotten both nonces. The post's channel and the member's DMs are
        # read since each claim, and what the killed process made is found there and recorded.
        assert bot.settled() == "settled sent sent"
        log = bot.stop()
    assert not [line for line in bot.lines.seen if line.startswith("message ")]
    assert "an earlier attempt made the post" in log and "a cut-off DM went out" in log
    assert kinds(journal(tmp_path)) == ["dm", "post"]  # what the killed process sent, once
    post, timers, _ = records(database)
    assert post is not None and post.status is PostStatus.SENT
    assert post.message_id == first["post"][2]
    assert timers == [("sent", 2)]
    link = f"https://discord.com/channels/{GUILD_A.id}/{TRAINING.id}/{first['post'][2]}"
    assert f"sent ([open]({link}))" in club_status(database, tmp_path, back_at + WINDOW)
