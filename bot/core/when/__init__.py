"""What a member types for a time, read in their own IANA timezone.

Everything returned is aware UTC; the member's zone is only used to read wall-clock words such as
"yesterday 18:00". `now` is always a parameter so that the core never reads a clock.

Some words point at a different instant for a log (something done, /legday and /run) than for a
plan (something ahead, /canirun), so the caller says which it serves: `Direction.PAST` or
`Direction.FUTURE`.

Accepted forms (case-insensitive, spaces around and between words are free):

* ``now`` (an option left out means now too; an empty text is refused: it is no moment)
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
local calendar days, so they keep their wall-clock time across a DST change. Read as a day
(`read_day`, a race's), an amount counts days on the member's calendar too: ``in 2 weeks`` is the
same weekday two weeks on, whatever a clock change does to the hours in between. A wall time that
happens twice (the fall-back hour) is, for a log, the latest occurrence at or before now and, for
a plan, the first one that is not over; a wall time that does not happen (a spring-forward gap)
moves forward by the gap.

Numbers are strict: every number and unit is a whole word (``1h30m`` aside, where a digit starts
the next part), parts may be joined by spaces, ``,`` or ``and``, and anything left over is
refused rather than ignored.
"""

from __future__ import annotations

from bot.core.when.clock import at_local, local_date, parse_hhmm, skipped_day, skipped_wall
from bot.core.when.common import (
    CLOCK_MAX,
    DAY_OVER,
    FUTURE_SLACK,
    MAX_DISTANCE,
    PAST_SLACK,
    TIMEZONE_MAX,
    WHEN_MAX,
    Direction,
    WhenRead,
)
from bot.core.when.parse import (
    PARTS_OF_DAY,
    log_time,
    parse_when,
    read_day,
    read_when,
    require_future,
    require_past,
)
from bot.core.when.suggest import day_suggestions, describe_day, describe_when, when_suggestions
from bot.core.when.zones import timezone_suggestions, valid_timezone

__all__ = [
    "CLOCK_MAX",
    "DAY_OVER",
    "FUTURE_SLACK",
    "MAX_DISTANCE",
    "PARTS_OF_DAY",
    "PAST_SLACK",
    "TIMEZONE_MAX",
    "WHEN_MAX",
    "Direction",
    "WhenRead",
    "at_local",
    "day_suggestions",
    "describe_day",
    "describe_when",
    "local_date",
    "log_time",
    "parse_hhmm",
    "parse_when",
    "read_day",
    "read_when",
    "require_future",
    "require_past",
    "skipped_day",
    "skipped_wall",
    "timezone_suggestions",
    "valid_timezone",
    "when_suggestions",
]
