"""What the parts of the `when` parser share: the direction, the limits, the error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import Enum

__all__ = [
    "CHOICE_LIMIT",
    "FUTURE_SLACK",
    "HINT",
    "MAX_CHOICES",
    "MAX_DISTANCE",
    "MAX_TEXT",
    "PAST_SLACK",
    "Direction",
    "NotUnderstood",
    "echo",
    "not_understood",
    "require_aware",
]


class Direction(Enum):
    """Which way an open-ended time word points: back for a log, ahead for a plan."""

    PAST = "past"
    FUTURE = "future"


MAX_DISTANCE = timedelta(days=366)
# Discord rejects autocomplete choices whose name or value is longer than this.
CHOICE_LIMIT = 100
MAX_CHOICES = 25
# A log may be a few seconds "in the future" when the member's device clock runs ahead.
PAST_SLACK = timedelta(minutes=1)
# "now" typed into /plan is already a little in the past by the time the command arrives.
FUTURE_SLACK = timedelta(minutes=5)
# Long enough for "2026-11-20 at 18:30:00"; anything longer is not a time, and capping it keeps
# the regexes cheap on whatever an autocomplete request throws at them.
MAX_TEXT = 64
_OVERFLOW_GUARD_DAYS = 10_000
# Real offsets run from -12:00 to +14:00.
_MAX_OFFSET = timedelta(hours=14)

HINT = "Try now, 2h ago, yesterday 18:00, tomorrow 06:00, in 3h or 2026-11-20 18:30."


class NotUnderstood(Exception):
    """Internal: why a text is not a time; public functions turn it into InputError or a label."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def echo(text: str) -> str:
    """The member's own text, safe to quote back: short, one line, no markdown code spans."""
    flat = " ".join(text.split()).replace("`", "'")
    return flat if len(flat) <= 30 else flat[:29] + "…"


def not_understood(quoted: str) -> NotUnderstood:
    return NotUnderstood(f"could not understand '{quoted}'. {HINT}")


def require_aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)
