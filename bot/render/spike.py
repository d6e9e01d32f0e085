"""The single-run spike's words (advice-rules.md, "Single-run spike"): the note on a logged or
planned run, and /week's longest-run line. The rule itself is bot/core/spike.py's."""

from __future__ import annotations

from bot.core.models import AdviceRules, Units
from bot.core.spike import Compared, Spike, SpikeKind
from bot.core.units import format_distance, format_run_time
from bot.core.week import TrainingWeek
from bot.core.wording import plural
from bot.render import ts

WHY = (
    "One big jump in a single run is the spike that goes with overuse injuries; build up in"
    " steps of {percent:g}% or less."
)


def _length(value: float, by_distance: bool, units: Units, moving: int | None = None) -> str:
    return format_distance(value, units) if by_distance else format_run_time(value, moving)


def _longer(compared: Compared, units: Units, rules: AdviceRules) -> str:
    """ "2.0 km (25%) longer"; a share that would round to the threshold itself says "just
    over", so the note never reads as if exactly at the line."""
    percent = compared.percent_longer
    share = (
        f"{percent:.0f}%"
        if round(percent) > rules.spike_percent
        else f"just over {rules.spike_percent:g}%"
    )
    if compared.by_distance:
        return f"{format_distance(compared.length - compared.longest, units)} ({share}) longer"
    return f"{format_run_time(compared.length - compared.longest)} ({share}) longer"


def _longest_text(compared: Compared, units: Units) -> str:
    length = _length(compared.longest, compared.by_distance, units, compared.longest_moving_seconds)
    return f"{length} on {ts(compared.longest_at, 'D')}"


def spike_line(spike: Spike, units: Units, rules: AdviceRules, *, planned: bool) -> str:
    """The note on a run logged (`planned` False) or planned with /canirun."""
    days = plural(rules.spike_days, "day")
    if spike.kind is SpikeKind.COMEBACK:
        old = spike.longest_before
        before = ""
        if old is not None:
            by_distance = old.distance_km is not None
            value = old.distance_km if by_distance else old.minutes
            if value is not None:
                moving = None if by_distance else old.moving_seconds
                length = _length(value, by_distance, units, moving)
                before = f" (your longest before the break: {length} on {ts(old.at, 'D')})"
        what = "This would be" if planned else "This is"
        return (
            f"{what} your first run in more than {days}{before}. Coming back after a break is"
            " when a first run is most often too long: start back below your old longest run."
        )
    compared = spike.compared
    assert compared is not None
    what = "This plan is" if planned else "This run is"
    tail = " The verdict stays as it is." if planned else ""
    return (
        f"{what} {_longer(compared, units, rules)} than your longest run of the {days} before"
        f" it ({_longest_text(compared, units)}). " + WHY.format(percent=rules.spike_percent) + tail
    )


def week_longest_line(week: TrainingWeek, units: Units, rules: AdviceRules) -> str | None:
    """/week: the week's longest run against the longest of the `spike_days` before it."""
    run = week.longest
    if run is None:
        return None
    days = plural(rules.spike_days, "day")
    compared = week.longest_compared
    if compared is None:
        by_distance = run.distance_km is not None
        value = run.distance_km if by_distance else run.minutes
        length = _length(value or 0.0, by_distance, units, run.moving_seconds)
        if not week.runs_before:
            return (
                f"**Longest run:** {length}; no run in the {days} before the week to compare with."
            )
        # Runs there were, but none with the measure (or measures) this one has.
        measure = " or ".join(
            name for name, has in (("distance", run.distance_km), ("time", run.minutes)) if has
        )
        return (
            f"**Longest run:** {length}; no run of the {days} before the week has a {measure}"
            " to compare it with."
        )
    length = _length(compared.length, compared.by_distance, units, run.moving_seconds)
    line = (
        f"**Longest run:** {length}, against {_longest_text(compared, units)}, the longest of"
        f" the {days} before the week."
    )
    if week.longest_is_spike:
        line += f" It is {_longer(compared, units, rules)}. " + WHY.format(
            percent=rules.spike_percent
        )
    return line
