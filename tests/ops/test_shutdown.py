"""Graceful shutdown, in a real process: SIGTERM (a container stopping) and SIGINT (Ctrl-C).

The process is the product's serve path with only Discord's network faked
(fake_discord_serve.py). While it writes leg days as fast as it can, it gets the signal; it
must exit 0 within 5 s, with every write it reported committed in the database, the database
closed cleanly (no WAL file left behind) and intact, and nothing logged above INFO by the bot.
"""

from __future__ import annotations

import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pytest

from bot.store.sqlite.backups import daily_backup_name

ROOT = Path(__file__).resolve().parents[2]
# Generous, both: only a hung start-up or a stop that never ends runs into them, not a slow
# machine (two pytest-xdist workers on two cores).
SHUTDOWN_LIMIT_SECONDS = 30
START_LIMIT_SECONDS = 30
COMMITS_BEFORE_SIGNAL = 20


class Lines:
    """A process's stdout lines, read on a thread so that waiting for one can time out."""

    def __init__(self, stdout: IO[str]) -> None:
        self.seen: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._pump, args=(stdout,), daemon=True)
        self._thread.start()

    def _pump(self, stdout: IO[str]) -> None:
        for line in stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, predicate: Callable[[str], bool], timeout: float) -> None:
        while (line := self._queue.get(timeout=timeout)) is not None:
            self.seen.append(line)
            if predicate(line):
                return
        raise AssertionError(f"the process ended before that line; last lines: {self.seen[-5:]}")

    def all(self) -> list[str]:
        """Every line, once the process has ended."""
        self._thread.join()
        while (line := self._queue.get_nowait()) is not None:
            self.seen.append(line)
        return self.seen


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_closes_everything_and_loses_no_write(
    tmp_path: Path, sig: signal.Signals
) -> None:
    db_path = tmp_path / "bot.sqlite3"
    heartbeat = tmp_path / "heartbeat"
    backup_dir = tmp_path / "backups"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DISCORD_TOKEN", None)
    started = int(time.time())
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.ops.fake_discord_serve",
            str(db_path),
            str(heartbeat),
            str(backup_dir),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    try:
        lines = Lines(proc.stdout)
        lines.wait_for(lambda line: line == "ready", START_LIMIT_SECONDS)
        commits = 0

        def enough_commits(line: str) -> bool:
            nonlocal commits
            commits += line.startswith("committed ")
            return commits >= COMMITS_BEFORE_SIGNAL

        lines.wait_for(enough_commits, START_LIMIT_SECONDS)
        proc.send_signal(sig)
        code = proc.wait(timeout=SHUTDOWN_LIMIT_SECONDS)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.stderr is not None
    log = proc.stderr.read()
    out = lines.all()

    assert code == 0, log
    assert "stop signal received; shutting down" in log
    assert log.rstrip().endswith("bot: stopped"), log
    bot_problems = [
        line
        for line in log.splitlines()
        if (" WARNING " in line or " ERROR " in line) and " discord.client: " not in line
    ]
    assert bot_problems == []
    # The writer ran into the closed store: the store closed while the bot was writing.
    assert any(line.startswith("writer stopped: database is closed") for line in out), out[-3:]

    committed = {int(line.split()[1]) for line in out if line.startswith("committed ")}
    assert len(committed) >= COMMITS_BEFORE_SIGNAL
    # Closing the last connection checkpoints the WAL into the database and deletes it.
    assert not db_path.with_name(db_path.name + "-wal").exists()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {row[0] for row in conn.execute("SELECT id FROM leg_days")}
    assert committed <= stored

    # The loops ran before the signal: a heartbeat of this run and a verified daily backup.
    assert started <= int(heartbeat.read_text()) <= time.time()
    backups = list(backup_dir.iterdir())
    assert [b.name for b in backups] == [daily_backup_name(datetime.fromtimestamp(started, UTC))]
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
