"""Replies of the training week: /week, the load lines other replies gain, and the daily post's
weekly block."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bot.core.clubweek import ClubWeek
from bot.core.models import AdviceRules, Units
from bot.core.races import Race
from bot.core.units import (
    format_distance_total,
    format_load,
    format_run_time_total,
)
from bot.core.week import TrainingWeek
from bot.core.wording import days_label, number_word, plural
from bot.render import mention
from bot.render.races import next_race_field
from bot.render.reply import Attachment, Colour, EmbedField, Reply
from bot.render.spike import week_longest_line

WEEK_FILENAME = "runclub-week.png"
_INTENSITY_WORDS = ("easy/recovery", "steady/long", "hard")
# The ratio is context only (README, "Training load"): no warning goes with it.
NO_BASE = "Not enough history to compare yet"


def _load(value: float) -> str:
    return format_load(value)


def week_reply(
    week: TrainingWeek,
    units: Units,
    rules: AdviceRules,
    next_race: Race | None,
    today: date,
    png: bytes | None,
) -> Reply:
    span = days_label(week.week.monday, week.week.sunday)
    runs = f"{plural(week.runs, 'run')}"
    if week.runs:
        runs += f" · {format_distance_total(week.distance_km, units)}"
        if week.minutes:
            runs += f" · {format_run_time_total(week.minutes, week.timed_runs, week.runs)}"
        split = [
            f"{word} {t.runs}"
            + (f" ({format_distance_total(t.distance_km, units)})" if t.runs else "")
            for word, t in zip(_INTENSITY_WORDS, week.by_intensity, strict=True)
        ]
        runs += "\n" + ", ".join(split)
    lines = [
        f"**Runs:** {runs}",
        f"**Leg days:** {week.leg_hard} HARD, {week.leg_light} LIGHT",
        f"**Load:** {_load(week.load_total)} (running {_load(week.load_running)},"
        f" lifting {_load(week.load_lifting)})",
    ]
    if week.ratio is None:
        lines.append(
            f"{NO_BASE}: that needs entries in {rules.load_base_weeks} of the"
            f" {plural(week.weeks_compared, 'week')} before and an average load of"
            f" {_load(rules.load_base_floor)} or more."
        )
    else:
        # An estimate is marked wherever shown (README, "Training load"): the average too.
        estimated = (
            f", {plural(week.previous_estimated, 'session')} in them estimated"
            if week.previous_estimated
            else ""
        )
        lines.append(
            f"Your usual week (average of the {number_word(week.weeks_compared)} before):"
            f" {_load(week.previous_average)}"
            f"{estimated}; this one is ×{week.ratio:.2f}, as context only."
        )
    longest = week_longest_line(week, units, rules)
    if longest is not None:
        lines.append(longest)
    if week.hard_runs_in_window:
        lines.append(
            f"**Hard runs inside a hard leg day's {rules.window_hours:g} h:**"
            f" {week.hard_runs_in_window}"
        )
    notes = []
    if week.estimated:
        notes.append(f"{plural(week.estimated, 'session')} estimated (no RPE or minutes given)")
    if week.unloaded_runs:
        notes.append(
            f"{plural(week.unloaded_runs, 'run')} without minutes or distance not counted:"
            " log `minutes` to count them"
        )
    fields = list(next_race_field(next_race, today))
    if notes:
        fields.append(EmbedField(name="Load notes", value="; ".join(notes) + "."))
    files: tuple[Attachment, ...] = ()
    if png is not None:
        files = (
            Attachment(
                filename=WEEK_FILENAME,
                data=png,
                description=(
                    "Daily load of the week, stacked by kind, with the"
                    f" {week.weeks_compared}-week average"
                ),
            ),
        )
    return Reply(
        title=f"Your week: {span}",
        description="\n".join(lines),
        colour=Colour.INFO,
        fields=tuple(fields),
        footer=f"Monday to Sunday in {week.timezone} · load = RPE × minutes",
        files=files,
        ephemeral=True,
    )


def with_lines(
    reply: Reply, lines: Iterable[str | None], fields: Iterable[EmbedField] = ()
) -> Reply:
    """`reply` with more lines at the end of its description and more fields after its own."""
    extra = [line for line in lines if line]
    description = "\n".join([reply.description or "", *extra]).strip("\n")
    return reply.model_copy(update={"description": description, "fields": (*reply.fields, *fields)})


def club_week_field(week: ClubWeek, units: Units) -> EmbedField:
    """The Monday post's "Last week" block."""
    if week.empty:
        value = "No runs or leg days logged last week."
    else:
        leaders = ""
        if week.top_days:
            names = ", ".join(mention(u) for u in week.top_named)
            more = (
                f"{' and ' if names else ''}{plural(week.top_unnamed, 'member')} not named"
                if week.top_unnamed
                else ""
            )
            leaders = f"\nMost active ({plural(week.top_days, 'day')}): {names}{more}"
        runs = plural(week.runs, "run")
        if week.runs:
            # The club's totals as the leaderboard shows them: "no time" for untimed runs.
            runs += (
                f" · {format_distance_total(week.distance_km, units)}"
                f" · {format_run_time_total(week.minutes, week.timed_runs, week.runs)}"
            )
        value = (
            f"{runs}; leg days: {week.leg_hard} HARD, {week.leg_light} LIGHT\n"
            f"Hard runs clear of leg-day windows: {week.hard_runs_clear} of {week.hard_runs}"
            f"{leaders}"
        )
    span = days_label(week.week.monday, week.week.sunday)
    return EmbedField(name=f"Last week ({span})", value=value)
