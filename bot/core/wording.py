"""English words and dates as the bot writes them, independent of the host's locale.

Weekday and month names come from tables rather than strftime, so a server with another
LC_TIME never changes a reply, a label or a chart axis.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def plural(count: int, word: str) -> str:
    """ "1 run", "3 runs"."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def day_label(day: date) -> str:
    """ "Tue 24 Nov"."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def local_label(at: datetime, tz: ZoneInfo, now: datetime | None = None) -> str:
    """ "Tue 24 Nov 18:00" in `tz`; the year is added when it is not `now`'s.

    Plain text, for places where a Discord timestamp does not render (autocomplete labels,
    the console, chart axes).
    """
    local = at.astimezone(tz)
    year = ""
    if now is not None and local.year != now.astimezone(tz).year:
        year = f" {local.year}"
    return f"{day_label(local.date())}{year} {local:%H:%M}"
