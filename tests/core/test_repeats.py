"""Which logged run a new run from a watch file repeats, with figures worked out by hand: the
distance within a share of the new run's, or both without one; the nearest start wins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.models import Run, RunType
from bot.core.repeats import REPEAT_DISTANCE_SHARE, repeated_run

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
