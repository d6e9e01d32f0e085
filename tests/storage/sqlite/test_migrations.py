from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

import bot.store.sqlite.db as db_module
from bot.store import MigrationError, SchemaTooNew
from bot.store.sqlite import Database
from bot.store.sqlite import SqliteStore as Store
from bot.store.sqlite.db import Migration, load_migrations

KNOWN = load_migrations()
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
    monkeypatch.setattr(db_module, "load_migrations", lambda: (*KNOWN, _broken(LATEST + 1)))

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
