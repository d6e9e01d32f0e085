"""Several processes on one database, played by several stores (each its own pool)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.core.clubpost import MAX_SESSIONS, ClubSession, Weekday
from bot.core.errors import UserError
from bot.core.models import MemberRef, Run, RunType, TipId
from bot.core.schedule import Slot
from bot.store.postgres import PostgresStore
from tests.storage.conftest import ALICE, T0

GUILD = ALICE.guild_id
SLOT = Slot(local_date=date(2024, 3, 4), at=datetime(2024, 3, 4, 7, 0, tzinfo=UTC))


@pytest.fixture
async def processes(postgres_url: str) -> AsyncIterator[list[PostgresStore]]:
    stores = [await PostgresStore.open(postgres_url) for _ in range(4)]
    try:
        yield stores
    finally:
        await asyncio.gather(*(store.close() for store in stores))


async def test_a_date_is_claimed_by_exactly_one_process(processes: list[PostgresStore]) -> None:
    for n in range(10):  # several dates, so that the race actually happens somewhere
        slot = Slot(local_date=SLOT.local_date + timedelta(days=n), at=SLOT.at)
        claims = await asyncio.gather(
            *(
                store.posts.claim(GUILD, slot, channel_id=1, tip_id=TipId.CARBS, now=T0)
                for store in processes
                for _ in range(3)
            )
        )
        assert sorted(claims, key=lambda c: c is None) == [1] + [None] * 11


async def test_a_due_retry_is_claimed_by_exactly_one_process(
    processes: list[PostgresStore],
) -> None:
    first = processes[0]
    await first.posts.claim(GUILD, SLOT, channel_id=1, tip_id=TipId.CARBS, now=T0)
    await first.posts.mark_retry(GUILD, SLOT.local_date, error="503", retry_at=T0, now=T0)
    claims = await asyncio.gather(
        *(
            store.posts.claim(GUILD, SLOT, channel_id=1, tip_id=TipId.CARBS, now=T0)
            for store in processes
        )
    )
    assert sorted(claims, key=lambda c: c is None) == [2, None, None, None]


async def test_undo_from_several_processes_takes_back_different_entries(
    processes: list[PostgresStore],
) -> None:
    added = [
        await processes[0].entries.add_run(
            ALICE, Run(at=T0, run_type=RunType.EASY), now=T0 + timedelta(minutes=n)
        )
        for n in range(6)
    ]
    undone = await asyncio.gather(
        *(store.entries.delete_latest(ALICE) for store in processes for _ in range(2))
    )
    taken = [e.id for e in undone if e is not None]
    assert Counter(taken) == Counter(e.id for e in added)
    assert undone.count(None) == 2


async def test_the_session_cap_holds_across_processes(processes: list[PostgresStore]) -> None:
    def session(n: int) -> ClubSession:
        return ClubSession(weekday=Weekday.MONDAY, start=time(5, n), run_type=RunType.EASY)

    for n in range(MAX_SESSIONS - 2):
        await processes[0].club_sessions.add(GUILD, session(n), now=T0)
    results = await asyncio.gather(
        *(
            store.club_sessions.add(GUILD, session(30 + i), now=T0)
            for i, store in enumerate(processes)
        ),
        return_exceptions=True,
    )
    assert sum(isinstance(r, ClubSession) for r in results) == 2
    assert all(isinstance(r, (ClubSession, UserError)) for r in results)
    assert len(await processes[0].club_sessions.for_club(GUILD)) == MAX_SESSIONS


async def test_concurrent_writes_from_many_tasks_all_land(pg: PostgresStore) -> None:
    members = [MemberRef(guild_id=1, user_id=u) for u in range(5)]
    await asyncio.gather(
        *(
            pg.entries.add_run(
                members[i % 5], Run(at=T0 + timedelta(hours=i), run_type=RunType.EASY), now=T0
            )
            for i in range(50)
        )
    )
    for member in members:
        runs = await pg.entries.runs_between(member, T0, T0 + timedelta(hours=100))
        assert len(runs) == 10
