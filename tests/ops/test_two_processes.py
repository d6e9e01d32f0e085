"""Two bot processes on one PostgreSQL database, 300 clubs due at the same minute: every
club's post goes out exactly once, by the process that owns its shard; still once when the
processes' shards overlap; and when one is killed (SIGKILL) mid-tick and started again, nothing
is sent twice, every post it had not claimed yet is sent by the restarted process, and a
restart within 2 minutes sends the ones it was sending again with their nonce: each club once.

The processes are real (tests/ops/shard_worker.py): each opens its own pool and runs
`DailyPostRunner.tick` for its shards; "Discord" is a file each send appends a line to.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from datetime import time as wall_time
from pathlib import Path

import pytest

from bot.actions.daily_post import CLAIM_GROUP, CONCURRENT_CLUBS
from bot.core.schedule import PostStatus
from bot.core.shards import shard_of
from bot.store.postgres import PostgresStore

ROOT = Path(__file__).resolve().parents[2]
CLUBS = 300
SHARDS = 2
SET_UP = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
SLOT = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
NOW = SLOT + timedelta(seconds=5)
# Snowflake-shaped ids whose time part spreads them over the shards.
GUILDS = [((1_200_000 + i) << 22) | 0x1234 for i in range(CLUBS)]


async def _set_up(url: str) -> None:
    async with await PostgresStore.open(url) as store:
        for guild in GUILDS:
            await store.clubs.set_reminder(
                guild, channel_id=guild + 1, post_time=wall_time(9, 30), timezone=None, now=SET_UP
            )


@pytest.fixture
def clubs_url(postgres_url: str) -> str:
    asyncio.run(_set_up(postgres_url))
    return postgres_url


def start(
    url: str, ids: str, sends: Path, *, now: datetime = NOW, seconds: float = 0.0
) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tests.ops.shard_worker", url, str(SHARDS), ids]
    command += [now.isoformat(), str(sends), str(seconds)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(process: subprocess.Popen[str]) -> dict[str, int]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return dict(json.loads(out))


def sends_in(path: Path) -> list[tuple[int, int]]:
    if not path.exists():
        return []
    lines = (line.split() for line in path.read_text().splitlines())
    return [(int(guild), int(pid)) for guild, pid, _nonce in lines]


async def _statuses(url: str) -> dict[int, PostStatus]:
    async with await PostgresStore.open(url) as store:
        day = SLOT.date()
        found = {}
        for guild in GUILDS:
            record = await store.posts.get(guild, day)
            if record is not None:
                found[guild] = record.status
        return found


def statuses(url: str) -> dict[int, PostStatus]:
    return asyncio.run(_statuses(url))


def test_two_processes_post_every_club_once_each_by_its_owner(
    clubs_url: str, tmp_path: Path
) -> None:
    sends = tmp_path / "sends"
    first, second = start(clubs_url, "0", sends), start(clubs_url, "1", sends)
    outcomes = [finish(first), finish(second)]

    sent = sends_in(sends)
    assert Counter(g for g, _ in sent) == Counter(GUILDS)  # each club exactly once
    by_pid = {first.pid: 0, second.pid: 1}
    assert all(shard_of(g, SHARDS) == by_pid[pid] for g, pid in sent)
    assert sum(o.get("sent", 0) for o in outcomes) == CLUBS
    assert min(o.get("sent", 0) for o in outcomes) > CLUBS // 4  # both really worked
    assert set(statuses(clubs_url).values()) == {PostStatus.SENT}


def test_overlapping_shards_still_post_each_club_once(clubs_url: str, tmp_path: Path) -> None:
    sends = tmp_path / "sends"
    # Misconfigured: both serve shard 1; the claims decide who posts.
    both, one = start(clubs_url, "0,1", sends), start(clubs_url, "1", sends)
    finish(both), finish(one)

    sent = sends_in(sends)
    assert Counter(g for g, _ in sent) == Counter(GUILDS)
    assert all(pid == both.pid for g, pid in sent if shard_of(g, SHARDS) == 0)
    assert set(statuses(clubs_url).values()) == {PostStatus.SENT}


def kill_mid_tick(clubs_url: str, sends: Path) -> tuple[list[tuple[int, int]], int]:
    """A process killed (SIGKILL) while it posts: what it sent, and how many it recorded."""
    killed = start(clubs_url, "0,1", sends, seconds=0.02)
    deadline = time.monotonic() + 120
    while len(sends_in(sends)) < 40:
        assert killed.poll() is None, "the process finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    before = sends_in(sends)
    assert len(before) < CLUBS
    recorded = sum(s is PostStatus.SENT for s in statuses(clubs_url).values())
    return before, recorded


def test_a_process_killed_mid_tick_and_restarted_within_2_minutes_posts_every_club_once(
    clubs_url: str, tmp_path: Path
) -> None:
    sends = tmp_path / "sends"
    before, recorded = kill_mid_tick(clubs_url, sends)
    # The restart a minute later: the claims the killed process left are sent again with their
    # nonce (the file, like Discord, keeps one message per nonce), and everything it had not
    # claimed goes out now.
    restarted = finish(start(clubs_url, "0,1", sends, now=NOW + timedelta(minutes=1)))
    assert restarted.get("sent", 0) == CLUBS - recorded
    finish(start(clubs_url, "0,1", sends, now=NOW + timedelta(minutes=12)))  # nothing left

    sent = Counter(g for g, _ in sends_in(sends))
    assert sent == Counter(GUILDS)  # every club exactly once
    assert len(sent) > len(before) + CLUBS // 2  # the restarted process did the rest
    assert set(statuses(clubs_url).values()) == {PostStatus.SENT}


def test_a_process_killed_mid_tick_and_restarted_later_sends_nothing_twice(
    clubs_url: str, tmp_path: Path
) -> None:
    sends = tmp_path / "sends"
    before, recorded = kill_mid_tick(clubs_url, sends)
    # Back 3 minutes later: Discord may have forgotten the nonces of the claims the killed
    # process left, so each of those is looked for in its channel first: found, it is
    # recorded; not there, it is sent. Everything it had not claimed goes out.
    restarted = finish(start(clubs_url, "0,1", sends, now=NOW + timedelta(minutes=3)))

    sent = Counter(g for g, _ in sends_in(sends))
    assert sent == Counter(GUILDS)  # every club exactly once
    assert set(statuses(clubs_url).values()) == {PostStatus.SENT}
    # Only the posts the killed process had claimed and not recorded were looked for: at most
    # the few it was sending side by side, and the group claimed next, waiting for places.
    found = restarted.get("found", 0)
    assert found == len(before) - recorded
    assert found + restarted.get("sent", 0) == CLUBS - recorded
    assert found <= CONCURRENT_CLUBS + CLAIM_GROUP
    assert len(sent) > len(before) + CLUBS // 2  # the restarted process did the rest
