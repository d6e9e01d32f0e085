"""The pure rules a `[club] timezone` change moves check-ins by: a zone's offsets around now
(what the store's read compares due times with) and where an untried check-in belongs. The
expected moments are the published rules written out (the EU's clocks change at 01:00 UTC on
the last Sunday of March; the US's at 02:00 local on the second Sunday of March)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.core.reminders import checkin_in_zone, offset_spans

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
