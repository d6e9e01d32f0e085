"""What the command line says of a setting or a file it cannot use: one line naming it, the
exit status README.md's "Command line" and "Configuration" give, never a traceback."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli import main

FAKE_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GxYzAb.not-a-real-token_0123456789abcdef"


def config_file(tmp_path: Path, text: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    return config


@pytest.mark.parametrize("command", ["run", "console"])
def test_a_database_folder_that_cannot_be_made_stops_the_start_with_one_line(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # README, "Command line": a database it cannot reach stops `run` (and `console`) at once
    # with one line and exit status 1. A SQLite file's folder that cannot be created (here a
    # file stands where the folder would be; as often, `path = "/var/lib/runclub/..."` for a
    # user who may not create that folder) ends in a Python traceback instead.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("/help\n"))
    (tmp_path / "data").write_text("not a folder\n", encoding="utf-8")
    config = config_file(tmp_path, '[database]\npath = "data/runclub.sqlite3"\n')

    assert main([command, "--config", str(config)]) == 1

    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and lines[-1].startswith("runclub-bot: "), err
    assert "data/runclub.sqlite3" in lines[-1]
    assert "Traceback" not in err + out


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[health]\nheartbeat_path = ""\n', "health.heartbeat_path"),
        ('[database]\npath = ""\n', "database.path"),
    ],
    ids=["heartbeat_path", "database_path"],
)
def test_an_empty_path_is_a_bad_value_named_by_its_key(
    text: str,
    key: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # README, "Configuration": a bad value stops startup (exit status 2) with a message naming
    # the key. An empty path is read as "." (the working directory): check-config says
    # "configuration OK", and the running bot then never writes its heartbeat (a directory
    # has no name to write beside), so `healthcheck` fails for good; an empty database path
    # stops `run` with "cannot open the database ." instead, naming no key.
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = config_file(tmp_path, text)

    assert main(["check-config", "--config", str(config)]) == 2

    out, err = capsys.readouterr()
    assert "configuration OK" not in out
    assert key in err, err


def test_migrate_store_from_a_sqlite_file_that_does_not_exist_is_refused(
    tmp_path: Path,
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A typo in the file's name (or compose's SQLITE_FILE) creates a new, empty SQLite file,
    # copies its nothing into PostgreSQL and reports "counts and checksums match", exit 0: the
    # operator then starts the shards on an empty database. `backup` refuses the same mistake
    # ("no database at ...").
    monkeypatch.delenv("DATABASE_URL", raising=False)
    missing = tmp_path / "runclub.sqlite3.typo"
    config = config_file(tmp_path, f'[database]\npath = "{missing}"\n')

    status = main(["migrate-store", "--config", str(config), "--to", postgres_url])

    out, err = capsys.readouterr()
    assert status != 0, out
    assert "counts and checksums match" not in out
    assert str(missing) in err
    assert not missing.exists()


def test_a_config_file_that_is_not_utf8_is_a_bad_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # README, "Command line": a bad configuration prints what is wrong and exits 2. A file
    # saved as Latin-1 (an "é" in a comment, from a Windows editor) ends in a traceback of
    # UnicodeDecodeError and exit status 1, for every command.
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "config.toml"
    config.write_bytes('# caf\xe9 run club\n[club]\ntimezone = "UTC"\n'.encode("latin-1"))

    assert main(["check-config", "--config", str(config)]) == 2

    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    assert err.startswith(f"runclub-bot: {config}"), err
    assert len(err.strip().splitlines()) == 1, err


def test_a_bad_value_under_a_moved_key_is_named_where_the_file_has_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # README, "Configuration": a file that still says `[reminders] catch_up_hours` is read.
    # A bad value there is refused naming `daily_post.catch_up_hours`, a key the file does
    # not have, and without the note saying where it was read from.
    monkeypatch.chdir(tmp_path)
    config = config_file(tmp_path, "[reminders]\ncatch_up_hours = 30\n")

    assert main(["check-config", "--config", str(config)]) == 2

    err = capsys.readouterr().err
    assert "reminders" in err, err
