"""`next_due_post`, the daily post's due time the scheduler sleeps until, against `due_post`
itself asked minute by minute: the first minute at which the decision is not NOTHING is exactly
the moment `next_due_post` names, whatever the record (none, sent, sending, retrying, failed,
skipped, a later date after a zone change), the zone (daylight-saving days included) and when
the schedule took effect."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.schedule import (
    Action,
    DailySchedule,
    PostRecord,
    PostStatus,
    due_post,
    next_due_post,
    slot_on,
)
from bot.core.when import local_date

CATCH_UP = timedelta(hours=3)
MINUTE = timedelta(minutes=1)
# Far enough for every case generated below: the next owed slot is under three days on.
HORIZON = timedelta(days=3)
ZONES = ("UTC", "Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu")
# Around Europe's and America's spring and autumn changes of 2026.
DAYS = (date(2026, 3, 8), date(2026, 3, 29), date(2026, 6, 10), date(2026, 10, 25))


def first_action_by_brute_force(
    now: datetime, schedule: DailySchedule, last: PostRecord | None
) -> datetime | None:
    moment = now
    while moment <= now + HORIZON:
        if due_post(moment, schedule, last, catch_up=CATCH_UP).action is not Action.NOTHING:
            return moment
        moment += MINUTE
    return None


@st.composite
def cases(draw: st.DrawFn) -> tuple[datetime, DailySchedule, PostRecord | None]:
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    day = draw(st.sampled_from(DAYS))
    now = datetime.combine(day, time(), UTC) + draw(st.integers(0, 48 * 60)) * MINUTE
    post_time = time(draw(st.integers(0, 23)), draw(st.sampled_from((0, 30, 45))))
    effective_at = now + draw(st.integers(-3 * 24 * 60, 24 * 60)) * MINUTE
    schedule = DailySchedule(post_time=post_time, timezone=zone, effective_at=effective_at)
    status = draw(st.sampled_from([None, *PostStatus]))
    if status is None:
        return now, schedule, None
    # The record's date: yesterday, today or tomorrow on the club's clock (tomorrow: a date
    # already handled before the zone changed).
    record_day = local_date(now, zone) + timedelta(days=draw(st.integers(-1, 1)))
    slot_at = slot_on(record_day, schedule).at
    updated_at = now - draw(st.integers(0, 30)) * MINUTE
    retry_at = None
    if status is PostStatus.RETRY:
        retry_at = now + draw(st.integers(-5, 40)) * MINUTE
    last = PostRecord(
        guild_id=1,
        local_date=record_day,
        slot_at=slot_at,
        status=status,
        attempts=1,
        updated_at=updated_at,
        retry_at=retry_at,
    )
    return now, schedule, last


@settings(max_examples=40, deadline=None)
@given(cases())
def test_next_due_post_is_the_first_minute_due_post_acts(
    case: tuple[datetime, DailySchedule, PostRecord | None],
) -> None:
    now, schedule, last = case
    expected = first_action_by_brute_force(now, schedule, last)
    assert next_due_post(now, schedule, last, catch_up=CATCH_UP) == expected


def test_a_sent_post_is_next_due_at_tomorrows_slot() -> None:
    london = ZoneInfo("Europe/London")
    schedule = DailySchedule(
        post_time=time(7, 0), timezone=london, effective_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    now = datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
    sent = PostRecord(
        guild_id=1,
        local_date=date(2026, 3, 28),
        slot_at=datetime(2026, 3, 28, 7, 0, tzinfo=UTC),
        status=PostStatus.SENT,
        updated_at=datetime(2026, 3, 28, 7, 0, tzinfo=UTC),
    )
    # 29 March: British Summer Time from 01:00 UTC, so 07:00 in London is 06:00 UTC.
    expected = datetime(2026, 3, 29, 6, 0, tzinfo=UTC)
    assert next_due_post(now, schedule, sent, catch_up=CATCH_UP) == expected


def test_a_slot_at_the_very_moment_the_schedule_takes_effect_is_owed() -> None:
    # DailySchedule: only slots *before* `effective_at` are not owed, so a slot at it is.
    slot = datetime(2026, 3, 28, 7, 0, tzinfo=UTC)
    schedule = DailySchedule(post_time=time(7, 0), timezone=ZoneInfo("UTC"), effective_at=slot)
    assert next_due_post(slot - timedelta(hours=1), schedule, None, catch_up=CATCH_UP) == slot


def test_a_post_this_process_is_sending_has_no_due_time_before_or_after_its_claim() -> None:
    # Posts wait for their turn to send unclaimed (no record yet), then claimed ("sending"):
    # either way the scheduler must not be told "now", or it would start the daily post again
    # and again (reading every club each time) until the last send is over.
    schedule = DailySchedule(
        post_time=time(7, 0),
        timezone=ZoneInfo("UTC"),
        effective_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    slot = datetime(2026, 3, 28, 7, 0, tzinfo=UTC)
    claimed = PostRecord(
        guild_id=1,
        local_date=date(2026, 3, 28),
        slot_at=slot,
        status=PostStatus.SENDING,
        updated_at=slot,
    )
    now = slot + timedelta(seconds=30)
    for last in (None, claimed):
        assert due_post(now, schedule, last, catch_up=CATCH_UP).action is not Action.NOTHING
        assert next_due_post(now, schedule, last, catch_up=CATCH_UP) == now
        assert next_due_post(now, schedule, last, catch_up=CATCH_UP, in_flight=True) is None
