"""What a watch file yields: one summary per run in it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

# What a member's file may be: far more than any run needs, small enough to read quickly.
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_POINTS = 200_000


def size_text(size: int) -> str:
    """ "25 MB", "25.1 MB", "812 KB": to a hundredth under 10, a tenth under 100, whole above,
    always rounded up, so that a size over a limit never reads as the limit itself."""
    unit, scale = ("MB", 1024 * 1024) if size >= 1024 * 1024 else ("KB", 1024)
    value = size / scale
    decimals = 0 if value >= 100 else 1 if value >= 10 else 2
    shown = math.ceil(value * 10**decimals) / 10**decimals
    return f"{shown:g} {unit}"


def distance_km(metres: float | None) -> float | None:
    """A run's distance in km, to the metre; None without one. A watch that measured no
    distance (a treadmill without a footpod) writes 0 m: that is no distance, not a run of
    0 km, which no member can log."""
    if metres is None:
        return None
    km = round(metres / 1000, 3)
    return km if km > 0 else None


class FileFormat(StrEnum):
    FIT = "fit"
    GPX = "gpx"
    TCX = "tcx"


@dataclass(frozen=True, slots=True)
class ParsedRun:
    """One run read from a watch file: plain values, picklable across the worker boundary.

    `start` is timezone-aware UTC. `moving_seconds` leaves out stops (see each format's
    module for how it is measured); `elapsed_seconds` is wall-clock time from start to end.
    `sport` is the file's own label of the run ("running", "trail running", ...).
    `notes` are short sentences for the member about how the figures were read: which of
    the file's summary and its points gave them, points left out, parts of the file skipped.
    `watch_clock`: when the file dates the run only by the watch's clock, in no zone (`start`
    is that clock read in the zone the reader was given, `fit_clock`), the note saying so,
    kept apart from `notes`: a run given another start leaves it out.
    """

    start: datetime
    distance_km: float | None
    moving_seconds: int
    elapsed_seconds: int
    avg_hr: int | None
    max_hr: int | None
    elevation_gain_m: int | None
    sport: str
    source: FileFormat
    notes: tuple[str, ...] = ()
    watch_clock: str | None = None


def speed_kmh(distance_km: float | None, moving_seconds: int) -> float | None:
    """Average moving speed, or None without a distance or a moving time."""
    if distance_km is None or moving_seconds <= 0:
        return None
    return distance_km / (moving_seconds / 3600)
