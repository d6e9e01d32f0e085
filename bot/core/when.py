"""What a member types for a time, read in their own IANA timezone.

Everything returned is aware UTC; the member's zone is only used to read wall-clock words such as
"yesterday 18:00". `now` is always a parameter so that the core never reads a clock.

Accepted forms (case-insensitive, spaces around and between words are free):

* ``""``, ``now``
* ``30m ago``, ``2h ago``, ``3d ago``, ``90 min ago``, ``1 hour ago``, ``1h30m ago``,
  ``an hour ago``
* ``in 45m``, ``in 3h``, ``in 2d``
* ``yesterday``, ``today``, ``tomorrow`` (same wall-clock time as now, on that local day)
* ``yesterday 18:00``, ``today 7:30``, ``today 7pm``, ``tomorrow at 06:00``, ``18:00 yesterday``
* ``18:30``, ``7pm`` (today at that time, even if it is later than now)
* ``2026-11-20 18:30``, ``2026-11-20T18:30``, ``2026-11-20`` (a bare date means 12:00 local noon,
  the wall time least likely to land on the wrong calendar day for whoever reads it)

Relative amounts (``3d ago``, ``in 2d``) are elapsed time; day words (``yesterday 18:00``) move by
local calendar days, so they keep their wall-clock time across a DST change. Weekday names are
deliberately not accepted: "monday" means last Monday to someone logging a run and next Monday to
someone planning one, and this parser does not know which it is serving.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.core.errors import InputError
from bot.core.wording import local_label

__all__ = [
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

_HINT = "Try now, 2h ago, yesterday 18:00, tomorrow 06:00, in 3h or 2026-11-20 18:30."
_SHORT_HINT = "not understood: try 2h ago, yesterday 18:00, in 3h"


_DAY_OFFSETS = {"yesterday": -1, "today": 0, "tomorrow": 1}

# re.ASCII throughout: \d would otherwise accept other scripts' digits, which int() then reads.
_NUMBER = r"(?:\d{1,6}(?:\.\d{1,3})?|an?)"
# Longest spellings first so that "min" is not read as "m" followed by a stray "in".
_UNIT = r"(?:days?|d|hours?|hrs?|hr|h|minutes?|mins?|m)"
_AMOUNT_PART = re.compile(rf"({_NUMBER})\s*({_UNIT})", re.ASCII)
_AMOUNT = rf"(?:{_NUMBER}\s*{_UNIT}\s*)+"
_AGO = re.compile(rf"(?P<amount>{_AMOUNT})ago", re.ASCII)
_IN = re.compile(rf"in\s+(?P<amount>{_AMOUNT})", re.ASCII)
_DAY_FIRST = re.compile(
    r"(?P<day>yesterday|today|tomorrow)(?:\s+(?:at\s+)?(?P<clock>.+))?", re.ASCII
)
_DAY_LAST = re.compile(r"(?:at\s+)?(?P<clock>.+?)\s+(?P<day>yesterday|today|tomorrow)", re.ASCII)
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})(?:(?:t|\s+(?:at\s+)?)(?P<clock>.+))?", re.ASCII
)
_CLOCK = re.compile(
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?)?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?",
    re.ASCII,
)

# Offered by autocomplete before anything is typed, and filtered as the member types.
_COMMON_WHEN = (
    "now",
    "30m ago",
    "1h ago",
    "2h ago",
    "3h ago",
    "today 06:00",
    "today 07:00",
    "today 12:00",
    "today 18:00",
    "yesterday 07:00",
    "yesterday 12:00",
    "yesterday 18:00",
    "yesterday 19:00",
    "2d ago",
    "3d ago",
    "in 1h",
    "in 3h",
    "tomorrow 06:00",
    "tomorrow 07:00",
    "tomorrow 12:00",
    "tomorrow 18:00",
    "in 2d",
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


def _amount(text: str) -> timedelta:
    total = timedelta()
    for number, unit in _AMOUNT_PART.findall(text):
        value = 1.0 if number in ("a", "an") else float(number)
        if unit.startswith("d"):
            step = timedelta(days=1)
        elif unit.startswith("h"):
            step = timedelta(hours=1)
        else:
            step = timedelta(minutes=1)
        # Only an overflow guard (a six-digit day count breaks datetime arithmetic); the real
        # 366-day limit is checked on the result, where the direction is known.
        if value * (step / timedelta(days=1)) > _OVERFLOW_GUARD_DAYS:
            raise _NotUnderstood(f"'{_echo(text)}' is far more than {MAX_DISTANCE.days} days away")
        total += value * step
    return total


def _clock(text: str) -> time:
    match = _CLOCK.fullmatch(text)
    if match is None:
        if text in ("noon", "midday"):
            return time(12, 0)
        if text == "midnight":
            return time(0, 0)
        raise _NotUnderstood(f"could not understand '{_echo(text)}'. {_HINT}")
    hour = int(match["h"])
    minute = int(match["m"] or 0)
    second = int(match["s"] or 0)
    ampm = match["ampm"]
    if match["m"] is None and ampm is None:
        # A lone number is as likely a distance or a duration as an hour; refuse to guess.
        raise _NotUnderstood(f"could not understand '{_echo(text)}'. {_HINT}")
    if ampm is not None:
        if not 1 <= hour <= 12:
            raise _NotUnderstood(f"'{_echo(text)}' is not a valid time of day")
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _NotUnderstood(f"'{_echo(text)}' is not a valid time of day")
    return time(hour, minute, second)


def _parse(text: str | None, now: datetime, tz: ZoneInfo) -> datetime:
    """The instant `text` names, or _NotUnderstood; no range check."""
    normal = " ".join((text or "").lower().split())
    if len(normal) > _MAX_TEXT:
        raise _NotUnderstood(f"that is too long for a time. {_HINT}")
    if normal in ("", "now"):
        return now
    if match := _AGO.fullmatch(normal):
        return now - _amount(match["amount"])
    if match := _IN.fullmatch(normal):
        return now + _amount(match["amount"])

    local_now = now.astimezone(tz)
    match = _DAY_FIRST.fullmatch(normal) or _DAY_LAST.fullmatch(normal)
    if match:
        offset = _DAY_OFFSETS[match["day"]]
        clock = match["clock"]
        if clock is None and offset == 0:
            return now
        day = local_now.date() + timedelta(days=offset)
        wall = local_now.time() if clock is None else _clock(clock)
        return at_local(day, wall, tz)

    if match := _ISO.fullmatch(normal):
        try:
            day = date(int(match["y"]), int(match["mo"]), int(match["d"]))
        except ValueError:
            raise _NotUnderstood(f"'{_echo(normal)}' is not a real date") from None
        # Checked on the calendar day first: localising year 0001 or 9999 can overflow.
        if abs(day - local_now.date()) > MAX_DISTANCE + timedelta(days=1):
            raise _NotUnderstood(_too_far(day < local_now.date()))
        wall = time(12, 0) if match["clock"] is None else _clock(match["clock"])
        return at_local(day, wall, tz)

    return at_local(local_now.date(), _clock(normal), tz)


def _too_far(past: bool) -> str:
    days = MAX_DISTANCE.days
    return f"that is more than {days} days ago" if past else f"that is more than {days} days ahead"


def _parse_checked(text: str | None, now: datetime, tz: ZoneInfo) -> datetime:
    at = _parse(text, now, tz)
    if abs(at - now) > MAX_DISTANCE:
        raise _NotUnderstood(_too_far(at < now))
    return at


def parse_when(text: str | None, *, now: datetime, tz: ZoneInfo, option: str = "when") -> datetime:
    """The aware UTC instant `text` names, read in the member's zone `tz`.

    See the module docstring for the accepted forms; a bare date means 12:00 local. Raises
    InputError(option, ...) for text that is not understood, an impossible clock time or date,
    or an instant more than 366 days from `now` (which must be aware).
    """
    now = _require_aware(now)
    try:
        return _parse_checked(text, now, tz)
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


def describe_when(text: str, *, now: datetime, tz: ZoneInfo) -> str:
    """How `text` is understood, for an autocomplete label; never raises, at most 100 chars.

    e.g. "yesterday 18:00 → Mon 23 Nov 18:00 (Europe/London)".
    """
    try:
        now = _require_aware(now)
        at = _parse_checked(text, now, tz)
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


def when_suggestions(text: str, *, now: datetime, tz: ZoneInfo) -> list[tuple[str, str]]:
    """Up to 25 autocomplete (name, value) pairs for a time option, each at most 100 chars.

    With nothing typed: the common forms. Otherwise the typed text itself first (so the member can
    see how it reads before sending it), then the common forms that contain it.
    """
    typed = " ".join((text or "").lower().split())
    choices: list[tuple[str, str]] = []
    if typed:
        value = (text or "").strip()[:CHOICE_LIMIT]
        choices.append((describe_when(value, now=now, tz=tz), value))
    for form in _COMMON_WHEN:
        if len(choices) >= MAX_CHOICES:
            break
        if typed and (typed not in form or typed == form):
            continue
        choices.append((describe_when(form, now=now, tz=tz), form))
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
        return _clock(normal)
    except _NotUnderstood as exc:
        reason = exc.reason
        if reason.startswith("could not understand"):
            reason = f"could not understand '{_echo(normal)}'. Use HH:MM, e.g. 06:30 or 18:00."
        raise InputError(option, reason) from None
