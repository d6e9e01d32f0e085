"""The single-run spike (advice-rules.md, "Single-run spike"). Pure.

In the largest cohort so far (Frandsen et al., Br J Sports Med 2025) overuse injuries rose when
one run was more than 10% longer than the longest run of the 30 days before it; weekly load
ratios showed no such link. So a run (logged or planned) is compared with the longest run of
the `spike_days` before it: by distance when both have one, otherwise by minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum

from bot.core.models import AdviceRules, FrozenModel, Run, UtcDatetime

__all__ = [
    "COMEBACK_LOOKBACK",
    "Compared",
    "Spike",
    "SpikeKind",
    "compare_with_longest",
    "longest_of",
    "run_spike",
]

# How far back a run still makes a member "coming back after a break" rather than new.
COMEBACK_LOOKBACK = timedelta(days=365)
# Distances in km go through a unit conversion (miles typed); a difference this small
# (relative) is float noise, not a longer run.
_NOISE = 1e-9


class Compared(FrozenModel):
    """A run's length against the longest of an earlier span, in one measure."""

    by_distance: bool
    # km when by_distance, else minutes.
    length: float
    longest: float
    longest_at: UtcDatetime
    longest_moving_seconds: int | None = None

    @property
    def percent_longer(self) -> float:
        return (self.length / self.longest - 1) * 100

    def is_spike(self, rules: AdviceRules) -> bool:
        """More than `spike_percent` longer; exactly at it is no spike."""
        limit = self.longest * (1 + rules.spike_percent / 100)
        return self.length > limit * (1 + _NOISE)


class SpikeKind(StrEnum):
    SPIKE = "spike"
    # No run inside the window, some before it: the first run back after a break.
    COMEBACK = "comeback"


class Spike(FrozenModel):
    kind: SpikeKind
    # SPIKE: the run against the longest recent one. COMEBACK: against the longest before the
    # break when they share a measure, else None.
    compared: Compared | None = None
    # COMEBACK: the longest run before the break (by distance when any had one).
    longest_before: Run | None = None


def _longest(runs: Sequence[Run], by_distance: bool) -> Run | None:
    def length(run: Run) -> float | None:
        return run.distance_km if by_distance else run.minutes

    measured = [r for r in runs if length(r)]
    return max(measured, key=lambda r: (length(r) or 0.0, r.at)) if measured else None


def compare_with_longest(
    distance_km: float | None, minutes: float | None, before: Sequence[Run]
) -> Compared | None:
    """`distance_km`/`minutes` against the longest of `before`: by distance when both have
    one, else by minutes; None when neither measure is shared."""
    for by_distance, length in ((True, distance_km), (False, minutes)):
        if not length:
            continue
        longest = _longest(before, by_distance)
        if longest is None:
            continue
        value = longest.distance_km if by_distance else longest.minutes
        assert value is not None
        return Compared(
            by_distance=by_distance,
            length=length,
            longest=value,
            longest_at=longest.at,
            longest_moving_seconds=None if by_distance else longest.moving_seconds,
        )
    return None


def run_spike(
    distance_km: float | None,
    minutes: float | None,
    at: datetime,
    runs_before: Sequence[Run],
    rules: AdviceRules,
) -> Spike | None:
    """The note a run (logged or planned) at `at` gets, if any. `runs_before` are the member's
    runs from `at - COMEBACK_LOOKBACK` up to `at`, without the run itself (others are ignored).
    A run logged for the same moment counts as before: two runs typed for one time are not
    each the first in 30 days."""
    window_start = at - rules.spike_window
    earlier = [r for r in runs_before if at - COMEBACK_LOOKBACK <= r.at <= at]
    recent = [r for r in earlier if r.at >= window_start]
    if recent:
        compared = compare_with_longest(distance_km, minutes, recent)
        if compared is not None and compared.is_spike(rules):
            return Spike(kind=SpikeKind.SPIKE, compared=compared)
        return None
    if not earlier:
        return None
    return Spike(
        kind=SpikeKind.COMEBACK,
        compared=compare_with_longest(distance_km, minutes, earlier),
        longest_before=longest_of(earlier),
    )


def longest_of(runs: Sequence[Run]) -> Run | None:
    """The longest run: by distance when any has one, else by minutes."""
    return _longest(runs, True) or _longest(runs, False)
