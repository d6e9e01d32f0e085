"""Notes on a logged run, the same for a typed run and one read from a watch file."""

from __future__ import annotations

from datetime import datetime

from bot.actions.context import Context
from bot.core.advice import hard_running_fine_from
from bot.core.models import Intensity, RunType, Units, intensity_of
from bot.core.spike import COMEBACK_LOOKBACK, run_spike
from bot.core.tips import easy_run_too_hard
from bot.render.spike import spike_line


async def after_the_fact(
    ctx: Context, run_type: RunType, rpe: int | None, at: datetime
) -> tuple[str | None, datetime | None]:
    """The notes on a logged run (advice-rules.md, "After the fact"): a warning for an easy run
    that sounds too hard, and, for a HIGH run within the window after a hard leg day, when hard
    running would have been fine. Typed and file runs get the same notes."""
    rules = ctx.settings.advice
    last_hard = await ctx.store.entries.last_hard_at_or_before(ctx.member, at)
    within_window = last_hard is not None and at - last_hard.at < rules.window
    warning = None
    if easy_run_too_hard(run_type, rpe, within_window, rules):
        warning = (
            f"RPE {rpe} sounds harder than easy. Within {rules.window_hours:g} hours of a "
            "hard leg day, keep easy runs truly easy (you can talk in full sentences): the same "
            "tired fibres do the hard work."
        )
    hard_fine_from = None
    if within_window and last_hard is not None and intensity_of(run_type) is Intensity.HIGH:
        hard_fine_from = hard_running_fine_from(last_hard.at, rules)
    return warning, hard_fine_from


async def spike_note(
    ctx: Context,
    units: Units,
    distance_km: float | None,
    minutes: float | None,
    at: datetime,
    *,
    planned: bool = False,
    run_id: int | None = None,
) -> str | None:
    """The single-run spike's note for a run logged (`run_id`: itself, left out) or planned at
    `at` (advice-rules.md, "Single-run spike"); None when there is nothing to say."""
    earlier = await ctx.store.entries.runs_between(ctx.member, at - COMEBACK_LOOKBACK, at)
    rules = ctx.settings.advice
    others = [r for r in earlier if run_id is None or r.id != run_id]
    spike = run_spike(distance_km, minutes, at, others, rules)
    return None if spike is None else spike_line(spike, units, rules, planned=planned)
