"""Autocomplete for a time option: how a typed text reads, and the common forms to offer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.when.clock import local_date
from bot.core.when.common import (
    CHOICE_LIMIT,
    COULD_NOT_UNDERSTAND,
    DAY_OVER,
    MAX_CHOICES,
    TOO_LONG,
    Direction,
    NotUnderstood,
    TooFar,
    normalized,
    require_aware,
)
from bot.core.when.parse import day_checked, on_its_side, parse_checked, wrong_side
from bot.core.wording import day_label, local_label

__all__ = ["day_suggestions", "describe_day", "describe_when", "when_suggestions"]

_SHORT_HINT = "not understood: try 2h ago, yesterday 18:00, in 3h"

# Offered by autocomplete before anything is typed, and filtered as the member types: "now",
# then the forms of the command's own direction, then the others. 25 in all, Discord's limit.
_COMMON_PAST = (
    "30m ago",
    "1h ago",
    "2h ago",
    "3h ago",
    "this morning",
    "today 07:00",
    "today 12:00",
    "yesterday 07:00",
    "yesterday 18:00",
    "yesterday evening",
    "last night",
    "2d ago",
    "3d ago",
    "last saturday",
)
_COMMON_FUTURE = (
    "in 1h",
    "in 3h",
    "today 18:00",
    "tonight",
    "tomorrow morning",
    "tomorrow 06:00",
    "tomorrow 07:00",
    "tomorrow 18:00",
    "in 2d",
    "next saturday",
)

# A day ahead (a race's): every one of them today or later, in the member's zone.
_COMMON_DAYS = (
    "today",
    "tomorrow",
    "next saturday",
    "next sunday",
    "in 2 weeks",
    "in 4 weeks",
    "in 8 weeks",
    "in 12 weeks",
    "in 16 weeks",
)
_DAY_HINT = "not understood: try 2026-12-12, next saturday, in 3 weeks"


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def describe_when(
    text: str, *, now: datetime, tz: ZoneInfo, direction: Direction = Direction.PAST
) -> str:
    """How `text` is understood, for an autocomplete label; never raises, at most 100 chars.

    e.g. "yesterday 18:00 → Mon 23 Nov 18:00 (Europe/London)". Read as `parse_when` reads it
    for the same `direction`.
    """

    def tail() -> str:
        aware = require_aware(now)
        return _reading(parse_checked(text, aware, tz, direction).at, aware, tz, direction)

    return _label(text, tail, _SHORT_HINT)


def _reading(at: datetime, now: datetime, tz: ZoneInfo, direction: Direction) -> str:
    """ " → Mon 23 Nov 18:00 (Europe/London)", and ", in the future: refused" after it when
    the command would refuse that moment."""
    reading = f" → {local_label(at, tz, now)} ({tz.key})"
    where = wrong_side(at, now, direction)
    return reading if where is None else f"{reading}, {where}: refused"


def _fitted(text: str, read: str) -> str:
    """`text` and how it reads, in a choice's 100 characters: the typed text is cut first."""
    shown = " ".join(text.split())
    return _fit(_fit(shown, max(1, CHOICE_LIMIT - len(read))) + read, CHOICE_LIMIT)


def _label(text: str, tail: Callable[[], str], hint: str) -> str:
    """`text` and how it reads (`tail()`, which raises NotUnderstood when it does not), fitted
    to a choice's 100 characters; otherwise why not, or `hint`."""
    try:
        read = tail()
    except TooFar as exc:
        # Understood, and refused: "in 400 days → more than 366 days ahead: refused".
        return _fitted(text, f" → {exc.reason.removeprefix('that is ')}: refused")
    except NotUnderstood as exc:
        if exc.reason.startswith((COULD_NOT_UNDERSTAND, TOO_LONG)):
            return hint
        return _fit(f"not understood: {exc.reason}", CHOICE_LIMIT)
    # A naive `now` or one at the very ends of the datetime range; a label must still come back.
    except (ValueError, OverflowError):
        return hint
    return _fitted(text, read)


def when_suggestions(
    text: str, *, now: datetime, tz: ZoneInfo, direction: Direction = Direction.PAST
) -> list[tuple[str, str]]:
    """Up to 25 autocomplete (name, value) pairs for a time option, each at most 100 chars.

    With nothing typed: the common forms, those of `direction` first. Otherwise the typed text
    itself first (so the member can see how it reads before sending it), then the common forms
    that contain it. Every label reads its form for `direction`.
    """
    typed = normalized(text)
    choices: list[tuple[str, str]] = []
    if typed:
        value = text.strip()[:CHOICE_LIMIT]
        choices.append((describe_when(value, now=now, tz=tz, direction=direction), value))
    forms: tuple[str, ...] = ("now", *_COMMON_PAST, *_COMMON_FUTURE)
    if direction is Direction.FUTURE:
        forms = ("now", *_COMMON_FUTURE, *_COMMON_PAST)
    for form in forms:
        if len(choices) >= MAX_CHOICES:
            break
        if typed and (typed not in form or typed == form):
            continue
        # Only what the command takes: "today 07:00" is no log's time at 06:00. Each form is
        # read once, for the check and its label both.
        at = parse_checked(form, now, tz, direction).at
        if not on_its_side(at, now, direction):
            continue
        choices.append((_fitted(form, _reading(at, now, tz, direction)), form))
    return choices


def describe_day(text: str, *, now: datetime, tz: ZoneInfo) -> str:
    """How `text` is understood as a day ahead (a race's), for an autocomplete label: e.g.
    "next saturday → Sat 12 Dec"; never raises, at most 100 chars."""

    def tail() -> str:
        aware = require_aware(now)
        day, today = day_checked(text, aware, tz), local_date(aware, tz)
        # Understood, and refused: the label says both, as /race set would.
        return f" → {day_label(day, today)}{f': {DAY_OVER}' if day < today else ''}"

    return _label(text, tail, _DAY_HINT)


def day_suggestions(text: str, *, now: datetime, tz: ZoneInfo) -> list[tuple[str, str]]:
    """Autocomplete (name, value) pairs for a day ahead: the typed text first, read as a day,
    then the common days that contain it."""
    typed = normalized(text)
    choices: list[tuple[str, str]] = []
    if typed:
        value = text.strip()[:CHOICE_LIMIT]
        choices.append((describe_day(value, now=now, tz=tz), value))
    for form in _COMMON_DAYS:
        if not typed or (typed in form and typed != form):
            choices.append((describe_day(form, now=now, tz=tz), form))
    return choices
