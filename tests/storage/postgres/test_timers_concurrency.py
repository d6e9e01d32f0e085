"""Timers on PostgreSQL shared by several processes, played by several stores (each its own pool):
a timer fires from exactly one of them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.core.models import MemberRef
from bot.core.reminders import TimerKind
from bot.store.postgres import PostgresStore
from tests.storage.conftest import ALICE, T0

D = timedelta(days=1)


@pytest.fixture
async def processes(postgres_url: str) -> AsyncIterator[list[PostgresStore]]:
    stores = [await PostgresStore.open(postgres_url) for _ in range(4)]
    try:
        yield stores
    finally:
        await asyncio.gather(*(store.close() for store in stores))


async def test_a_timer_is_claimed_by_exactly_one_process(processes: list[PostgresStore]) -> None:
    first = processes[0]
    members = [MemberRef(guild_id=ALICE.guild_id, user_id=n) for n in range(1, 11)]
    timers = [await first.timers.add_ready(m, entry_id=1, due_at=T0, now=T0) for m in members]
    for timer in timers:  # several timers, so that the race actually happens somewhere
        claims = await asyncio.gather(
            *(store.timers.claim(timer.id, now=T0) for store in processes for _ in range(2))
        )
        won = [c for c in claims if c is not None]
        assert len(won) == 1 and won[0].attempts == 1
    assert await first.timers.due(T0 + D, 100) == []


async def test_a_check_in_chains_its_next_day_once_whoever_claims_it(
    processes: list[PostgresStore],
) -> None:
    first = processes[0]
    today = await first.timers.set_checkin(ALICE, minute=7 * 60, first=lambda _: T0, now=T0)
    assert today is not None
    claims = await asyncio.gather(
        *(store.timers.claim(today.id, now=T0, then=T0 + D) for store in processes)
    )
    assert sum(c is not None for c in claims) == 1
    [tomorrow] = await first.timers.pending(ALICE)
    assert (tomorrow.kind, tomorrow.due_at) == (TimerKind.CHECKIN, T0 + D)


async def test_a_notice_is_taken_by_one_process(processes: list[PostgresStore]) -> None:
    await processes[0].notices.add(ALICE, "dm", "once", now=T0)
    taken = await asyncio.gather(*(store.notices.take(ALICE, now=T0) for store in processes))
    assert sorted(taken) == [[], [], [], ["once"]]
