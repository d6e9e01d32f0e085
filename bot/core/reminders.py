"""Reminders and check-ins as plain data: stored timers (a "tell me when I'm clear" reminder,
the morning check-in) and the pure rules of when one is due, late, or moved.

No clock and no I/O: every function takes the times it needs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.core.models import SORENESS_MAX, FrozenModel, UtcDatetime
from bot.core.resend import DM_SEND_TIMEOUT, earliest_attempt
from bot.core.when import at_local, local_date

# A reminder delivered this much after its time is no news any more: it is dropped instead.
READY_LATE_LIMIT = timedelta(hours=6)
# Transient DM failures (429, 5xx, network) are retried this many times in all.
MAX_ATTEMPTS = 6
MINUTES_PER_DAY = 24 * 60
# Who has a notice waiting (a DM that could not be delivered) is kept in each process's memory,
# so a command asks the database only when there is one. A notice stored by another process (an
# old one still running during a rolling restart, a shard set changed) is seen once the list is
# read again: at most this long after it was stored.
NOTICES_READ_EVERY = timedelta(minutes=1)


class TimerKind(StrEnum):
    READY = "ready"
    CHECKIN = "checkin"
    # The club's, not a member's (user_id 0): read session `session_id`'s interested users
    # and send its heads-ups (bot/actions/heads_up.py).
    HEADS_UP = "heads_up"


class TimerState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    CANCELLED = "cancelled"
    DROPPED = "dropped"
    FAILED = "failed"
    UNKNOWN = "unknown"


class Timer(FrozenModel):
    id: int
    guild_id: int
    user_id: int
    kind: TimerKind
    # The moment promised to the member; `next_at` is when the loop tries (later after a retry).
    due_at: UtcDatetime
    next_at: UtcDatetime
    entry_id: int | None = None
    minute: int | None = Field(default=None, ge=0, lt=MINUTES_PER_DAY)
    session_id: int | None = None
    state: TimerState = TimerState.PENDING
    attempts: int = 0
    created_at: UtcDatetime
    # The last change; while SENDING, the claim's time (a retake leaves it).
    updated_at: UtcDatetime
    # When the earliest attempt began that may have made the DM and is not ruled out yet
    # (bot/store/schema/0011_attempted_at.sql).
    attempted_at: UtcDatetime | None = None
    # A check-in's day, set by its first claim (bot/store/schema/0012_checkin_day.sql).
    checkin_day: date | None = None

    def day(self, tz: ZoneInfo) -> date:
        """The member's day a check-in is for (its DM's date, the day its buttons answer): the
        one its first attempt named, else its due time's date in `tz`."""
        return self.checkin_day or local_date(self.due_at, tz)

    @property
    def retrying(self) -> bool:
        """Waiting to be tried again after an attempt that failed for now."""
        return self.state is TimerState.PENDING and self.attempts > 0

    @property
    def look_from(self) -> datetime:
        """When the earliest attempt began that may have made the DM."""
        return earliest_attempt(
            attempted_at=self.attempted_at,
            attempts=self.attempts,
            waiting_to_retry=self.retrying,
            updated_at=self.updated_at,
            first_possible=self.due_at,
            send_timeout=DM_SEND_TIMEOUT,
        )


class ReminderFollow(FrozenModel):
    """What a change to the member's leg days did to one pending reminder: moved to the time
    the latest hard leg day now gives (`timer` as it is now), cancelled, or left as it was."""

    timer: Timer
    moved: bool = False
    cancelled: bool = False


class CheckinAnswer(FrozenModel):
    local_date: date
    soreness: int = Field(ge=0, le=SORENESS_MAX)
    answered_at: UtcDatetime


class Late(StrEnum):
    """What the loop does with a due timer."""

    SEND = "send"
    DROP = "drop"


def lateness(timer: Timer, now: datetime, tz: ZoneInfo) -> Late:
    """Catch-up after an outage, as the daily post does: a reminder more than
    READY_LATE_LIMIT late is dropped, and so is a check-in from an earlier (member-local) day."""
    if timer.kind is TimerKind.READY:
        return Late.DROP if now - timer.due_at > READY_LATE_LIMIT else Late.SEND
    return Late.DROP if timer.day(tz) < local_date(now, tz) else Late.SEND


def minute_of(t: time) -> int:
    return t.hour * 60 + t.minute


def clock_of(minute: int) -> time:
    return time(minute // 60, minute % 60)


def next_checkin(after: datetime, minute: int, tz: ZoneInfo) -> datetime:
    """The first moment strictly after `after` at which the member's clock reads `minute`.

    A time in a spring-forward gap moves forward by the gap (at_local), so every day has one.
    """
    day = local_date(after, tz)
    for offset in range(3):
        candidate = at_local(day + timedelta(days=offset), clock_of(minute), tz)
        if candidate > after:
            return candidate
    raise AssertionError("unreachable: a local time recurs within three days")


def next_checkin_day(after: datetime, minute: int, tz: ZoneInfo, had: date | None) -> datetime:
    """The next check-in at `minute` after `after`, on a day after `had` (the day of the
    member's latest check-in tried at all, `Timer.day`): one a day."""
    due = next_checkin(after, minute, tz)
    while had is not None and local_date(due, tz) <= had:
        due = next_checkin(due, minute, tz)
    return due


def checkin_day_over(day: date, now: datetime, tz: ZoneInfo) -> bool:
    """A check-in's buttons answer for its own local day only."""
    return local_date(now, tz) > day


def queued_day(due_at: datetime, minute: int) -> date:
    """The day a check-in at `minute` due at `due_at` was queued for, in whatever zone it was
    reckoned in (not stored): the date whose wall time `minute` is `due_at` at a UTC offset
    over -11 and up to +13 hours. Offsets run from -12 to +14, 26 hours, so one day of 24
    cannot tell them all apart: the window keeps New Zealand's summer, Tonga and Samoa (+13),
    and leaves out Niue and American Samoa (-11, read as the next day) and Kiritimati (+14,
    read as the day before)."""
    naive = due_at.astimezone(UTC).replace(tzinfo=None) - timedelta(minutes=minute)
    return (naive + timedelta(hours=13)).date()


def checkin_in_zone(
    due_at: datetime, minute: int, tz: ZoneInfo, had: date | None, now: datetime
) -> datetime:
    """Where a check-in not tried yet, due at `due_at`, belongs in `tz`: where it is when that
    is `minute` on the member's clock there; else (queued in another zone: the club's before
    `[club] timezone` changed) at `minute` in `tz` on the day it was queued for, or on the
    first later day after `had` (the day of the latest check-in tried, `Timer.day`) that is
    not over in `tz`. On a day whose `minute` has passed, that is a moment gone by: it is due
    at once, late, as after an outage, and its day is not skipped."""
    at = clock_of(minute)
    if at_local(local_date(due_at, tz), at, tz) == due_at:
        return due_at
    day = max(queued_day(due_at, minute), local_date(now, tz))
    if had is not None:
        day = max(day, had + timedelta(days=1))
    return at_local(day, at, tz)


class FirstClaim(NamedTuple):
    """What a check-in's first claim does: move it ahead to `move_to`, or claim it for `day`
    (dropped when `late`), chaining the next one at `chained`."""

    day: date
    late: bool
    chained: datetime
    move_to: datetime | None = None


def first_claim(timer: Timer, tz: ZoneInfo, asked: date | None, now: datetime) -> FirstClaim:
    """A check-in's first claim at `now` in the member's zone `tz`, `asked` being the day of
    the latest check-in tried. One queued in another zone (by a process on another `[club]
    timezone` after this one's first tick, or a crash mid-move) is moved to its time in `tz`
    when that is ahead, only ever ahead, so two processes on two zones never move it back and
    forth; when its time there has come, it is sent now, for its day there. A day that had its
    check-in already gets none. One queued for a day an outage let pass is sent for today when
    today's time has come (only a check-in from an earlier day is too late), so an outage of
    more than a day asks today's as one of an hour would."""
    assert timer.minute is not None  # a check-in's
    due = checkin_in_zone(timer.due_at, timer.minute, tz, asked, now)
    day, late = timer.day(tz), lateness(timer, now, tz) is Late.DROP
    if due != timer.due_at:
        if due > now:
            return FirstClaim(day, late, due, move_to=due)
        day, late = local_date(due, tz), False
    if late:
        today = local_date(now, tz)
        todays = at_local(today, clock_of(timer.minute), tz)
        if todays <= now and local_date(todays, tz) == today:
            day, late = today, False
    late = late or (asked is not None and day <= asked)
    after = day if asked is None else max(asked, day)
    return FirstClaim(day, late, next_checkin_day(max(now, timer.due_at), timer.minute, tz, after))


def _offset_minutes(at: datetime, tz: ZoneInfo) -> int:
    offset = at.astimezone(tz).utcoffset()
    assert offset is not None
    return int(offset.total_seconds() // 60)


def offset_spans(tz: ZoneInfo, lo: datetime, hi: datetime) -> list[tuple[datetime, datetime, int]]:
    """`tz`'s UTC offset in minutes over [lo, hi), as (from, until, minutes) spans; a clock
    change is found to the second (none comes within an hour of another)."""
    spans = []
    start, offset, at = lo, _offset_minutes(lo, tz), lo
    while at < hi:
        step = min(at + timedelta(hours=1), hi)
        if _offset_minutes(step, tz) != offset:
            before, after = at, step
            while after - before > timedelta(seconds=1):
                middle = before + (after - before) / 2
                if _offset_minutes(middle, tz) == offset:
                    before = middle
                else:
                    after = middle
            spans.append((start, after, offset))
            start, offset = after, _offset_minutes(after, tz)
        at = step
    spans.append((start, hi, offset))
    return spans
