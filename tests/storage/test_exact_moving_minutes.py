"""Migration 0008 (issue 18, point 9): a watch run stored before it kept its moving time in
whole minutes; upgraded, every row is kept and its minutes become the moving time exactly."""

from __future__ import annotations

from pathlib import Path

from bot.store.migrations import load_migrations
from bot.store.postgres import PostgresDatabase
from bot.store.postgres.db import MIGRATIONS as PG_MIGRATIONS
from bot.store.sqlite import Database
from bot.store.sqlite.db import MIGRATIONS as SQLITE_MIGRATIONS

MEMBER = "INSERT INTO members (guild_id, user_id, created_at) VALUES (1, 2, {now})"
# A watch run (19:40 moving, stored as 20 minutes) and a typed run (no moving time).
RUNS = (
    "INSERT INTO runs (id, guild_id, user_id, at, run_type, distance_km, minutes, rpe, notes,"
    " created_at, moving_seconds, elapsed_seconds, source){override} VALUES"
    " (7, 1, 2, {at}, 'easy', 4.251, 20, NULL, 'x', {at}, 1180, 1225, 'tcx'),"
    " (8, 1, 2, {at}, 'tempo', 8.0, 41, 7, NULL, {at}, NULL, NULL, 'typed')"
)
EXPECTED = {7: (4.251, 1180 / 60, 1180, "tcx"), 8: (8.0, 41.0, None, "typed")}


async def test_sqlite_upgrade_keeps_the_rows_and_makes_minutes_exact(db_path: Path) -> None:
    known = load_migrations(SQLITE_MIGRATIONS)
    old = await Database.open(db_path, migrations=known[:7])
    await old.execute(MEMBER.format(now=0))
    await old.execute(RUNS.format(at=20, override=""))
    await old.close()

    db = await Database.open(db_path, migrations=known[:8])
    try:
        assert db.applied_migrations == (8,)
        rows = await db.fetchall(
            "SELECT id, distance_km, minutes, moving_seconds, source FROM runs ORDER BY id"
        )
    finally:
        await db.close()
    assert {r[0]: tuple(r[1:]) for r in rows} == EXPECTED


async def test_postgresql_upgrade_keeps_the_rows_and_makes_minutes_exact(
    postgres_url: str,
) -> None:
    known = load_migrations(PG_MIGRATIONS)
    old = await PostgresDatabase.open(postgres_url, migrations=known[:7])
    await old.execute(MEMBER.format(now="now()"))
    await old.execute(RUNS.format(at="now()", override=" OVERRIDING SYSTEM VALUE"))
    await old.close()

    db = await PostgresDatabase.open(postgres_url, migrations=known[:8])
    try:
        assert db.applied_migrations == (8,)
        rows = await db.fetchall(
            "SELECT id, distance_km, minutes, moving_seconds, source FROM runs ORDER BY id"
        )
    finally:
        await db.close()
    assert {r[0]: tuple(r[1:]) for r in rows} == EXPECTED
