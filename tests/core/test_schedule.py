"""When the daily club post is due: slots across DST, and the decision table of `due_post`."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.schedule import (
    Action,
    ClubReminder,
    DailySchedule,
    PostRecord,
    PostStatus,
    due_post,
    latest_slot,
    next_post,
    retry_comes,
    retry_delay,
    slot_on,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
CATCH_UP = timedelta(hours=3)
LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)
GUILD = 42


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def schedule(
    hh: int, mm: int, zone: ZoneInfo = LONDON, effective_at: datetime = LONG_AGO
) -> DailySchedule:
    return DailySchedule(post_time=time(hh, mm), timezone=zone, effective_at=effective_at)


def record(
    day: date,
    status: PostStatus,
    *,
    slot_at: datetime,
    updated_at: datetime,
    retry_at: datetime | None = None,
    attempts: int = 1,
    attempted_at: datetime | None = None,
) -> PostRecord:
    return PostRecord(
        guild_id=GUILD,
        local_date=day,
        slot_at=slot_at,
        status=status,
        attempts=attempts,
        updated_at=updated_at,
        retry_at=retry_at,
        attempted_at=attempted_at,
    )


# 2026: London springs forward on 29 March at 01:00 UTC and falls back on 25 October at
# 01:00 UTC; New York springs forward on 8 March at 07:00 UTC and falls back on 1 November at
# 06:00 UTC. Expected instants are worked out by hand from those offsets.
@pytest.mark.parametrize(
    ("zone", "day", "wall", "expected"),
    [
        (LONDON, date(2026, 3, 28), time(7, 0), utc(2026, 3, 28, 7, 0)),  # GMT
        (LONDON, date(2026, 3, 29), time(7, 0), utc(2026, 3, 29, 6, 0)),  # BST
        # 01:30 does not exist on 29 March: it moves on by the gap, to 02:30 BST.
        (LONDON, date(2026, 3, 29), time(1, 30), utc(2026, 3, 29, 1, 30)),
        # 01:30 happens twice on 25 October: the first one (BST) is the slot.
        (LONDON, date(2026, 10, 25), time(1, 30), utc(2026, 10, 25, 0, 30)),
        (LONDON, date(2026, 10, 26), time(1, 30), utc(2026, 10, 26, 1, 30)),
        (NEW_YORK, date(2026, 3, 7), time(2, 30), utc(2026, 3, 7, 7, 30)),  # EST
        # 02:30 does not exist on 8 March: 03:30 EDT.
        (NEW_YORK, date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 7, 30)),
        (NEW_YORK, date(2026, 3, 9), time(2, 30), utc(2026, 3, 9, 6, 30)),  # EDT
        # 01:30 happens twice on 1 November: the first one (EDT).
        (NEW_YORK, date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),
        (NEW_YORK, date(2026, 11, 2), time(1, 30), utc(2026, 11, 2, 6, 30)),
    ],
)
def test_slot_is_one_real_instant_across_dst(
    zone: ZoneInfo, day: date, wall: time, expected: datetime
) -> None:
    slot = slot_on(day, schedule(wall.hour, wall.minute, zone))
    assert slot.local_date == day
    assert slot.at == expected


@pytest.mark.parametrize(
    ("now", "expected_day"),
    [
        (utc(2026, 3, 10, 6, 59, 59), date(2026, 3, 9)),
        (utc(2026, 3, 10, 7, 0), date(2026, 3, 10)),
        (utc(2026, 3, 10, 23, 59), date(2026, 3, 10)),
        (utc(2026, 3, 11, 0, 1), date(2026, 3, 10)),
    ],
)
def test_latest_slot_is_at_or_before_now(now: datetime, expected_day: date) -> None:
    slot = latest_slot(now, schedule(7, 0))
    assert slot.local_date == expected_day
    assert slot.at <= now


DAY = date(2026, 3, 10)
SLOT = utc(2026, 3, 10, 7, 0)  # 07:00 London, GMT
MICRO = timedelta(microseconds=1)


def decide(now: datetime, last: PostRecord | None, sched: DailySchedule | None = None) -> Action:
    return due_post(now, sched or schedule(7, 0), last, catch_up=CATCH_UP).action


def test_nothing_before_the_slot_and_post_at_it() -> None:
    yesterday_sent = record(
        DAY - timedelta(days=1), PostStatus.SENT, slot_at=SLOT - timedelta(days=1), updated_at=SLOT
    )
    assert decide(SLOT - timedelta(seconds=1), yesterday_sent) is Action.NOTHING
    decision = due_post(SLOT, schedule(7, 0), yesterday_sent, catch_up=CATCH_UP)
    assert decision.action is Action.POST
    assert decision.slot is not None
    assert (decision.slot.local_date, decision.slot.at) == (DAY, SLOT)


def test_first_ever_post_goes_out_at_the_slot() -> None:
    assert decide(SLOT, None) is Action.POST


@pytest.mark.parametrize(
    ("late", "expected"),
    [
        (timedelta(0), Action.POST),
        (timedelta(hours=2, minutes=59), Action.POST),
        (CATCH_UP, Action.POST),
        (CATCH_UP + timedelta(seconds=1), Action.SKIP),
        (timedelta(hours=5), Action.SKIP),
    ],
)
def test_catch_up_allowance_after_downtime(late: timedelta, expected: Action) -> None:
    assert decide(SLOT + late, None) is expected


def test_catch_up_reaches_across_midnight() -> None:
    # A 23:30 post, the bot back at 01:00: yesterday's date is still owed.
    sched = schedule(23, 30)
    decision = due_post(utc(2026, 3, 11, 1, 0), sched, None, catch_up=CATCH_UP)
    assert decision.action is Action.POST
    assert decision.local_date == DAY


@pytest.mark.parametrize(
    "status", [PostStatus.SENT, PostStatus.FAILED, PostStatus.SKIPPED, PostStatus.UNKNOWN]
)
def test_a_finished_record_for_today_means_nothing_more_today(status: PostStatus) -> None:
    today = record(DAY, status, slot_at=SLOT, updated_at=SLOT)
    for later in (timedelta(seconds=1), timedelta(hours=2), timedelta(hours=16, minutes=59)):
        assert decide(SLOT + later, today) is Action.NOTHING
    # ...and tomorrow's slot is due again.
    assert decide(SLOT + timedelta(days=1), today) is Action.POST


# Issue 21: the window in which Discord still dedups the cut-off send's nonce.
WINDOW = timedelta(minutes=2)


def test_a_cut_off_claim_is_resent_within_the_window_looked_for_after_and_unknown_at_last() -> None:
    claimed = record(DAY, PostStatus.SENDING, slot_at=SLOT, updated_at=SLOT + timedelta(seconds=4))
    # The day ends at midnight London (GMT): 24:00 UTC, later than the slot + CATCH_UP.
    midnight = utc(2026, 3, 11, 0, 0)
    cases = [
        (SLOT + timedelta(seconds=5), Action.RESEND, False),
        (SLOT + timedelta(seconds=4) + WINDOW - MICRO, Action.RESEND, False),
        (SLOT + timedelta(seconds=4) + WINDOW, Action.RESEND, True),
        (SLOT + timedelta(hours=5), Action.RESEND, True),
        (midnight - MICRO, Action.RESEND, True),
        (midnight, Action.RESOLVE_UNKNOWN, False),
        (midnight + timedelta(days=3), Action.RESOLVE_UNKNOWN, False),
    ]
    for now, action, look in cases:
        decision = due_post(now, schedule(7, 0), claimed, catch_up=CATCH_UP)
        assert (decision.action, decision.look, decision.local_date) == (action, look, DAY), now
        if action is Action.RESEND:
            assert decision.slot is not None
            assert (decision.slot.local_date, decision.slot.at) == (DAY, SLOT)


def test_a_cut_off_late_post_is_looked_for_until_its_catch_up_allowance_ends() -> None:
    # A 23:00 post cut off at 23:00: the day ends an hour later, the 3-hour allowance at 02:00.
    late = utc(2026, 3, 10, 23, 0)
    claimed = record(DAY, PostStatus.SENDING, slot_at=late, updated_at=late)
    for now, action in (
        (late + CATCH_UP - MICRO, Action.RESEND),
        (late + CATCH_UP, Action.RESOLVE_UNKNOWN),
    ):
        decision = due_post(now, schedule(23, 0), claimed, catch_up=CATCH_UP)
        assert decision.action is action
        assert decision.look is (action is Action.RESEND)


def test_retry_waits_for_its_time_then_posts_the_same_date() -> None:
    retry_at = SLOT + timedelta(minutes=2)
    waiting = record(
        DAY, PostStatus.RETRY, slot_at=SLOT, updated_at=SLOT, retry_at=retry_at, attempts=2
    )
    assert decide(retry_at - timedelta(seconds=1), waiting) is Action.NOTHING
    decision = due_post(retry_at, schedule(7, 0), waiting, catch_up=CATCH_UP)
    assert decision.action is Action.POST
    assert decision.slot is not None
    assert (decision.slot.local_date, decision.slot.at) == (DAY, SLOT)


def test_a_retry_looks_first_once_the_failed_attempt_may_be_past_the_nonce_window() -> None:
    # The first attempt was claimed at SLOT and failed for now 90 s later; Discord dedups its
    # nonce for 2 minutes from the claim, after which the channel is read first.
    waiting = record(
        DAY,
        PostStatus.RETRY,
        slot_at=SLOT,
        updated_at=SLOT + timedelta(seconds=90),
        retry_at=SLOT + timedelta(seconds=90),
        attempts=1,
        attempted_at=SLOT,
    )
    sched = schedule(7, 0)
    early = due_post(SLOT + WINDOW - timedelta(seconds=1), sched, waiting, catch_up=CATCH_UP)
    assert (early.action, early.look) == (Action.POST, False)
    late = due_post(SLOT + WINDOW, sched, waiting, catch_up=CATCH_UP)
    assert (late.action, late.look) == (Action.POST, True)
    assert late.local_date == DAY and "unless the channel shows it went out" in late.why


def test_a_cut_off_claim_counts_its_window_from_the_earliest_attempt_not_ruled_out() -> None:
    # A retry's claim at SLOT + 3 min, cut off; the first attempt, at SLOT, may have made it.
    claimed = record(
        DAY,
        PostStatus.SENDING,
        slot_at=SLOT,
        updated_at=SLOT + timedelta(minutes=3),
        attempted_at=SLOT,
    )
    decision = due_post(
        SLOT + timedelta(minutes=3, seconds=30), schedule(7, 0), claimed, catch_up=CATCH_UP
    )
    assert (decision.action, decision.look) == (Action.RESEND, True)


def test_retries_end_with_the_local_day() -> None:
    midnight = utc(2026, 3, 11, 0, 0)  # London midnight in March (GMT)
    waiting = record(
        DAY, PostStatus.RETRY, slot_at=SLOT, updated_at=SLOT, retry_at=SLOT + timedelta(minutes=1)
    )
    assert decide(midnight - timedelta(seconds=1), waiting) is Action.POST
    assert decide(midnight, waiting) is Action.GIVE_UP


def test_a_late_slot_keeps_retrying_for_the_catch_up_allowance() -> None:
    sched = schedule(23, 30)
    slot = utc(2026, 3, 10, 23, 30)
    waiting = record(DAY, PostStatus.RETRY, slot_at=slot, updated_at=slot, retry_at=slot)
    assert decide(slot + CATCH_UP - timedelta(seconds=1), waiting, sched) is Action.POST
    assert decide(slot + CATCH_UP, waiting, sched) is Action.GIVE_UP


def test_a_post_set_up_after_todays_slot_starts_tomorrow() -> None:
    sched = schedule(7, 0, effective_at=SLOT + timedelta(hours=1))
    assert decide(SLOT + timedelta(hours=1), None, sched) is Action.NOTHING
    assert decide(SLOT + timedelta(days=1), None, sched) is Action.POST
    at_the_slot = schedule(7, 0, effective_at=SLOT)
    assert decide(SLOT, None, at_the_slot) is Action.POST


def test_a_later_date_already_handled_is_left_alone() -> None:
    # After a time-zone change the latest record can be dated after the current slot.
    ahead = record(DAY + timedelta(days=1), PostStatus.SENT, slot_at=SLOT, updated_at=SLOT)
    assert decide(SLOT + timedelta(hours=1), ahead) is Action.NOTHING


def test_retry_delay_doubles_then_caps() -> None:
    delays = [retry_delay(n) for n in range(1, 9)]
    assert delays == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 30, 30, 30)]
    assert retry_delay(10_000) == timedelta(minutes=30)


def test_next_post() -> None:
    sched = schedule(7, 0)
    sent_today = record(DAY, PostStatus.SENT, slot_at=SLOT, updated_at=SLOT)
    assert next_post(SLOT - timedelta(hours=1), sched, None, catch_up=CATCH_UP) == SLOT
    assert next_post(SLOT + timedelta(hours=1), sched, None, catch_up=CATCH_UP) == (
        SLOT + timedelta(hours=1)
    )  # due now
    assert next_post(SLOT + timedelta(hours=1), sched, sent_today, catch_up=CATCH_UP) == utc(
        2026, 3, 11, 7, 0
    )
    retry_at = SLOT + timedelta(minutes=4)
    waiting = record(DAY, PostStatus.RETRY, slot_at=SLOT, updated_at=SLOT, retry_at=retry_at)
    assert next_post(SLOT + timedelta(minutes=1), sched, waiting, catch_up=CATCH_UP) == retry_at
    # Sent at that retry: the record keeps its retry time, and tomorrow's slot is next.
    sent = waiting.model_copy(update={"status": PostStatus.SENT})
    assert next_post(retry_at, sched, sent, catch_up=CATCH_UP) == utc(2026, 3, 11, 7, 0)


def test_at_the_slot_after_a_day_given_up_the_next_post_is_now() -> None:
    # Yesterday's post still waits to retry, its day over: at today's 07:00 it is given up and
    # today's is due at once, so /club status gives now, not tomorrow.
    yesterday = record(
        DAY - timedelta(days=1),
        PostStatus.RETRY,
        slot_at=SLOT - timedelta(days=1),
        updated_at=SLOT - timedelta(hours=2),
        retry_at=SLOT - timedelta(hours=1),
    )
    assert next_post(SLOT, schedule(7, 0), yesterday, catch_up=CATCH_UP) == SLOT


def test_a_retry_comes_only_before_its_days_retries_end() -> None:
    # The 07:00 slot of Tuesday 10 March (GMT): its retries end when the day does, at
    # midnight, later than the slot plus CATCH_UP.
    sched, midnight = schedule(7, 0), utc(2026, 3, 11, 0, 0)

    def waiting(retry_at: datetime | None) -> PostRecord:
        return record(DAY, PostStatus.RETRY, slot_at=SLOT, updated_at=SLOT, retry_at=retry_at)

    assert retry_comes(waiting(midnight - timedelta(seconds=1)), sched, CATCH_UP)
    assert not retry_comes(waiting(midnight), sched, CATCH_UP)
    assert not retry_comes(waiting(None), sched, CATCH_UP)
    sent = waiting(SLOT).model_copy(update={"status": PostStatus.SENT})
    assert not retry_comes(sent, sched, CATCH_UP)


def test_reminder_follows_the_club_zone_unless_it_has_its_own() -> None:
    reminder = ClubReminder(
        guild_id=GUILD, channel_id=7, post_time=time(7, 0), effective_at=LONG_AGO
    )
    assert reminder.schedule(NEW_YORK).timezone == NEW_YORK
    own = reminder.model_copy(update={"timezone": LONDON})
    # Which zone applies is decided by bot.actions.context.club_zone (tests/test_zones.py).
    assert own.timezone == LONDON
    assert reminder.active
    assert not reminder.model_copy(update={"paused": True}).active


ZONES = [
    ZoneInfo(name)
    for name in ("Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC")
]


@settings(max_examples=60, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    minute_of_day=st.integers(0, 24 * 60 - 1),
    start=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 25), timezones=st.just(UTC)
    ),
)
def test_ticking_through_ten_days_posts_each_date_once_in_order(
    zone: ZoneInfo, minute_of_day: int, start: datetime
) -> None:
    """A perfect store applied to every decision, ticking every 20 minutes: each local date is
    posted exactly once, at or after its slot and within one tick of it."""
    sched = schedule(minute_of_day // 60, minute_of_day % 60, zone, effective_at=start)
    last: PostRecord | None = None
    posted: dict[date, datetime] = {}
    step = timedelta(minutes=20)
    now = start
    while now < start + timedelta(days=10):
        decision = due_post(now, sched, last, catch_up=CATCH_UP)
        if decision.action is Action.POST:
            assert decision.slot is not None
            day = decision.slot.local_date
            assert day not in posted, f"{day} posted twice"
            posted[day] = now
            last = record(day, PostStatus.SENT, slot_at=decision.slot.at, updated_at=now)
        else:
            assert decision.action is Action.NOTHING
        now += step
    for day, at in posted.items():
        slot = slot_on(day, sched).at
        assert slot <= at < slot + step
        assert at.astimezone(zone).date() in (day, day + timedelta(days=1))
    days = sorted(posted)
    assert days == [days[0] + timedelta(days=i) for i in range(len(days))]
    assert len(days) >= 9


def test_each_decision_names_the_date_it_acts_on() -> None:
    """The daily post writes its record under the decision's date: the retried day when
    retries run out or go on, the slot's day when a post is skipped."""
    sched = schedule(7, 0)
    waiting = record(
        DAY, PostStatus.RETRY, slot_at=SLOT, updated_at=SLOT, retry_at=SLOT + timedelta(minutes=1)
    )
    retry = due_post(SLOT + timedelta(minutes=5), sched, waiting, catch_up=CATCH_UP)
    assert (retry.action, retry.local_date) == (Action.POST, DAY)
    midnight = utc(2026, 3, 11, 0, 0)
    give_up = due_post(midnight, sched, waiting, catch_up=CATCH_UP)
    assert (give_up.action, give_up.local_date, give_up.slot) == (Action.GIVE_UP, DAY, None)
    skip = due_post(SLOT + CATCH_UP + timedelta(seconds=1), sched, None, catch_up=CATCH_UP)
    assert (skip.action, skip.local_date) == (Action.SKIP, DAY)
    assert skip.slot is not None
    assert (skip.slot.local_date, skip.slot.at) == (DAY, SLOT)
    assert skip.why == f"missed by more than {CATCH_UP}"


def test_next_post_can_be_the_first_slot_the_settings_owe() -> None:
    """A post set up to start exactly at tomorrow's slot goes out at that slot."""
    tomorrow = SLOT + timedelta(days=1)
    sched = schedule(7, 0, effective_at=tomorrow)
    assert next_post(SLOT + timedelta(hours=1), sched, None, catch_up=CATCH_UP) == tomorrow


def test_after_a_move_west_over_the_date_line_the_next_post_skips_the_date_already_posted() -> None:
    # The club posted its 8 December post at 07:00 in Auckland (NZDT, UTC+13): 18:00 UTC on the
    # 7th. It then moved to Los Angeles (PST, UTC-8), where at 20:00 UTC it is still 12:00 on
    # the 7th. The 8th's 07:00 there (15:00 UTC on the 8th) finds that date already posted, so
    # the next post is the 9th's: 15:00 UTC on the 9th.
    posted = record(
        date(2026, 12, 8),
        PostStatus.SENT,
        slot_at=utc(2026, 12, 7, 18, 0),
        updated_at=utc(2026, 12, 7, 18, 0),
    )
    la = schedule(7, 0, ZoneInfo("America/Los_Angeles"))
    now = utc(2026, 12, 7, 20, 0)
    assert next_post(now, la, posted, catch_up=CATCH_UP) == utc(2026, 12, 9, 15, 0)
    # The decisions at those two slots agree.
    assert due_post(utc(2026, 12, 8, 15, 0), la, posted, catch_up=CATCH_UP).action is Action.NOTHING
    assert due_post(utc(2026, 12, 9, 15, 0), la, posted, catch_up=CATCH_UP).action is Action.POST
