from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.history import Entry, EntryRef, kind_of
from bot.core.models import LegDay, MemberRef, Run, RunType
from bot.store import Store

from .conftest import ALICE, ALICE_ELSEWHERE, BOB, T0, count_rows

H = timedelta(hours=1)


def _leg(at: datetime, *, hard: bool = True, notes: str | None = None) -> LegDay:
    return LegDay(at=at, is_hard=hard, exercises=4 if hard else 1, notes=notes)


async def _count(store: Store, table: str) -> int:
    return await count_rows(store, table)


async def test_leg_day_round_trip_with_every_field(store: Store) -> None:
    leg_day = LegDay(
        at=T0,
        is_hard=True,
        exercises=5,
        heaviest=80,
        sets=4,
        reps=6,
        hard_given=False,
        notes="squats, RDLs <@123> 🦵",
    )
    saved = await store.entries.add_leg_day(ALICE, leg_day, now=T0 + H)
    assert saved.id is not None
    assert saved == leg_day.model_copy(update={"id": saved.id})

    [read] = await store.entries.leg_days_between(ALICE, T0, T0)
    assert read == saved
    assert read.at.tzinfo is UTC


async def test_leg_day_with_only_required_fields(store: Store) -> None:
    saved = await store.entries.add_leg_day(ALICE, LegDay(at=T0, is_hard=False), now=T0)
    assert await store.entries.leg_days_between(ALICE, T0, T0) == [saved]
    assert saved.hard_given is None and saved.heaviest is None


async def test_run_round_trip_with_every_field(store: Store) -> None:
    run = Run(
        at=T0, run_type=RunType.INTERVALS, distance_km=8.25, minutes=41.5, rpe=8, notes="6x800"
    )
    saved = await store.entries.add_run(ALICE, run, now=T0)
    assert saved.id is not None
    assert saved == run.model_copy(update={"id": saved.id})
    assert await store.entries.runs_between(ALICE, T0, T0) == [saved]


@pytest.mark.parametrize("run_type", list(RunType))
async def test_every_run_type_is_accepted(store: Store, run_type: RunType) -> None:
    saved = await store.entries.add_run(ALICE, Run(at=T0, run_type=run_type), now=T0)
    assert [r.run_type for r in await store.entries.runs_between(ALICE, T0, T0)] == [saved.run_type]


async def test_sub_second_times_are_stored_rounded_down(store: Store) -> None:
    saved = await store.entries.add_leg_day(
        ALICE, _leg(T0 + timedelta(microseconds=999_999)), now=T0
    )
    assert saved.at == T0
    assert await store.entries.leg_days_between(ALICE, T0, T0) == [saved]


async def test_adding_a_stored_entry_again_is_refused(store: Store) -> None:
    saved = await store.entries.add_leg_day(ALICE, _leg(T0), now=T0)
    with pytest.raises(ValueError, match="already stored"):
        await store.entries.add_leg_day(ALICE, saved, now=T0)
    assert await _count(store, "leg_days") == 1


async def test_between_is_inclusive_and_newest_first(store: Store) -> None:
    at = [T0 + i * H for i in range(5)]
    saved = [await store.entries.add_leg_day(ALICE, _leg(t), now=T0) for t in at]
    runs = [
        await store.entries.add_run(ALICE, Run(at=t, run_type=RunType.EASY), now=T0) for t in at
    ]

    assert await store.entries.leg_days_between(ALICE, at[1], at[3]) == saved[3:0:-1]
    assert await store.entries.runs_between(ALICE, at[1], at[3]) == runs[3:0:-1]
    # A bound one second inside excludes the entry on the boundary.
    second = timedelta(seconds=1)
    assert await store.entries.leg_days_between(ALICE, at[1] + second, at[3] - second) == [saved[2]]
    # Half a second inside too: stored seconds are compared with the exact bounds.
    half = timedelta(milliseconds=500)
    widened = await store.entries.leg_days_between(ALICE, at[1] - half, at[3] + half)
    assert widened == saved[3:0:-1]
    assert await store.entries.leg_days_between(ALICE, at[1] + half, at[3] - half) == [saved[2]]
    assert await store.entries.leg_days_between(ALICE, at[3], at[1]) == []


async def test_same_second_entries_come_newest_logged_first(store: Store) -> None:
    first = await store.entries.add_leg_day(ALICE, _leg(T0, notes="first"), now=T0)
    second = await store.entries.add_leg_day(ALICE, _leg(T0, notes="second"), now=T0)
    assert await store.entries.leg_days_between(ALICE, T0, T0) == [second, first]


async def test_last_hard_at_or_before(store: Store) -> None:
    assert await store.entries.last_hard_at_or_before(ALICE, T0) is None
    hard = await store.entries.add_leg_day(ALICE, _leg(T0), now=T0)
    await store.entries.add_leg_day(ALICE, _leg(T0 + H, hard=False), now=T0)
    later_hard = await store.entries.add_leg_day(ALICE, _leg(T0 + 2 * H), now=T0)

    assert await store.entries.last_hard_at_or_before(ALICE, T0 - timedelta(seconds=1)) is None
    assert await store.entries.last_hard_at_or_before(ALICE, T0) == hard
    assert await store.entries.last_hard_at_or_before(ALICE, T0 + H) == hard  # LIGHT skipped
    assert await store.entries.last_hard_at_or_before(ALICE, T0 + 2 * H) == later_hard
    assert await store.entries.last_hard_at_or_before(ALICE, T0 + 100 * H) == later_hard


@pytest.mark.parametrize("other", [BOB, ALICE_ELSEWHERE], ids=["other-user", "other-guild"])
async def test_members_never_see_each_others_entries(store: Store, other: MemberRef) -> None:
    await store.entries.add_leg_day(ALICE, _leg(T0), now=T0)
    await store.entries.add_run(ALICE, Run(at=T0, run_type=RunType.RACE), now=T0)
    start, end = T0 - 100 * H, T0 + 100 * H

    assert await store.entries.leg_days_between(other, start, end) == []
    assert await store.entries.runs_between(other, start, end) == []
    assert await store.entries.last_hard_at_or_before(other, end) is None
    assert len(await store.entries.leg_days_between(ALICE, start, end)) == 1


async def test_concurrent_writes_all_land(store: Store) -> None:
    members = [MemberRef(guild_id=1, user_id=u) for u in range(5)]

    async def log(i: int) -> int | None:
        member = members[i % len(members)]
        if i % 2:
            saved_run = await store.entries.add_run(
                member, Run(at=T0 + i * H, run_type=RunType.EASY), now=T0
            )
            return saved_run.id
        saved_leg = await store.entries.add_leg_day(member, _leg(T0 + i * H), now=T0)
        await store.entries.leg_days_between(member, T0, T0 + 100 * H)
        return saved_leg.id

    ids = await asyncio.gather(*(log(i) for i in range(50)))

    assert all(i is not None for i in ids)
    assert await _count(store, "leg_days") == 25
    assert await _count(store, "runs") == 25
    assert await _count(store, "members") == len(members)
    for member in members:
        legs = await store.entries.leg_days_between(member, T0, T0 + 100 * H)
        runs = await store.entries.runs_between(member, T0, T0 + 100 * H)
        assert len(legs) + len(runs) == 10


@pytest.mark.parametrize("kind", ["leg_day", "run"])
@pytest.mark.parametrize("how", ["delete", "delete_latest", "delete_member"])
async def test_an_id_is_never_given_to_a_second_entry(store: Store, kind: str, how: str) -> None:
    async def add(at: datetime) -> Entry:
        if kind == "leg_day":
            return await store.entries.add_leg_day(ALICE, _leg(at), now=at)
        return await store.entries.add_run(ALICE, Run(at=at, run_type=RunType.EASY), now=at)

    await add(T0)
    newest = await add(T0 + H)
    assert newest.id is not None
    if how == "delete":
        ref = EntryRef(kind=kind_of(newest), id=newest.id)
        assert await store.entries.delete(ALICE, ref) == newest
    elif how == "delete_latest":
        assert await store.entries.delete_latest(ALICE) == newest
    else:
        assert await store.privacy.delete_member(ALICE) > 0

    again = await add(T0 + 2 * H)
    assert again.id is not None and again.id > newest.id
