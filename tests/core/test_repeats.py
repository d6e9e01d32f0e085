"""Which logged run a new run from a watch file repeats, with figures worked out by hand: the
distance within a share of the new run's, or both without one; the nearest start wins. And a
run placed by the watch's clock (a FIT file timed from switch-on) sent again after a change of
time zone: the same figures, started a zone's shift off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.models import Run, RunSource, RunType
from bot.core.repeats import REPEAT_DISTANCE_SHARE, repeated_in_another_zone, repeated_run

T0 = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
S = timedelta(seconds=1)


def run(km: float | None, *, at: datetime = T0, id: int | None = None) -> Run:
    return Run(id=id, at=at, run_type=RunType.EASY, distance_km=km)


def test_the_rule_the_bot_uses() -> None:
    # 2% of 5 km: 4.9 to 5.1 km.
    for km, repeats in ((5.09, True), (4.91, True), (5.11, False), (4.89, False)):
        logged = run(km, id=1)
        assert repeated_run(run(5.0), [logged], REPEAT_DISTANCE_SHARE) == (
            logged if repeats else None
        )


@pytest.mark.parametrize(
    ("logged_km", "repeats"),
    [
        # 8 km, a quarter: 6 to 10 km, both ends exact in binary floating point.
        (8.0, True),
        (10.0, True),
        (6.0, True),
        (10.01, False),
        (5.99, False),
        (None, False),
    ],
)
def test_a_repeat_is_as_long_within_the_share(logged_km: float | None, repeats: bool) -> None:
    logged = run(logged_km, id=1)
    assert repeated_run(run(8.0), [logged], 0.25) == (logged if repeats else None)


def test_a_run_without_a_distance_repeats_only_one_without() -> None:
    without = run(None, at=T0 + 30 * S, id=2)
    assert repeated_run(run(None), [run(5.0, id=1), without], 0.02) == without
    assert repeated_run(run(None), [run(5.0, id=1)], 0.02) is None
    assert repeated_run(run(5.0), [without], 0.02) is None


def test_the_nearest_start_then_the_lowest_id_wins() -> None:
    # 5 km within 2%: 4.9 to 5.1 km; all three qualify.
    early = run(5.05, at=T0 - 60 * S, id=1)
    late = run(4.95, at=T0 + 30 * S, id=9)
    assert repeated_run(run(5.0), [early, late], 0.02) == late
    assert repeated_run(run(5.0), [late, early], 0.02) == late
    # 30 s before and 30 s after: as near, so the lower id.
    before = run(5.0, at=T0 - 30 * S, id=4)
    for nearby in ([late, before], [before, late]):
        assert repeated_run(run(5.0), nearby, 0.02) == before
    assert repeated_run(run(5.0), [], 0.02) is None
    # A run not stored yet (no id) comes before every stored one.
    unsaved, first = run(5.0, at=T0 + 30 * S), run(5.0, at=T0 - 30 * S, id=1)
    for nearby in ([first, unsaved], [unsaved, first]):
        assert repeated_run(run(5.0), nearby, 0.02) == unsaved


def from_watch(
    at: datetime,
    *,
    km: float = 10.0,
    moving: int = 3_570,
    elapsed: int = 3_883,
    source: RunSource = RunSource.FIT,
    id: int | None = None,
) -> Run:
    """A run read from a FIT file dated only by the watch's clock (the Forerunner 70's figures)."""
    return Run(
        id=id,
        at=at,
        run_type=RunType.EASY,
        distance_km=km,
        moving_seconds=moving,
        elapsed_seconds=elapsed,
        source=source,
    )


H = timedelta(hours=1)
M = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("shift", "repeats"),
    [
        # Any two zones' UTC offsets differ by a whole number of quarter-hours (Kathmandu's
        # +05:45, Chatham's +12:45), at most 26 hours (UTC-12 to UTC+14).
        (5 * H, True),
        (-5 * H, True),
        (5 * H + 45 * M, True),
        (15 * M, True),
        (26 * H, True),
        (-26 * H, True),
        (23 * H + 45 * M, True),
        (26 * H + 15 * M, False),  # farther apart than any two zones
        (5 * H + S, False),  # not a zone's shift: another run
        (5 * H + 10 * M, False),
        (24 * H, False),  # a whole day: the same workout the next day
        (-24 * H, False),
        (timedelta(0), False),  # the same start is `repeated_run`'s, with its own window
    ],
)
def test_the_same_file_read_in_another_zone_starts_a_zones_shift_off(
    shift: timedelta, repeats: bool
) -> None:
    logged = from_watch(T0 + shift, id=1)
    found = repeated_in_another_zone(from_watch(T0), [logged], REPEAT_DISTANCE_SHARE)
    assert found == (logged if repeats else None)


@pytest.mark.parametrize(
    "other",
    [
        from_watch(T0 + 5 * H, moving=3_571, id=1),
        from_watch(T0 + 5 * H, elapsed=3_884, id=1),
        from_watch(T0 + 5 * H, source=RunSource.GPX, id=1),
        from_watch(T0 + 5 * H, km=10.21, id=1),  # 2% of 10 km is 0.2 km
        from_watch(T0 + 5 * H, moving=0, id=1).model_copy(update={"moving_seconds": None}),
    ],
)
def test_another_run_a_zones_shift_off_is_not_the_same_file(other: Run) -> None:
    assert repeated_in_another_zone(from_watch(T0), [other], REPEAT_DISTANCE_SHARE) is None


def test_a_run_without_its_seconds_repeats_nothing_in_another_zone() -> None:
    # Without both figures there is nothing to tell the same file by, even from a logged run
    # that lacks the same one.
    for update in ({"moving_seconds": None}, {"elapsed_seconds": None}):
        new = from_watch(T0).model_copy(update=update)
        for logged in (from_watch(T0 + 5 * H, id=1), new.model_copy(update={"at": T0 + 5 * H})):
            assert repeated_in_another_zone(new, [logged], REPEAT_DISTANCE_SHARE) is None


def test_the_nearest_of_two_files_read_in_other_zones_is_the_repeat() -> None:
    far, near = from_watch(T0 + 9 * H, id=1), from_watch(T0 - 3 * H, id=2)
    assert repeated_in_another_zone(from_watch(T0), [far, near], REPEAT_DISTANCE_SHARE) == near
    # 10.2 km is the edge of 2% of 10 km, and still the same file.
    edge = from_watch(T0 + 10 * H, km=10.2, id=3)
    assert repeated_in_another_zone(from_watch(T0), [edge], REPEAT_DISTANCE_SHARE) == edge
