"""SQLite's schema for entries: stored form, CHECK and foreign-key constraints, query plans."""

from __future__ import annotations

import sqlite3
from datetime import UTC, timedelta, timezone

import pytest

from bot.core.models import LegDay, Run, RunType
from bot.store.sql.entries import LAST_HARD, LEG_DAYS_BETWEEN
from bot.store.sqlite import SqliteStore as Store
from tests.storage.conftest import ALICE, BOB, T0, count_rows
from tests.storage.test_entries import _leg


async def _count(store: Store, table: str) -> int:
    return await count_rows(store, table)


async def test_times_are_stored_as_utc_instants(store: Store) -> None:
    local = T0.astimezone(timezone(timedelta(hours=-5, minutes=-30)))
    await store.entries.add_leg_day(ALICE, _leg(local), now=T0)
    [read] = await store.entries.leg_days_between(ALICE, T0, T0)
    assert read.at == T0 and read.at.tzinfo is UTC
    row = await store.db.fetchone("SELECT at FROM leg_days")
    assert row is not None and row[0] == int(T0.timestamp())


@pytest.mark.parametrize(
    "fields",
    [
        {"exercises": -1},
        {"exercises": 21},
        {"heaviest": 0},
        {"heaviest": 101},
        {"sets": 0},
        {"sets": 21},
        {"reps": 0},
        {"reps": 51},
    ],
)
async def test_out_of_range_leg_days_are_rejected(store: Store, fields: dict[str, int]) -> None:
    leg_day = LegDay.model_validate({"at": T0, "is_hard": True, "exercises": 3, **fields})
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        await store.entries.add_leg_day(ALICE, leg_day, now=T0)
    # The member row was inserted in the same transaction: it must be gone too.
    assert await _count(store, "leg_days") == 0
    assert await _count(store, "members") == 0


@pytest.mark.parametrize(
    "fields", [{"rpe": 0}, {"rpe": 11}, {"distance_km": 0.0}, {"minutes": -1.0}]
)
async def test_out_of_range_runs_are_rejected(store: Store, fields: dict[str, float]) -> None:
    run = Run.model_validate({"at": T0, "run_type": RunType.EASY, **fields})
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        await store.entries.add_run(ALICE, run, now=T0)
    assert await _count(store, "runs") == 0
    assert await _count(store, "members") == 0


async def test_unknown_run_type_is_rejected_by_the_schema(store: Store) -> None:
    await store.members.ensure(ALICE, T0)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        async with store.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO runs (guild_id, user_id, at, run_type, created_at)"
                " VALUES (?, ?, 0, 'jog', 0)",
                (ALICE.guild_id, ALICE.user_id),
            )
    assert await _count(store, "runs") == 0


async def test_entries_need_a_member_row(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        await store.db.execute(
            "INSERT INTO leg_days (guild_id, user_id, at, exercises, is_hard, created_at)"
            " VALUES (1, 2, 0, 0, 0, 0)"
        )


async def test_deleting_a_member_deletes_their_entries(store: Store) -> None:
    await store.entries.add_leg_day(ALICE, _leg(T0), now=T0)
    await store.entries.add_run(ALICE, Run(at=T0, run_type=RunType.EASY), now=T0)
    await store.entries.add_leg_day(BOB, _leg(T0), now=T0)
    await store.db.execute(
        "DELETE FROM members WHERE guild_id = ? AND user_id = ?",
        (ALICE.guild_id, ALICE.user_id),
    )
    assert await _count(store, "leg_days") == 1
    assert await _count(store, "runs") == 0


async def _plan(store: Store, sql: str, params: dict[str, object]) -> str:
    rows = await store.db.all("EXPLAIN QUERY PLAN " + sql, **params)
    return "\n".join(str(row["detail"]) for row in rows)


async def test_canirun_lookup_is_one_index_range_scan(store: Store) -> None:
    plan = await _plan(
        store,
        LEG_DAYS_BETWEEN,
        {"guild_id": ALICE.guild_id, "user_id": ALICE.user_id, "start": 0, "end": 10},
    )
    assert "USING INDEX leg_days_member_at" in plan or (
        "USING COVERING INDEX leg_days_member_at" in plan
    )
    assert "TEMP B-TREE" not in plan  # the order comes from the index, no sort


async def test_last_hard_lookup_uses_its_index(store: Store) -> None:
    plan = await _plan(
        store, LAST_HARD, {"guild_id": ALICE.guild_id, "user_id": ALICE.user_id, "t": 10}
    )
    assert "INDEX leg_days_member_hard_at" in plan
    assert "TEMP B-TREE" not in plan
