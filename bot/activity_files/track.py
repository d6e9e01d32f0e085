"""Summaries computed from track points, for the formats that carry no totals we trust (GPX, TCX).

Moving time: for each pair of consecutive timed points in one segment, the time between them
counts as moving when it is at most MAX_STEP_SECONDS (a longer gap is a pause: auto-pause, a
stop at a crossing, a lost signal) and the speed over it is at least MIN_MOVING_SPEED
(0.5 m/s is 1.8 km/h, well under any walking break's drift on GPS). Without a distance for
the step (no positions, no device distance) a short step counts as moving. The step from one
segment to the next is never moving: a new segment is a new recording after a stop.

Elevation gain: the sum of the rises of the altitude after gpxpy's light 3-point smoothing
(0.3, 0.4, 0.3 of the previous, current and next altitude), per segment. GPS altitude
jitters by a metre or two from point to point and the raw sum of rises counts every jitter;
the smoothing takes the worst of it out and keeps real climbs whole.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from gpxpy.geo import calculate_uphill_downhill, haversine_distance

MIN_MOVING_SPEED = 0.5  # m/s
MAX_STEP_SECONDS = 30.0


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


def step_metres(a: Point, b: Point) -> float | None:
    if a.distance_m is not None and b.distance_m is not None:
        return max(0.0, b.distance_m - a.distance_m)
    if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
        return haversine_distance(a.lat, a.lon, b.lat, b.lon)
    return None


def path_metres(segments: Sequence[Segment]) -> float:
    """Great-circle (haversine) length of the positions, segment by segment."""
    total = 0.0
    for segment in segments:
        located = [(p.lat, p.lon) for p in segment if p.lat is not None and p.lon is not None]
        for (lat1, lon1), (lat2, lon2) in pairwise(located):
            total += haversine_distance(lat1, lon1, lat2, lon2)
    return total


def moving_seconds(segments: Sequence[Segment]) -> float:
    total = 0.0
    for segment in segments:
        timed = [(p.time, p) for p in segment if p.time is not None]
        for (t1, a), (t2, b) in pairwise(timed):
            seconds = (t2 - t1).total_seconds()
            if seconds <= 0 or seconds > MAX_STEP_SECONDS:
                continue
            metres = step_metres(a, b)
            if metres is None or metres / seconds >= MIN_MOVING_SPEED:
                total += seconds
    return total


def elevation_gain(segments: Sequence[Segment]) -> int | None:
    gain = 0.0
    seen = False
    for segment in segments:
        altitudes: list[float | None] = [p.altitude for p in segment if p.altitude is not None]
        if altitudes:
            seen = True
            gain += calculate_uphill_downhill(altitudes)[0]
    return round_half_up(gain) if seen else None


def heart_rate(segments: Sequence[Segment]) -> tuple[int | None, int | None]:
    """Mean and maximum of the heart-rate samples (a plain mean: watches sample evenly)."""
    samples = [p.hr for segment in segments for p in segment if p.hr is not None]
    if not samples:
        return None, None
    return round_half_up(sum(samples) / len(samples)), max(samples)


def time_span(segments: Sequence[Segment]) -> tuple[datetime, datetime] | None:
    times = [p.time for segment in segments for p in segment if p.time is not None]
    if not times:
        return None
    return min(times), max(times)
