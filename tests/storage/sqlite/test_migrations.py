from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

import bot.store.migrations as migrations_module
from bot.store import MigrationError, SchemaTooNew
from bot.store.migrations import Migration, load_migrations
from bot.store.sqlite import Database
from bot.store.sqlite import SqliteStore as Store
from bot.store.sqlite.db import MIGRATIONS

KNOWN = load_migrations(MIGRATIONS)
LATEST = len(KNOWN)

pytestmark = pytest.mark.sqlite_only


def _user_version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'").fetchall()
    return {name for (name,) in rows}


async def _pragma(store: Store, name: str) -> object:
    row = await store.db.fetchone(f"PRAGMA {name}")
    assert row is not None
    return row[0]


def test_packaged_migrations_are_numbered_from_one() -> None:
    assert [m.version for m in KNOWN] == list(range(1, LATEST + 1))
    assert KNOWN[0].name == "initial"


async def test_empty_database_is_migrated_with_pragmas(store: Store, db_path: Path) -> None:
    assert store.db.applied_migrations == tuple(range(1, LATEST + 1))
    assert await _pragma(store, "user_version") == LATEST
    assert await _pragma(store, "foreign_keys") == 1
    assert await _pragma(store, "journal_mode") == "wal"
    assert await _pragma(store, "synchronous") == 1  # NORMAL
    assert await _pragma(store, "busy_timeout") == 5000
    assert {"members", "leg_days", "runs", "meta"} <= _tables(db_path)


async def test_parent_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "deeper" / "bot.sqlite3"
    store = await Store.open(path)
    await store.close()
    assert path.is_file()


async def test_reopening_an_up_to_date_database_is_a_no_op(db_path: Path) -> None:
    first = await Store.open(db_path)
    await first.meta.set("kept", "yes")
    await first.close()
    with sqlite3.connect(db_path) as conn:
        schema_before = conn.execute("SELECT sql FROM sqlite_schema ORDER BY name").fetchall()

    second = await Store.open(db_path)
    try:
        assert second.db.applied_migrations == ()
        assert await second.meta.get("kept") == "yes"
    finally:
        await second.close()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT sql FROM sqlite_schema ORDER BY name").fetchall() == (
            schema_before
        )
    assert _user_version(db_path) == LATEST


async def test_newer_schema_is_refused_and_left_untouched(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE from_the_future (x INTEGER)")
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    digest = _digest(db_path)

    with pytest.raises(SchemaTooNew) as caught:
        await Store.open(db_path)

    assert str(caught.value) == (
        f"database schema version {LATEST + 1} is newer than this bot knows ({LATEST}); "
        "upgrade the bot"
    )
    assert _digest(db_path) == digest
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]  # no -wal, -shm


def _broken(version: int) -> Migration:
    # The first statement succeeds, the second fails: the first must not survive either.
    return Migration(
        version=version,
        name="broken",
        sql="CREATE TABLE half_done (x INTEGER);\nINSERT INTO no_such_table VALUES (1);",
    )


async def test_failing_migration_leaves_the_previous_version(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await (await Store.open(db_path)).close()
    # What the package would hold with one more file, a broken one.
    monkeypatch.setattr(
        migrations_module, "load_migrations", lambda dialect: (*KNOWN, _broken(LATEST + 1))
    )

    with pytest.raises(MigrationError, match=r"broken failed: no such table"):
        await Store.open(db_path)

    assert _user_version(db_path) == LATEST
    assert "half_done" not in _tables(db_path)


async def test_failing_migration_keeps_the_ones_before_it(db_path: Path) -> None:
    with pytest.raises(MigrationError):
        await Database.open(db_path, migrations=(*KNOWN, _broken(LATEST + 1)))

    assert _user_version(db_path) == LATEST
    assert {"members", "leg_days", "runs", "meta"} <= _tables(db_path)
    assert "half_done" not in _tables(db_path)


async def test_trailing_comment_does_not_swallow_the_version_bump(db_path: Path) -> None:
    extra = Migration(version=LATEST + 1, name="extra", sql="CREATE TABLE extra (x);\n-- done")
    db = await Database.open(db_path, migrations=(*KNOWN, extra))
    await db.close()
    assert _user_version(db_path) == LATEST + 1
    assert "extra" in _tables(db_path)


@pytest.mark.parametrize("versions", [(2,), (1, 3), (1, 1)])
async def test_migrations_must_be_numbered_without_gaps(
    db_path: Path, versions: tuple[int, ...]
) -> None:
    migrations = [Migration(version=v, name=f"m{v}", sql="SELECT 1;") for v in versions]
    with pytest.raises(MigrationError, match="without gaps"):
        await Database.open(db_path, migrations=migrations)


async def test_0004_keeps_every_entry_and_id_and_stops_reusing_them(db_path: Path) -> None:
    old = await Database.open(db_path, migrations=KNOWN[:3])
    await old.execute("INSERT INTO members (guild_id, user_id, created_at) VALUES (1, 2, 0)")
    await old.execute(
        "INSERT INTO leg_days (id, guild_id, user_id, at, exercises, heaviest, sets, reps,"
        " hard_given, is_hard, notes, created_at) VALUES (5, 1, 2, 10, 4, 80, 3, 5, 1, 1, 'x', 11)"
    )
    await old.execute(
        "INSERT INTO runs (id, guild_id, user_id, at, run_type, distance_km, minutes, rpe, notes,"
        " created_at) VALUES (7, 1, 2, 20, 'easy', 5.5, 30, 3, 'y', 21)"
    )
    legs_before = [tuple(r) for r in await old.fetchall("SELECT * FROM leg_days")]
    runs_before = [tuple(r) for r in await old.fetchall("SELECT * FROM runs")]
    await old.close()

    # Exactly 0004 on top of 0001-0003: later migrations add columns of their own.
    db = await Database.open(db_path, migrations=KNOWN[:4])
    try:
        assert db.applied_migrations == (4,)
        assert [tuple(r) for r in await db.fetchall("SELECT * FROM leg_days")] == legs_before
        assert [tuple(r) for r in await db.fetchall("SELECT * FROM runs")] == runs_before
        assert await db.fetchall("PRAGMA foreign_key_check") == []
        await db.execute("DELETE FROM runs WHERE id = 7")
        await db.execute(
            "INSERT INTO runs (guild_id, user_id, at, run_type, created_at)"
            " VALUES (1, 2, 30, 'easy', 31)"
        )
        row = await db.fetchone("SELECT max(id) FROM runs")
        assert row is not None and row[0] == 8
        # The cascade from members still reaches the rebuilt tables.
        await db.execute("DELETE FROM members")
        assert await db.fetchall("SELECT id FROM leg_days UNION ALL SELECT id FROM runs") == []
    finally:
        await db.close()
    with sqlite3.connect(db_path) as conn:
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type='index'")}
    assert {
        "leg_days_member_at",
        "leg_days_member_hard_at",
        "leg_days_guild_at",
        "leg_days_member_created",
        "runs_member_at",
        "runs_guild_at",
        "runs_member_created",
    } <= indexes
