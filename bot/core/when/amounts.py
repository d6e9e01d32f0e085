"""Elapsed amounts: "2 hours and 30 minutes", "1h30m", "half an hour"."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.core.when.common import MAX_DISTANCE, NotUnderstood, not_understood

__all__ = ["AGO", "IN", "amount"]

_OVERFLOW_GUARD_DAYS = 10_000

# re.ASCII throughout: \d would otherwise accept other scripts' digits, which int() then reads.
# Longest spellings first, and every unit must end a word (or be followed by the digit of a
# compact "1h30m"), so "and" is never "an" + "d" and "min" never "m" + a stray "in".
_UNIT_STEPS = (
    ("w", timedelta(weeks=1)),
    ("d", timedelta(days=1)),
    ("h", timedelta(hours=1)),
    ("m", timedelta(minutes=1)),
)
_UNIT = r"(?:weeks?|wks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m)"
# After "a", "an" or "half an" only a spelled-out unit: "a m" is no more a minute than "am" is.
_WORD_UNIT = r"(?:weeks?|wks?|days?|hours?|hrs?|minutes?|mins?)"
_AMOUNT_PART = re.compile(
    rf"(?:(?P<number>\d{{1,6}}(?:\.\d{{1,3}})?)\s*(?P<unit>{_UNIT})"
    rf"|(?P<word>half\s+an?|an?)\s+(?P<word_unit>{_WORD_UNIT}))(?![a-z])",
    re.ASCII,
)
# Between parts: a comma, "and", ", and", a space, or nothing before the digit of "1h30m".
_AMOUNT_JOIN = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s+|(?=\d)", re.ASCII)
AGO = re.compile(r"(?P<amount>.+?)\s*ago", re.ASCII)
# "in3h" is fine; "inan hour" is not: without a space a digit must follow.
IN = re.compile(r"in(?:\s+|(?=\d))(?P<amount>.+)", re.ASCII)


def amount(amount: str, quoted: str) -> timedelta:
    """ "2 hours and 30 minutes", "1h30m", "half an hour": the whole text, or NotUnderstood."""
    total = timedelta()
    pos = 0
    while True:
        part = _AMOUNT_PART.match(amount, pos)
        if part is None:
            raise not_understood(quoted)
        if part["word"] is not None:
            value = 0.5 if part["word"].startswith("half") else 1.0
            unit = part["word_unit"]
        else:
            value = float(part["number"])
            unit = part["unit"]
        step = next(step for first, step in _UNIT_STEPS if unit.startswith(first))
        # Only an overflow guard (a six-digit day count breaks datetime arithmetic); the real
        # 366-day limit is checked on the result, where the direction is known.
        if value * (step / timedelta(days=1)) > _OVERFLOW_GUARD_DAYS:
            raise NotUnderstood(f"'{quoted}' is far more than {MAX_DISTANCE.days} days away")
        total += value * step
        pos = part.end()
        if pos == len(amount):
            return total
        join = _AMOUNT_JOIN.match(amount, pos)
        if join is None or join.end() == len(amount):
            raise not_understood(quoted)
        pos = join.end()
