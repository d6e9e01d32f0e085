"""Wall-clock times and local days ("18:30", "7pm", "noon"), and wall times as instants."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.errors import InputError
from bot.core.when.common import (
    CLOCK_MAX,
    COULD_NOT_UNDERSTAND,
    EMPTY,
    FUTURE_SLACK,
    PAST_SLACK,
    TOO_LONG,
    Direction,
    NotUnderstood,
    echo,
    normalized,
    not_understood,
    require_aware,
)

__all__ = [
    "at_local",
    "local_date",
    "occurrences",
    "parse_hhmm",
    "pick",
    "read_clock",
    "skipped_day",
    "skipped_wall",
]

_CLOCK = re.compile(
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?)?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?",
    re.ASCII,
)


def _localize(naive: datetime, tz: ZoneInfo) -> datetime:
    """A local wall time as an instant, in UTC.

    fold=0 reads a wall time with the offset in force before a transition: in a spring-forward gap
    that lands the instant one gap later (01:30 in London on the change day becomes 02:30 BST), and
    in a fall-back overlap it picks the first of the two occurrences.
    """
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC)


def local_date(at: datetime, tz: ZoneInfo) -> date:
    """The member's calendar day at instant `at`."""
    return require_aware(at).astimezone(tz).date()


def at_local(d: date, t: time, tz: ZoneInfo) -> datetime:
    """Wall time `t` on local day `d` in `tz`, as aware UTC.

    A time in a spring-forward gap moves forward by the gap; one in a fall-back overlap is the
    first occurrence.
    """
    return _localize(datetime.combine(d, t.replace(tzinfo=None, fold=0)), tz)


def skipped_day(at: datetime, wall: time, tz: ZoneInfo) -> date:
    """The local day that wall time `wall`, skipped by a spring-forward gap, was asked on,
    `at` being where `at_local` moved it: `at`'s own day, or the day before when the gap ends
    a day and carries it past midnight (America/Nuuk jumps from 23:00 on a Saturday to 00:00
    on the Sunday: Saturday's 23:30 lands on Sunday 00:30). Compared to the minute: a plan is
    judged at the whole minute of a wall time that may hold seconds (now's)."""
    day = local_date(at, tz)
    before = day - timedelta(days=1)
    moved = at_local(before, wall, tz)
    same = moved.replace(second=0, microsecond=0) == at.replace(second=0, microsecond=0)
    return before if same else day


def skipped_wall(at: datetime, wall: time, tz: ZoneInfo) -> time | None:
    """`wall` when `at` is where `at_local` moved it on a day a spring-forward gap skipped it
    (a check-in's or the daily post's first time, for the reply to say so); None when `at`
    shows `wall`, or is no occurrence of it at all (a retry, a post due now)."""
    if at.astimezone(tz).time() == wall:
        return None
    return wall if at_local(skipped_day(at, wall, tz), wall, tz) == at else None


def occurrences(d: date, t: time, tz: ZoneInfo) -> list[datetime]:
    """Every instant at which local day `d` reads wall time `t`: two in a fall-back overlap.

    In a spring-forward gap there is none; the one returned is moved forward by the gap.
    """
    naive = datetime.combine(d, t.replace(tzinfo=None, fold=0))
    first = _localize(naive, tz)
    second = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    if second != first and second.astimezone(tz).replace(tzinfo=None, fold=0) == naive:
        return [first, second]
    return [first]


def pick(candidates: Iterable[datetime], now: datetime, direction: Direction) -> datetime:
    """The candidate a log or plan means: the latest one a log accepts (at or before now, a minute
    of slack) or the earliest one a plan accepts (not over, five minutes of slack); when none is
    acceptable, the one nearest to now, which the caller's guard then refuses with its own words.
    """
    options = list(candidates)
    if direction is Direction.PAST:
        fitting = [at for at in options if at <= now + PAST_SLACK]
        if fitting:
            return max(fitting)
    else:
        fitting = [at for at in options if at >= now - FUTURE_SLACK]
        if fitting:
            return min(fitting)
    return min(options, key=lambda at: abs(at - now))


def read_clock(text: str, quoted: str) -> time:
    match = _CLOCK.fullmatch(text)
    if match is None:
        if text in ("noon", "midday"):
            return time(12, 0)
        if text == "midnight":
            return time(0, 0)
        raise not_understood(quoted)
    hour = int(match["h"])
    minute = int(match["m"] or 0)
    second = int(match["s"] or 0)
    ampm = match["ampm"]
    if match["m"] is None and ampm is None:
        # A lone number is as likely a distance or a duration as an hour; refuse to guess.
        raise not_understood(quoted)
    if ampm is not None:
        if not 1 <= hour <= 12:
            raise NotUnderstood(f"'{quoted}' is not a valid time of day")
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise NotUnderstood(f"'{quoted}' is not a valid time of day")
    return time(hour, minute, second)


def parse_hhmm(text: str, option: str = "time") -> time:
    """A wall-clock time such as "06:30", "6:30" or "18:00" (also "6:30am", "7pm")."""
    normal = normalized(text)
    try:
        if not normal:
            # Said as an empty `when` is: "could not understand ''" hid that nothing was typed.
            raise NotUnderstood(EMPTY)
        if len(normal) > CLOCK_MAX:
            raise NotUnderstood(TOO_LONG)
        return read_clock(normal, echo(text or "", CLOCK_MAX))
    except NotUnderstood as exc:
        reason = exc.reason
        if reason.startswith(COULD_NOT_UNDERSTAND):
            reason = f"{COULD_NOT_UNDERSTAND} '{echo(text or '', CLOCK_MAX)}'"
        # Every refusal says what is allowed, not only the unreadable ones.
        raise InputError(option, f"{reason}. Use HH:MM, e.g. 06:30 or 18:00.") from None
