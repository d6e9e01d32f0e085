"""What the command line says of a setting or a file it cannot use: one line naming it, the
exit status README.md's "Command line" and "Configuration" give, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

FAKE_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GxYzAb.not-a-real-token_0123456789abcdef"


def config_file(tmp_path: Path, text: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    return config


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
    # README, "Configuration": a bad value stops startup (exit status 2) naming the key. An
    # empty path would read as "." (the working directory): no heartbeat could be written
    # beside it, and the database would fail to open naming no key.
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
    # A typo in the file's name (or compose's SQLITE_FILE) must not make a new, empty SQLite
    # file, copy its nothing and report every count matching: the operator would start the
    # shards on an empty database. `backup` refuses the same mistake ("no database at ...").
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
    # README, "Command line": a bad configuration prints what is wrong and exits 2; a file
    # saved as Latin-1 (an "é" in a comment, from a Windows editor) is one.
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "config.toml"
    config.write_bytes('# caf\xe9 run club\n[club]\ntimezone = "UTC"\n'.encode("latin-1"))

    assert main(["check-config", "--config", str(config)]) == 2

    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    assert err.startswith(f"runclub-bot: {config}"), err
    assert len(err.strip().splitlines()) == 1, err


def test_a_config_file_saved_with_a_byte_order_mark_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Notepad's "UTF-8 with BOM": the mark is invisible, and the file was refused as "not
    # valid TOML: Invalid statement (at line 1, column 1)" with `[club]` standing there.
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "config.toml"
    config.write_bytes(b'\xef\xbb\xbf[club]\r\ntimezone = "Europe/Oslo"\r\n')

    assert main(["check-config", "--config", str(config)]) == 0

    assert "timezone = 'Europe/Oslo'" in capsys.readouterr().out


def test_a_bad_value_under_a_moved_key_is_named_where_the_file_has_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # README, "Configuration": a file that still says `[reminders] catch_up_hours` is read. A
    # bad value there is refused under its new name, `daily_post.catch_up_hours`, which the
    # file does not have: a note says where the file has it.
    monkeypatch.chdir(tmp_path)
    config = config_file(tmp_path, "[reminders]\ncatch_up_hours = 30\n")

    assert main(["check-config", "--config", str(config)]) == 2

    err = capsys.readouterr().err
    assert "reminders" in err, err


def test_a_config_path_that_cannot_be_looked_at_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A folder it may not look into (EACCES, user 10001 and a host folder mounted at /config)
    # fails where the bot asks whether the file is there; the tests run as root, whom no
    # permission stops, so a name too long for the file system (ENAMETOOLONG) fails there.
    monkeypatch.chdir(tmp_path)
    config = tmp_path / ("x" * 300) / "config.toml"

    status = main(["check-config", "--config", str(config)])

    out, err = capsys.readouterr()
    assert status == 2, (status, err)
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize("command", ["check-config", "run"])
def test_a_mounted_config_that_is_a_folder_stops_the_start_instead_of_the_defaults(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The image's layout (README.md, "Run it with Docker"): /app/config.toml links to
    # /config/config.toml, where `docker run -v "$PWD/config.toml:/config/config.toml:ro"`
    # mounts an empty folder when the host has no such file (run from another folder, or
    # before the cp). Starting on the defaults would hide that the settings were never read.
    app, mount = tmp_path / "app", tmp_path / "config"
    app.mkdir()
    (mount / "config.toml").mkdir(parents=True)
    (app / "config.toml").symlink_to(mount / "config.toml")
    monkeypatch.chdir(app)
    monkeypatch.delenv("RUNCLUB_CONFIG", raising=False)
    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)

    status = main([command])

    out, err = capsys.readouterr()
    assert status == 2, (status, out, err)
    assert err == (
        "runclub-bot: config.toml is a folder, not a TOML file (`docker run -v` makes an empty"
        " folder where the file it is given does not exist: check that file's path)\n"
    )
    assert not (app / "data").exists()  # no database was made on the defaults


def test_a_config_named_that_is_a_folder_is_called_a_folder_not_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "settings").mkdir()

    assert main(["check-config", "--config", "settings"]) == 2

    err = capsys.readouterr().err
    assert err.startswith("runclub-bot: settings is a folder, not a TOML file"), err


def test_a_config_image_without_the_mount_starts_on_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # "Leave the mount out and the bot starts on the defaults": the link points at nothing.
    (tmp_path / "config.toml").symlink_to(tmp_path / "config" / "config.toml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RUNCLUB_CONFIG", raising=False)

    assert main(["check-config"]) == 0

    assert "configuration OK" in capsys.readouterr().out
