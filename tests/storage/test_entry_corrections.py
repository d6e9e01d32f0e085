"""Undo, delete, the recent-entries picker and the weekly totals, against a real SQLite file."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime, timedelta

import pytest

from bot.core.history import EntryKind, EntryRef
from bot.core.leaderboard import MemberWeek
from bot.core.models import LegDay, MemberRef, Run, RunType
from bot.store import Store

from .conftest import ALICE, ALICE_ELSEWHERE, BOB, T0, row_ids

H = timedelta(hours=1)
CLUB_TZ = "UTC"


def _leg(at: datetime, *, hard: bool = True) -> LegDay:
    return LegDay(at=at, is_hard=hard, exercises=4 if hard else 1)


def _run(at: datetime, km: float | None = 5.0, minutes: float | None = 30.0) -> Run:
    return Run(at=at, run_type=RunType.EASY, distance_km=km, minutes=minutes)


def ref(entry: LegDay | Run) -> EntryRef:
    assert entry.id is not None
    kind = EntryKind.LEG_DAY if isinstance(entry, LegDay) else EntryKind.RUN
    return EntryRef(kind=kind, id=entry.id)


async def _ids(store: Store, table: str) -> list[int]:
    return await row_ids(store, table)


async def test_delete_returns_the_entry_and_removes_only_it(store: Store) -> None:
    keep = await store.entries.add_run(ALICE, _run(T0), now=T0)
    gone = await store.entries.add_run(ALICE, _run(T0 + H, km=8.0), now=T0 + H)
    assert await store.entries.delete(ALICE, ref(gone)) == gone
    assert await _ids(store, "runs") == [keep.id]
    # Deleting it again finds nothing.
    assert await store.entries.delete(ALICE, ref(gone)) is None


@pytest.mark.parametrize("other", [BOB, ALICE_ELSEWHERE], ids=["same guild", "other guild"])
async def test_nobody_else_can_delete_an_entry(store: Store, other: MemberRef) -> None:
    leg_day = await store.entries.add_leg_day(ALICE, _leg(T0), now=T0)
    run = await store.entries.add_run(ALICE, _run(T0), now=T0)
    await store.members.ensure(other, T0)
    assert await store.entries.delete(other, ref(leg_day)) is None
    assert await store.entries.delete(other, ref(run)) is None
    assert await _ids(store, "leg_days") == [leg_day.id]
    assert await _ids(store, "runs") == [run.id]


async def test_the_kind_is_part_of_the_id(store: Store) -> None:
    leg_day = await store.entries.add_leg_day(ALICE, _leg(T0), now=T0)
    run = await store.entries.add_run(ALICE, _run(T0), now=T0)
    assert leg_day.id == run.id == 1  # two tables, two sequences
    assert await store.entries.delete(ALICE, EntryRef(kind=EntryKind.RUN, id=1)) == run
    assert await _ids(store, "leg_days") == [1]


async def test_undo_takes_back_the_most_recently_logged_not_the_latest_at(store: Store) -> None:
    recent_run = await store.entries.add_run(ALICE, _run(T0), now=T0)
    # Logged an hour later, for last week.
    old_leg_day = await store.entries.add_leg_day(ALICE, _leg(T0 - 7 * 24 * H), now=T0 + H)
    await store.entries.add_run(BOB, _run(T0), now=T0 + 2 * H)  # Bob's is not Alice's

    assert await store.entries.delete_latest(ALICE) == old_leg_day
    assert await store.entries.delete_latest(ALICE) == recent_run
    assert await store.entries.delete_latest(ALICE) is None
    assert len(await _ids(store, "runs")) == 1  # Bob's run is still there


async def test_undo_of_same_second_entries_takes_the_run_then_the_later_leg_day(
    store: Store,
) -> None:
    first_leg = await store.entries.add_leg_day(ALICE, _leg(T0), now=T0)
    second_leg = await store.entries.add_leg_day(ALICE, _leg(T0), now=T0)
    run = await store.entries.add_run(ALICE, _run(T0), now=T0)
    assert [await store.entries.delete_latest(ALICE) for _ in range(3)] == [
        run,
        second_leg,
        first_leg,
    ]


async def test_two_quick_undos_take_back_two_entries(store: Store) -> None:
    a = await store.entries.add_run(ALICE, _run(T0), now=T0)
    b = await store.entries.add_run(ALICE, _run(T0), now=T0 + H)
    undone = await asyncio.gather(
        store.entries.delete_latest(ALICE), store.entries.delete_latest(ALICE)
    )
    assert Counter(e.id for e in undone if e is not None) == Counter([a.id, b.id])
    assert await _ids(store, "runs") == []


async def test_recent_is_the_members_own_newest_first_and_limited(store: Store) -> None:
    mine: list[Run | LegDay] = []
    for hours in range(6):
        mine.append(await store.entries.add_run(ALICE, _run(T0 + hours * H), now=T0))
        mine.append(await store.entries.add_leg_day(ALICE, _leg(T0 + hours * H + H / 2), now=T0))
    await store.entries.add_run(BOB, _run(T0 + 10 * H), now=T0)
    await store.entries.add_run(ALICE_ELSEWHERE, _run(T0 + 10 * H), now=T0)

    recent = await store.entries.recent(ALICE, 5)
    expected = sorted(mine, key=lambda e: e.at, reverse=True)[:5]
    assert recent == expected
    assert await store.entries.recent(BOB, 25) != []
    assert len(await store.entries.recent(ALICE, 100)) == 12


async def test_week_totals_per_member_within_the_bounds(store: Store) -> None:
    start, end = T0, T0 + 7 * 24 * H
    await store.entries.add_run(ALICE, _run(start, km=5.0, minutes=30), now=T0)
    await store.entries.add_run(
        ALICE, _run(end - timedelta(seconds=1), km=None, minutes=45), now=T0
    )
    await store.entries.add_run(ALICE, _run(end, km=100.0), now=T0)  # next week
    await store.entries.add_run(ALICE, _run(start - timedelta(seconds=1), km=100.0), now=T0)
    await store.entries.add_run(BOB, _run(start + H, km=12.5, minutes=None), now=T0)
    await store.members.save_profile(BOB, now=T0, listed=False)
    await store.entries.add_run(ALICE_ELSEWHERE, _run(start + H, km=42.0), now=T0)
    await store.entries.add_leg_day(ALICE, _leg(start + H), now=T0)  # not a run

    totals = await store.entries.week_totals(ALICE.guild_id, start, end)

    assert sorted(totals, key=lambda t: t.user_id) == [
        # Alice's two runs both have minutes; Bob's one has none.
        MemberWeek(
            user_id=ALICE.user_id, listed=True, runs=2, distance_km=5.0, minutes=75.0, timed=2
        ),
        MemberWeek(
            user_id=BOB.user_id, listed=False, runs=1, distance_km=12.5, minutes=0.0, timed=0
        ),
    ]


# --- update_entry (/edit) -------------------------------------------------------------------


async def test_update_entry_changes_one_leg_day_and_returns_before_and_after(store: Store) -> None:
    other = await store.entries.add_leg_day(ALICE, _leg(T0 - H), now=T0)
    saved = await store.entries.add_leg_day(ALICE, _leg(T0), now=T0)
    new_at = T0 - 2 * H + timedelta(microseconds=500)

    def change(entry: LegDay | Run) -> LegDay | Run:
        assert isinstance(entry, LegDay)
        return entry.model_copy(
            update={"at": new_at, "exercises": 1, "is_hard": False, "hard_given": False}
        )

    result = await store.entries.update_entry(ALICE, ref(saved), change)

    assert result is not None
    before, after = result
    assert before == saved
    assert after == saved.model_copy(
        update={"at": T0 - 2 * H, "exercises": 1, "is_hard": False, "hard_given": False}
    )
    stored = await store.entries.leg_days_between(ALICE, T0 - 3 * H, T0)
    assert stored == [other, after]
    assert await store.entries.last_hard_at_or_before(ALICE, T0) == other


async def test_update_entry_changes_a_run(store: Store) -> None:
    saved = await store.entries.add_run(ALICE, _run(T0), now=T0)

    def change(entry: LegDay | Run) -> LegDay | Run:
        return entry.model_copy(update={"run_type": RunType.TEMPO, "rpe": 8, "notes": "hard"})

    result = await store.entries.update_entry(ALICE, ref(saved), change)
    assert result is not None
    assert result[1] == saved.model_copy(
        update={"run_type": RunType.TEMPO, "rpe": 8, "notes": "hard"}
    )
    assert await store.entries.runs_between(ALICE, T0, T0) == [result[1]]


async def test_update_entry_writes_a_leg_days_minutes_and_rpe(store: Store) -> None:
    """Issue 12's leg-day fields: set, changed and cleared through update_entry."""
    saved = await store.entries.add_leg_day(
        ALICE, _leg(T0).model_copy(update={"minutes": 50, "rpe": 7}), now=T0
    )
    for minutes, rpe in [(65, 9), (None, 4), (30, None)]:

        def change(
            entry: LegDay | Run, minutes: int | None = minutes, rpe: int | None = rpe
        ) -> LegDay | Run:
            return entry.model_copy(update={"minutes": minutes, "rpe": rpe})

        result = await store.entries.update_entry(ALICE, ref(saved), change)
        assert result is not None
        after = saved.model_copy(update={"minutes": minutes, "rpe": rpe})
        assert result[1] == after
        assert await store.entries.leg_days_between(ALICE, T0, T0) == [after]
        saved = after


@pytest.mark.parametrize("who", [BOB, ALICE_ELSEWHERE])
async def test_update_entry_of_someone_else_changes_nothing(store: Store, who: MemberRef) -> None:
    saved = await store.entries.add_run(ALICE, _run(T0), now=T0)
    called = []

    def change(entry: LegDay | Run) -> LegDay | Run:
        called.append(entry)
        return entry.model_copy(update={"rpe": 9})

    assert await store.entries.update_entry(who, ref(saved), change) is None
    assert (
        await store.entries.update_entry(ALICE, EntryRef(kind=EntryKind.RUN, id=999), change)
        is None
    )
    assert called == []
    assert await store.entries.runs_between(ALICE, T0, T0) == [saved]


async def test_a_refused_change_leaves_the_entry_as_it_was(store: Store) -> None:
    saved = await store.entries.add_leg_day(ALICE, _leg(T0), now=T0)

    def change(entry: LegDay | Run) -> LegDay | Run:
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        await store.entries.update_entry(ALICE, ref(saved), change)
    assert await store.entries.leg_days_between(ALICE, T0, T0) == [saved]


async def test_update_entry_keeps_the_logging_order_for_undo(store: Store) -> None:
    first = await store.entries.add_run(ALICE, _run(T0), now=T0)
    last = await store.entries.add_run(ALICE, _run(T0 - H), now=T0 + H)

    def change(entry: LegDay | Run) -> LegDay | Run:
        return entry.model_copy(update={"minutes": 45.0})

    await store.entries.update_entry(ALICE, ref(first), change)
    undone = await store.entries.delete_latest(ALICE)
    assert undone is not None and undone.id == last.id
