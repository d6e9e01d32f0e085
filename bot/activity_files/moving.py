"""Moving time and heart rate from a recording's samples: one definition for FIT, GPX and TCX.

A sample is a moment, the distance covered since the recording began (the watch's own
distance where the file has one, else the length of the positions so far) and the heart
rate then. Whatever the format, the samples of one run form one series: lap, segment and
track boundaries are not stops in themselves.

Moving time is judged over a short window, not per sample, because a watch recording once a
second often repeats a point while running. Each step between two samples counts whole or
not at all:

- a step of at most WINDOW_SECONDS is moving when the speed over the WINDOW_SECONDS centred
  on it (the distance interpolated between samples) is at least MIN_MOVING_SPEED, so a
  repeated point in a run counts and a standing rest of more than a few seconds does not;
- a longer step (a gap in the recording: auto-pause, a lost signal, a watch recording only
  on change) is moving when the distance across it says so: at least MIN_MOVING_SPEED over
  the whole gap;
- without any distance in the recording (a treadmill GPX with no positions), a step of at
  most WINDOW_SECONDS is moving and a longer gap is not.

Heart rate is weighted by time: each sample holds until the next one, over the steps that
are not a stopped gap (a watch that records only on change writes fewer samples while the
heart rate is steady, so a plain mean of samples leans toward the changing parts).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

WINDOW_SECONDS = 10.0
# m/s: about 1 km/h, slower than any walk or steep climb, faster than a still watch's drift.
MIN_MOVING_SPEED = 0.3


@dataclass(frozen=True, slots=True)
class Sample:
    seconds: float  # since the epoch
    metres: float | None = None  # covered since the recording began
    hr: int | None = None


class _Distance:
    """Distance at any moment of the recording (at least two samples), interpolated between
    samples; queries must move forward (two cursors, one per window edge), so a run is read in
    linear time."""

    def __init__(self, times: list[float], metres: list[float]) -> None:
        self.times = times
        self.metres = metres
        self.index = 0

    def at(self, moment: float) -> float:
        times = self.times
        moment = min(max(moment, times[0]), times[-1])
        # The cursor only moves forward, and stops at the last step at the latest since the
        # moment is at most the last time.
        i = self.index
        while times[i + 1] < moment:
            i += 1
        self.index = i
        share = (moment - times[i]) / (times[i + 1] - times[i])
        return self.metres[i] + (self.metres[i + 1] - self.metres[i]) * share


def _distance(samples: Sequence[Sample]) -> _Distance | None:
    """The distance between the samples that carry one, interpolated (a watch may write its
    distance only every few records); None with fewer than two."""
    times: list[float] = []
    metres: list[float] = []
    for sample in samples:
        if sample.metres is not None:
            times.append(sample.seconds)
            # A device distance never goes back; a glitch that does is held level.
            metres.append(max(sample.metres, metres[-1]) if metres else sample.metres)
    return _Distance(times, metres) if len(times) >= 2 else None


def moving_steps(samples: Sequence[Sample]) -> list[bool]:
    """For each step between consecutive samples (times strictly increasing): moving or not."""
    times = [s.seconds for s in samples]
    low = _distance(samples)
    if low is None:
        return [b - a <= WINDOW_SECONDS for a, b in pairwise(times)]
    high = _Distance(low.times, low.metres)
    first, last = low.times[0], low.times[-1]
    steps = []
    for before, after in pairwise(times):
        seconds = after - before
        if seconds > WINDOW_SECONDS:
            start, end = before, after
        else:
            middle = (before + after) / 2
            start = max(middle - WINDOW_SECONDS / 2, first)
            end = min(middle + WINDOW_SECONDS / 2, last)
        if end <= start:  # outside the stretch with a distance: judged by time alone
            steps.append(seconds <= WINDOW_SECONDS)
            continue
        covered = high.at(end) - low.at(start)
        steps.append(covered >= MIN_MOVING_SPEED * (end - start))
    return steps


def moving_seconds(
    samples: Sequence[Sample], stood: Callable[[float, float], float] | None = None
) -> float:
    """The seconds of the moving steps; less, with `stood`, the seconds of each in which the
    watch's timer stood (FIT's timer events), which the watch counts as no time."""
    steps = moving_steps(samples)
    return sum(
        b.seconds - a.seconds - (stood(a.seconds, b.seconds) if stood else 0.0)
        for a, b, moving in zip(samples, samples[1:], steps, strict=False)
        if moving
    )


def heart_rate(samples: Sequence[Sample]) -> tuple[int | None, int | None]:
    """Time-weighted average and maximum heart rate; (None, None) without any."""
    rates = [s.hr for s in samples if s.hr]
    if not rates:
        return None, None
    steps = moving_steps(samples)
    weighted = total = 0.0
    held: int | None = None
    for a, b, moving in zip(samples, samples[1:], steps, strict=False):
        held = a.hr or held
        seconds = b.seconds - a.seconds
        if held and (moving or seconds <= WINDOW_SECONDS):
            weighted += held * seconds
            total += seconds
    average = weighted / total if total else sum(rates) / len(rates)
    return math.floor(average + 0.5), max(rates)
