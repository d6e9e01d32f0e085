"""Backups: the daily one (one per UTC day, the oldest removed) and `runclub-bot backup PATH`."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli import main
from bot.core.models import LegDay, MemberRef
from bot.store.migrations import load_migrations
from bot.store.sqlite import SqliteStore as Store
from bot.store.sqlite.backups import daily_backup_name, prune_backups
from bot.store.sqlite.db import MIGRATIONS, Database

MEMBER = MemberRef(guild_id=10, user_id=20)
DAY = datetime(2026, 11, 24, 0, 30, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(tmp_path / "bot.sqlite3")
    try:
        yield opened
    finally:
        await opened.close()


async def add_leg_day(store: Store, at: datetime) -> int:
    stored = await store.entries.add_leg_day(
        MEMBER, LegDay(at=at, is_hard=True, exercises=3), now=at
    )
    assert stored.id is not None
    return stored.id


def leg_day_ids(path: Path) -> list[int]:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return [row[0] for row in conn.execute("SELECT id FROM leg_days ORDER BY id")]


def daily_backups(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("runclub-*.sqlite3"))


def user_version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


@pytest.mark.parametrize(
    ("moment", "name"),
    [
        (DAY, "runclub-2026-11-24.sqlite3"),
        (datetime(2026, 11, 24, 23, 59, tzinfo=UTC), "runclub-2026-11-24.sqlite3"),
        # 00:30 on the 25th in Auckland is still the 24th in UTC.
        (
            datetime(2026, 11, 25, 0, 30, tzinfo=ZoneInfo("Pacific/Auckland")),
            "runclub-2026-11-24.sqlite3",
        ),
    ],
)
def test_the_name_carries_the_utc_date(moment: datetime, name: str) -> None:
    assert daily_backup_name(moment) == name


async def test_two_runs_on_one_day_make_one_backup(store: Store, tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    first_id = await add_leg_day(store, DAY)
    made = await store.backups.run_daily(backups, 7, DAY)
    assert made == backups / "runclub-2026-11-24.sqlite3"
    await add_leg_day(store, DAY + timedelta(hours=1))
    assert await store.backups.run_daily(backups, 7, DAY + timedelta(hours=20)) is None
    assert [p.name for p in backups.iterdir()] == ["runclub-2026-11-24.sqlite3"]
    # The morning's copy, untouched by the second call.
    assert leg_day_ids(made) == [first_id]


async def test_nine_days_keep_the_newest_seven(store: Store, tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    # Files that only look similar are not the bot's to delete.
    others = ["notes.txt", "runclub-manual.sqlite3", "runclub-2026-11-01.sqlite3.partial"]
    for name in others:
        (backups / name).write_text("keep me")
    written = {}
    for day in range(9):
        now = DAY + timedelta(days=day)
        written[now.date()] = await add_leg_day(store, now)
        assert await store.backups.run_daily(backups, 7, now) is not None
    kept = sorted(p.name for p in backups.iterdir() if p.name not in others)
    assert kept == [
        "runclub-2026-11-26.sqlite3",
        "runclub-2026-11-27.sqlite3",
        "runclub-2026-11-28.sqlite3",
        "runclub-2026-11-29.sqlite3",
        "runclub-2026-11-30.sqlite3",
        "runclub-2026-12-01.sqlite3",
        "runclub-2026-12-02.sqlite3",
    ]
    assert all((backups / name).read_text() == "keep me" for name in others)
    # Each day's backup holds what was written up to that day.
    assert leg_day_ids(backups / "runclub-2026-11-30.sqlite3") == sorted(written.values())[:7]


def test_pruning_keeps_at_least_one(tmp_path: Path) -> None:
    for day in ("2026-01-01", "2026-01-02"):
        (tmp_path / f"runclub-{day}.sqlite3").write_text("")
    assert [p.name for p in prune_backups(tmp_path, 1)] == ["runclub-2026-01-01.sqlite3"]
    with pytest.raises(ValueError, match="keep at least one"):
        prune_backups(tmp_path, 0)


async def test_a_lowered_keep_prunes_even_when_todays_backup_exists(
    store: Store, tmp_path: Path
) -> None:
    for day in range(3):
        await store.backups.run_daily(tmp_path, 7, DAY + timedelta(days=day))
    assert await store.backups.run_daily(tmp_path, 1, DAY + timedelta(days=2)) is None
    assert daily_backups(tmp_path) == ["runclub-2026-11-26.sqlite3"]


# --------------------------------------------------------------------------------------------
# runclub-bot backup PATH


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    path = tmp_path / "config.toml"
    path.write_text(f'[database]\npath = "{tmp_path / "bot.sqlite3"}"\n')
    return path


async def test_backup_command_copies_and_verifies(
    store: Store, config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = [await add_leg_day(store, DAY), await add_leg_day(store, DAY + timedelta(hours=1))]
    dest = tmp_path / "copies" / "before-upgrade.sqlite3"
    # The bot keeps running (the store stays open) while the command runs in its own process.
    assert await asyncio.to_thread(main, ["--config", str(config), "backup", str(dest)]) == 0
    assert capsys.readouterr().out == (
        f"backed up {tmp_path / 'bot.sqlite3'} to {dest} (integrity_check: ok)\n"
    )
    assert leg_day_ids(dest) == ids
    assert not dest.with_name(dest.name + ".partial").exists()


async def test_backup_refuses_to_overwrite_without_force(
    store: Store, config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "copy.sqlite3"
    dest.write_text("an older backup")
    assert await asyncio.to_thread(main, ["--config", str(config), "backup", str(dest)]) == 1
    assert capsys.readouterr().err == (
        f"runclub-bot backup: {dest} already exists; pass --force to replace it\n"
    )
    assert dest.read_text() == "an older backup"
    the_id = await add_leg_day(store, DAY)
    argv = ["--config", str(config), "backup", "--force", str(dest)]
    assert await asyncio.to_thread(main, argv) == 0
    assert leg_day_ids(dest) == [the_id]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        ("no-database", "no database at {db}"),
        ("folder", "{dest} is a folder; give the backup a file name"),
        ("onto-itself", "refusing to back up {db} onto itself"),
        ("not-sqlite", "file is not a database"),
    ],
)
def test_backup_failures_say_why(
    make: str, message: str, config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "bot.sqlite3"
    dest = tmp_path / "copy.sqlite3"
    if make == "folder":
        sqlite3.connect(db).close()
        dest.mkdir()
    elif make == "onto-itself":
        sqlite3.connect(db).close()
        dest = tmp_path / "." / "bot.sqlite3"
    elif make == "not-sqlite":
        db.write_text("this is not a database, just text long enough to have a header")
    force = ["--force"] if make == "onto-itself" else []
    assert main(["--config", str(config), "backup", *force, str(dest)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("runclub-bot backup: ")
    assert message.format(db=db, dest=dest) in err


async def test_backup_leaves_an_older_schema_as_it_is(config: Path, tmp_path: Path) -> None:
    # A database from before an upgrade: the backup must be that database, not a migrated one.
    db = await Database.open(tmp_path / "bot.sqlite3", migrations=load_migrations(MIGRATIONS)[:1])
    await db.close()
    dest = tmp_path / "copy.sqlite3"
    assert await asyncio.to_thread(main, ["--config", str(config), "backup", str(dest)]) == 0
    assert user_version(tmp_path / "bot.sqlite3") == 1
    assert user_version(dest) == 1
