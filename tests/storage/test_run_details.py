"""Runs read from watch files (issue 13), on every backend: the summary columns, the
duplicate lookup and the atomic add-unless-duplicate, the recent easy speeds and the profile's
maximum heart rate."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.config import DatabaseSettings
from bot.core.history import EntryKind, EntryRef
from bot.core.models import LegDay, MemberRef, Run, RunSource, RunType
from bot.store import Store, open_store

from .conftest import ALICE, ALICE_ELSEWHERE, BOB, T0, count_rows

M = timedelta(minutes=1)
WITHIN = timedelta(minutes=2)


def _file_run(**changes: object) -> Run:
    fields: dict[str, object] = {
        "at": T0,
        "run_type": RunType.EASY,
        "distance_km": 5.0,
        "minutes": 25,
        "moving_seconds": 1500,
        "elapsed_seconds": 1530,
        "avg_hr": 145,
        "max_hr": 162,
        "elevation_gain_m": 42,
        "source": RunSource.FIT,
    }
    fields.update(changes)
    return Run.model_validate(fields)


async def test_a_file_run_keeps_its_summary(store: Store) -> None:
    saved = await store.entries.add_run(ALICE, _file_run(), now=T0 + M)
    [read] = await store.entries.runs_between(ALICE, T0, T0)
    assert read == saved == _file_run(id=saved.id)
    typed = await store.entries.add_run(ALICE, Run(at=T0 + M, run_type=RunType.EASY), now=T0)
    assert typed.source is RunSource.TYPED
    [_, entry] = sorted(await store.entries.recent(ALICE, 5), key=lambda e: e.at)
    assert entry == typed


@pytest.mark.parametrize(
    ("offset", "distance", "matches"),
    [
        (timedelta(0), 5.0, True),
        (WITHIN, 5.0, True),  # 2 minutes apart: still the same run
        (-WITHIN, 5.0, True),
        (-WITHIN - timedelta(seconds=1), 5.0, False),
        # Started while the new run (1,530 s) was under way, or up to 2 minutes after it
        # ended: typed when it ended, the same run.
        (timedelta(seconds=1530) + WITHIN, 5.0, True),
        (timedelta(seconds=1530) + WITHIN + timedelta(seconds=1), 5.0, False),
        (timedelta(0), 5.1, True),  # 2% longer than the new run's 5 km: within
        (timedelta(0), 4.9, True),
        (timedelta(0), 5.11, False),
        (timedelta(0), None, False),  # the stored run has no distance, the new one has
    ],
)
async def test_a_repeat_is_found_by_start_and_distance(
    store: Store, offset: timedelta, distance: float | None, matches: bool
) -> None:
    stored = await store.entries.add_run(
        ALICE, _file_run(at=T0 + offset, distance_km=distance), now=T0
    )
    added, twin = await store.entries.add_run_unless_matching(
        ALICE, _file_run(at=T0, distance_km=5.0), within=WITHIN, tolerance=0.02, now=T0
    )
    assert twin == (stored if matches else None)
    assert (added is None) == matches


async def test_a_repeat_without_a_distance_and_the_nearest_start(store: Store) -> None:
    far = await store.entries.add_run(ALICE, _file_run(at=T0 - WITHIN), now=T0)
    near = await store.entries.add_run(ALICE, _file_run(at=T0 + M), now=T0)
    no_distance = await store.entries.add_run(ALICE, _file_run(at=T0 + M, distance_km=None), now=T0)
    assert far.id is not None

    async def twin_of(member: MemberRef, distance: float | None) -> Run | None:
        added, twin = await store.entries.add_run_unless_matching(
            member, _file_run(at=T0, distance_km=distance), within=WITHIN, tolerance=0.02, now=T0
        )
        assert (added is None) == (twin is not None)
        return twin

    assert await twin_of(ALICE, 5.0) == near
    assert await twin_of(ALICE, None) == no_distance
    # Only the member's own runs in this guild: for others the run is simply stored.
    for other in (BOB, ALICE_ELSEWHERE):
        assert await twin_of(other, 5.0) is None


async def test_recent_easy_speeds(store: Store) -> None:
    async def add(hours: int, run_type: RunType, **changes: object) -> None:
        run = Run.model_validate(
            {"at": T0 - timedelta(hours=hours), "run_type": run_type, **changes}
        )
        await store.entries.add_run(ALICE, run, now=T0)

    await add(1, RunType.EASY, distance_km=10.0, minutes=60)  # 10 km/h, typed
    await add(2, RunType.RECOVERY, distance_km=5.0, minutes=40, moving_seconds=1500)  # 12, file
    await add(3, RunType.TEMPO, distance_km=10.0, minutes=40)  # not easy
    await add(4, RunType.EASY, distance_km=8.0)  # no time
    await add(5, RunType.EASY, minutes=30)  # no distance
    await add(6, RunType.EASY, distance_km=9.0, minutes=60)  # 9 km/h
    await add(0, RunType.EASY, distance_km=20.0, minutes=60)  # at T0: not before it
    speeds = await store.entries.recent_easy_speeds(ALICE, T0, 10)
    assert speeds == pytest.approx([10.0, 12.0, 9.0])
    assert await store.entries.recent_easy_speeds(ALICE, T0, 2) == pytest.approx([10.0, 12.0])
    assert await store.entries.recent_easy_speeds(BOB, T0, 10) == []


async def test_max_hr_is_part_of_the_profile(store: Store) -> None:
    assert (await store.members.get_profile(ALICE)).max_hr is None
    saved = await store.members.save_profile(ALICE, now=T0, max_hr=188)
    assert saved.max_hr == 188
    # Other changes leave it; None clears it.
    assert (await store.members.save_profile(ALICE, now=T0, listed=False)).max_hr == 188
    assert (await store.members.save_profile(ALICE, now=T0, max_hr=None)).max_hr is None
    assert (await store.members.get_profile(BOB)).max_hr is None


# --- add_run_unless_matching: the duplicate check and the insert as one step ----------------


async def test_add_run_unless_matching_stores_a_new_run_or_names_the_one_it_repeats(
    store: Store,
) -> None:
    # A member without a row yet: the row is created, as add_run does.
    stored, twin = await store.entries.add_run_unless_matching(
        ALICE, _file_run(), within=WITHIN, tolerance=0.02, now=T0 + M
    )
    assert twin is None and stored is not None
    assert stored == _file_run(id=stored.id)
    assert await store.entries.runs_between(ALICE, T0, T0) == [stored]

    # The same run again, a minute later and 1% longer: not stored, the first one named.
    again = _file_run(at=T0 + M, distance_km=5.05)
    assert await store.entries.add_run_unless_matching(
        ALICE, again, within=WITHIN, tolerance=0.02, now=T0 + 2 * M
    ) == (None, stored)
    assert await count_rows(store, "runs") == 1

    # Another member's, or a run further apart, is another run.
    bobs, _ = await store.entries.add_run_unless_matching(
        BOB, again, within=WITHIN, tolerance=0.02, now=T0
    )
    later, _ = await store.entries.add_run_unless_matching(
        ALICE, _file_run(at=T0 + WITHIN + M), within=WITHIN, tolerance=0.02, now=T0
    )
    assert bobs is not None and later is not None
    assert await count_rows(store, "runs") == 3
    with pytest.raises(ValueError, match="already stored"):
        await store.entries.add_run_unless_matching(
            ALICE, stored, within=WITHIN, tolerance=0.02, now=T0
        )


@pytest.mark.parametrize("member_row", [False, True], ids=["new member", "known member"])
async def test_two_adds_of_the_same_run_at_once_store_it_once(
    store: Store, database_settings: DatabaseSettings, member_row: bool
) -> None:
    """Two /run file: of the same file at the same moment, on two connections (two bot
    processes, or two shards): exactly one is stored, the other names it."""
    if member_row:
        await store.members.ensure(ALICE, T0)
    other = await open_store(database_settings)
    try:
        for round_ in range(5):
            run = _file_run(at=T0 + round_ * timedelta(hours=1))
            results = await asyncio.gather(
                *(
                    s.entries.add_run_unless_matching(
                        ALICE, run, within=WITHIN, tolerance=0.02, now=T0
                    )
                    for s in (store, other, store, other)
                )
            )
            stored = [new for new, _ in results if new is not None]
            twins = [twin for _, twin in results if twin is not None]
            assert len(stored) == 1, results
            assert twins == [stored[0]] * 3
        assert await count_rows(store, "runs") == 5
    finally:
        await other.close()


async def test_update_entry_writes_a_file_runs_summary(store: Store) -> None:
    """update_entry stores every field `change` gives, the watch file's summary included."""
    saved = await store.entries.add_run(ALICE, _file_run(), now=T0)
    assert saved.id is not None
    changes = {"minutes": 30, "moving_seconds": 1800, "elapsed_seconds": 1830, "avg_hr": 150}

    def change(entry: LegDay | Run) -> LegDay | Run:
        return entry.model_copy(update=changes)

    ref = EntryRef(kind=EntryKind.RUN, id=saved.id)
    result = await store.entries.update_entry(ALICE, ref, change)
    assert result is not None and result[1] == saved.model_copy(update=changes)
    assert await store.entries.runs_between(ALICE, T0, T0) == [result[1]]
