"""The reply of /run with watch files: each run logged, and each file or run that was not."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.models import AdviceRules, Profile, Run
from bot.core.units import format_climb, format_clock, format_distance, format_pace
from bot.core.wording import ZERO_WIDTH_SPACE, plural, run_label
from bot.render import fit_lines, inline_text, mention, when_line
from bot.render.member import hard_run_note
from bot.render.reply import CONTENT_MAX, FIELD_VALUE_MAX, Colour, EmbedField, Reply

# /edit is how a member changes a logged run's type (issue 12).
CHANGE_TYPE = "Not right? Change it with `/edit entry:R{id} type:...`."


@dataclass(frozen=True, slots=True)
class LoggedRun:
    """A run stored from a file. `how`: how its type was chosen, None when the member gave it."""

    run: Run
    how: str | None
    too_hard_warning: str | None = None
    hard_fine_from: datetime | None = None
    # Its training-load line (bot.core.load.load_line), as a typed run's reply shows it.
    load: str | None = None
    # The single-run spike's note (bot.render.spike), as a typed run's reply shows it.
    spike: str | None = None
    # What the reader says about how it read the file (ParsedRun.notes).
    read_notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """One attached file: the runs stored from it and the lines saying what was not."""

    name: str
    logged: tuple[LoggedRun, ...] = ()
    problems: tuple[str, ...] = ()


def _summary(run: Run, profile: Profile) -> list[str]:
    stats = []
    moving = run.moving_seconds
    if run.distance_km is not None:
        stats.append(format_distance(run.distance_km, profile.units))
    if moving:
        stats.append(f"{format_clock(moving)} moving")
        if run.distance_km is not None:
            stats.append(format_pace(run.distance_km, moving / 60, profile.units))
    if run.elapsed_seconds is not None and run.elapsed_seconds != moving:
        stats.append(f"{format_clock(run.elapsed_seconds)} in all")
    if run.rpe is not None:
        stats.append(f"RPE {run.rpe}/10")
    body = []
    if run.avg_hr is not None:
        top = f", max {run.max_hr}" if run.max_hr is not None else ""
        body.append(f"heart rate avg {run.avg_hr}{top} bpm")
    elif run.max_hr is not None:
        body.append(f"heart rate max {run.max_hr} bpm")
    if run.elevation_gain_m is not None:
        body.append(f"climb {format_climb(run.elevation_gain_m, profile.units)}")
    lines = [" · ".join(stats)] if stats else []
    if body:
        lines.append(" · ".join(body))
    return lines


def _run_field(
    logged: LoggedRun, file_name: str, profile: Profile, rules: AdviceRules
) -> EmbedField:
    run = logged.run
    lines = [when_line(run.at), *_summary(run, profile)]
    if logged.how is None:
        lines.append(f"Type: {run_label(run.run_type).lower()}, as you gave it.")
    else:
        lines.append(
            f"Type: {run_label(run.run_type).lower()}, {logged.how}. "
            + CHANGE_TYPE.format(id=run.id)
        )
    # A note may quote the file's own text (the sports it skipped).
    lines += [f"Note: {inline_text(note)}." for note in logged.read_notes]
    if logged.load:
        lines.append(logged.load)
    if logged.spike:
        lines.append(logged.spike)
    if logged.too_hard_warning:
        lines.append(logged.too_hard_warning)
    if logged.hard_fine_from is not None:
        lines.append(hard_run_note(logged.hard_fine_from, rules))
    if run.notes:
        lines.append(f"Notes: {inline_text(run.notes)}")
    return EmbedField(name=f"R{run.id} · {inline_text(file_name)[:200]}", value="\n".join(lines))


def _not_logged(problems: Sequence[str]) -> list[EmbedField]:
    """Why each file or run was not logged, one line each, over as many fields as a field's
    1,024 characters need: one field cut short would lose the last files' reasons."""
    chunks: list[list[str]] = []
    room = 0
    for line in problems:
        if len(line) + 1 > room:
            chunks.append([])
            room = FIELD_VALUE_MAX + 1
        chunks[-1].append(line)
        room -= len(line) + 1
    names = ["Not logged", *[ZERO_WIDTH_SPACE] * len(chunks)]
    return [EmbedField(name=n, value="\n".join(c)) for n, c in zip(names, chunks, strict=False)]


def nothing_logged_text(problems: Sequence[str]) -> str:
    """Why no file gave a run, one line each, in a message's 2,000 characters: whole lines,
    then how many more were not shown, rather than the last line cut mid-reason."""
    return fit_lines(problems, CONTENT_MAX, _more_not_shown)


def _more_not_shown(count: int) -> str:
    return f"…and {count} more not logged, not shown here: send fewer files at a time."


def run_files_reply(
    outcomes: Sequence[FileOutcome],
    profile: Profile,
    *,
    rules: AdviceRules,
    public: bool,
    who: int | None = None,
) -> Reply:
    """The files and runs that were not logged, then every run logged, one field each.

    Not logged comes first: a reply too long for Discord's embed loses its last fields
    (`Reply.clamped`), and a run logged is still in the footer's ids and in /history, while
    why a file was refused is said nowhere else."""
    logged = [(o.name, run) for o in outcomes for run in o.logged]
    problems = [line for o in outcomes for line in o.problems]
    if len(logged) == 1:
        title = f"Run logged from your watch: {run_label(logged[0][1].run.run_type)}"
    else:
        title = f"{len(logged)} runs logged from your watch"
    files = plural(len(outcomes), "file")
    lines = [
        f"{mention(who)} logged {plural(len(logged), 'run')} from {files}."
        if public and who is not None
        else f"{plural(len(logged), 'run')} read from {files} and logged.",
        "Only the summary below is kept; the file itself is not stored.",
    ]
    fields = _not_logged(problems)
    fields += [_run_field(run, name, profile, rules) for name, run in logged]
    ids = ", ".join(f"R{run.run.id}" for _, run in logged)
    return Reply(
        title=title,
        description="\n".join(lines),
        colour=Colour.INFO,
        fields=tuple(fields),
        footer=f"{'Entry' if len(logged) == 1 else 'Entries'} {ids}",
        ephemeral=not public,
    )
