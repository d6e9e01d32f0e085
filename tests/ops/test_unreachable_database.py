"""An unreachable database at startup: `run` and `console` print one line saying so and exit
non-zero, with no traceback and no password, before Discord is contacted."""

from __future__ import annotations

import io
import socket
from pathlib import Path

import pytest

from bot.cli import main

SECRET = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GxYzAb.fake-token-for-tests_0123456789abcdef"
PASSWORD = "s3cret-pw"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("command", ["run", "console"])
def test_an_unreachable_database_stops_the_start_with_one_line(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", SECRET)
    monkeypatch.setenv("DATABASE_URL", f"postgresql://bot:{PASSWORD}@127.0.0.1:{_closed_port()}/db")
    monkeypatch.setattr("sys.stdin", io.StringIO("/help\n"))

    assert main([command]) == 1

    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[-1].startswith("runclub-bot: couldn't reach the database"), err
    problems = [line for line in lines if "database" in line and "runclub-bot:" in line]
    assert len(problems) == 1
    assert "Traceback" not in err + out
    assert PASSWORD not in err + out
