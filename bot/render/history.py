"""Replies of /history, /undo and /delete."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.core.history import Entry, Span, short_id
from bot.core.models import LegDay, Profile, Run
from bot.core.reminders import ReminderFollow
from bot.core.units import format_distance, format_duration, format_run_time_total
from bot.core.wording import one_line, plural, run_name
from bot.render import fit_lines, inline_text, run_stats, safe_text, ts
from bot.render.reminders import reminder_follow_lines
from bot.render.reply import DESCRIPTION_MAX, EMBED_TOTAL_MAX, Attachment, Colour, Reply

CHART_FILENAME = "history.png"
# Notes are shown only as a reminder of which entry is which; the export has them in full.
_NOTE_PREVIEW = 40


def _note(notes: str | None) -> str:
    if not notes:
        return ""
    flat = " ".join(notes.split())
    if len(flat) > _NOTE_PREVIEW:
        flat = flat[: _NOTE_PREVIEW - 1] + "…"
    return f" · “{inline_text(flat)}”"


def _leg_day_detail(leg_day: LegDay) -> str:
    parts = [f"**leg day {'HARD' if leg_day.is_hard else 'LIGHT'}**"]
    parts.append(plural(leg_day.exercises, "exercise"))
    if leg_day.heaviest is not None:
        load = f"{leg_day.heaviest}% of max"
        if leg_day.sets is not None and leg_day.reps is not None:
            load += f", {leg_day.sets}×{leg_day.reps}"
        parts.append(load)
    if leg_day.minutes is not None:
        parts.append(format_duration(leg_day.minutes))
    if leg_day.rpe is not None:
        parts.append(f"RPE {leg_day.rpe}/10")
    return " · ".join(parts)


def _run_detail(run: Run, profile: Profile) -> str:
    return " · ".join([f"**{run_name(run.run_type)}**", *run_stats(run, profile.units)])


def entry_line(entry: Entry, profile: Profile) -> str:
    """ "`R34` <t:…:f> · **tempo** · 8.0 km · 40 min · 5:00 /km": one entry, one line."""
    detail = _leg_day_detail(entry) if isinstance(entry, LegDay) else _run_detail(entry, profile)
    return f"`{short_id(entry)}` {ts(entry.at, 'f')} · {detail}{_note(entry.notes)}"


def _summary(entries: Sequence[Entry], profile: Profile) -> str:
    runs = [e for e in entries if isinstance(e, Run)]
    leg_days = [e for e in entries if isinstance(e, LegDay)]
    km = sum(r.distance_km or 0.0 for r in runs)
    minutes = sum(r.minutes or 0.0 for r in runs)
    timed = sum(1 for r in runs if r.minutes)
    parts = [plural(len(runs), "run")]
    if km:
        parts.append(format_distance(km, profile.units))
    if minutes:
        # To the second when a watch run's moving time makes it so: the line below shows it.
        parts.append(format_run_time_total(minutes, timed, len(runs)))
    hard = sum(1 for leg_day in leg_days if leg_day.is_hard)
    parts.append(f"{plural(len(leg_days), 'leg day')} ({hard} hard)")
    return " · ".join(parts)


def _span_words(days: int) -> str:
    """ "today" for one day (today is always in the span), else "the last 14 days"."""
    return "today" if days == 1 else f"the last {days} days"


def _more_line(count: int) -> str:
    entries = "entry" if count == 1 else "entries"
    return f"… and {count} older {entries} (see the chart, or use a shorter `days`)"


def history_reply(
    entries: Sequence[Entry],
    span: Span,
    profile: Profile,
    zone: ZoneInfo,
    chart_png: bytes | None,
) -> Reply:
    """The list newest first, clamped so that even 90 days of five entries a day is one valid
    message, with the chart attached (and shown in the embed)."""
    title = "Your day today" if span.days == 1 else f"Your last {span.days} days"
    footer = (
        f"Distances in {profile.units.value} · chart days in {zone.key} · "
        "/delete removes one entry, /undo the last one you logged"
    )
    head = [_summary(entries, profile), ""]
    budget = min(DESCRIPTION_MAX, EMBED_TOTAL_MAX - len(title) - len(footer))
    budget -= sum(len(line) + 1 for line in head)
    lines = [*head, fit_lines([entry_line(e, profile) for e in entries], budget, _more_line)]
    files: tuple[Attachment, ...] = ()
    if chart_png is not None:
        files = (
            Attachment(
                filename=CHART_FILENAME,
                data=chart_png,
                description=f"Chart of your runs and leg days, {_span_words(span.days)}",
            ),
        )
    return Reply(
        title=title,
        description="\n".join(lines).rstrip(),
        colour=Colour.INFO,
        footer=footer,
        files=files,
        ephemeral=True,
    )


def empty_history_reply(days: int) -> Reply:
    return Reply(
        content=(
            f"Nothing logged {'today' if days == 1 else f'in the last {days} days'} yet. Log a"
            " leg day with `/legday` or a run with `/run`, and `/history` will chart it."
        ),
        ephemeral=True,
    )


def deleted_reply(
    entry: Entry, profile: Profile, *, undo: bool, reminders: Sequence[ReminderFollow] = ()
) -> Reply:
    lines = [entry_line(entry, profile)]
    if isinstance(entry, LegDay) and entry.is_hard:
        lines.append("`/canirun` no longer counts this hard leg day.")
    lines += reminder_follow_lines(reminders)
    command = "/legday" if isinstance(entry, LegDay) else "/run"
    lines.append(f"Changed your mind? Log it again with `{command}`.")
    return Reply(
        title=f"{'Undone' if undo else 'Deleted'}: {short_id(entry)}",
        description="\n".join(lines),
        colour=Colour.INFO,
        ephemeral=True,
    )


def nothing_to_undo_reply() -> Reply:
    return Reply(
        content="Nothing to undo: you have no leg days or runs logged in this server.",
        ephemeral=True,
    )


def not_your_entry_message(typed: str, limit: int, command: str = "delete") -> str:
    """The one answer for an id that is malformed, unknown or someone else's: it never says
    which, so nobody learns that another member's entry exists. `command` is the one asking:
    its own `entry` list is the one to pick from. `typed` is quoted whole up to `limit`, the
    option's own length limit."""
    shown = one_line(typed, limit).replace("`", "'") or "?"
    return (
        f"No entry `{safe_text(shown)}` of yours. Pick one from the list `/{command}` offers, "
        "or find its id (like R12 or L3) in `/history`."
    )
