"""English words and dates as the bot writes them, independent of the host's locale.

Weekday and month names come from tables rather than strftime, so a server with another
LC_TIME never changes a reply, a label or a chart axis.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.models import Intensity, RunType, intensity_of

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


ZERO_WIDTH_SPACE = "\u200b"
# Characters Discord reads as markdown; "[x](https://…)" would otherwise become a masked link.
_MARKDOWN = str.maketrans({c: f"\\{c}" for c in "\\*_~`|>#[]()"})
# Unicode's explicit direction controls (embeddings, overrides, isolates and their ends): one
# left open in member text would run on over the bot's words after it on the line.
_DIRECTION_CONTROLS = str.maketrans(
    dict.fromkeys("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def defused(text: str) -> str:
    """Member-typed text with no mention syntax left, even outside an embed."""
    # AllowedMentions.none() already stops pings; this keeps the text from even looking like one.
    return text.replace("@", "@" + ZERO_WIDTH_SPACE).replace("<", "<" + ZERO_WIDTH_SPACE)


def one_line(text: str, limit: int | None = None) -> str:
    """Member-typed text as one line of ours: no line breaks and no direction of its own (no
    right-to-left override reversing the rest of the line); with `limit`, cut (with "…") only
    beyond that many characters, the longest the option takes, so a member's words come back
    whole."""
    flat = " ".join(text.translate(_DIRECTION_CONTROLS).split())
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return flat


def typed_inline(text: str, limit: int | None = None) -> str:
    """Member-typed text inside a line of ours: `one_line`, with no pings and no markdown of
    its own (no masked links, headings or bold)."""
    return defused(one_line(text, limit).translate(_MARKDOWN))


# A moment this close to the asking is "now": a plan for now reads "now", not "a few seconds ago".
NOW_SLACK = timedelta(minutes=1)

# How a runner names each run: (as a name, e.g. in a title; inside a sentence). The one place
# replies take a run's name from; the option values (`tempo`, `hiit`) stay what members type.
RUN_NAMES: dict[RunType, tuple[str, str]] = {
    RunType.RECOVERY: ("Recovery run", "recovery run"),
    RunType.EASY: ("Easy run", "easy run"),
    RunType.STEADY: ("Steady run", "steady run"),
    RunType.LONG: ("Long run", "long run"),
    RunType.TEMPO: ("Tempo run", "tempo run"),
    RunType.INTERVALS: ("Intervals", "interval session"),
    RunType.HILLS: ("Hill repeats", "hill session"),
    RunType.SPRINTS: ("Sprints", "sprint session"),
    RunType.HIIT: ("HIIT", "HIIT session"),
    RunType.RACE: ("Race", "race"),
}

INTENSITY_WORDS: dict[Intensity, str] = {
    Intensity.LOW: "easy",
    Intensity.MODERATE: "moderate",
    Intensity.HIGH: "hard",
}


def plural(count: int, word: str) -> str:
    """ "1 run", "3 runs"."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


_NUMBER_WORDS = (
    *("zero", "one", "two", "three", "four", "five", "six"),
    *("seven", "eight", "nine", "ten", "eleven", "twelve"),
)


def number_word(count: int) -> str:
    """ "four" for a count from zero to twelve, as prose writes small numbers; "13" beyond."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)


def run_name(run_type: RunType) -> str:
    """ "Tempo run", "Intervals", "Race": the run as a name."""
    return RUN_NAMES[run_type][0]


def run_noun(run_type: RunType) -> str:
    """ "tempo run", "interval session", "race": the run inside a sentence ("this race")."""
    return RUN_NAMES[run_type][1]


def intensity_word(intensity: Intensity) -> str:
    """ "easy", "moderate", "hard"."""
    return INTENSITY_WORDS[intensity]


def run_label(run_type: RunType) -> str:
    """ "Tempo run (hard)", "Steady run (moderate)", "Easy run": the name with its intensity,
    unless the name already says it."""
    name = run_name(run_type)
    word = intensity_word(intensity_of(run_type))
    return name if word in name.lower() else f"{name} ({word})"


def plan_label(run_type: RunType, distance: str | None = None, minutes: int | None = None) -> str:
    """A planned run as a reply names it: "Easy run, 8 km, 45 min"."""
    length = None if minutes is None else f"{minutes} min"
    return ", ".join(part for part in (run_label(run_type), distance, length) if part)


def duration_words(minutes_total: int) -> str:
    """ "less than a minute", "1 minute", "2 hours", "1 hour 5 minutes"."""
    if minutes_total < 1:
        return "less than a minute"
    hours, minutes = divmod(minutes_total, 60)
    if hours == 0:
        return plural(minutes, "minute")
    if minutes == 0:
        return plural(hours, "hour")
    return f"{plural(hours, 'hour')} {plural(minutes, 'minute')}"


def is_now(at: datetime, now: datetime) -> bool:
    """Whether `at` is, to a member, the moment they asked."""
    return abs(at - now) < NOW_SLACK


def day_label(day: date, today: date | None = None) -> str:
    """ "Tue 24 Nov"; with `today` given, the year is added when it is not today's."""
    label = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return label if today is None or day.year == today.year else f"{label} {day.year}"


def days_label(first: date, last: date) -> str:
    """ "Mon 9 Mar – Sun 15 Mar": a span of days, such as a week, in every reply and chart."""
    return f"{day_label(first)} – {day_label(last)}"


def local_label(at: datetime, tz: ZoneInfo, now: datetime | None = None) -> str:
    """ "Tue 24 Nov 18:00" in `tz`; the year is added when it is not `now`'s, and the offset's
    name when the clocks show that time twice ("Sun 1 Nov 01:30 EST").

    Plain text, for places where a Discord timestamp does not render (autocomplete labels,
    the console, chart axes).
    """
    local = at.astimezone(tz)
    year = ""
    if now is not None and local.year != now.astimezone(tz).year:
        year = f" {local.year}"
    return f"{day_label(local.date())}{year} {local:%H:%M}{_which_of_two(local)}"


def _which_of_two(local: datetime) -> str:
    """ " EDT" or " EST" for a wall time the clocks show twice (the hour they go back), whose
    clock alone names two moments; "" for any other. A zone with no letters for its offset
    (Lord Howe's "+1030") gets it written out: " UTC+10:30"."""
    offset = local.utcoffset()
    if offset is None or local.replace(fold=1 - local.fold).utcoffset() == offset:
        return ""
    name = local.tzname() or ""
    if name.isalpha():
        return f" {name}"
    minutes = int(offset.total_seconds()) // 60
    hours, rest = divmod(abs(minutes), 60)
    return f" UTC{'-' if minutes < 0 else '+'}{hours}{f':{rest:02}' if rest else ''}"
