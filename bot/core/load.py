"""Training load: session RPE x minutes (advice-rules.md, "Training load"). Pure.

Load = RPE (1-10) x minutes, in arbitrary units, for runs and leg days alike (Foster et al.
2001). What a member did not give is estimated from `[advice]` defaults and marked so:

- a run's RPE from its intensity; its minutes from its distance at the member's median pace of
  their last `pace_runs` runs of that intensity with a distance and minutes (else
  `default_pace_min_per_km`); a run with neither minutes nor distance has no load;
- a leg day's RPE and minutes from its HARD or LIGHT.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from statistics import median

from bot.core.models import AdviceRules, FrozenModel, Intensity, LegDay, Run, intensity_of
from bot.core.units import format_clock, format_load

__all__ = [
    "SessionLoad",
    "leg_day_load",
    "load_line",
    "paces_from",
    "run_load",
    "run_rpe_estimate",
]


class SessionLoad(FrozenModel):
    rpe: float
    minutes: float
    rpe_estimated: bool = False
    minutes_estimated: bool = False

    @property
    def load(self) -> float:
        return self.rpe * self.minutes

    @property
    def estimated(self) -> bool:
        return self.rpe_estimated or self.minutes_estimated


def run_rpe_estimate(intensity: Intensity, rules: AdviceRules) -> int:
    return {
        Intensity.LOW: rules.run_rpe_low,
        Intensity.MODERATE: rules.run_rpe_moderate,
        Intensity.HIGH: rules.run_rpe_high,
    }[intensity]


def paces_from(runs: Iterable[Run], rules: AdviceRules) -> dict[Intensity, float]:
    """Median minutes per km per intensity, over the latest `rules.pace_runs` runs of each
    intensity that have both a distance and minutes. An intensity without such a run is left
    out."""
    timed: dict[Intensity, list[Run]] = {}
    for run in runs:
        if run.distance_km and run.minutes:
            timed.setdefault(intensity_of(run.run_type), []).append(run)
    paces: dict[Intensity, float] = {}
    for intensity, group in timed.items():
        group.sort(key=lambda r: (r.at, r.id or 0), reverse=True)
        paces[intensity] = median(
            (r.minutes or 0.0) / (r.distance_km or 1.0) for r in group[: rules.pace_runs]
        )
    return paces


def run_load(
    run: Run, rules: AdviceRules, paces: Mapping[Intensity, float] | None = None
) -> SessionLoad | None:
    """The run's load, estimated where needed; None with neither minutes nor distance."""
    intensity = intensity_of(run.run_type)
    rpe_estimated = run.rpe is None
    rpe = run_rpe_estimate(intensity, rules) if run.rpe is None else run.rpe
    if run.minutes is not None:
        return SessionLoad(rpe=rpe, minutes=run.minutes, rpe_estimated=rpe_estimated)
    if run.distance_km is None:
        return None
    pace = (paces or {}).get(intensity, rules.default_pace_min_per_km)
    return SessionLoad(
        rpe=rpe,
        minutes=run.distance_km * pace,
        rpe_estimated=rpe_estimated,
        minutes_estimated=True,
    )


def leg_day_load(leg_day: LegDay, rules: AdviceRules) -> SessionLoad:
    hard = leg_day.is_hard
    rpe_default = rules.leg_rpe_hard if hard else rules.leg_rpe_light
    minutes_default = rules.leg_minutes_hard if hard else rules.leg_minutes_light
    return SessionLoad(
        rpe=rpe_default if leg_day.rpe is None else leg_day.rpe,
        minutes=minutes_default if leg_day.minutes is None else leg_day.minutes,
        rpe_estimated=leg_day.rpe is None,
        minutes_estimated=leg_day.minutes is None,
    )


def load_line(load: SessionLoad | None) -> str:
    """The one short line a log reply shows."""
    if load is None:
        return "Load: not counted without minutes or a distance; add `minutes` next time."
    parts = []
    if load.rpe_estimated:
        parts.append("RPE")
    if load.minutes_estimated:
        parts.append("minutes")
    how = f" (estimated: {' and '.join(parts)})" if parts else ""
    minutes = _load_minutes(load.minutes)
    return f"Load: {format_load(load.load)} (RPE {load.rpe:g} × {minutes}){how}."


def _load_minutes(minutes: float) -> str:
    """The minutes the load was computed from, so that the line multiplies to the load shown:
    "300 min", or "19:40" for a watch's moving time or a time estimated from a distance."""
    seconds = round(minutes * 60)
    return f"{seconds // 60} min" if seconds % 60 == 0 else format_clock(seconds)
