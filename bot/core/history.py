"""A member's logbook over a span of days: short entry ids, the span itself, and what the chart
shows. Pure: the caller passes the entries, the member's zone and units, and `now`.

Short ids are what members see and type: "L12" for leg day 12, "R34" for run 34. They are the
table's own row ids; the store scopes every lookup to the member, so a guessed id of someone
else's entry finds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.core.models import FrozenModel, Intensity, LegDay, Run, Units, intensity_of
from bot.core.units import format_distance, format_run_time, from_km
from bot.core.when import at_local, local_date
from bot.core.wording import local_label, plural

__all__ = [
    "DAYS_DEFAULT",
    "DAYS_MAX",
    "Entry",
    "EntryKind",
    "EntryRef",
    "HistoryChart",
    "LegMark",
    "Span",
    "entry_label",
    "history_chart",
    "history_span",
    "kind_of",
    "merged_newest_first",
    "parse_entry_ref",
    "short_id",
]

DAYS_DEFAULT = 14
DAYS_MAX = 90

Entry = LegDay | Run


# A row id is a positive SQLite integer; 18 digits keeps it far below 2**63 so that no typed
# value can overflow the query parameter. ASCII: \d would otherwise take other scripts' digits.
_SHORT_ID = re.compile(r"\s*([LRlr])\s*(\d{1,18})(?:\s*·.*)?\s*", re.DOTALL | re.ASCII)


class EntryKind(StrEnum):
    LEG_DAY = "L"
    RUN = "R"


class EntryRef(FrozenModel):
    kind: EntryKind
    id: int

    def __str__(self) -> str:
        return f"{self.kind.value}{self.id}"


def kind_of(entry: Entry) -> EntryKind:
    return EntryKind.LEG_DAY if isinstance(entry, LegDay) else EntryKind.RUN


def short_id(entry: Entry) -> str:
    """ "L12" or "R34"; "L?" for an entry not stored yet."""
    return f"{kind_of(entry).value}{entry.id if entry.id is not None else '?'}"


def parse_entry_ref(text: str | None) -> EntryRef | None:
    """The entry a member picked or typed ("R34", "r 34", or a whole autocomplete label
    "R34 · Tue 24 Nov ..."), or None when it is not shaped like one."""
    match = _SHORT_ID.fullmatch(text or "")
    if match is None:
        return None
    number = int(match[2])
    if number < 1:
        return None
    return EntryRef(kind=EntryKind(match[1].upper()), id=number)


def merged_newest_first(leg_days: Iterable[LegDay], runs: Iterable[Run]) -> list[Entry]:
    """Leg days and runs in one list, newest `at` first; a leg day before a run in the same
    second (the order they would usually be done in, reversed)."""
    entries: list[Entry] = [*leg_days, *runs]
    entries.sort(key=lambda e: (e.at, isinstance(e, Run), e.id or 0), reverse=True)
    return entries


def entry_label(entry: Entry, tz: ZoneInfo, units: Units, now: datetime | None = None) -> str:
    """One line naming an entry for a picker: "R34 · Tue 24 Nov 18:00 · tempo 8.0 km"."""
    when = local_label(entry.at, tz, now)
    if isinstance(entry, LegDay):
        what = f"leg day {'HARD' if entry.is_hard else 'LIGHT'}"
    else:
        what = entry.run_type.value
        if entry.distance_km is not None:
            what += f" {format_distance(entry.distance_km, units)}"
        elif entry.minutes is not None:
            what += f" {format_run_time(entry.minutes, entry.moving_seconds)}"
    return f"{short_id(entry)} · {when} · {what}"


class Span(FrozenModel):
    """The last `days` local days, today included: `start` (local midnight of the first day,
    as UTC) up to `now`."""

    days: int
    first_day: date
    start: datetime
    end: datetime


def history_span(days: int, now: datetime, tz: ZoneInfo) -> Span:
    if not 1 <= days <= DAYS_MAX:
        raise ValueError(f"days must be 1-{DAYS_MAX}, got {days}")
    first_day = local_date(now, tz) - timedelta(days=days - 1)
    return Span(days=days, first_day=first_day, start=at_local(first_day, time(0), tz), end=now)


class LegMark(FrozenModel):
    """A leg day on the chart: its position in days from the first day's local midnight."""

    x: float
    hard: bool


class HistoryChart(FrozenModel):
    """Everything the chart draws, already in the member's units and local days.

    `distance[i]` is the distance of day i's runs in `units`, split by intensity (low,
    moderate, high); `minutes_only[i]` the minutes of day i's runs that have no distance, which
    go on their own axis rather than pretending to be a distance.
    """

    first_day: date
    days: int
    timezone: str
    units: Units
    window_hours: float
    distance: tuple[tuple[float, float, float], ...]
    minutes_only: tuple[float, ...]
    leg_days: tuple[LegMark, ...]
    # Merged, clipped (start, end) spans in days from the first day's midnight.
    windows: tuple[tuple[float, float], ...]
    title: str

    @property
    def day_dates(self) -> tuple[date, ...]:
        return tuple(self.first_day + timedelta(days=i) for i in range(self.days))


_INTENSITY_SLOT = {Intensity.LOW: 0, Intensity.MODERATE: 1, Intensity.HIGH: 2}


def _position(at: datetime, first_day: date, tz: ZoneInfo) -> float:
    """Days from the first day's local midnight, by the wall clock: 23:30 on a 23-hour DST day
    still sits inside that day's slot."""
    wall = at.astimezone(tz).replace(tzinfo=None)
    return (wall - datetime.combine(first_day, time(0))) / timedelta(days=1)


def _merge(spans: Sequence[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    merged: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def hard_leg_day_windows(
    leg_days: Iterable[LegDay], first_day: date, days: int, tz: ZoneInfo, window: timedelta
) -> tuple[tuple[float, float], ...]:
    """The spans after hard leg days that a chart of `days` days from `first_day` shades: in
    days from its first local midnight, clipped to the chart, overlapping ones merged."""
    spans: list[tuple[float, float]] = []
    for leg_day in leg_days:
        if not leg_day.is_hard:
            continue
        start = _position(leg_day.at, first_day, tz)
        end = _position(leg_day.at.astimezone(UTC) + window, first_day, tz)
        if end > 0 and start < days:
            spans.append((max(start, 0.0), min(end, float(days))))
    return _merge(spans)


def history_chart(
    span: Span,
    leg_days: Iterable[LegDay],
    runs: Iterable[Run],
    *,
    tz: ZoneInfo,
    units: Units,
    window: timedelta,
) -> HistoryChart:
    """The chart's data for `span`. `leg_days` may reach back before the span (a hard leg day
    the evening before still shades the span's first day); only those inside it are marked."""
    days = span.days
    distance = [[0.0, 0.0, 0.0] for _ in range(days)]
    minutes_only = [0.0] * days
    run_count = 0
    total_km = 0.0
    for run in runs:
        if not span.start <= run.at <= span.end:
            continue
        index = (local_date(run.at, tz) - span.first_day).days
        if not 0 <= index < days:
            continue
        run_count += 1
        if run.distance_km is not None:
            total_km += run.distance_km
            distance[index][_INTENSITY_SLOT[intensity_of(run.run_type)]] += from_km(
                run.distance_km, units
            )
        elif run.minutes is not None:
            minutes_only[index] += run.minutes

    marks: list[LegMark] = []
    hard_count = 0
    for leg_day in leg_days:
        if span.start <= leg_day.at <= span.end:
            marks.append(LegMark(x=_position(leg_day.at, span.first_day, tz), hard=leg_day.is_hard))
            hard_count += leg_day.is_hard
    marks.sort(key=lambda m: m.x)

    stats = [plural(run_count, "run")]
    if total_km:
        stats[0] += f" ({format_distance(total_km, units)})"
    stats.append(f"{plural(len(marks), 'leg day')} ({hard_count} hard)")
    heading = "Today" if days == 1 else f"Your last {days} days"
    title = f"{heading}: " + ", ".join(stats)
    return HistoryChart(
        first_day=span.first_day,
        days=days,
        timezone=tz.key,
        units=units,
        window_hours=window / timedelta(hours=1),
        distance=tuple((low, mid, high) for low, mid, high in distance),
        minutes_only=tuple(minutes_only),
        leg_days=tuple(marks),
        windows=hard_leg_day_windows(leg_days, span.first_day, days, tz, window),
        title=title,
    )
