from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from bot.core.models import LegDay, Run, RunType
from bot.store import BackupError, StoreError
from bot.store.sqlite import Database
from bot.store.sqlite import SqliteStore as Store
from tests.storage.conftest import ALICE, BOB, T0

pytestmark = pytest.mark.sqlite_only


def _worker_threads(before: set[threading.Thread]) -> list[threading.Thread]:
    # The loop's default executor ("asyncio_N") belongs to the loop, which shuts it down.
    return [
        t for t in threading.enumerate() if t not in before and not t.name.startswith("asyncio_")
    ]


async def test_close_is_idempotent_and_stops_the_connection_thread(db_path: Path) -> None:
    before = set(threading.enumerate())
    store = await Store.open(db_path)
    workers = _worker_threads(before)
    assert len(workers) == 2  # aiosqlite's one thread per connection: writer and reader

    await store.close()
    await store.close()

    for worker in workers:
        worker.join(timeout=5)
        assert not worker.is_alive()
    assert store.db.closed
    with pytest.raises(RuntimeError, match="closed"):
        await store.meta.get("anything")


async def test_a_read_does_not_wait_for_a_running_write(db_path: Path) -> None:
    store = await Store.open(db_path)
    try:
        await store.meta.set("k", "before")
        async with store.db.transaction() as tx:
            await tx.execute("UPDATE meta SET value = 'during' WHERE key = 'k'")
            # The writer's lock is held: a read on the writer would hang here.
            read = asyncio.create_task(store.meta.get("k"))
            assert await read == "before"  # the last committed state
        assert await store.meta.get("k") == "during"
    finally:
        await store.close()


async def test_the_reader_cannot_write(db_path: Path) -> None:
    store = await Store.open(db_path)
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            await store.db.fetchall("INSERT INTO meta (key, value) VALUES ('x', 'y') RETURNING key")
    finally:
        await store.close()


def _write_garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database" * 100)


async def test_failed_open_leaves_no_thread(db_path: Path) -> None:
    _write_garbage(db_path)
    before = set(threading.enumerate())
    # Callers see the store's own error; the driver's is kept as the cause.
    with pytest.raises(StoreError, match="not a database") as raised:
        await Store.open(db_path)
    assert isinstance(raised.value.__cause__, sqlite3.DatabaseError)
    for thread in _worker_threads(before):
        thread.join(timeout=5)
        assert not thread.is_alive()


async def test_store_is_an_async_context_manager(db_path: Path) -> None:
    async with await Store.open(db_path) as store:
        await store.meta.set("k", "v")
    assert store.db.closed


async def test_close_waits_for_a_running_transaction(store: Store) -> None:
    inside = asyncio.Event()
    release = asyncio.Event()

    async def writer() -> None:
        async with store.db.transaction() as tx:
            await tx.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
            inside.set()
            await release.wait()

    task = asyncio.create_task(writer())
    await inside.wait()
    closing = asyncio.create_task(store.close())
    await asyncio.sleep(0.05)
    assert not closing.done()
    release.set()
    await asyncio.gather(task, closing)

    reopened = await Store.open(store.db.path)
    try:
        assert await reopened.meta.get("k") == "v"
    finally:
        await reopened.close()


async def test_transaction_rolls_back_on_error(store: Store) -> None:
    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        async with store.db.transaction() as tx:
            await tx.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
            raise Boom
    assert await store.meta.get("k") is None
    await store.meta.set("k", "after")  # the lock was released
    assert await store.meta.get("k") == "after"


async def test_cancelled_transaction_rolls_back_and_releases_the_lock(store: Store) -> None:
    inside = asyncio.Event()

    async def writer() -> None:
        async with store.db.transaction() as tx:
            await tx.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
            inside.set()
            await asyncio.Event().wait()

    task = asyncio.create_task(writer())
    await inside.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await asyncio.wait_for(store.meta.get("k"), timeout=5) is None


async def test_other_tasks_never_see_uncommitted_writes(store: Store) -> None:
    inside = asyncio.Event()
    release = asyncio.Event()

    async def writer() -> None:
        async with store.db.transaction() as tx:
            await tx.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
            inside.set()
            await release.wait()
            raise RuntimeError("changed my mind")

    task = asyncio.create_task(writer())
    await inside.wait()
    # The read runs beside the transaction (its own connection) and sees only what is
    # committed: not the row the open transaction inserted.
    assert await store.meta.get("k") is None
    release.set()
    with pytest.raises(RuntimeError):
        await task
    assert await store.meta.get("k") is None


async def test_reentering_the_database_inside_a_transaction_fails_fast(store: Store) -> None:
    # asyncio.timeout, not wait_for: the call must run in this task, the lock's owner.
    async with asyncio.timeout(5), store.db.transaction():
        with pytest.raises(RuntimeError, match="use the transaction handle"):
            await store.meta.get("k")


async def test_transaction_handle_is_dead_after_its_block(store: Store) -> None:
    async with store.db.transaction() as tx:
        pass
    with pytest.raises(RuntimeError, match="after its block"):
        await tx.fetchone("SELECT 1")


async def test_backup_copies_every_row(store: Store, tmp_path: Path) -> None:
    await store.entries.add_leg_day(ALICE, LegDay(at=T0, is_hard=True, exercises=4), now=T0)
    await store.entries.add_run(BOB, Run(at=T0, run_type=RunType.LONG, distance_km=21.1), now=T0)
    await store.meta.set("tree_hash", "abc")
    dest = tmp_path / "backups" / "copy.sqlite3"

    await store.backups.backup_to(dest)

    assert sorted(p.name for p in dest.parent.iterdir()) == ["copy.sqlite3"]
    with sqlite3.connect(store.db.path) as live, sqlite3.connect(dest) as copy:
        for table in ("members", "leg_days", "runs", "meta"):
            query = f"SELECT * FROM {table} ORDER BY 1, 2"
            assert copy.execute(query).fetchall() == live.execute(query).fetchall(), table
        assert (
            copy.execute("PRAGMA user_version").fetchone()
            == live.execute("PRAGMA user_version").fetchone()
        )
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    live.close()
    copy.close()

    reopened = await Store.open(dest)
    try:
        assert await reopened.meta.get("tree_hash") == "abc"
    finally:
        await reopened.close()


async def test_backup_replaces_an_older_copy(store: Store, tmp_path: Path) -> None:
    dest = tmp_path / "copy.sqlite3"
    await store.backups.backup_to(dest)
    await store.meta.set("k", "new")
    await store.backups.backup_to(dest)
    with sqlite3.connect(dest) as copy:
        assert copy.execute("SELECT value FROM meta WHERE key = 'k'").fetchone() == ("new",)
    copy.close()


async def test_backup_onto_the_live_file_is_refused(store: Store) -> None:
    with pytest.raises(BackupError, match="onto itself"):
        await store.backups.backup_to(store.db.path)


async def test_database_open_directly(db_path: Path) -> None:
    db = await Database.open(db_path)
    try:
        assert await db.execute("INSERT INTO meta (key, value) VALUES ('a', 'b')") == 1
        assert [tuple(r) for r in await db.fetchall("SELECT key, value FROM meta")] == [("a", "b")]
    finally:
        await db.close()


async def test_cancelled_while_beginning_leaves_no_open_transaction(store: Store) -> None:
    async def writer() -> None:
        async with store.db.transaction() as tx:
            await tx.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")

    task = asyncio.create_task(writer())
    await asyncio.sleep(0)  # the task now waits for its BEGIN to come back
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    await store.meta.set("after", "yes")  # would fail inside a leftover transaction
    async with store.db.transaction() as tx:
        assert await tx.fetchone("SELECT value FROM meta WHERE key = 'k'") is None
    assert await store.meta.get("after") == "yes"
