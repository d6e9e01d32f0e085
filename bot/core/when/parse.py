"""`parse_when`: the words, dates and amounts a member types for a time, read as an instant."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone
from types import MappingProxyType
from zoneinfo import ZoneInfo

from bot.core.errors import InputError
from bot.core.when.amounts import AGO, IN, amount
from bot.core.when.clock import local_date, occurrences, pick, read_clock, skipped_day
from bot.core.when.common import (
    EMPTY,
    EMPTY_WHEN,
    FUTURE_SLACK,
    HINT,
    LEFT_OUT_IS_NOW,
    MAX_DISTANCE,
    PAST_SLACK,
    TOO_LONG,
    WHEN_MAX,
    Direction,
    NotUnderstood,
    TooFar,
    WhenRead,
    echo,
    normalized,
    require_aware,
)

__all__ = [
    "PARTS_OF_DAY",
    "day_checked",
    "log_time",
    "parse_checked",
    "parse_when",
    "read_day",
    "read_when",
    "require_future",
    "require_past",
]

# Real offsets run from -12:00 to +14:00.
_MAX_OFFSET = timedelta(hours=14)


# The wall times that "this morning", "tonight", "tomorrow evening" and the like stand for.
# Defined here once; the README's `when` paragraph states these times, so change both together.
PARTS_OF_DAY: Mapping[str, time] = MappingProxyType(
    {
        "morning": time(7, 0),
        "afternoon": time(13, 0),
        "evening": time(18, 0),
        "night": time(21, 0),
    }
)
# Whole phrases that are a day word and a part of the day in one.
_DAY_PART_ALIASES = {"tonight": "today night", "last night": "yesterday night"}

_DAY_OFFSETS = {"yesterday": -1, "today": 0, "tomorrow": 1, "this": 0}
_WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tues": 1,
    "tue": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thurs": 3,
    "thur": 3,
    "thu": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}

_WEEKDAY = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_DAY = rf"(?:yesterday|today|tomorrow|(?:(?:last|next)\s+)?(?:{_WEEKDAY}))"
_PART = "|".join(PARTS_OF_DAY)
_DAY_PART = re.compile(rf"(?P<day>{_DAY}|this)\s+(?P<part>{_PART})", re.ASCII)
_DAY_FIRST = re.compile(rf"(?P<day>{_DAY})(?:\s+(?:at\s+)?(?P<clock>.+))?", re.ASCII)
_DAY_LAST = re.compile(rf"(?:at\s+)?(?P<clock>.+?)\s+(?P<day>{_DAY})", re.ASCII)
_DAY_WORDS = re.compile(r"(?:(?P<which>last|next)\s+)?(?P<name>[a-z]+)", re.ASCII)
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})(?:(?:t|\s+(?:at\s+)?)(?P<clock>.+))?", re.ASCII
)
# An ISO 8601 time with its UTC offset: 24-hour clock only, seconds and fraction optional.
_OFFSET_CLOCK = re.compile(
    r"(?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<frac>\d{1,6}))?)?\s?"
    r"(?P<offset>z|(?P<sign>[+-])(?P<oh>\d{2})(?::?(?P<om>\d{2}))?)",
    re.ASCII,
)


def _days(word: str, today: date, direction: Direction) -> list[date]:
    """The local days a day word may stand for; `_pick` chooses among their times."""
    word = " ".join(word.split())
    if word in _DAY_OFFSETS:
        return [today + timedelta(days=_DAY_OFFSETS[word])]
    match = _DAY_WORDS.fullmatch(word)
    if match is None or match["name"] not in _WEEKDAYS:
        raise AssertionError(f"not a day word: {word!r}")  # the regexes let only these through
    weekday = _WEEKDAYS[match["name"]]
    if match["which"] == "last":
        back = (today.weekday() - weekday) % 7 or 7
        return [today - timedelta(days=back)]
    if match["which"] == "next":
        ahead = (weekday - today.weekday()) % 7 or 7
        return [today + timedelta(days=ahead)]
    # A bare weekday: the nearest one on the direction's side of today (today included) and the
    # one a week further, for when today's time is on the wrong side of now.
    if direction is Direction.PAST:
        back = (today.weekday() - weekday) % 7
        return [today - timedelta(days=back + 7 * weeks) for weeks in (0, 1)]
    ahead = (weekday - today.weekday()) % 7
    return [today + timedelta(days=ahead + 7 * weeks) for weeks in (0, 1)]


def _on_days(
    days: Iterable[date], wall: time | None, now: datetime, tz: ZoneInfo, direction: Direction
) -> WhenRead:
    """Wall time `wall` (now's wall time if None) on one of `days`, as the direction picks it;
    with the wall time a clock change skipped on the day picked, if it did."""
    local_now = now.astimezone(tz)
    asked = local_now.time() if wall is None else wall
    candidates: list[datetime] = []
    for day in days:
        if wall is None and day == local_now.date():
            candidates.append(now)
        else:
            candidates += occurrences(day, asked, tz)
    at = pick(candidates, now, direction)
    shown = at.astimezone(tz).time().replace(tzinfo=None)
    return WhenRead(at, None if shown == asked.replace(tzinfo=None) else asked)


def _with_offset(day: date, match: re.Match[str], quoted: str) -> datetime:
    """An ISO 8601 date and time with its own UTC offset, as an instant."""
    hour, minute, second = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise NotUnderstood(f"'{quoted}' is not a valid time of day")
    micro = int((match["frac"] or "0").ljust(6, "0"))
    offset = timedelta()
    if match["offset"] != "z":
        offset = timedelta(hours=int(match["oh"]), minutes=int(match["om"] or 0))
        if int(match["om"] or 0) > 59 or offset > _MAX_OFFSET:
            raise NotUnderstood(f"'{quoted}' does not have a valid UTC offset")
        if match["sign"] == "-":
            offset = -offset
    wall = datetime.combine(day, time(hour, minute, second, micro))
    return wall.replace(tzinfo=timezone(offset)).astimezone(UTC)


def _parse(text: str | None, now: datetime, tz: ZoneInfo, direction: Direction) -> WhenRead:
    """The instant `text` names, or NotUnderstood; no range check."""
    normal = normalized(text)
    if len(normal) > WHEN_MAX:
        raise NotUnderstood(f"{TOO_LONG}. {HINT}")
    # Errors quote everything the member typed, not the piece that went wrong.
    quoted = echo(text or "")
    if text is not None and not normal:
        raise NotUnderstood(f"{EMPTY_WHEN} {HINT}")
    if normal in ("", "now"):
        return WhenRead(now)
    if match := AGO.fullmatch(normal):
        return WhenRead(now - amount(match["amount"], quoted))
    if match := IN.fullmatch(normal):
        return WhenRead(now + amount(match["amount"], quoted))

    local_now = now.astimezone(tz)
    today = local_now.date()
    normal = _DAY_PART_ALIASES.get(normal, normal)
    if match := _DAY_PART.fullmatch(normal):
        days = _days(match["day"], today, direction)
        return _on_days(days, PARTS_OF_DAY[match["part"]], now, tz, direction)

    match = _DAY_FIRST.fullmatch(normal) or _DAY_LAST.fullmatch(normal)
    if match:
        clock = match["clock"]
        wall = None if clock is None else read_clock(clock, quoted)
        return _on_days(_days(match["day"], today, direction), wall, now, tz, direction)

    if match := _ISO.fullmatch(normal):
        try:
            day = date(int(match["y"]), int(match["mo"]), int(match["d"]))
        except ValueError:
            raise NotUnderstood(f"'{quoted}' is not a real date") from None
        # Checked on the calendar day first: localising year 0001 or 9999 can overflow.
        if abs(day - today) > MAX_DISTANCE + timedelta(days=1):
            raise TooFar(_too_far(day < today))
        clock = match["clock"]
        if clock is not None and (offset := _OFFSET_CLOCK.fullmatch(clock)):
            return WhenRead(_with_offset(day, offset, quoted))
        wall = time(12, 0) if clock is None else read_clock(clock, quoted)
        return _on_days([day], wall, now, tz, direction)

    # A bare clock time: its nearest occurrence on the side of now the direction allows.
    wall = read_clock(normal.removeprefix("at "), quoted)
    step = timedelta(days=-1 if direction is Direction.PAST else 1)
    return _on_days([today, today + step], wall, now, tz, direction)


def _too_far(past: bool) -> str:
    days = MAX_DISTANCE.days
    return f"that is more than {days} days ago" if past else f"that is more than {days} days ahead"


def parse_checked(text: str | None, now: datetime, tz: ZoneInfo, direction: Direction) -> WhenRead:
    read = _parse(text, now, tz, direction)
    if abs(read.at - now) > MAX_DISTANCE:
        raise TooFar(_too_far(read.at < now))
    return read


def day_checked(text: str | None, now: datetime, tz: ZoneInfo) -> date:
    """The member's day that `text` names as a day ahead (a race's), or NotUnderstood: the
    local day of the instant a plan's `parse_checked` reads, counted on the member's calendar.
    An amount ("in 2 weeks") moves by days on their clock, not by elapsed hours, which a clock
    change in between carries over midnight (336 hours from Saturday 20 March 2027, 23:30 in
    London, end at 00:30 BST on Sunday 4 April); a wall time a clock change skipped is on the
    day it was typed for (`skipped_day`)."""
    read = parse_checked(text, now, tz, Direction.FUTURE)
    normal = normalized(text)
    for pattern, sign in ((AGO, -1), (IN, 1)):
        if match := pattern.fullmatch(normal):
            wall = now.astimezone(tz).replace(tzinfo=None)
            return (wall + sign * amount(match["amount"], echo(text or ""))).date()
    if read.skipped is not None:
        return skipped_day(read.at, read.skipped, tz)
    return local_date(read.at, tz)


def _refused(exc: NotUnderstood, option: str, hint: str, instead: str) -> InputError:
    """A reading's refusal in the option's words: its own examples and what to do instead."""
    reason = exc.reason.replace(EMPTY_WHEN, f"{EMPTY}: {instead}")
    return InputError(option, reason.replace(HINT, hint))


def read_day(
    text: str | None,
    *,
    now: datetime,
    tz: ZoneInfo,
    option: str,
    hint: str,
    instead: str,
) -> date:
    """The member's day that `text` names (`day_checked`), read in their zone `tz`, for an
    option that takes a day: raises InputError(option, ...) as `read_when` does."""
    now = require_aware(now)
    try:
        return day_checked(text, now, tz)
    except NotUnderstood as exc:
        raise _refused(exc, option, hint, instead) from None


def read_when(
    text: str | None,
    *,
    now: datetime,
    tz: ZoneInfo,
    option: str = "when",
    direction: Direction = Direction.PAST,
    hint: str = HINT,
    instead: str = LEFT_OUT_IS_NOW,
) -> WhenRead:
    """The aware UTC instant `text` names, read in the member's zone `tz`, and the wall time it
    named if a clock change skipped it (moved forward by the gap: the reply must say so).

    `direction` is PAST for a log and FUTURE for a plan: it decides what a bare clock time, a bare
    weekday and a wall time in the fall-back hour stand for. See the module docstring for the
    accepted forms; a bare date means 12:00 local. Raises InputError(option, ...) quoting the whole
    text for text that is not understood or empty, an impossible clock time, date or offset, or
    an instant more than 366 days from `now` (which must be aware). `hint` replaces the usual
    examples where the option wants something else (a race's day); `instead`, what an empty one
    is told to do, where leaving the option out does not mean now.
    """
    now = require_aware(now)
    try:
        return parse_checked(text, now, tz, direction)
    except NotUnderstood as exc:
        raise _refused(exc, option, hint, instead) from None


def parse_when(
    text: str | None,
    *,
    now: datetime,
    tz: ZoneInfo,
    option: str = "when",
    direction: Direction = Direction.PAST,
    hint: str = HINT,
    instead: str = LEFT_OUT_IS_NOW,
) -> datetime:
    """`read_when`'s instant alone, where a skipped wall time needs no word."""
    return read_when(
        text, now=now, tz=tz, option=option, direction=direction, hint=hint, instead=instead
    ).at


def on_its_side(at: datetime, now: datetime, direction: Direction) -> bool:
    """Whether `at` may be a log's time (PAST: not after now, a minute of slack for clock
    drift) or a plan's (FUTURE: not before now, five minutes of slack so "now" still works)."""
    match direction:
        case Direction.PAST:
            return at <= now + PAST_SLACK
        case Direction.FUTURE:
            return at >= now - FUTURE_SLACK


# Where a refused time lies, and why a log's or a plan's may not lie there.
_WRONG_SIDE = {
    Direction.PAST: ("in the future", "a log is for something you already did"),
    Direction.FUTURE: ("in the past", "a plan is for now or later"),
}


def wrong_side(at: datetime, now: datetime, direction: Direction) -> str | None:
    """ "in the future" for a log's time (PAST) not yet come, "in the past" for a plan's
    (FUTURE) already over; None when `at` is taken."""
    return None if on_its_side(at, now, direction) else _WRONG_SIDE[direction][0]


def _require(at: datetime, now: datetime, direction: Direction, option: str) -> None:
    if not on_its_side(at, now, direction):
        where, why = _WRONG_SIDE[direction]
        raise InputError(option, f"that is {where}; {why}")


def require_past(at: datetime, now: datetime, *, option: str = "when") -> None:
    """Refuse a log time that has not happened yet."""
    _require(at, now, Direction.PAST, option)


def log_time(at: datetime, now: datetime, *, option: str = "when") -> datetime:
    """A log's time, refused when it has not happened yet; one within the slack, the member's
    clock ahead of the bot's, is now: what was logged has been done, so everything that reads
    the log up to now (/canirun for now, the daily post) counts it."""
    require_past(at, now, option=option)
    return min(at, now)


def require_future(at: datetime, now: datetime, *, option: str = "when") -> None:
    """Refuse a plan time that is already over."""
    _require(at, now, Direction.FUTURE, option)
