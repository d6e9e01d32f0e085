"""When a reminder or check-in is due, late or over (README, "Reminders and check-ins"), in the
member's own zone. Expected instants are worked out by hand from Los Angeles' offsets
(PST -8, PDT -7 from 8 March 2026 at 02:00)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.reminders import (
    Late,
    Timer,
    TimerKind,
    checkin_day_over,
    clock_of,
    lateness,
    minute_of,
    next_checkin,
    next_checkin_day,
)

LA = ZoneInfo("America/Los_Angeles")


def timer(kind: TimerKind, due: datetime) -> Timer:
    return Timer(
        id=1,
        guild_id=2,
        user_id=3,
        kind=kind,
        due_at=due,
        next_at=due,
        created_at=due,
        updated_at=due,
    )


@pytest.mark.parametrize(
    ("late_by", "late"),
    [
        (timedelta(0), Late.SEND),
        (timedelta(hours=6), Late.SEND),
        (timedelta(hours=6, seconds=1), Late.DROP),
    ],
)
def test_a_ready_reminder_more_than_six_hours_late_is_dropped(
    late_by: timedelta, late: Late
) -> None:
    due = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    assert lateness(timer(TimerKind.READY, due), due + late_by, LA) is late


@pytest.mark.parametrize(
    ("now", "late"),
    [
        # 17:00 in Los Angeles, the check-in's own day (already 2 March in UTC).
        (datetime(2026, 3, 2, 1, 0, tzinfo=UTC), Late.SEND),
        # 00:00 the next day in Los Angeles.
        (datetime(2026, 3, 2, 8, 0, tzinfo=UTC), Late.DROP),
    ],
)
def test_a_check_in_is_dropped_once_its_local_day_is_over(now: datetime, late: Late) -> None:
    due = datetime(2026, 3, 1, 23, 0, tzinfo=UTC)  # 15:00 on 1 March in Los Angeles
    assert lateness(timer(TimerKind.CHECKIN, due), now, LA) is late


@pytest.mark.parametrize(
    ("clock", "minute"), [(time(0, 0), 0), (time(7, 5), 425), (time(23, 59), 1439)]
)
def test_a_clock_time_is_a_minute_of_the_day(clock: time, minute: int) -> None:
    assert minute_of(clock) == minute
    assert clock_of(minute) == clock


@pytest.mark.parametrize(
    ("after", "minute", "expected"),
    [
        # 06:59 local: today's 07:00.
        (datetime(2026, 6, 1, 13, 59, tzinfo=UTC), 7 * 60, datetime(2026, 6, 1, 14, 0, tzinfo=UTC)),
        # Exactly 07:00 local: strictly after, so tomorrow's.
        (datetime(2026, 6, 1, 14, 0, tzinfo=UTC), 7 * 60, datetime(2026, 6, 2, 14, 0, tzinfo=UTC)),
        # 23:30 local on 1 June (06:30 UTC on 2 June): 07:00 on 2 June local.
        (datetime(2026, 6, 2, 6, 30, tzinfo=UTC), 7 * 60, datetime(2026, 6, 2, 14, 0, tzinfo=UTC)),
        # 02:30 does not exist on 8 March 2026: it moves forward by the gap to 03:30 PDT.
        (datetime(2026, 3, 8, 9, 0, tzinfo=UTC), 150, datetime(2026, 3, 8, 10, 30, tzinfo=UTC)),
        # 01:30 happens twice on 1 November 2026 (02:00 PDT goes back to 01:00 PST): the first,
        # PDT, is the day's check-in, as the daily post takes the first of a repeated time...
        (datetime(2026, 11, 1, 8, 0, tzinfo=UTC), 90, datetime(2026, 11, 1, 8, 30, tzinfo=UTC)),
        # ...and the one after it is the next day's, not the day's second 01:30 (PST, 09:30 UTC).
        (datetime(2026, 11, 1, 8, 30, tzinfo=UTC), 90, datetime(2026, 11, 2, 9, 30, tzinfo=UTC)),
    ],
)
def test_next_checkin_is_the_next_time_the_members_clock_reads_it(
    after: datetime, minute: int, expected: datetime
) -> None:
    assert next_checkin(after, minute, LA) == expected


def test_a_check_ins_day_is_the_one_its_first_attempt_named_else_its_due_date_there() -> None:
    due = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # 22:00 on 1 March in Los Angeles (PST)
    assert timer(TimerKind.CHECKIN, due).day(LA) == date(2026, 3, 1)
    tried = timer(TimerKind.CHECKIN, due).model_copy(update={"checkin_day": date(2026, 3, 2)})
    assert tried.day(LA) == date(2026, 3, 2)
    # Lateness reads the same day: at 00:00 on 2 March local, 1 March's is over, 2 March's not.
    midnight = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert lateness(timer(TimerKind.CHECKIN, due), midnight, LA) is Late.DROP
    assert lateness(tried, midnight, LA) is Late.SEND


@pytest.mark.parametrize(
    ("had", "expected"),
    [
        # No check-in yet, or the last one on an earlier day: the next 07:00, today's.
        (None, datetime(2026, 6, 1, 14, 0, tzinfo=UTC)),
        (date(2026, 5, 31), datetime(2026, 6, 1, 14, 0, tzinfo=UTC)),
        # Today (1 June, local) had its check-in: 2 June's 07:00.
        (date(2026, 6, 1), datetime(2026, 6, 2, 14, 0, tzinfo=UTC)),
        # A day further on had one (the zone it was due in was ahead): the day after it.
        (date(2026, 6, 2), datetime(2026, 6, 3, 14, 0, tzinfo=UTC)),
    ],
)
def test_the_next_check_in_skips_the_days_that_had_one(
    had: date | None, expected: datetime
) -> None:
    after = datetime(2026, 6, 1, 13, 0, tzinfo=UTC)  # 06:00 on 1 June in Los Angeles (PDT)
    assert next_checkin_day(after, 7 * 60, LA, had) == expected


@pytest.mark.parametrize(
    ("now", "over"),
    [
        (datetime(2026, 3, 2, 7, 59, tzinfo=UTC), False),  # 23:59 on 1 March local
        (datetime(2026, 3, 2, 8, 0, tzinfo=UTC), True),  # 00:00 on 2 March local
    ],
)
def test_a_check_ins_buttons_answer_for_its_own_local_day(now: datetime, over: bool) -> None:
    assert checkin_day_over(date(2026, 3, 1), now, LA) is over
