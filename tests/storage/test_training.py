"""The training week's repository methods and races: the contract, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.core.errors import UserError
from bot.core.models import LegDay, Run, RunType
from bot.core.races import RACES_MAX, Race, RaceDistance
from bot.store import Store
from tests.storage.conftest import ALICE, ALICE_ELSEWHERE, BOB, T0

H = timedelta(hours=1)
D = timedelta(days=1)


async def test_a_leg_day_keeps_its_minutes_and_rpe(store: Store) -> None:
    stored = await store.entries.add_leg_day(
        ALICE, LegDay(at=T0, is_hard=True, exercises=3, minutes=45, rpe=8), now=T0
    )
    [read] = await store.entries.leg_days_between(ALICE, T0, T0)
    assert read == stored and (read.minutes, read.rpe) == (45, 8)
    [club] = await store.clubs.member_leg_days(ALICE.guild_id, T0, T0)
    assert club.leg_days[0].minutes == 45


async def test_entries_between_is_half_open_oldest_first_and_the_members_own(
    store: Store,
) -> None:
    for n in range(3):
        await store.entries.add_leg_day(ALICE, LegDay(at=T0 + n * D, is_hard=n == 0), now=T0)
        await store.entries.add_run(
            ALICE, Run(at=T0 + n * D + H, run_type=RunType.EASY, minutes=30), now=T0
        )
    await store.entries.add_run(BOB, Run(at=T0 + H, run_type=RunType.EASY), now=T0)
    await store.entries.add_run(ALICE_ELSEWHERE, Run(at=T0 + H, run_type=RunType.EASY), now=T0)
    leg_days, runs = await store.training.entries_between(ALICE, T0, T0 + 2 * D)
    assert [d.at for d in leg_days] == [T0, T0 + D]  # the end is excluded
    assert [r.at for r in runs] == [T0 + H, T0 + D + H]


async def test_paced_runs_are_the_latest_per_intensity(store: Store) -> None:
    for n in range(12):
        await store.entries.add_run(
            ALICE,
            Run(at=T0 + n * H, run_type=RunType.EASY, distance_km=5, minutes=30 + n),
            now=T0,
        )
    await store.entries.add_run(
        ALICE, Run(at=T0, run_type=RunType.TEMPO, distance_km=8, minutes=36), now=T0
    )
    await store.entries.add_run(ALICE, Run(at=T0, run_type=RunType.LONG, distance_km=20), now=T0)
    await store.entries.add_run(
        ALICE, Run(at=T0 + 30 * D, run_type=RunType.TEMPO, distance_km=8, minutes=30), now=T0
    )
    runs = await store.training.paced_runs(ALICE, T0 + D, 10)
    easy = [r.minutes for r in runs if r.run_type is RunType.EASY]
    assert easy == [41, 40, 39, 38, 37, 36, 35, 34, 33, 32]  # newest first, ten
    assert [r.minutes for r in runs if r.run_type is RunType.TEMPO] == [36]  # not the later one
    assert all(r.distance_km and r.minutes for r in runs)


async def test_club_entries_between_groups_by_member_with_listed(store: Store) -> None:
    await store.members.save_profile(BOB, now=T0, listed=False)
    await store.entries.add_leg_day(ALICE, LegDay(at=T0, is_hard=True), now=T0)
    await store.entries.add_run(BOB, Run(at=T0 + H, run_type=RunType.HILLS), now=T0)
    await store.entries.add_run(BOB, Run(at=T0 + 2 * H, run_type=RunType.EASY), now=T0)
    await store.entries.add_run(ALICE_ELSEWHERE, Run(at=T0, run_type=RunType.EASY), now=T0)
    members = await store.training.club_entries_between(ALICE.guild_id, T0, T0 + D)
    assert [(m.user_id, m.listed, len(m.leg_days), len(m.runs)) for m in members] == [
        (ALICE.user_id, True, 1, 0),
        (BOB.user_id, False, 0, 2),
    ]
    assert [r.run_type for r in members[1].runs] == [RunType.HILLS, RunType.EASY]


async def test_races_add_list_remove_and_club(store: Store) -> None:
    today = T0.date()
    first = await store.races.add(
        ALICE,
        Race(on=today + 10 * D, name="City 10k", distance=RaceDistance.TEN_K),
        today=today,
        now=T0,
    )
    second = await store.races.add(
        ALICE, Race(on=today + 3 * D, name="Parkrun"), today=today, now=T0
    )
    await store.races.add(BOB, Race(on=today + 5 * D, name="Bob's"), today=today, now=T0)
    await store.members.save_profile(BOB, now=T0, listed=False)
    assert first.id is not None and second.id is not None
    assert await store.races.upcoming(ALICE, today) == [second, first]
    assert await store.races.upcoming(ALICE, today + 4 * D) == [first]
    assert await store.races.upcoming(ALICE_ELSEWHERE, today) == []
    club = (await store.races.clubs_between({ALICE.guild_id: (today, today + 7 * D)}))[
        ALICE.guild_id
    ]
    assert [(r.user_id, r.listed, r.race.name) for r in club] == [
        (ALICE.user_id, True, "Parkrun"),
        (BOB.user_id, False, "Bob's"),
    ]
    assert await store.races.remove(BOB, first.id) is None  # not Bob's
    assert await store.races.remove(ALICE, first.id) == first
    assert await store.races.remove(ALICE, first.id) is None


async def test_races_refuse_a_duplicate_and_more_than_the_cap(store: Store) -> None:
    today = date(2024, 3, 4)
    await store.races.add(ALICE, Race(on=today, name="Same"), today=today, now=T0)
    with pytest.raises(UserError, match="already on your calendar"):
        await store.races.add(ALICE, Race(on=today, name="same"), today=today, now=T0)
    for n in range(1, RACES_MAX):
        await store.races.add(ALICE, Race(on=today + n * D, name=f"R{n}"), today=today, now=T0)
    with pytest.raises(UserError, match=f"up to {RACES_MAX} upcoming races"):
        await store.races.add(ALICE, Race(on=today + 99 * D, name="one more"), today=today, now=T0)
    # A past race does not count against the cap.
    later = today + D
    await store.races.add(ALICE, Race(on=today + 99 * D, name="one more"), today=later, now=T0)


async def test_races_edit_changes_what_is_given_of_ones_own_race_ahead(store: Store) -> None:
    today = T0.date()
    city = await store.races.add(
        ALICE,
        Race(on=today + 10 * D, name="City 10k", distance=RaceDistance.TEN_K),
        today=today,
        now=T0,
    )
    park = await store.races.add(ALICE, Race(on=today + 3 * D, name="Parkrun"), today=today, now=T0)
    assert city.id is not None and park.id is not None
    # Another member, the same member in another club, an id that is none: nothing changes.
    assert await store.races.edit(BOB, city.id, today=today, name="Mine") is None
    assert await store.races.edit(ALICE_ELSEWHERE, city.id, today=today, name="Mine") is None
    assert await store.races.edit(ALICE, city.id + park.id, today=today, name="Mine") is None
    # A race that is over is not edited (the day after the Parkrun).
    assert await store.races.edit(ALICE, park.id, today=today + 4 * D, name="Late") is None

    moved = await store.races.edit(ALICE, city.id, today=today, on=today + 2 * D)
    expected = Race(id=city.id, on=today + 2 * D, name="City 10k", distance=RaceDistance.TEN_K)
    assert moved == (city, expected)
    renamed = await store.races.edit(
        ALICE, city.id, today=today, name="Harbour half", distance=RaceDistance.HALF
    )
    expected = Race(id=city.id, on=today + 2 * D, name="Harbour half", distance=RaceDistance.HALF)
    assert renamed is not None and renamed[1] == expected
    assert await store.races.upcoming(ALICE, today) == [expected, park]

    with pytest.raises(UserError, match="already on your calendar"):
        await store.races.edit(ALICE, park.id, today=today, on=today + 2 * D, name="HARBOUR half")
    assert await store.races.upcoming(ALICE, today) == [expected, park]


async def test_races_edit_at_the_cap_is_no_new_race(store: Store) -> None:
    today = date(2024, 3, 4)
    for n in range(RACES_MAX):
        await store.races.add(ALICE, Race(on=today + n * D, name=f"R{n}"), today=today, now=T0)
    [first, *_] = await store.races.upcoming(ALICE, today)
    assert first.id is not None
    changed = await store.races.edit(ALICE, first.id, today=today, on=today + 99 * D)
    assert changed is not None and changed[1].on == today + 99 * D
    assert len(await store.races.upcoming(ALICE, today)) == RACES_MAX
