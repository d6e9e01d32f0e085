"""The pure rules a `[club] timezone` change moves check-ins by: a zone's offsets around now
(what the store's read compares due times with) and where an untried check-in belongs. The
expected moments are the published rules written out (the EU's clocks change at 01:00 UTC on
the last Sunday of March; the US's at 02:00 local on the second Sunday of March)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.reminders import (
    FirstClaim,
    Timer,
    TimerKind,
    checkin_in_zone,
    first_claim,
    offset_spans,
    queued_day,
)

LO = datetime(2026, 3, 28, tzinfo=UTC)
HI = datetime(2026, 3, 31, tzinfo=UTC)


def test_a_zone_whose_clocks_change_has_two_offsets_split_at_the_change() -> None:
    change = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert offset_spans(ZoneInfo("Europe/London"), LO, HI) == [(LO, change, 0), (change, HI, 60)]


def test_a_zone_without_a_change_has_one_offset_in_minutes() -> None:
    assert offset_spans(ZoneInfo("Asia/Kathmandu"), LO, HI) == [(LO, HI, 5 * 60 + 45)]


def test_a_check_in_at_a_time_the_clocks_skipped_is_where_it_belongs() -> None:
    # 02:30 did not happen in New York on 8 March 2026: the check-in came at 03:30 EDT.
    ny = ZoneInfo("America/New_York")
    due = datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert checkin_in_zone(due, 2 * 60 + 30, ny, None, datetime(2026, 3, 7, tzinfo=UTC)) == due


def test_a_check_in_queued_in_another_zone_keeps_its_day_and_skips_a_day_checked_in() -> None:
    ny = ZoneInfo("America/New_York")
    # Queued for Thursday 12 March, 07:00 London (07:00 UTC); now Wednesday evening.
    due, now = datetime(2026, 3, 12, 7, 0, tzinfo=UTC), datetime(2026, 3, 11, 20, tzinfo=UTC)
    thursday_7_ny = datetime(2026, 3, 12, 11, 0, tzinfo=UTC)
    assert checkin_in_zone(due, 7 * 60, ny, date(2026, 3, 11), now) == thursday_7_ny
    # Thursday had its check-in already (read in another zone): Friday's.
    friday_7_ny = datetime(2026, 3, 13, 11, 0, tzinfo=UTC)
    assert checkin_in_zone(due, 7 * 60, ny, date(2026, 3, 12), now) == friday_7_ny


def _checkin(due: datetime, minute: int) -> Timer:
    return Timer(
        id=1,
        guild_id=2,
        user_id=3,
        kind=TimerKind.CHECKIN,
        due_at=due,
        next_at=due,
        minute=minute,
        created_at=due,
        updated_at=due,
    )


LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
# Thursday 12 March 2026: London is on UTC, New York on EDT (UTC-4) since 8 March.
THU_7_LONDON = datetime(2026, 3, 12, 7, 0, tzinfo=UTC)
THU_7_NY = datetime(2026, 3, 12, 11, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def test_a_first_claim_at_its_minute_is_for_its_day_and_chains_the_next() -> None:
    claim = first_claim(_checkin(THU_7_LONDON, 7 * 60), LONDON, date(2026, 3, 11), THU_7_LONDON)
    assert claim == FirstClaim(date(2026, 3, 12), False, datetime(2026, 3, 13, 7, tzinfo=UTC))


def test_a_first_claim_for_a_day_checked_in_already_is_dropped_and_chains_the_day_after() -> None:
    claim = first_claim(_checkin(THU_7_LONDON, 7 * 60), LONDON, date(2026, 3, 12), THU_7_LONDON)
    assert claim == FirstClaim(date(2026, 3, 12), True, datetime(2026, 3, 13, 7, tzinfo=UTC))


def test_a_first_claim_queued_in_a_zone_behind_is_moved_ahead_to_its_minute() -> None:
    # Queued at 07:00 London; the member's zone is New York's, where 07:00 comes 4 hours later.
    claim = first_claim(_checkin(THU_7_LONDON, 7 * 60), NEW_YORK, None, THU_7_LONDON)
    assert claim.move_to == THU_7_NY


def test_a_first_claim_whose_minute_passed_in_the_members_zone_is_sent_now_for_that_day() -> None:
    # Queued at 07:00 New York; the member's zone is London's, where 07:00 Thursday has passed.
    claim = first_claim(_checkin(THU_7_NY, 7 * 60), LONDON, date(2026, 3, 11), THU_7_NY)
    assert claim == FirstClaim(date(2026, 3, 12), False, datetime(2026, 3, 13, 7, tzinfo=UTC))


def test_a_change_inside_an_hour_step_is_found_to_the_second() -> None:
    # Steps from 00:17:41 do not land on the 01:00 UTC change: the split is within a second
    # after it, at an instant already on summer time.
    lo = datetime(2026, 3, 28, 0, 17, 41, tzinfo=UTC)
    (_, split, before), (start, _, after) = offset_spans(LONDON, lo, HI)
    change = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert (before, after, start) == (0, 60, split)
    assert change <= split <= change + timedelta(seconds=1)


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        # Thursday 12 March 2026 07:00 on the member's clock, as a due time in UTC, read back
        # as the day it was queued for: offsets over -11 hours and up to +13 keep their day.
        ("Pacific/Honolulu", date(2026, 3, 12)),  # -10
        ("Pacific/Tongatapu", date(2026, 3, 12)),  # +13
        ("Pacific/Auckland", date(2026, 3, 12)),  # +13, New Zealand's summer
        ("Pacific/Niue", date(2026, 3, 13)),  # -11: read as the next day
        ("Pacific/Kiritimati", date(2026, 3, 11)),  # +14: read as the day before
    ],
)
def test_a_check_in_queued_in_a_zone_is_read_as_its_day_within_the_offsets_kept(
    zone: str, day: date
) -> None:
    due = datetime(2026, 3, 12, 7, 0, tzinfo=ZoneInfo(zone)).astimezone(UTC)
    assert queued_day(due, 7 * 60) == day


# Thursday 12 March 2026 evening in London (UTC) is already Friday in Lord Howe, the test
# host's zone (+11): a day read on the host's clock instead of the member's shows.
THU_19_LONDON = datetime(2026, 3, 12, 19, 0, tzinfo=UTC)


def test_an_evening_check_in_is_for_the_members_day_not_the_hosts() -> None:
    claim = first_claim(_checkin(THU_19_LONDON, 19 * 60), LONDON, date(2026, 3, 11), THU_19_LONDON)
    assert claim == FirstClaim(date(2026, 3, 12), False, datetime(2026, 3, 13, 19, tzinfo=UTC))
    # Thursday had its check-in already: dropped where it is, never moved to Friday.
    again = first_claim(_checkin(THU_19_LONDON, 19 * 60), LONDON, date(2026, 3, 12), THU_19_LONDON)
    assert again == FirstClaim(date(2026, 3, 12), True, datetime(2026, 3, 13, 19, tzinfo=UTC))


def test_a_check_in_claimed_late_on_its_own_day_is_sent() -> None:
    # 12:00 London claimed at 13:30, still Thursday for the member (Friday 00:30 on the host).
    noon = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)
    claim = first_claim(_checkin(noon, 12 * 60), LONDON, date(2026, 3, 11), noon + 90 * MINUTE)
    assert claim == FirstClaim(date(2026, 3, 12), False, datetime(2026, 3, 13, 12, tzinfo=UTC))


def test_an_evening_check_in_queued_behind_whose_time_passed_is_sent_for_the_members_day() -> None:
    # Queued at 19:00 New York (23:00 UTC); in London 19:00 Thursday has passed: sent now for
    # Thursday, the next at 19:00 Friday.
    thu_19_ny = datetime(2026, 3, 12, 23, 0, tzinfo=UTC)
    claim = first_claim(_checkin(thu_19_ny, 19 * 60), LONDON, date(2026, 3, 11), thu_19_ny)
    assert claim == FirstClaim(date(2026, 3, 12), False, datetime(2026, 3, 13, 19, tzinfo=UTC))


def test_a_check_in_queued_elsewhere_for_a_day_checked_in_moves_to_the_next_day() -> None:
    # Queued at 07:00 New York (11:00 UTC); the member, in London, had Thursday's already.
    claim = first_claim(_checkin(THU_7_NY, 7 * 60), LONDON, date(2026, 3, 12), THU_7_NY)
    assert claim.move_to == datetime(2026, 3, 13, 7, tzinfo=UTC)


def test_a_check_in_queued_elsewhere_whose_time_is_now_is_sent_not_moved() -> None:
    # Queued at 07:00 London, claimed at 07:00 New York: its time there is this very moment.
    claim = first_claim(_checkin(THU_7_LONDON, 7 * 60), NEW_YORK, None, THU_7_NY)
    assert claim == FirstClaim(date(2026, 3, 12), False, datetime(2026, 3, 13, 11, tzinfo=UTC))


def test_a_check_in_before_a_later_day_checked_in_is_dropped_and_chains_after_that_day() -> None:
    # Friday had its check-in already (read in another zone): Thursday's gets none, and the next
    # is Saturday's.
    claim = first_claim(_checkin(THU_7_LONDON, 7 * 60), LONDON, date(2026, 3, 13), THU_7_LONDON)
    assert claim == FirstClaim(date(2026, 3, 12), True, datetime(2026, 3, 14, 7, tzinfo=UTC))
