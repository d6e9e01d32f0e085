"""The pure rules a `[club] timezone` change moves check-ins by: a zone's offsets around now
(what the store's read compares due times with) and where an untried check-in belongs. The
expected moments are the published rules written out (the EU's clocks change at 01:00 UTC on
the last Sunday of March; the US's at 02:00 local on the second Sunday of March)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.core.reminders import (
    FirstClaim,
    Timer,
    TimerKind,
    checkin_in_zone,
    first_claim,
    offset_spans,
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
