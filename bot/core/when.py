"""What a member types for a time, read in their own IANA timezone.

Everything returned is aware UTC; the member's zone is only used to read wall-clock words such as
"yesterday 18:00". `now` is always a parameter so that the core never reads a clock.

Some words point at a different instant for a log (something done, /legday and /run) than for a
plan (something ahead, /canirun), so the caller says which it serves: `Direction.PAST` or
`Direction.FUTURE`.

Accepted forms (case-insensitive, spaces around and between words are free):

* ``""``, ``now``
* ``30m ago``, ``2h ago``, ``3d ago``, ``2 weeks ago``, ``90 min ago``, ``1 hour ago``,
  ``1h30m ago``, ``an hour ago``, ``half an hour ago``, ``2 hours and 30 minutes ago``,
  ``1h, 30m ago``
* ``in 45m``, ``in3h``, ``in 2d``, ``in 1 week``, ``in half an hour``, ``in 2 hours and 30 minutes``
* ``yesterday``, ``today``, ``tomorrow`` (same wall-clock time as now, on that local day)
* ``yesterday 18:00``, ``today 7:30``, ``today 7pm``, ``tomorrow at 06:00``, ``18:00 yesterday``
* weekday names, long or short: ``monday``, ``mon 7am``, ``saturday 08:00``, ``last monday``,
  ``next fri 18:00``. A bare weekday is the most recent such day for a log (today counts when
  that time is not in the future, else the previous week's) and the next one for a plan (today
  counts when that time is not yet over). ``last X`` is the most recent X before today and
  ``next X`` the first X after today, whichever the direction. Without a clock time the wall
  time is now's, as for ``yesterday``.
* parts of the day at the fixed local times in `PARTS_OF_DAY`: ``this morning``,
  ``this afternoon``, ``this evening``, ``tonight``, ``last night`` (yesterday's night),
  ``yesterday evening``, ``tomorrow morning``, ``monday morning``, ``next sat morning``
* ``18:30``, ``7pm``, ``at 18:00``, ``noon``: the nearest occurrence in the direction, today or
  yesterday for a log, today or tomorrow for a plan
* ``2026-11-20 18:30``, ``2026-11-20T18:30``, ``2026-11-20`` (a bare date means 12:00 local noon,
  the wall time least likely to land on the wrong calendar day for whoever reads it)
* ISO 8601 with an offset: ``2026-11-20T18:30:00Z``, ``2026-11-20T18:30+01:00``; the explicit
  offset wins over the member's zone

"Nearest occurrence in the direction" allows the same slack as `require_past` (a minute) and
`require_future` (five minutes): ``06:00`` typed at 06:02 for a plan is today's, not tomorrow's.

Relative amounts (``3d ago``, ``in 2d``) are elapsed time; day words (``yesterday 18:00``) move by
local calendar days, so they keep their wall-clock time across a DST change. A wall time that
happens twice (the fall-back hour) is, for a log, the latest occurrence at or before now and, for
a plan, the first one that is not over; a wall time that does not happen (a spring-forward gap)
moves forward by the gap.

Numbers are strict: every number and unit is a whole word (``1h30m`` aside, where a digit starts
the next part), parts may be joined by spaces, ``,`` or ``and``, and anything left over is
refused rather than ignored.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone
from enum import Enum
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.core.errors import InputError
from bot.core.wording import local_label

__all__ = [
    "PARTS_OF_DAY",
    "Direction",
    "at_local",
    "describe_when",
    "local_date",
    "parse_hhmm",
    "parse_when",
    "require_future",
    "require_past",
    "timezone_suggestions",
    "valid_timezone",
    "when_suggestions",
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
_MAX_TEXT = 64
_OVERFLOW_GUARD_DAYS = 10_000
# Real offsets run from -12:00 to +14:00.
_MAX_OFFSET = timedelta(hours=14)

_HINT = "Try now, 2h ago, yesterday 18:00, tomorrow 06:00, in 3h or 2026-11-20 18:30."
_SHORT_HINT = "not understood: try 2h ago, yesterday 18:00, in 3h"

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
_AGO = re.compile(r"(?P<amount>.+?)\s*ago", re.ASCII)
# "in3h" is fine; "inan hour" is not: without a space a digit must follow.
_IN = re.compile(r"in(?:\s+|(?=\d))(?P<amount>.+)", re.ASCII)

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
_CLOCK = re.compile(
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?)?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?",
    re.ASCII,
)

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

_COMMON_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Amsterdam",
    "Europe/Stockholm",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Australia/Perth",
    "Pacific/Auckland",
    "Africa/Johannesburg",
)


class _NotUnderstood(Exception):
    """Internal: why a text is not a time; public functions turn it into InputError or a label."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _echo(text: str) -> str:
    """The member's own text, safe to quote back: short, one line, no markdown code spans."""
    flat = " ".join(text.split()).replace("`", "'")
    return flat if len(flat) <= 30 else flat[:29] + "…"


def _not_understood(quoted: str) -> _NotUnderstood:
    return _NotUnderstood(f"could not understand '{quoted}'. {_HINT}")


def _require_aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)


def _localize(naive: datetime, tz: ZoneInfo) -> datetime:
    """A local wall time as an instant, in UTC.

    fold=0 reads a wall time with the offset in force before a transition: in a spring-forward gap
    that lands the instant one gap later (01:30 in London on the change day becomes 02:30 BST), and
    in a fall-back overlap it picks the first of the two occurrences.
    """
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC)


def local_date(at: datetime, tz: ZoneInfo) -> date:
    """The member's calendar day at instant `at`."""
    return _require_aware(at).astimezone(tz).date()


def at_local(d: date, t: time, tz: ZoneInfo) -> datetime:
    """Wall time `t` on local day `d` in `tz`, as aware UTC.

    A time in a spring-forward gap moves forward by the gap; one in a fall-back overlap is the
    first occurrence.
    """
    return _localize(datetime.combine(d, t.replace(tzinfo=None, fold=0)), tz)


def _occurrences(d: date, t: time, tz: ZoneInfo) -> list[datetime]:
    """Every instant at which local day `d` reads wall time `t`: two in a fall-back overlap.

    In a spring-forward gap there is none; the one returned is moved forward by the gap.
    """
    naive = datetime.combine(d, t.replace(tzinfo=None, fold=0))
    first = _localize(naive, tz)
    second = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    if second != first and second.astimezone(tz).replace(tzinfo=None, fold=0) == naive:
        return [first, second]
    return [first]


def _pick(candidates: Iterable[datetime], now: datetime, direction: Direction) -> datetime:
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


def _amount(amount: str, quoted: str) -> timedelta:
    """ "2 hours and 30 minutes", "1h30m", "half an hour": the whole text, or _NotUnderstood."""
    total = timedelta()
    pos = 0
    while True:
        part = _AMOUNT_PART.match(amount, pos)
        if part is None:
            raise _not_understood(quoted)
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
            raise _NotUnderstood(f"'{quoted}' is far more than {MAX_DISTANCE.days} days away")
        total += value * step
        pos = part.end()
        if pos == len(amount):
            return total
        join = _AMOUNT_JOIN.match(amount, pos)
        if join is None or join.end() == len(amount):
            raise _not_understood(quoted)
        pos = join.end()


def _clock(text: str, quoted: str) -> time:
    match = _CLOCK.fullmatch(text)
    if match is None:
        if text in ("noon", "midday"):
            return time(12, 0)
        if text == "midnight":
            return time(0, 0)
        raise _not_understood(quoted)
    hour = int(match["h"])
    minute = int(match["m"] or 0)
    second = int(match["s"] or 0)
    ampm = match["ampm"]
    if match["m"] is None and ampm is None:
        # A lone number is as likely a distance or a duration as an hour; refuse to guess.
        raise _not_understood(quoted)
    if ampm is not None:
        if not 1 <= hour <= 12:
            raise _NotUnderstood(f"'{quoted}' is not a valid time of day")
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _NotUnderstood(f"'{quoted}' is not a valid time of day")
    return time(hour, minute, second)


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
) -> datetime:
    """Wall time `wall` (now's wall time if None) on one of `days`, as the direction picks it."""
    local_now = now.astimezone(tz)
    candidates: list[datetime] = []
    for day in days:
        if wall is None and day == local_now.date():
            candidates.append(now)
        else:
            candidates += _occurrences(day, local_now.time() if wall is None else wall, tz)
    return _pick(candidates, now, direction)


def _with_offset(day: date, match: re.Match[str], quoted: str) -> datetime:
    """An ISO 8601 date and time with its own UTC offset, as an instant."""
    hour, minute, second = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _NotUnderstood(f"'{quoted}' is not a valid time of day")
    micro = int((match["frac"] or "0").ljust(6, "0"))
    offset = timedelta()
    if match["offset"] != "z":
        offset = timedelta(hours=int(match["oh"]), minutes=int(match["om"] or 0))
        if int(match["om"] or 0) > 59 or offset > _MAX_OFFSET:
            raise _NotUnderstood(f"'{quoted}' does not have a valid UTC offset")
        if match["sign"] == "-":
            offset = -offset
    wall = datetime.combine(day, time(hour, minute, second, micro))
    return wall.replace(tzinfo=timezone(offset)).astimezone(UTC)


def _parse(text: str | None, now: datetime, tz: ZoneInfo, direction: Direction) -> datetime:
    """The instant `text` names, or _NotUnderstood; no range check."""
    normal = " ".join((text or "").lower().split())
    if len(normal) > _MAX_TEXT:
        raise _NotUnderstood(f"that is too long for a time. {_HINT}")
    # Errors quote everything the member typed, not the piece that went wrong.
    quoted = _echo(text or "")
    if normal in ("", "now"):
        return now
    if match := _AGO.fullmatch(normal):
        return now - _amount(match["amount"], quoted)
    if match := _IN.fullmatch(normal):
        return now + _amount(match["amount"], quoted)

    local_now = now.astimezone(tz)
    today = local_now.date()
    normal = _DAY_PART_ALIASES.get(normal, normal)
    if match := _DAY_PART.fullmatch(normal):
        days = _days(match["day"], today, direction)
        return _on_days(days, PARTS_OF_DAY[match["part"]], now, tz, direction)

    match = _DAY_FIRST.fullmatch(normal) or _DAY_LAST.fullmatch(normal)
    if match:
        clock = match["clock"]
        wall = None if clock is None else _clock(clock, quoted)
        return _on_days(_days(match["day"], today, direction), wall, now, tz, direction)

    if match := _ISO.fullmatch(normal):
        try:
            day = date(int(match["y"]), int(match["mo"]), int(match["d"]))
        except ValueError:
            raise _NotUnderstood(f"'{quoted}' is not a real date") from None
        # Checked on the calendar day first: localising year 0001 or 9999 can overflow.
        if abs(day - today) > MAX_DISTANCE + timedelta(days=1):
            raise _NotUnderstood(_too_far(day < today))
        clock = match["clock"]
        if clock is not None and (offset := _OFFSET_CLOCK.fullmatch(clock)):
            return _with_offset(day, offset, quoted)
        wall = time(12, 0) if clock is None else _clock(clock, quoted)
        return _on_days([day], wall, now, tz, direction)

    # A bare clock time: its nearest occurrence on the side of now the direction allows.
    wall = _clock(normal.removeprefix("at "), quoted)
    step = timedelta(days=-1 if direction is Direction.PAST else 1)
    return _on_days([today, today + step], wall, now, tz, direction)


def _too_far(past: bool) -> str:
    days = MAX_DISTANCE.days
    return f"that is more than {days} days ago" if past else f"that is more than {days} days ahead"


def _parse_checked(text: str | None, now: datetime, tz: ZoneInfo, direction: Direction) -> datetime:
    at = _parse(text, now, tz, direction)
    if abs(at - now) > MAX_DISTANCE:
        raise _NotUnderstood(_too_far(at < now))
    return at


def parse_when(
    text: str | None,
    *,
    now: datetime,
    tz: ZoneInfo,
    option: str = "when",
    direction: Direction = Direction.PAST,
) -> datetime:
    """The aware UTC instant `text` names, read in the member's zone `tz`.

    `direction` is PAST for a log and FUTURE for a plan: it decides what a bare clock time, a bare
    weekday and a wall time in the fall-back hour stand for. See the module docstring for the
    accepted forms; a bare date means 12:00 local. Raises InputError(option, ...) quoting the whole
    text for text that is not understood, an impossible clock time, date or offset, or an instant
    more than 366 days from `now` (which must be aware).
    """
    now = _require_aware(now)
    try:
        return _parse_checked(text, now, tz, direction)
    except _NotUnderstood as exc:
        raise InputError(option, exc.reason) from None


def require_past(at: datetime, now: datetime, *, option: str = "when") -> None:
    """Refuse a log time that has not happened yet (a minute of slack for clock drift)."""
    if at > now + PAST_SLACK:
        raise InputError(option, "that is in the future; a log is for something you already did")


def require_future(at: datetime, now: datetime, *, option: str = "when") -> None:
    """Refuse a plan time that is already over (five minutes of slack so "now" still works)."""
    if at < now - FUTURE_SLACK:
        raise InputError(option, "that is in the past; a plan is for now or later")


def _zone_label(tz: ZoneInfo) -> str:
    return tz.key if tz.key else str(tz)


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def describe_when(
    text: str, *, now: datetime, tz: ZoneInfo, direction: Direction = Direction.PAST
) -> str:
    """How `text` is understood, for an autocomplete label; never raises, at most 100 chars.

    e.g. "yesterday 18:00 → Mon 23 Nov 18:00 (Europe/London)". Read as `parse_when` reads it
    for the same `direction`.
    """
    try:
        now = _require_aware(now)
        at = _parse_checked(text, now, tz, direction)
        tail = f" → {local_label(at, tz, now)} ({_zone_label(tz)})"
    except _NotUnderstood as exc:
        if exc.reason.startswith(("could not understand", "that is too long")):
            return _SHORT_HINT
        return _fit(f"not understood: {exc.reason}", CHOICE_LIMIT)
    # A naive `now` or one at the very ends of the datetime range; a label must still come back.
    except (ValueError, OverflowError):
        return _SHORT_HINT
    shown = " ".join((text or "").split()) or "now"
    return _fit(_fit(shown, max(1, CHOICE_LIMIT - len(tail))) + tail, CHOICE_LIMIT)


def when_suggestions(
    text: str, *, now: datetime, tz: ZoneInfo, direction: Direction = Direction.PAST
) -> list[tuple[str, str]]:
    """Up to 25 autocomplete (name, value) pairs for a time option, each at most 100 chars.

    With nothing typed: the common forms, those of `direction` first. Otherwise the typed text
    itself first (so the member can see how it reads before sending it), then the common forms
    that contain it. Every label reads its form for `direction`.
    """
    typed = " ".join((text or "").lower().split())
    choices: list[tuple[str, str]] = []
    if typed:
        value = (text or "").strip()[:CHOICE_LIMIT]
        choices.append((describe_when(value, now=now, tz=tz, direction=direction), value))
    forms: tuple[str, ...] = ("now", *_COMMON_PAST, *_COMMON_FUTURE)
    if direction is Direction.FUTURE:
        forms = ("now", *_COMMON_FUTURE, *_COMMON_PAST)
    for form in forms:
        if len(choices) >= MAX_CHOICES:
            break
        if typed and (typed not in form or typed == form):
            continue
        choices.append((describe_when(form, now=now, tz=tz, direction=direction), form))
    return choices


@functools.lru_cache(maxsize=1)
def _zones_by_lower_name() -> Mapping[str, str]:
    # Reading the tz database walks the filesystem; once per process is enough. Read-only view so
    # that the cached value cannot be changed by a caller.
    return MappingProxyType({name.lower(): name for name in available_timezones()})


@functools.lru_cache(maxsize=1)
def _sorted_zones() -> tuple[str, ...]:
    return tuple(sorted(_zones_by_lower_name().values()))


def valid_timezone(name: str) -> ZoneInfo:
    """The zone named `name` (case-insensitive IANA name such as "europe/london")."""
    key = (name or "").strip()
    # zoneinfo would otherwise treat these as file paths to open.
    if not key or ".." in key or key.startswith("/") or "\\" in key:
        raise InputError("timezone", _unknown_zone(name))
    canonical = _zones_by_lower_name().get(key.lower())
    if canonical is None:
        raise InputError("timezone", _unknown_zone(name))
    try:
        return ZoneInfo(canonical)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InputError("timezone", _unknown_zone(name)) from None


def _unknown_zone(name: str) -> str:
    return (
        f"unknown timezone '{_echo(name or '')}'. Pick one from the list, "
        "e.g. Europe/London, America/New_York or Asia/Kolkata."
    )


def timezone_suggestions(text: str, limit: int = MAX_CHOICES) -> list[str]:
    """IANA names containing `text` (case-insensitive; spaces match underscores), best first.

    Names starting with the text come first, then names with a part ("London" in Europe/London)
    starting with it, then any other match; each group alphabetical. Empty text gives a short
    list of widely used zones.
    """
    limit = max(0, limit)
    needle = "_".join((text or "").lower().split())
    if not needle:
        return list(_COMMON_ZONES[:limit])

    def rank(name: str) -> int:
        lower = name.lower()
        if lower.startswith(needle):
            return 0
        if any(part.startswith(needle) for part in lower.split("/")[1:]):
            return 1
        return 2

    matches = [name for name in _sorted_zones() if needle in name.lower()]
    matches.sort(key=rank)  # stable: alphabetical within each rank
    return matches[:limit]


def parse_hhmm(text: str, option: str = "time") -> time:
    """A wall-clock time such as "06:30", "6:30" or "18:00" (also "6:30am", "7pm")."""
    normal = " ".join((text or "").lower().split())
    try:
        if len(normal) > _MAX_TEXT:
            raise _NotUnderstood("that is too long for a time")
        return _clock(normal, _echo(text or ""))
    except _NotUnderstood as exc:
        reason = exc.reason
        if reason.startswith("could not understand"):
            reason = f"could not understand '{_echo(text or '')}'. Use HH:MM, e.g. 06:30 or 18:00."
        raise InputError(option, reason) from None
