"""Replies of the training week: /week, /race, the load and race lines other replies gain, and
the daily post's weekly and race blocks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from bot.core.clubweek import ClubWeek
from bot.core.models import AdviceRules, Units
from bot.core.races import MemberRace, Race, days_to_text
from bot.core.units import format_distance_total, format_load, format_run_time
from bot.core.week import BASE_WEEKS_MIN, BEFORE_WEEKS, TrainingWeek
from bot.core.wording import day_label, plural, typed_inline
from bot.render import fit_lines, inline_text, mention
from bot.render.reply import FIELD_VALUE_MAX, Attachment, Colour, EmbedField, Reply
from bot.render.spike import week_longest_line

WEEK_FILENAME = "runclub-week.png"
_INTENSITY_WORDS = ("easy/recovery", "steady/long", "hard")
# The ratio is context only (README, "Training load"): no warning goes with it.
NO_BASE = "Not enough history to compare yet"


def race_text(race: Race, today: date) -> str:
    """ "City 10k (10k), Sun 6 Dec: in 7 days"; the name is defused member text."""
    distance = f" ({race.distance.value})" if race.distance else ""
    when = f"{day_label(race.on, today)}: {days_to_text(race.on, today)}"
    return f"{inline_text(race.name)}{distance}, {when}"


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
    span = f"{day_label(week.week.monday)} – {day_label(week.week.sunday)}"
    runs = f"{plural(week.runs, 'run')}"
    if week.runs:
        runs += f" · {format_distance_total(week.distance_km, units)}"
        if week.minutes:
            runs += f" · {format_run_time(week.minutes)}"
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
            f"{NO_BASE}: that needs entries in {BASE_WEEKS_MIN} of the {BEFORE_WEEKS} weeks"
            f" before and an average load of {_load(rules.load_base_floor)} or more."
        )
    else:
        lines.append(
            f"Your usual week (average of the four before): {_load(week.previous_average)};"
            f" this one is ×{week.ratio:.2f}, as context only."
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
    fields = []
    if next_race is not None:
        fields.append(EmbedField(name="Next race", value=race_text(next_race, today)))
    if notes:
        fields.append(EmbedField(name="Load notes", value="; ".join(notes) + "."))
    files: tuple[Attachment, ...] = ()
    if png is not None:
        files = (
            Attachment(
                filename=WEEK_FILENAME,
                data=png,
                description="Daily load of the week, stacked by kind, with the 4-week average",
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


def next_race_field(race: Race | None, today: date) -> tuple[EmbedField, ...]:
    if race is None:
        return ()
    return (EmbedField(name="Next race", value=race_text(race, today)),)


def taper_line(race: Race, leg_day_on: date) -> str:
    days = (race.on - leg_day_on).days
    when = "the same day as" if days == 0 else f"{plural(days, 'day')} before"
    return (
        f"This hard leg day is {when} your race {inline_text(race.name)}. Heavy leg work this"
        " close to a race leaves the legs heavy on race day: cut the heavy lifts in the last"
        " week and keep light work if you like. Fewer heavy squats, more miles."
    )


def race_set_reply(race: Race, today: date) -> Reply:
    return Reply(
        title="Race on your calendar",
        description=race_text(race, today),
        colour=Colour.GO,
        footer=f"Race {race.id}" if race.id is not None else None,
        ephemeral=True,
    )


def races_reply(races: Sequence[Race], today: date) -> Reply:
    lines = [f"• `{r.id}` {race_text(r, today)}" for r in races]
    return Reply(
        title="Your races",
        description="\n".join(lines) if lines else "No races ahead. Add one: `/race set`.",
        colour=Colour.INFO,
        ephemeral=True,
    )


def race_changed_reply(before: Race, after: Race, today: date) -> Reply:
    now_text, was_text = race_text(after, today), race_text(before, today)
    unchanged = "Those were its values already: nothing changed."
    return Reply(
        title="Race changed",
        description=f"{now_text}\n{unchanged if now_text == was_text else f'Was: {was_text}'}",
        colour=Colour.GO,
        footer=f"Race {after.id}" if after.id is not None else None,
        ephemeral=True,
    )


def race_removed_reply(race: Race, today: date) -> Reply:
    return Reply(
        title="Race removed",
        description=race_text(race, today),
        colour=Colour.INFO,
        ephemeral=True,
    )


def not_your_race_message(typed: str, limit: int) -> str:
    """`typed` quoted whole up to `limit`, the option's own length limit."""
    return f"No race {typed_inline(typed, limit)} of yours. `/race list` shows your races and ids."


def racing_field(races: Sequence[MemberRace], today: date) -> EmbedField | None:
    """The post's "Racing soon" block: listed members named, the others counted."""
    if not races:
        return None
    named = [f"{mention(r.user_id)}: {race_text(r.race, today)}" for r in races if r.listed]
    unnamed = sum(not r.listed for r in races)
    tail = f"{plural(unnamed, 'more race')} of members not named (by their choice)."
    body = fit_lines(named, FIELD_VALUE_MAX - len(tail) - 1, lambda n: f"…and {n} more")
    value = "\n".join(part for part in (body, tail if unnamed else "") if part)
    return EmbedField(name="Racing in the next 7 days", value=value)


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
        value = (
            f"{plural(week.runs, 'run')} · {format_distance_total(week.distance_km, units)} ·"
            f" {format_run_time(week.minutes)}; leg days: {week.leg_hard} HARD,"
            f" {week.leg_light} LIGHT\n"
            f"Hard runs clear of leg-day windows: {week.hard_runs_clear} of {week.hard_runs}"
            f"{leaders}"
        )
    span = f"{day_label(week.week.monday)} – {day_label(week.week.sunday)}"
    return EmbedField(name=f"Last week ({span})", value=value)
