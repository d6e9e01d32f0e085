"""Logs that cannot be true are refused before anything is stored.

One place for the rules, so logging and editing an entry (and every front end) agree; /canirun
refuses a plan at a pace no one could run in the same words.

A run is refused only when it is faster than the men's world record over its distance: the
records below are the fastest anyone has run each distance, and between two of them the limit
follows the straight line in log(time) against log(distance) (Riegel's form, fitted piece by
piece). The record times grow ever slower per metre, so that line lies at or below the true
best at every distance between: the limit never refuses a run someone has really run.
"""

from __future__ import annotations

import itertools
import math

from bot.core.errors import InputError
from bot.core.models import Units
from bot.core.units import KM_PER_MILE, format_distance

__all__ = ["RECORDS", "check_leg_load", "check_pace", "fastest_seconds"]

# (metres, seconds): men's world records, track up to 10,000 m, road beyond.
RECORDS: tuple[tuple[float, float], ...] = (
    (100, 9.58),
    (200, 19.19),
    (400, 43.03),
    (800, 100.91),
    (1000, 131.96),
    (1500, 206.00),
    (1609.344, 223.13),  # the mile
    (2000, 284.79),
    (3000, 440.67),
    (5000, 755.36),
    (10000, 1571.00),
    (21097.5, 3402.00),  # half marathon, 56:42
    (42195, 7235.00),  # marathon, 2:00:35
)


def fastest_seconds(distance_km: float) -> float:
    """The fewest seconds we accept for `distance_km` km."""
    metres = distance_km * 1000
    first_m, first_s = RECORDS[0]
    last_m, last_s = RECORDS[-1]
    if metres <= first_m:
        return first_s * metres / first_m
    if metres >= last_m:
        # Past the marathon, at its record pace: every longer record is slower per metre.
        return last_s * metres / last_m
    for (d1, t1), (d2, t2) in itertools.pairwise(RECORDS):
        if d1 <= metres <= d2:
            slope = math.log(t2 / t1) / math.log(d2 / d1)
            return float(t1 * (metres / d1) ** slope)
    raise AssertionError("RECORDS cover every distance")  # pragma: no cover


def _per_unit(distance_km: float, units: Units) -> float:
    return distance_km / KM_PER_MILE if units == Units.MI else distance_km


def _pace_text(seconds: int, units: Units) -> str:
    whole, rest = divmod(seconds, 60)
    return f"{whole}:{rest:02d} per {'mile' if units == Units.MI else 'km'}"


def check_pace(distance_km: float | None, minutes: float | None, units: Units) -> None:
    """Refuse a run faster than the world record over its distance (`fastest_seconds`),
    naming both options (either may be off). The exact time is compared, never a rounded one."""
    if distance_km is None or minutes is None or distance_km <= 0:
        return
    limit = fastest_seconds(distance_km)
    # A millionth of a second of slack, so float noise (km from miles, pace times distance)
    # never refuses the run at the very pace the refusal names as allowed.
    if minutes * 60 >= limit - 1e-6:
        return
    per = _per_unit(distance_km, units)
    # The run's pace rounded down and the limit's rounded up: the refused pace shown is always
    # faster than the allowed one, and a run at the allowed pace shown is accepted.
    pace = _pace_text(math.floor(minutes * 60 / per), units)
    allowed = _pace_text(math.ceil(limit / per), units)
    distance = format_distance(distance_km, units)
    raise InputError(
        None,
        f"`distance` and `minutes`: that is {pace} over {distance}, faster than we accept."
        f" Over {distance} a pace of {allowed} or slower is allowed (the world record is"
        " about that); check the distance and the minutes.",
    )


def check_leg_load(
    exercises: int, heaviest: int | None, sets: int | None, reps: int | None
) -> None:
    """Refuse a load (heaviest, sets, reps) on a leg day of no weighted exercise."""
    given = [
        name
        for name, value in (("heaviest", heaviest), ("sets", sets), ("reps", reps))
        if value is not None
    ]
    if exercises > 0 or not given:
        return
    named = ", ".join(f"`{name}`" for name in given)
    raise InputError(
        None,
        f"{named} {'describes' if len(given) == 1 else 'describe'} a weighted exercise, but"
        " `exercises` is 0. Give the number of "
        "weighted leg exercises you did (1 or more) with a load, or leave the load out.",
    )
