"""The heartbeat the running bot writes, the `healthcheck` command that reads it, and the
upkeep loops that write heartbeats and daily backups."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import HealthSettings
from bot.discord.cogs.schedule import Schedule
from bot.discord.cogs.upkeep import Upkeep
from bot.health import HEARTBEAT_SECONDS, check_heartbeat, write_heartbeat
from tests.discord.harness import FakeClock, Harness
from tests.ops.discord_at import closed_base, run_at

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
UNIX_NOW = 1_795_543_200  # NOW, computed by hand: 2026-11-24T18:00:00Z


def test_the_heartbeat_is_the_unix_time_written_atomically(tmp_path: Path) -> None:
    path = tmp_path / "data" / "heartbeat"
    write_heartbeat(path, NOW)
    assert path.read_text() == f"{UNIX_NOW}\n"
    write_heartbeat(path, NOW + timedelta(seconds=30))
    assert path.read_text() == f"{UNIX_NOW + 30}\n"
    # Written beside and renamed over: no temporary file is left behind.
    assert [p.name for p in path.parent.iterdir()] == ["heartbeat"]


@pytest.mark.parametrize(
    ("age", "healthy", "reason"),
    [
        (0, True, "healthy: the last heartbeat is 0 s old"),
        (31, True, "healthy: the last heartbeat is 31 s old"),
        (90, True, "healthy: the last heartbeat is 90 s old"),
        (
            91,
            False,
            "the last heartbeat is 91 s old (limit 90 s): the bot's event loop has stopped",
        ),
        (3600, False, "the last heartbeat is 3600 s old (limit 90 s)"),
        # The clock was set back an hour: a beat "from the future" proves nothing either.
        (-3600, False, "the last heartbeat is -3600 s old (limit 90 s)"),
    ],
)
def test_the_check_compares_the_heartbeat_with_the_limit(
    tmp_path: Path, age: int, healthy: bool, reason: str
) -> None:
    path = tmp_path / "heartbeat"
    write_heartbeat(path, NOW - timedelta(seconds=age))
    result = check_heartbeat(path, 90, NOW)
    assert result.healthy is healthy
    assert result.reason.startswith(reason)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "no heartbeat file at {path}: the bot is not running or not ready yet"),
        ("", "the heartbeat file {path} holds no timestamp"),
        ("yesterday\n", "the heartbeat file {path} holds no timestamp"),
    ],
)
def test_a_missing_or_unreadable_heartbeat_is_unhealthy(
    tmp_path: Path, content: str | None, reason: str
) -> None:
    path = tmp_path / "heartbeat"
    if content is not None:
        path.write_text(content)
    result = check_heartbeat(path, 90, NOW)
    assert not result.healthy
    assert result.reason == reason.format(path=path)


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    path = tmp_path / "config.toml"
    path.write_text(f'[health]\nheartbeat_path = "{tmp_path / "beat"}"\nmax_age_seconds = 60\n')
    return path


def test_healthcheck_command_passes_on_a_fresh_heartbeat(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_heartbeat(tmp_path / "beat", datetime.now(UTC))
    assert main(["--config", str(config), "healthcheck"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("healthy: the last heartbeat is ")
    assert err == ""


def test_healthcheck_command_fails_on_a_stale_heartbeat(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_heartbeat(tmp_path / "beat", datetime.now(UTC) - timedelta(minutes=10))
    assert main(["--config", str(config), "healthcheck"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.endswith("s old (limit 60 s): the bot's event loop has stopped making progress\n")
    assert err.count("\n") == 1


def test_healthcheck_command_fails_without_a_heartbeat(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(config), "healthcheck"]) == 1
    assert capsys.readouterr().err == (
        f"no heartbeat file at {tmp_path / 'beat'}: the bot is not running or not ready yet\n"
    )


# --------------------------------------------------------------------------------------------
# The loops, on the real bot (through the harness)


def upkeep_of(harness: Harness) -> Upkeep:
    cog = harness.bot.get_cog("Upkeep")
    assert isinstance(cog, Upkeep)
    return cog


async def test_the_loops_start_with_the_bot_and_stop_when_it_closes(tmp_path: Path) -> None:
    config = {"database": {"backup_dir": str(tmp_path / "backups")}}
    harness = Harness(tmp_path, config=config, clock=FakeClock(NOW))
    await harness.start()
    cog = upkeep_of(harness)
    schedule = harness.bot.get_cog("Schedule")
    assert isinstance(schedule, Schedule) and cog in schedule.jobs
    tasks = [cog.heartbeat.get_task(), schedule._task]
    assert cog.heartbeat.is_running() and not any(t is None or t.done() for t in tasks)
    await harness.close()
    assert all(task is not None and task.done() for task in tasks)
    assert not cog.heartbeat.is_running()


async def test_no_backup_without_a_backup_dir(tmp_path: Path) -> None:
    async with Harness(tmp_path, clock=FakeClock(NOW)) as harness:
        cog = upkeep_of(harness)
        assert cog.heartbeat.is_running()
        assert await cog.next_due(NOW) is None


async def test_the_heartbeat_and_the_backup_job_use_the_bots_clock(tmp_path: Path) -> None:
    beat = tmp_path / "beat"
    backups = tmp_path / "backups"
    config = {
        "database": {"backup_dir": str(backups)},
        "health": {"heartbeat_path": str(beat)},
    }
    async with Harness(tmp_path, config=config, clock=FakeClock(NOW)) as harness:
        # One run of each, as the heartbeat's loop and the scheduler run them (not started here:
        # the harness is not READY, so the two runs cannot race with the scheduler's own).
        cog = upkeep_of(harness)
        assert await cog.next_due(NOW) == NOW  # due as soon as the scheduler starts
        await cog.heartbeat()
        await cog.run(harness.clock.now())
        assert beat.read_text() == f"{UNIX_NOW}\n"
        assert [p.name for p in backups.iterdir()] == ["runclub-2026-11-24.sqlite3"]
        # The next one at the next UTC midnight, when the file name's date changes.
        assert await cog.next_due(NOW) == datetime(2026, 11, 25, tzinfo=UTC)
        harness.clock.advance(timedelta(days=1, seconds=30))
        await cog.heartbeat()
        await cog.run(harness.clock.now())
        assert beat.read_text() == f"{UNIX_NOW + 86430}\n"
        assert sorted(p.name for p in backups.iterdir()) == [
            "runclub-2026-11-24.sqlite3",
            "runclub-2026-11-25.sqlite3",
        ]


async def test_a_failing_iteration_is_logged_and_the_loop_survives(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A file where the folders should be: both writes fail.
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    config = {
        "database": {"backup_dir": str(blocker / "backups")},
        "health": {"heartbeat_path": str(blocker / "beat")},
    }
    async with Harness(tmp_path, config=config, clock=FakeClock(NOW)) as harness:
        cog = upkeep_of(harness)
        with caplog.at_level(logging.ERROR, logger="bot.discord.cogs.upkeep"):
            await cog.heartbeat()
            await cog.run(NOW)
        assert [r.getMessage() for r in caplog.records] == [
            "could not write the heartbeat file",
            "the daily backup failed; retrying in an hour",
        ]
        assert all(r.exc_info is not None for r in caplog.records)
        assert cog.heartbeat.is_running()
        assert await cog.next_due(NOW) == NOW + timedelta(hours=1)  # tried again in an hour


def test_the_heartbeat_interval_fits_the_default_limit() -> None:
    # Three beats may be missed before the default limit fails the check.
    assert HealthSettings().max_age_seconds >= 3 * HEARTBEAT_SECONDS


def test_the_healthcheck_command_stays_light() -> None:
    # It runs every 30 s in the container: no discord.py, no chart library, no catalog.
    heavy = "{'discord', 'matplotlib', 'bot.discord.bot'}"
    code = f"import sys, bot.cli; print(sorted(set(sys.modules) & {heavy}))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    )
    assert done.stdout == "[]\n"


def test_a_run_starts_without_the_heartbeat_the_last_run_left(tmp_path: Path) -> None:
    # Left there, it passed `healthcheck` while this run had not connected, then (stale) read
    # as a stuck event loop while the run waited out its restart back-off.
    beat = tmp_path / "data" / "heartbeat"
    write_heartbeat(beat, datetime.now(UTC))
    started = run_at(closed_base(), tmp_path, "not.a.token")  # Discord out of reach
    assert started.returncode == 1, started.stderr

    assert not beat.exists()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "RUNCLUB_CONFIG")}
    check = subprocess.run(
        [sys.executable, "-m", "bot", "healthcheck"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert check.returncode == 1
    assert "no heartbeat file at data/heartbeat" in check.stderr
