"""Logs that cannot be true are refused before anything is stored.

One place for the rules, so logging and editing an entry (and every front end) agree.
"""

from __future__ import annotations

from bot.core.errors import InputError
from bot.core.models import Units
from bot.core.units import KM_PER_MILE, format_pace

__all__ = ["FASTEST_MIN_PER_KM", "check_leg_load", "check_pace"]

# 2:30 per km is well under the men's marathon record pace and about the 5000 m record's: a
# pace faster than that over a logged run is a typo (5 km in 10 minutes), not a performance.
FASTEST_MIN_PER_KM = 2.5


def _limit(units: Units) -> str:
    if units == Units.MI:
        whole, seconds = divmod(round(FASTEST_MIN_PER_KM * KM_PER_MILE * 60), 60)
        return f"{whole}:{seconds:02d} per mile"
    whole, seconds = divmod(round(FASTEST_MIN_PER_KM * 60), 60)
    return f"{whole}:{seconds:02d} per km"


def check_pace(distance_km: float | None, minutes: float | None, units: Units) -> None:
    """Refuse a run faster than `FASTEST_MIN_PER_KM`, naming both options (either may be off)."""
    if distance_km is None or minutes is None or distance_km <= 0:
        return
    if minutes / distance_km >= FASTEST_MIN_PER_KM:
        return
    pace = format_pace(distance_km, minutes, units).replace(" /", " per ")
    pace = pace.replace("per mi", "per mile")
    raise InputError(
        None,
        f"`distance` and `minutes`: that is {pace}, faster than any world record. "
        f"A pace of {_limit(units)} or slower is allowed; check the distance and the minutes.",
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
