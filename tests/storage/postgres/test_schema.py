"""The PostgreSQL schema: migrations, column types, constraints, cascades and query plans.

These are the PostgreSQL counterparts of the `sqlite_only` tests in tests/storage.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, timedelta, timezone

import asyncpg
import pytest

from bot.core.models import LegDay, MemberRef, Run, RunType
from bot.store import MigrationError, SchemaTooNew
from bot.store.migrations import Migration, load_migrations
from bot.store.postgres import PostgresDatabase, PostgresStore
from bot.store.postgres.db import MIGRATIONS, schema_version
from bot.store.sql.clubs import ACTIVE_WITH_LATEST, CLUB_LEG_DAYS
from bot.store.sql.entries import LAST_HARD, LEG_DAYS_BETWEEN, WEEK_TOTALS
from tests.storage.conftest import ALICE, BOB, T0

KNOWN = load_migrations(MIGRATIONS)
LATEST = len(KNOWN)
H = timedelta(hours=1)


async def _tables(pg: PostgresStore) -> set[str]:
    rows = await pg.db.fetchall(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    )
    return {row[0] for row in rows}


async def _count(pg: PostgresStore, table: str) -> int:
    row = await pg.db.fetchone(f"SELECT count(*) FROM {table}")
    assert row is not None
    return int(row[0])


def test_migrations_mirror_the_sqlite_numbering() -> None:
    from bot.store.sqlite.db import MIGRATIONS as SQLITE_MIGRATIONS  # noqa: PLC0415

    assert [(m.version, m.name) for m in KNOWN] == [
        (m.version, m.name) for m in load_migrations(SQLITE_MIGRATIONS)
    ]


async def test_empty_database_is_migrated_and_recorded(pg: PostgresStore) -> None:
    assert pg.db.applied_migrations == tuple(range(1, LATEST + 1))
    rows = await pg.db.fetchall(
        "SELECT version, name, applied_at FROM schema_migrations ORDER BY version"
    )
    assert [(r["version"], r["name"]) for r in rows] == [(m.version, m.name) for m in KNOWN]
    assert all(r["applied_at"].tzinfo is not None for r in rows)
    assert {"members", "leg_days", "runs", "meta", "clubs", "club_sessions", "posts"} <= (
        await _tables(pg)
    )


async def test_reopening_is_a_no_op(postgres_url: str) -> None:
    async with await PostgresStore.open(postgres_url) as first:
        await first.meta.set("kept", "yes")
    async with await PostgresStore.open(postgres_url) as second:
        assert second.db.applied_migrations == ()
        assert await second.meta.get("kept") == "yes"
        assert await _count(second, "schema_migrations") == LATEST


async def test_concurrent_opens_of_an_empty_database_migrate_once(postgres_url: str) -> None:
    stores = await asyncio.gather(*(PostgresStore.open(postgres_url) for _ in range(4)))
    try:
        applied = sorted(store.db.applied_migrations for store in stores)
        assert applied == [(), (), (), tuple(range(1, LATEST + 1))]
        rows = await stores[0].db.fetchall(
            "SELECT version, count(*) AS n FROM schema_migrations GROUP BY version ORDER BY 1"
        )
        assert [(r["version"], r["n"]) for r in rows] == [(v, 1) for v in range(1, LATEST + 1)]
        # The advisory lock was given back: nobody holds it any more.
        row = await stores[0].db.fetchone(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
        )
        assert row is not None and row[0] == 0
    finally:
        await asyncio.gather(*(store.close() for store in stores))


async def test_newer_schema_is_refused_and_left_untouched(postgres_url: str) -> None:
    async with await PostgresStore.open(postgres_url) as pg:
        await pg.db.execute(
            "INSERT INTO schema_migrations (version, name) VALUES ($1, 'from_the_future')",
            LATEST + 1,
        )
        tables_before = await _tables(pg)

    with pytest.raises(SchemaTooNew) as caught:
        await PostgresStore.open(postgres_url)

    assert str(caught.value) == (
        f"database schema version {LATEST + 1} is newer than this bot knows ({LATEST}); "
        "upgrade the bot"
    )
    conn = await asyncpg.connect(postgres_url)
    try:
        assert await schema_version(conn) == LATEST + 1
        rows = await conn.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        )
    finally:
        await conn.close()
    assert {r[0] for r in rows} == tables_before


def _broken(version: int) -> Migration:
    return Migration(
        version=version,
        name="broken",
        sql="CREATE TABLE half_done (x integer);\nINSERT INTO no_such_table VALUES (1);",
    )


async def test_failing_migration_leaves_the_previous_version(postgres_url: str) -> None:
    with pytest.raises(MigrationError, match=rf"{LATEST + 1:04d}_broken failed: .*no_such_table"):
        await PostgresDatabase.open(postgres_url, migrations=(*KNOWN, _broken(LATEST + 1)))

    async with await PostgresStore.open(postgres_url) as pg:
        assert pg.db.applied_migrations == ()  # the good ones stayed applied
        assert await _count(pg, "schema_migrations") == LATEST
        assert "half_done" not in await _tables(pg)


@pytest.mark.parametrize("versions", [(2,), (1, 3), (1, 1)])
async def test_migrations_must_be_numbered_without_gaps(
    postgres_url: str, versions: tuple[int, ...]
) -> None:
    migrations = [Migration(version=v, name=f"m{v}", sql="SELECT 1;") for v in versions]
    with pytest.raises(MigrationError, match="without gaps"):
        await PostgresDatabase.open(postgres_url, migrations=migrations)


async def test_column_types_fit_the_data(pg: PostgresStore) -> None:
    rows = await pg.db.fetchall(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = 'public'"
    )
    types = {(r["table_name"], r["column_name"]): r["data_type"] for r in rows}
    for (table, column), data_type in types.items():
        if column == "at" or column.endswith("_at"):
            assert data_type == "timestamp with time zone", (table, column)
        if column in ("guild_id", "user_id", "channel_id", "message_id", "id"):
            assert data_type == "bigint", (table, column)
    for flag in [
        ("members", "listed"),
        ("leg_days", "is_hard"),
        ("leg_days", "hard_given"),
        ("clubs", "enabled"),
        ("clubs", "paused"),
    ]:
        assert types[flag] == "boolean", flag
    assert types[("posts", "local_date")] == "date"


async def test_times_are_stored_as_utc_instants(pg: PostgresStore) -> None:
    local = T0.astimezone(timezone(timedelta(hours=-5, minutes=-30)))
    await pg.entries.add_leg_day(ALICE, LegDay(at=local, is_hard=True), now=T0)
    [read] = await pg.entries.leg_days_between(ALICE, T0, T0)
    assert read.at == T0 and read.at.tzinfo is UTC
    row = await pg.db.fetchone("SELECT at, extract(epoch FROM at)::bigint AS s FROM leg_days")
    assert row is not None and row["at"] == T0 and row["s"] == int(T0.timestamp())


async def test_naive_datetimes_are_refused(pg: PostgresStore) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await pg.entries.leg_days_between(ALICE, T0.replace(tzinfo=None), T0)


async def test_ids_are_never_reused_after_a_delete(pg: PostgresStore) -> None:
    first = await pg.entries.add_run(ALICE, Run(at=T0, run_type=RunType.EASY), now=T0)
    second = await pg.entries.add_run(ALICE, Run(at=T0, run_type=RunType.EASY), now=T0 + H)
    assert await pg.entries.delete_latest(ALICE) == second
    third = await pg.entries.add_run(ALICE, Run(at=T0, run_type=RunType.EASY), now=T0 + 2 * H)
    assert (first.id, second.id, third.id) == (1, 2, 3)


@pytest.mark.parametrize(
    "fields",
    [{"exercises": 21}, {"heaviest": 0}, {"sets": 21}, {"reps": 0}],
)
async def test_out_of_range_leg_days_are_rejected(
    pg: PostgresStore, fields: dict[str, int]
) -> None:
    leg_day = LegDay.model_validate({"at": T0, "is_hard": True, "exercises": 3, **fields})
    with pytest.raises(asyncpg.CheckViolationError):
        await pg.entries.add_leg_day(ALICE, leg_day, now=T0)
    # The member row was inserted in the same transaction: it must be gone too.
    assert await _count(pg, "leg_days") == 0
    assert await _count(pg, "members") == 0


@pytest.mark.parametrize("fields", [{"rpe": 11}, {"distance_km": 0.0}, {"minutes": -1.0}])
async def test_out_of_range_runs_are_rejected(pg: PostgresStore, fields: dict[str, float]) -> None:
    run = Run.model_validate({"at": T0, "run_type": RunType.EASY, **fields})
    with pytest.raises(asyncpg.CheckViolationError):
        await pg.entries.add_run(ALICE, run, now=T0)
    assert await _count(pg, "runs") == 0
    assert await _count(pg, "members") == 0


async def test_unknown_run_type_is_rejected_by_the_schema(pg: PostgresStore) -> None:
    await pg.members.ensure(ALICE, T0)
    with pytest.raises(asyncpg.CheckViolationError):
        await pg.db.execute(
            "INSERT INTO runs (guild_id, user_id, at, run_type, created_at)"
            " VALUES ($1, $2, now(), 'jog', now())",
            ALICE.guild_id,
            ALICE.user_id,
        )


async def test_entries_need_a_member_row(pg: PostgresStore) -> None:
    with pytest.raises(asyncpg.ForeignKeyViolationError):
        await pg.db.execute(
            "INSERT INTO leg_days (guild_id, user_id, at, exercises, is_hard, created_at)"
            " VALUES (1, 2, now(), 0, false, now())"
        )


async def test_deleting_a_member_deletes_their_entries(pg: PostgresStore) -> None:
    await pg.entries.add_leg_day(ALICE, LegDay(at=T0, is_hard=True), now=T0)
    await pg.entries.add_run(ALICE, Run(at=T0, run_type=RunType.EASY), now=T0)
    await pg.entries.add_leg_day(BOB, LegDay(at=T0, is_hard=True), now=T0)
    await pg.db.execute(
        "DELETE FROM members WHERE guild_id = $1 AND user_id = $2", ALICE.guild_id, ALICE.user_id
    )
    assert await _count(pg, "leg_days") == 1
    assert await _count(pg, "runs") == 0


# -- query plans -------------------------------------------------------------------------------
# Some tens of thousands of rows, analysed; sequential scans priced out so that a plan that
# still sorts or skips the index means the index cannot serve the query.


async def _populate(pg: PostgresStore) -> None:
    """A club of 50 members with a year of leg days and runs each, and 20 other clubs."""
    async with pg.db.transaction() as tx:
        await tx.execute(
            "INSERT INTO members (guild_id, user_id, created_at)"
            " SELECT g, u, now() FROM generate_series(1, 21) AS g, generate_series(1, 50) AS u"
        )
        for table, extra, value in [
            ("leg_days", "exercises, is_hard", "3, d % 3 = 0"),
            ("runs", "run_type, distance_km", "'easy', 5.0"),
        ]:
            await tx.execute(
                f"INSERT INTO {table} (guild_id, user_id, at, {extra}, created_at)"
                f" SELECT g, u, $1::timestamptz - d * interval '1 day', {value}, now()"
                " FROM generate_series(1, 21) AS g, generate_series(1, 50) AS u,"
                " generate_series(0, 360, 4) AS d",
                T0,
            )
        await tx.execute(
            "INSERT INTO clubs (guild_id, channel_id, post_minute, enabled, paused,"
            " effective_at, updated_at)"
            " SELECT g, 1, 420, g % 2 = 0, false, now(), now() FROM generate_series(1, 400) AS g"
        )
        await tx.execute(
            "INSERT INTO posts (guild_id, local_date, slot_at, status, updated_at)"
            " SELECT g, date '2024-01-01' + d, now(), 'sent', now()"
            " FROM generate_series(1, 400) AS g, generate_series(0, 60) AS d"
        )
    await pg.db.execute("ANALYZE")


async def _plan(pg: PostgresStore, sql: str, **params: object) -> str:
    await _populate(pg)
    text, args = pg.db.rendered(sql, params)
    async with pg.db.transaction() as tx:
        await tx.execute("SET LOCAL enable_seqscan = off")
        rows = await tx.fetchall("EXPLAIN " + text, *args)
    return "\n".join(str(row[0]) for row in rows)


async def test_canirun_lookup_is_one_ordered_index_scan(pg: PostgresStore) -> None:
    plan = await _plan(pg, LEG_DAYS_BETWEEN, guild_id=1, user_id=7, start=T0 - 48 * H, end=T0)
    assert "leg_days_member_at" in plan, plan
    assert "Sort" not in plan, plan


async def test_last_hard_lookup_uses_its_partial_index(pg: PostgresStore) -> None:
    plan = await _plan(pg, LAST_HARD, guild_id=1, user_id=7, t=T0)
    assert "leg_days_member_hard_at" in plan, plan
    assert "Sort" not in plan, plan


async def test_daily_post_queries_use_their_indexes(pg: PostgresStore) -> None:
    plan = await _plan(pg, CLUB_LEG_DAYS, windows=[(1, T0 - 48 * H, T0)])
    assert "leg_days_guild_at" in plan, plan
    async with pg.db.transaction() as tx:
        await tx.execute("SET LOCAL enable_seqscan = off")
        rows = await tx.fetchall("EXPLAIN " + pg.db.rendered(ACTIVE_WITH_LATEST, {})[0])
    plan = "\n".join(str(row[0]) for row in rows)
    assert "clubs_due" in plan, plan
    assert "posts_pkey" in plan, plan


async def test_leaderboard_uses_the_guild_index(pg: PostgresStore) -> None:
    plan = await _plan(pg, WEEK_TOTALS, guild_id=1, start=T0 - 168 * H, end=T0)
    assert "runs_guild_at" in plan, plan


async def test_member_scope_in_every_entry_query(pg: PostgresStore) -> None:
    other = MemberRef(guild_id=ALICE.guild_id + 1, user_id=ALICE.user_id)
    await pg.entries.add_leg_day(ALICE, LegDay(at=T0, is_hard=True), now=T0)
    assert await pg.entries.last_hard_at_or_before(other, T0) is None
