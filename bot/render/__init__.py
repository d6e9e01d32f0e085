"""Every text the bot shows, built from core results into `Reply` models.

No discord import: the Discord layer and the offline console show the same replies. Moments
are Discord timestamps, so each reader sees them in their own time zone and language.
One module per command family; the helpers below are shared by all of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.core.models import Run, Units
from bot.core.units import format_distance, format_pace, format_run_time
from bot.core.when import skipped_day, skipped_wall
from bot.core.wording import ZERO_WIDTH_SPACE, day_label, defused, typed_inline
from bot.render.reply import (
    DESCRIPTION_MAX,
    FIELD_VALUE_MAX,
    FIELDS_MAX,
    EmbedField,
    Reply,
)

# An "@" not yet defused: safe_text's output passes through error_reply unchanged.
_BARE_AT = re.compile("@(?!" + ZERO_WIDTH_SPACE + ")")


def ts(moment: datetime, style: str = "F") -> str:
    """A Discord timestamp: `<t:UNIX:F>` renders in each reader's own time zone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def clock_or_day(moment: datetime, today: date, zone: ZoneInfo) -> str:
    """A Discord timestamp of the time alone for a moment on `today` (in `zone`), else one
    that shows its day too: "18:00" on a Sunday must not stand for Monday 18:00."""
    return ts(moment, "t" if moment.astimezone(zone).date() == today else "F")


def skipped_time_line(skipped: time | None, at: datetime, zone: ZoneInfo) -> str | None:
    """The word a time needs when the clocks skipped the wall time typed (02:30 on a
    spring-forward night): it was moved forward by the gap, and the member must know."""
    if skipped is None:
        return None
    local = at.astimezone(zone)
    # The day that had no such time, which a gap ending a day (Nuuk's) makes the day before.
    day = skipped_day(at, skipped, zone)
    return (
        f"There was no {skipped:%H:%M} on {day_label(day)} in {zone.key}: the clocks"
        f" jumped forward, so it was moved to {local:%H:%M} ({ts(at, 'F')})."
    )


def moved_wall_line(at: datetime, wall: time, zone: ZoneInfo) -> str | None:
    """`skipped_time_line` for a time set by its wall clock (a check-in's, the daily post's)
    whose next one is `at`: said only when the clocks skip `wall` that day."""
    return skipped_time_line(skipped_wall(at, wall, zone), at, zone)


def when_line(moment: datetime) -> str:
    return f"{ts(moment, 'F')} ({ts(moment, 'R')})"


def safe_text(text: str) -> str:
    """Member-typed text, defused: no mention syntax survives even outside an embed."""
    return defused(text)


def inline_text(text: str) -> str:
    """Member-typed text inside a line of ours: no pings, no markdown of its own (no masked
    links, headings or bold), one line."""
    return typed_inline(text)


def mention(user_id: int) -> str:
    """Inside an embed a mention shows the name and never pings."""
    return f"<@{user_id}>"


def run_stats(run: Run, units: Units) -> list[str]:
    """Distance, time, pace and effort of a run, in the reader's units, as far as known."""
    stats = []
    if run.distance_km is not None:
        stats.append(format_distance(run.distance_km, units))
    if run.minutes is not None:
        stats.append(format_run_time(run.minutes, run.moving_seconds))
    if run.distance_km is not None and run.minutes is not None:
        stats.append(format_pace(run.distance_km, run.minutes, units))
    if run.rpe is not None:
        stats.append(f"RPE {run.rpe}/10")
    return stats


def fit_lines(lines: Sequence[str], limit: int, overflow: Callable[[int], str]) -> str:
    """As many whole lines as fit in `limit` characters, then `overflow(number left out)`."""
    return fit_lines_of(len(lines), lines.__getitem__, limit, overflow)


def fit_lines_of(
    count: int, line: Callable[[int], str], limit: int, overflow: Callable[[int], str]
) -> str:
    """`fit_lines` of `count` lines made by `line(index)` on demand: a list of thousands
    (the daily post's recovering members) renders only the few that can show."""
    lines: list[str] = []
    joined = -1  # the length of "\n".join(lines)
    for index in range(count):
        lines.append(line(index))
        joined += len(lines[-1]) + 1
        if joined > limit:
            break
    if max(joined, 0) <= limit:
        return "\n".join(lines)
    # Not all fit: the last line made already goes over, so the cut falls among those made.
    kept: list[str] = []
    used = 0
    for index, text in enumerate(lines):
        tail = overflow(count - index - 1)
        if used + len(text) + 1 + len(tail) > limit:
            break
        kept.append(text)
        used += len(text) + 1
    return "\n".join([*kept, overflow(count - len(kept))])


def spread_lines(
    lines: Sequence[str], budget: int, overflow: Callable[[int], str]
) -> tuple[str, tuple[EmbedField, ...]]:
    """Whole lines, in order, over an embed's description and then as many continuation
    fields as they need (a field holds less than a description, and costs its one-character
    name), within Discord's limits and `budget` characters in all; where they do not all fit,
    the last line is `overflow(number left out)`. A list too long for a description alone (a
    full week of sessions) is shown whole where one embed can hold it."""
    chunks, placed = _packed(lines, budget, reserve=0)
    if placed < len(lines):
        tail = overflow(len(lines))
        chunks, placed = _packed(lines, budget, reserve=len(tail) + 1)
        chunks[-1].append(overflow(len(lines) - placed))
    fields = tuple(EmbedField(name=ZERO_WIDTH_SPACE, value="\n".join(c)) for c in chunks[1:])
    return "\n".join(chunks[0]), fields


def _packed(lines: Sequence[str], budget: int, *, reserve: int) -> tuple[list[list[str]], int]:
    """`spread_lines`' layout, every part `reserve` characters short (room for the overflow
    line wherever the lines stop); how many lines it placed."""
    chunks: list[list[str]] = [[]]
    room = DESCRIPTION_MAX - reserve  # what the part being filled still holds
    left = budget - reserve
    placed = 0
    for line in lines:
        cost = len(line) + (1 if chunks[-1] else 0)
        if cost > room:
            if len(chunks) > FIELDS_MAX or len(line) + 1 > min(left, FIELD_VALUE_MAX - reserve):
                break
            chunks.append([])
            room = FIELD_VALUE_MAX - reserve
            left -= 1  # the field's name
            cost = len(line)
        if cost > left:
            break
        chunks[-1].append(line)
        room -= cost
        left -= cost
        placed += 1
    return chunks, placed


def error_reply(message: str) -> Reply:
    # Error messages quote what the member typed (a time, a zone, an id, a name): whichever
    # layer wrote one, no mention survives in it. Only "@" is defused, so a channel link stays.
    return Reply(content=_BARE_AT.sub("@" + ZERO_WIDTH_SPACE, message), ephemeral=True)
