"""Runs read from watch files (issue 13), on every backend: the summary columns, the
duplicate lookup, the recent easy speeds and the profile's maximum heart rate."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.models import Run, RunSource, RunType
from bot.store import Store

from .conftest import ALICE, ALICE_ELSEWHERE, BOB, T0

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
        (WITHIN + timedelta(seconds=1), 5.0, False),
        (timedelta(0), 5.1, True),  # 2% longer than the new run's 5 km: within
        (timedelta(0), 4.9, True),
        (timedelta(0), 5.11, False),
        (timedelta(0), None, False),  # the stored run has no distance, the new one has
    ],
)
async def test_matching_run_by_start_and_distance(
    store: Store, offset: timedelta, distance: float | None, matches: bool
) -> None:
    stored = await store.entries.add_run(
        ALICE, _file_run(at=T0 + offset, distance_km=distance), now=T0
    )
    found = await store.entries.matching_run(ALICE, T0, 5.0, within=WITHIN, tolerance=0.02)
    assert found == (stored if matches else None)


async def test_matching_run_without_a_distance_and_the_nearest_start(store: Store) -> None:
    far = await store.entries.add_run(ALICE, _file_run(at=T0 - WITHIN), now=T0)
    near = await store.entries.add_run(ALICE, _file_run(at=T0 + M), now=T0)
    no_distance = await store.entries.add_run(ALICE, _file_run(at=T0 + M, distance_km=None), now=T0)
    assert far.id is not None
    assert await store.entries.matching_run(ALICE, T0, 5.0, within=WITHIN, tolerance=0.02) == near
    assert (
        await store.entries.matching_run(ALICE, T0, None, within=WITHIN, tolerance=0.02)
        == no_distance
    )
    # Only the member's own runs in this guild.
    for other in (BOB, ALICE_ELSEWHERE):
        assert (
            await store.entries.matching_run(other, T0, 5.0, within=WITHIN, tolerance=0.02) is None
        )


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
