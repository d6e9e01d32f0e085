"""An unreachable database at startup: `run` and `console` print one line saying so and exit
non-zero, with no traceback and no password, before Discord is contacted (a PostgreSQL server
that does not answer, a SQLite file whose folder cannot be made, a PostgreSQL user that may not
make the bot's tables)."""

from __future__ import annotations

import io
import secrets
import socket
from pathlib import Path

import pytest

from bot.cli import main
from tests.postgres_server import PostgresServer

SECRET = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GxYzAb.fake-token-for-tests_0123456789abcdef"
PASSWORD = "s3cret-pw"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(command: str, monkeypatch: pytest.MonkeyPatch, *args: str) -> None:
    """`command` started with a token and a line of input, stopped by its database (exit 1)."""
    monkeypatch.setenv("DISCORD_TOKEN", SECRET)
    monkeypatch.setattr("sys.stdin", io.StringIO("/help\n"))
    assert main([command, *args]) == 1


@pytest.mark.parametrize("command", ["run", "console"])
def test_an_unreachable_database_stops_the_start_with_one_line(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"postgresql://bot:{PASSWORD}@127.0.0.1:{_closed_port()}/db")
    _start(command, monkeypatch)

    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[-1].startswith("runclub-bot: couldn't reach the database"), err
    problems = [line for line in lines if "database" in line and "runclub-bot:" in line]
    assert len(problems) == 1
    assert "Traceback" not in err + out
    assert PASSWORD not in err + out


@pytest.mark.parametrize("command", ["run", "console"])
def test_a_database_folder_that_cannot_be_made_stops_the_start_with_one_line(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A file stands where the SQLite file's folder would be (as a folder the user may not
    # create, `/var/lib/runclub/...`, would).
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    (tmp_path / "data").write_text("not a folder\n", encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text('[database]\npath = "data/runclub.sqlite3"\n', encoding="utf-8")
    _start(command, monkeypatch, "--config", str(config))

    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[-1].startswith("runclub-bot: cannot open the database data/runclub.sqlite3"), err
    assert "Traceback" not in err + out


@pytest.mark.parametrize("command", ["run", "console", "migrate-store"])
def test_a_postgresql_user_that_may_not_make_tables_stops_the_start_with_one_line(
    command: str,
    tmp_path: Path,
    postgres_server: PostgresServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # PostgreSQL 15 on: a database an administrator made and gave a user CONNECT on, without
    # making it the owner, lets that user in but not create tables in its schema public.
    role = f"plain_{secrets.token_hex(4)}"
    postgres_server.psql(f"CREATE ROLE {role} LOGIN PASSWORD '{PASSWORD}'")
    database = postgres_server.fresh_database().rsplit("/", 1)[1]
    url = f"postgresql://{role}:{PASSWORD}@127.0.0.1:{postgres_server.port}/{database}"
    monkeypatch.chdir(tmp_path)
    if command == "migrate-store":
        # The SQLite file to copy from, made as the console makes it.
        monkeypatch.delenv("DATABASE_URL", raising=False)
        monkeypatch.setattr("sys.stdin", io.StringIO("/help\n"))
        assert main(["console"]) == 0
        capsys.readouterr()
        _start(command, monkeypatch, "--to", url)
    else:
        monkeypatch.setenv("DATABASE_URL", url)
        _start(command, monkeypatch)

    out, err = capsys.readouterr()
    assert "Traceback" not in err + out, err
    assert PASSWORD not in err + out
    last = err.strip().splitlines()[-1]
    shown = f"postgresql://{role}:***@127.0.0.1:{postgres_server.port}/{database}"
    assert f"can't open the database {shown}: InsufficientPrivilegeError" in last, err
    assert "the url's user must own the database" in last
