"""The command line: every command's --help, clear errors for bad arguments, and what
`runclub-bot` with no command does with and without a token and a terminal."""

from __future__ import annotations

import asyncio
import io
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli import NO_TOKEN_MESSAGE, OFFLINE_NOTICE, main, start_mode
from bot.config import settings_from_mapping
from bot.console.repl import LOCAL_MEMBER
from bot.store import open_store
from tests.postgres_server import PostgresServer

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = ["run", "console", "sync", "check-config", "backup", "healthcheck"]
SECRET = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GxYzAb.fake-token-for-tests_0123456789abcdef"


@pytest.fixture(autouse=True)
def _no_token_in_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("RUNCLUB_CONFIG", raising=False)
    # ./config.toml is read when present: run where there is none.
    monkeypatch.chdir(tmp_path)


def bot_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "RUNCLUB_CONFIG")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_the_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: runclub-bot")
    for command in COMMANDS:
        assert f"\n    {command}" in out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: runclub-bot {command}")
    assert "--config PATH" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nope"], "argument COMMAND: invalid choice: 'nope'"),
        (["--verbose"], "unrecognized arguments: --verbose"),
        (["backup"], "the following arguments are required: PATH"),
        (["backup", "a", "b"], "unrecognized arguments: b"),
        (
            ["console", "--now", "tomorrow"],
            "'tomorrow' is not a date and time like \"2026-11-24 18:00\"",
        ),
        (["healthcheck", "--force"], "unrecognized arguments: --force"),
    ],
)
def test_bad_arguments_get_a_clear_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: runclub-bot")
    assert message in err


def test_config_is_accepted_before_or_after_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "club.toml"
    config.write_text('[club]\ntimezone = "Europe/Oslo"\n')
    for argv in (
        ["--config", str(config), "check-config"],
        ["check-config", "--config", str(config)],
    ):
        assert main(argv) == 0
        assert "timezone = 'Europe/Oslo'" in capsys.readouterr().out


def test_a_missing_or_bad_config_stops_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(tmp_path / "nope.toml"), "check-config"]) == 2
    assert "does not exist" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text("[database]\nbackup_keep = 0\n")
    assert main(["--config", str(bad), "healthcheck"]) == 2
    assert (
        "database.backup_keep: Input should be greater than or equal to 1"
        in capsys.readouterr().err
    )


def test_check_config_never_prints_the_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[discord]\ntoken = "{SECRET}-from-file"\n')
    assert main(["check-config"]) == 0
    monkeypatch.setenv("DISCORD_TOKEN", SECRET)
    assert main(["check-config"]) == 0
    out, err = capsys.readouterr()
    assert SECRET not in out + err
    assert out.count("token = '(set)'") == 2


@pytest.mark.parametrize(
    ("token_set", "interactive", "mode"),
    [
        (True, True, "run"),
        (True, False, "run"),
        (False, True, "console"),
        (False, False, "no-token"),
    ],
)
def test_what_runclub_bot_without_a_command_does(
    token_set: bool, interactive: bool, mode: str
) -> None:
    assert start_mode(token_set, interactive) == mode


@pytest.mark.parametrize("argv", [[], ["run"], ["sync"]])
def test_without_a_token_or_terminal_it_stops_at_once(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # Under pytest stdin is not a terminal: a container or CI.
    assert main(argv) == 2
    assert capsys.readouterr().err == NO_TOKEN_MESSAGE + "\n"


def test_a_real_process_without_a_token_or_terminal_exits_non_zero(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        check=False,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=bot_env(),
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr == NO_TOKEN_MESSAGE + "\n"
    assert done.stdout == ""
    assert not (tmp_path / "data").exists()


def run_in_terminal(
    argv: list[str], typed: str, cwd: Path, env: dict[str, str] | None = None
) -> tuple[int, str]:
    """Run argv with a pseudo-terminal as stdin, stdout and stderr; type `typed`; return the
    exit code and everything the terminal showed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        argv,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=cwd,
        env={**bot_env(), **(env or {})},
    )
    os.close(follower)
    os.write(leader, typed.encode())
    shown = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    code = proc.wait(timeout=10)
    return code, shown.decode(errors="replace").replace("\r\n", "\n")


def test_at_a_terminal_without_a_token_it_opens_the_console(tmp_path: Path) -> None:
    code, shown = run_in_terminal(
        [sys.executable, "-m", "bot"],
        "/legday exercises:3\n/canirun type:sprints\n/exit\n",
        tmp_path,
    )
    assert code == 0, shown
    assert OFFLINE_NOTICE in shown
    assert "runclub-bot offline console" in shown
    assert "Leg day logged: HARD" in shown
    assert "WAIT: not a hard run yet" in shown
    assert "Hard running OK from " in shown
    assert "Traceback" not in shown
    assert (tmp_path / "data" / "runclub.sqlite3").is_file()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_example_config_runs_on_the_database_database_url_names(
    backend: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """README: copy the example to config.toml; later export DATABASE_URL to move to
    PostgreSQL. The example sets `path`; the environment's url wins over it."""
    shutil.copy(ROOT / "config.example.toml", tmp_path / "config.toml")
    url = request.getfixturevalue("postgres_url") if backend == "postgresql" else None
    if url is not None:
        monkeypatch.setenv("DATABASE_URL", url)
    else:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("/legday exercises:3\n"))
    assert main(["console"]) == 0
    assert "Leg day logged: HARD" in capsys.readouterr().out

    async def stored() -> list[object]:
        member = LOCAL_MEMBER
        settings = settings_from_mapping({}, {} if url is None else {"DATABASE_URL": url})
        async with await open_store(settings.database) as store:
            return list(await store.entries.recent(member, 10))

    assert len(asyncio.run(stored())) == 1
    # The example's SQLite file exists only when it is the database in use.
    assert (tmp_path / "data" / "runclub.sqlite3").exists() == (url is None)
    assert main(["check-config"]) == 0
    out = capsys.readouterr().out
    if url is None:
        assert "database in use: data/runclub.sqlite3 (SQLite), from [database] path in" in out
    else:
        assert "database in use: postgresql://runclub_test:***@127.0.0.1:" in out
        assert (
            ", from DATABASE_URL: the environment wins over [database] path in config.toml" in out
        )


def test_the_console_banner_names_the_database_in_use_without_its_password(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    url = postgres_server.fresh_database()
    code, shown = run_in_terminal(
        [sys.executable, "-m", "bot", "console"], "/exit\n", tmp_path, {"DATABASE_URL": url}
    )
    assert code == 0, shown
    where = url.split("@", 1)[1]
    assert f"its data: postgresql://runclub_test:***@{where}." in shown
    assert postgres_server.password not in shown
    assert not (tmp_path / "data").exists()
