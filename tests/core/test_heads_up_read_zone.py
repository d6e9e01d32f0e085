"""Where a pending heads-up read belongs once the club's zone (or the lead) changed while the
bot was down: `read_in_zone` with the session's `first_read`, pure.

A session on Tuesdays at 18:00, with the 3-hour lead. In Asia/Tokyo (UTC+9, no daylight
saving) Tuesday 10 March 2026 18:00 is 09:00 UTC, so its heads-up is at 06:00 UTC; in UTC the
start is 18:00 UTC and the heads-up 15:00 UTC. The week after, the same times on 17 March.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.core.clubpost import ClubSession, Weekday
from bot.core.models import RunType
from bot.core.session_events import REREAD_EVERY, first_read
from bot.core.session_events import read_in_zone as placed

TOKYO = ZoneInfo("Asia/Tokyo")
UTC_ZONE = ZoneInfo("UTC")
TUESDAY = ClubSession(weekday=Weekday.TUESDAY, start=time(18, 0), run_type=RunType.EASY)
HOURS = 3.0


def read_in_zone(
    due_at: datetime, session: ClubSession, zone: ZoneInfo, now: datetime, hours: float
) -> datetime:
    return placed(due_at, first_read(session, zone, now, hours))


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def test_a_read_queued_in_the_zone_west_of_the_new_one_comes_at_the_new_heads_up() -> None:
    # Queued at UTC's heads-up (15:00), after Tokyo's start (09:00): moved to 06:00.
    assert read_in_zone(utc(10, 15), TUESDAY, TOKYO, utc(9, 9), HOURS) == utc(10, 6)


def test_a_read_queued_for_next_week_in_the_zone_east_comes_this_week_in_the_new_one() -> None:
    # Tokyo's Tuesday had started (09:00 UTC) and its chain waited for 17 March 06:00 UTC; in
    # UTC this Tuesday's 18:00 is still ahead, its heads-up at 15:00.
    assert read_in_zone(utc(17, 6), TUESDAY, UTC_ZONE, utc(10, 10), HOURS) == utc(10, 15)


def test_past_the_new_heads_up_time_but_before_the_start_the_read_comes_now() -> None:
    now = utc(10, 7)
    assert read_in_zone(utc(10, 15), TUESDAY, TOKYO, now, HOURS) == now


def test_a_longer_lead_brings_the_read_earlier() -> None:
    # 6 hours before 18:00 UTC is 12:00; the read was queued for the 3-hour lead's 15:00.
    assert read_in_zone(utc(10, 15), TUESDAY, UTC_ZONE, utc(9, 9), 6.0) == utc(10, 12)


def test_a_read_already_where_it_belongs_stays() -> None:
    assert read_in_zone(utc(10, 6), TUESDAY, TOKYO, utc(9, 9), HOURS) == utc(10, 6)


def test_a_reread_before_the_start_stays() -> None:
    now = utc(10, 7)
    assert read_in_zone(now + REREAD_EVERY, TUESDAY, TOKYO, now, HOURS) == now + REREAD_EVERY


def test_a_read_queued_early_stays_for_the_read_itself_to_move_it_later() -> None:
    # A shorter lead, or a zone further west: the read, when it fires, waits for its time.
    assert read_in_zone(utc(10, 6), TUESDAY, UTC_ZONE, utc(9, 9), HOURS) == utc(10, 6)


def test_a_read_overdue_after_downtime_stays_and_fires_at_once() -> None:
    assert read_in_zone(utc(10, 5), TUESDAY, TOKYO, utc(10, 8), HOURS) == utc(10, 5)


def test_within_a_reread_of_the_start_the_chain_waits_for_next_week() -> None:
    # 08:57 UTC, three minutes before Tokyo's start: the last read chained next week's.
    now = utc(10, 8, 57)
    assert read_in_zone(utc(17, 6), TUESDAY, TOKYO, now, HOURS) == utc(17, 6)
    # Next week's, queued at UTC's heads-up time, comes at Tokyo's.
    assert read_in_zone(utc(17, 15), TUESDAY, TOKYO, now, HOURS) == utc(17, 6)
    # At exactly a re-read before the start, a read chains next week's too (next_read).
    assert read_in_zone(utc(17, 6), TUESDAY, TOKYO, utc(10, 8, 55), HOURS) == utc(17, 6)


ZONES = [UTC_ZONE, TOKYO, ZoneInfo("America/Los_Angeles"), ZoneInfo("Pacific/Kiritimati")]
MOMENTS = st.datetimes(
    min_value=datetime(2026, 3, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC)
)


@given(
    due_at=MOMENTS,
    now=MOMENTS,
    zone=st.sampled_from(ZONES),
    hours=st.sampled_from([0.5, 3.0, 48.0]),
)
def test_a_read_is_only_ever_brought_earlier_never_before_now_and_once(
    due_at: datetime, now: datetime, zone: ZoneInfo, hours: float
) -> None:
    placed = read_in_zone(due_at, TUESDAY, zone, now, hours)
    # Never after the chain's first read in the zone (and a re-read's leeway): no occurrence
    # is skipped; never moved later, nor before now.
    assert placed <= first_read(TUESDAY, zone, now, hours) + REREAD_EVERY
    assert placed <= due_at
    assert placed == due_at or placed >= now
    assert read_in_zone(placed, TUESDAY, zone, now, hours) == placed
    # Never further than a week and the lead from now: the session is weekly.
    assert placed == due_at or placed - now <= timedelta(days=7)
