"""Distances are stored in km; a member's unit only exists when reading input and writing output."""

from __future__ import annotations

import math

from bot.core.models import Units

__all__ = [
    "KM_PER_MILE",
    "MISSING",
    "NO_DISTANCE",
    "NO_TIME",
    "format_climb",
    "format_clock",
    "format_distance",
    "format_distance_total",
    "format_duration",
    "format_pace",
    "format_run_time",
    "format_run_time_total",
    "format_speed",
    "from_km",
    "to_km",
]

KM_PER_MILE = 1.609344
# The international foot: a member who reads miles reads a climb in feet, as their watch shows it.
METRES_PER_FOOT = 0.3048
# Shown instead of a number that cannot be computed (no distance, zero time), so that a
# renderer never fails on an odd stored row.
MISSING = "—"
# A sum of runs none of which had a distance: "0.00 km" would read as a measured nothing.
NO_DISTANCE = "no distance"
# A sum of runs none of which had minutes: "0 min" would read as a timed nothing.
NO_TIME = "no time"

_SUFFIX = {Units.KM: "km", Units.MI: "mi"}


def _half_up(value: float) -> int:
    # round() rounds halves to even, so 5:30.5 would show as 5:30 but 5:31.5 as 5:32.
    return math.floor(value + 0.5)


def to_km(value: float, units: Units) -> float:
    """A distance the member gave in `units`, in km."""
    return value * KM_PER_MILE if units == Units.MI else value


def from_km(km: float, units: Units) -> float:
    """A distance in km, in the member's `units`."""
    return km / KM_PER_MILE if units == Units.MI else km


def format_distance(km: float, units: Units) -> str:
    """Like "5.0 km" or "3.1 mi"; two decimals below 1 so that short distances keep meaning."""
    value = from_km(km, units)
    if not math.isfinite(value):
        return MISSING
    # Decided on the rounded value: 0.999 would otherwise print as "1.00".
    decimals = 2 if abs(round(value, 2)) < 1 else 1
    return f"{value:.{decimals}f} {_SUFFIX[units]}"


def format_climb(metres: int, units: Units) -> str:
    """An elevation gain, "42 m", or for a member in miles "138 ft" (whole, halves up)."""
    if units == Units.MI:
        return f"{_half_up(metres / METRES_PER_FOOT)} ft"
    return f"{metres} m"


def format_speed(kmh: float, units: Units) -> str:
    """A speed, "10.8 km/h", or for a member in miles "6.7 mph"."""
    return f"{from_km(kmh, units):.1f} {'mph' if units == Units.MI else 'km/h'}"


def format_distance_total(km: float, units: Units) -> str:
    """A sum of runs' distances: as `format_distance`, or NO_DISTANCE when none had one."""
    return format_distance(km, units) if km > 0 else NO_DISTANCE


def format_pace(km: float, minutes: float, units: Units) -> str:
    """Time per km or mile, "5:30 /km", "8:51 /mi"; MISSING when either number is not positive."""
    suffix = _SUFFIX[units]
    distance = from_km(km, units)
    if not (math.isfinite(distance) and math.isfinite(minutes)) or distance <= 0 or minutes <= 0:
        return f"{MISSING} /{suffix}"
    # Rounded as a whole number of seconds before splitting, so 5:59.6 becomes 6:00, never 5:60.
    whole, seconds = divmod(_half_up(minutes * 60 / distance), 60)
    return f"{whole}:{seconds:02d} /{suffix}"


def format_duration(minutes: float) -> str:
    """Like "45 min" or "1 h 05 min" (whole minutes, halves up); MISSING if negative or odd."""
    if not math.isfinite(minutes) or minutes < 0:
        return MISSING
    hours, rest = divmod(_half_up(minutes), 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def format_load(load: float) -> str:
    """A training load as every reply and chart shows it: whole units, thousands separated
    ("1,800")."""
    return f"{_half_up(load):,d}"


def format_clock(seconds: int) -> str:
    """ "25:00", "1:02:03": a time to the second, as a watch shows it."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_run_time(minutes: float, moving_seconds: int | None = None) -> str:
    """A run's own time, exactly as stored: "19:40 moving" for a watch's moving time, "45 min"
    for whole minutes typed, else to the second ("45:30")."""
    if moving_seconds:
        return f"{format_clock(moving_seconds)} moving"
    if not math.isfinite(minutes) or minutes < 0:
        return MISSING
    # Whole seconds first, so a sum of moving times that floats a hair off 50:00 reads "50 min".
    seconds = _half_up(minutes * 60)
    return format_duration(seconds / 60) if seconds % 60 == 0 else format_clock(seconds)


def format_run_time_total(minutes: float, timed: int, runs: int) -> str:
    """A sum of `runs` runs' times, of which `timed` had minutes: as `format_run_time`, NO_TIME
    when none had, and with how many it covers when some had none, so that "28.0 km · 1 h 10
    min" beside it is never read as one pace for the distance of them all."""
    if timed <= 0:  # none had minutes (a timed run has more than 0)
        return NO_TIME
    total = format_run_time(minutes)
    return total if timed >= runs else f"{total} ({timed} of {runs} runs timed)"
