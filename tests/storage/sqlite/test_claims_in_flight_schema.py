"""The reads of claims in flight (every tick of the reminders' runner, every reckoning of its
next wake-up) go through their partial indexes, not through every timer and heads-up ever
sent: at 300,000 sent check-ins they took 50-60 ms a read on SQLite before migration 0013."""

from __future__ import annotations

import pytest

from bot.store import Store
from bot.store.sql import heads_ups, timers, zone_moves

pytestmark = pytest.mark.sqlite_only


async def _plan(store: Store, sql: str) -> str:
    params = {"now": 0, "by": 0, "after": 0, "error": ""}
    used = {name: params[name] for name in params if f":{name}" in sql}
    rows = await store.db.all("EXPLAIN QUERY PLAN " + sql, **used)
    return "\n".join(str(row["detail"]) for row in rows)


@pytest.mark.parametrize("sql", timers.IN_FLIGHT_READS)
async def test_a_timers_in_flight_read_uses_the_index_of_claims(store: Store, sql: str) -> None:
    plan = await _plan(store, sql)
    assert "INDEX timers_sending" in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # the order comes from the index


@pytest.mark.parametrize("sql", heads_ups.IN_FLIGHT_READS)
async def test_a_heads_ups_in_flight_read_uses_the_index_of_claims(store: Store, sql: str) -> None:
    assert "INDEX heads_ups_sending" in await _plan(store, sql)


@pytest.mark.parametrize("sql", zone_moves.START_READS)
async def test_the_starts_zone_reads_walk_the_pending_timers_only(store: Store, sql: str) -> None:
    """The start's looks for check-ins and heads-up reads queued in an older zone of the club
    (bot/store/sql/zone_moves.py) read the pending timers by their index, not every timer ever
    stored: ordered by id, SQLite walked the whole table (found in review)."""
    rows = await store.db.all("EXPLAIN QUERY PLAN " + sql, config="UTC", lead=180, spans=[])
    plan = "\n".join(str(row["detail"]) for row in rows)
    assert "SCAN t USING INDEX timers_due" in plan, plan
