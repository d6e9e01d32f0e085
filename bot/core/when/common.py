"""What the parts of the `when` parser share: the direction, the limits, the error."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from enum import Enum
from typing import NamedTuple

from bot.core.wording import typed_inline

__all__ = [
    "CHOICE_LIMIT",
    "CLOCK_MAX",
    "COULD_NOT_UNDERSTAND",
    "EMPTY",
    "EMPTY_WHEN",
    "FUTURE_SLACK",
    "HINT",
    "LEFT_OUT_IS_NOW",
    "MAX_CHOICES",
    "MAX_DISTANCE",
    "PAST_SLACK",
    "TIMEZONE_MAX",
    "TOO_LONG",
    "WHEN_MAX",
    "Direction",
    "NotUnderstood",
    "TooFar",
    "WhenRead",
    "echo",
    "normalized",
    "not_understood",
    "require_aware",
]


class Direction(Enum):
    """Which way an open-ended time word points: back for a log, ahead for a plan."""

    PAST = "past"
    FUTURE = "future"


MAX_DISTANCE = timedelta(days=366)
# Discord rejects autocomplete choices whose name or value is longer than this, and answers
# with more than MAX_CHOICES of them.
CHOICE_LIMIT = 100
MAX_CHOICES = 25
# A log may be a few seconds "in the future" when the member's device clock runs ahead.
PAST_SLACK = timedelta(minutes=1)
# "now" typed into /plan is already a little in the past by the time the command arrives.
FUTURE_SLACK = timedelta(minutes=5)
# Why a day before today is no race day (/race set, /race edit and their autocomplete).
DAY_OVER = "that day is over; a race goes on your calendar ahead of time"
# The length limits of the options that take a time, a clock time and a time zone: the option
# declarations take them from here, the parsers refuse anything longer (which keeps the regexes
# cheap on whatever an autocomplete request throws at them), and an error quotes up to this
# much of what the member typed, so their words come back whole.
WHEN_MAX = 100
CLOCK_MAX = 16
TIMEZONE_MAX = 64

HINT = "Try now, 2h ago, yesterday 18:00, tomorrow 06:00, in 3h or 2026-11-20 18:30."


class WhenRead(NamedTuple):
    """A time as read: the instant, and the wall time typed if a clock change skipped it on that
    day (02:30 on a spring-forward night: the instant is one gap later, 03:30)."""

    at: datetime
    skipped: time | None = None


class NotUnderstood(Exception):
    """Internal: why a text is not a time; public functions turn it into InputError or a label."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TooFar(NotUnderstood):
    """Internal: a time understood, and more than MAX_DISTANCE from now, which every command
    refuses; an autocomplete label says so rather than "not understood"."""


def normalized(text: str | None) -> str:
    """What the member typed, as the readers of times compare it: lower case, single spaces."""
    return " ".join((text or "").lower().split())


def echo(text: str, limit: int = WHEN_MAX) -> str:
    """The member's own text, whole up to the option's `limit`, safe to quote back: one line,
    no markdown of its own, no pings."""
    return typed_inline(text, limit)


# An empty `when` is no moment: its refusal says what to do instead, which depends on what
# leaving the option out means (now for a log or a plan; the entry's own time for /edit). An
# empty clock time (parse_hhmm) is refused in the same words, then told what a time looks like.
EMPTY = "is empty, and empty is not a moment"
LEFT_OUT_IS_NOW = "leave it out for now, or type a time."
EMPTY_WHEN = f"{EMPTY}: {LEFT_OUT_IS_NOW}"


# How the refusals begin that say only that the text was not read as a time (nothing in it
# was, or it is too long to try): autocomplete shows its hint instead, and parse_hhmm quotes
# the text itself.
COULD_NOT_UNDERSTAND = "could not understand"
TOO_LONG = "that is too long for a time"


def not_understood(quoted: str) -> NotUnderstood:
    return NotUnderstood(f"{COULD_NOT_UNDERSTAND} '{quoted}'. {HINT}")


def require_aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)
