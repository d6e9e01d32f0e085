"""FIT times counted from when the watch was switched on, placed by the watch's own clock.

The FIT profile's date_time is seconds since 1989-12-31 00:00 UTC, except below 0x10000000,
where it is "system time": seconds since the device was switched on. Watches without GPS
(the Forerunner 60 and 70) write every time of a run so, their file_id's time_created too.
The one date in their file is the activity message's local_timestamp, a local_date_time
("seconds since 00:00 Dec 31 1989 in local time zone"), which the profile describes as "the
timestamp epoch expressed in local time, used to convert activity timestamps to local time":
what the watch's clock read at that message's own timestamp, a system second. The file names
no zone, so that wall time is read in the zone the caller gives (the member's); system
seconds are real seconds, so every other time of the file is that moment plus its distance
from the activity's timestamp.

A wall time the zone skips (its clocks going forward) is read with the offset before the
change, and one it shows twice (going back) as the first of the two, as `at_local` reads any
wall time; the run's note says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeGuard
from zoneinfo import ZoneInfo

from bot.activity_files.fit_records import FIT_EPOCH
from bot.core.when.clock import at_local, occurrences

SYSTEM_TIME_END = 0x10000000

# Member-facing, shown as plain text (no markdown, no brackets: they would show escaped).
NO_CLOCK = (
    "its times count from when the watch was switched on and it holds no date, not even the "
    "watch's clock time, so the run cannot be placed in time; type the run instead, with its "
    "distance, minutes and when"
)
NO_ZONE = (
    "its only date is the watch's clock time, in no time zone, and no zone was given to read it in"
)
CLOCKS_DISAGREE = (
    "its times count from when the watch was switched on and its clock times disagree, so "
    "the run cannot be placed in time; type the run instead, with its distance, minutes and "
    "when"
)


def file_time(fit_seconds: int) -> datetime:
    """A FIT time as the file counts it, system time read from the FIT epoch as if UTC: the
    timeline of the records (`fit_records`), which `Placing.shift` moves into the world."""
    return datetime.fromtimestamp(fit_seconds + FIT_EPOCH, UTC)


def is_system_time(value: object) -> TypeGuard[int]:
    """fitdecode gives a date_time below 0x10000000 as the number it is, not a datetime."""
    return isinstance(value, int) and not isinstance(value, bool) and value < SYSTEM_TIME_END


@dataclass(frozen=True, slots=True)
class WatchClock:
    """What the watch's clock read (`wall`, no zone) at system second `system`."""

    system: int
    wall: datetime

    @classmethod
    def of_activity(cls, timestamp: Any, local_timestamp: Any) -> WatchClock | None:
        """From an activity message's raw timestamp and local_timestamp: None unless the one
        is system time and the other a date (fitdecode gives an invalid field as None)."""
        if not is_system_time(timestamp) or not isinstance(local_timestamp, int):
            return None
        if local_timestamp < SYSTEM_TIME_END:
            return None  # a local time counted from switch-on too: no date
        # Counted from the FIT epoch's wall time in the watch's own zone: a naive wall time.
        wall = file_time(local_timestamp).replace(tzinfo=None)
        return cls(timestamp, wall)


@dataclass(frozen=True, slots=True)
class Placing:
    """How far system time (as `file_time` reads it) lies from the world's, and the note
    that says how it was found."""

    shift: timedelta
    note: str


def place(clocks: list[WatchClock], zone: ZoneInfo | None) -> Placing | str:
    """The placing of a file's system times, or the problem (a member-facing refusal) when
    the file gives no clock time, clock times that disagree, or no zone to read one in."""
    if not clocks:
        return NO_CLOCK
    clock = clocks[0]
    # Chained files: one watch, one switch-on, one clock, else which one is the run's?
    if any(
        other.wall - clock.wall != timedelta(seconds=other.system - clock.system)
        for other in clocks
    ):
        return CLOCKS_DISAGREE
    if zone is None:
        return NO_ZONE
    day, wall = clock.wall.date(), clock.wall.time()
    moment = at_local(day, wall, zone)
    note = (
        f"the file has no time zone, only the watch's clock: its times are read as {zone.key} time"
    )
    if len(occurrences(day, wall, zone)) == 2:
        note += (
            f"; its clock read {wall:%H:%M} as the run ended, which {zone.key} shows twice that"
            " night: the first is taken, so give the when option if it was the second"
        )
    elif moment.astimezone(zone).replace(tzinfo=None) != clock.wall:
        note += (
            f"; its clock read {wall:%H:%M} as the run ended, which {zone.key} skips that"
            " night: it is read with the offset before the clocks went forward"
        )
    return Placing(moment - file_time(clock.system), note)
