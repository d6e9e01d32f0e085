"""A run's figures read from its track points (GPX, TCX, and FIT records through `moving`).

The points of one run are read as one series, in the file's order: a point whose time
repeats is dropped, and one whose time goes back is dropped and counted. Distance is the
device's own running total where the file has one (TCX DistanceMeters), else the
great-circle (haversine) length of the positions, joined across segment and lap boundaries
(a gap in the recording is ground covered). Moving time and heart rate as `moving` defines them.

Elevation gain: the altitudes with the missing ones and those of exactly 0 left out (a
device writes 0 for "no altitude", and each one counted as a dive and a climb), then the
rises counted with a hysteresis of CLIMB_STEP_METRES: a rise counts once the altitude is at
least that far above the last level counted, and a drop moves the level down only when it
is as large. Smaller ups and downs are jitter, as device summaries treat them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from gpxpy.geo import haversine_distance

from bot.activity_files import moving

# Metres the altitude must rise above its last low to count as climbing (see above).
CLIMB_STEP_METRES = 2.0
# A file's own distance total (a FIT session's, a TCX file's laps') is trusted unless it falls
# short of its points' by more than this.
SHORT_SHARE = 0.97
# The altitudes of places on Earth, with room for a barometer's drift: the Dead Sea's shore
# is at -430 m, Everest at 8,849 m. A file's altitude outside them is no altitude.
LOWEST_METRES, HIGHEST_METRES = -500.0, 9000.0
# A heart rate is a reading of 1 to 254 bpm: FIT keeps it in one byte, 0 and 255 meaning none.
# A file's value outside them (-5, 1e20, inf) is no reading.
LOWEST_BPM, HIGHEST_BPM = 1, 254


@dataclass(frozen=True, slots=True)
class Point:
    time: datetime | None
    lat: float | None = None
    lon: float | None = None
    altitude: float | None = None
    # The device's own running total of distance (TCX), when it wrote one.
    distance_m: float | None = None
    hr: int | None = None


Segment = Sequence[Point]


def round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def bpm(value: float) -> int | None:
    """A heart rate read from a file, rounded; None outside what a heart beats at."""
    if not math.isfinite(value):
        return None
    rounded = round(value)
    return rounded if LOWEST_BPM <= rounded <= HIGHEST_BPM else None


def elevation_gain(altitudes: Sequence[float | None]) -> int | None:
    """Metres climbed (see the module's docstring); None without any altitude. An altitude
    no place on Earth has (NaN too) is left out as a missing one."""
    heights = [
        a for a in altitudes if a is not None and a != 0 and LOWEST_METRES <= a <= HIGHEST_METRES
    ]
    if not heights:
        return None
    gain = 0.0
    level = heights[0]
    for height in heights[1:]:
        if height >= level + CLIMB_STEP_METRES:
            gain += height - level
            level = height
        elif height <= level - CLIMB_STEP_METRES:
            level = height
    return round_half_up(gain)


@dataclass(frozen=True, slots=True)
class Reading:
    """What the points of one run say."""

    start: datetime
    end: datetime
    metres: float | None  # None without positions or device distance
    moving_seconds: float
    avg_hr: int | None
    max_hr: int | None
    climb_m: int | None
    dropped: int  # points left out because their time went back (repeats are left silently)


def read_points(segments: Sequence[Segment]) -> Reading | None:
    """The run's figures from its points (all segments as one series); None without times."""
    timed = [p for segment in segments for p in segment if p.time is not None]
    kept: list[Point] = []
    went_back = 0
    for point in timed:
        assert point.time is not None
        if kept and point.time <= kept[-1].time:  # type: ignore[operator]
            # A repeated time is a doubled point; one going back is a clock that jumped.
            went_back += point.time < kept[-1].time  # type: ignore[operator]
            continue
        kept.append(point)
    if not kept:
        return None
    device = any(p.distance_m is not None for p in kept)
    samples: list[moving.Sample] = []
    covered = 0.0
    located: Point | None = None
    for point in kept:
        assert point.time is not None
        if device:
            metres = point.distance_m
        elif point.lat is not None and point.lon is not None:
            if located is not None:
                assert located.lat is not None and located.lon is not None
                covered += haversine_distance(located.lat, located.lon, point.lat, point.lon)
            located = point
            metres = covered
        else:
            metres = None if located is None else covered
        samples.append(moving.Sample(point.time.timestamp(), metres, point.hr))
    distances = [s.metres for s in samples if s.metres is not None]
    avg_hr, max_hr = moving.heart_rate(samples)
    first, last = kept[0].time, kept[-1].time
    assert first is not None and last is not None
    return Reading(
        start=first,
        end=last,
        metres=max(distances) - distances[0] if distances else None,
        moving_seconds=moving.moving_seconds(samples),
        avg_hr=avg_hr,
        max_hr=max_hr,
        climb_m=elevation_gain([p.altitude for p in kept]),
        dropped=went_back,
    )


def point_notes(reading: Reading) -> list[str]:
    """What the member is told about the points themselves."""
    return went_back_notes(reading.dropped)


def went_back_notes(count: int) -> list[str]:
    if not count:
        return []
    if count == 1:
        return ["1 point whose time went back was left out"]
    return [f"{count:,} points whose time went back were left out"]


def points_distance(summary_m: float | None, points_m: float | None) -> float | None:
    """The points' distance when it is the run's, else None: when the file's own total (a FIT
    session's, a TCX file's laps') is missing or below SHORT_SHARE of it (an export that
    lost laps)."""
    if points_m is not None and (summary_m is None or summary_m < points_m * SHORT_SHARE):
        return points_m
    return None


def share_text(part: float, whole: float) -> str:
    """ "56%": a note's figure in no unit, since the reader does not know the member's (the
    run's own distance is shown in them beside it)."""
    return f"{part / whole * 100:.0f}%"
