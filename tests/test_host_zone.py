"""The host's time zone must never leak into what the bot computes or shows.

`make test` already runs the whole suite under a non-UTC `TZ`; these tests also catch a host-zone
read when pytest is started on a UTC machine: they move the process's own zone (TZ + tzset) and
check that every moment, local day and text that depends on a zone comes out the same.
"""

from __future__ import annotations

import time as host_time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.advice import advise, hard_running_fine_from
from bot.core.history import history_span
from bot.core.identify import decode_starts, encode_starts
from bot.core.models import AdviceRules, LegDay, PlannedRun, Profile, RunType
from bot.core.schedule import (
    DailySchedule,
    PostRecord,
    PostStatus,
    latest_slot,
    next_due_post,
    next_post,
)
from bot.core.week import week_back, week_fetch_range
from bot.core.when import Direction, at_local, local_date, parse_when, skipped_day
from bot.core.wording import local_label
from bot.render import ts
from bot.render.mydata import iso_utc
from bot.store.sql.codec import from_epoch, to_epoch

# Odd offsets, daylight saving on either hemisphere, and the far east of the date line, so that
# a host-zone read shifts a moment or a calendar day whichever way it goes.
HOST_ZONES = ("Australia/Lord_Howe", "America/St_Johns", "Pacific/Kiritimati", "Asia/Kathmandu")
# The member lives in none of the host zones.
MEMBER = ZoneInfo("America/Los_Angeles")
# Sunday 6 Dec 2026 23:30 in Los Angeles (UTC-8) is Monday 07:30 UTC: the member's day and week
# differ from UTC's, so a read in the wrong zone lands on another day.
NOW = datetime(2026, 12, 7, 7, 30, 15, tzinfo=UTC)
RULES = AdviceRules()


@pytest.fixture
def host_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Switch this process's local zone, as a host set to that zone would have it."""

    def switch(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        host_time.tzset()

    yield switch
    monkeypatch.undo()
    host_time.tzset()


def observations() -> dict[str, object]:
    """Every zone-dependent result the core, the renderer and the store's clock produce."""
    leg_day = LegDay(at=NOW - timedelta(hours=20, seconds=33), is_hard=True, exercises=3)
    verdict = advise(PlannedRun(run_type=RunType.TEMPO, at=NOW), [leg_day], Profile(), RULES)
    schedule = DailySchedule(
        post_time=time(7, 0), timezone=MEMBER, effective_at=NOW - timedelta(days=30)
    )
    week = week_back(NOW, MEMBER, 0)
    return {
        "local_date": local_date(NOW, MEMBER),
        "at_local": at_local(date(2026, 12, 6), time(18, 0), MEMBER),
        "yesterday_18": parse_when("yesterday 18:00", now=NOW, tz=MEMBER, direction=Direction.PAST),
        "tomorrow": parse_when("tomorrow 7am", now=NOW, tz=MEMBER, direction=Direction.FUTURE),
        "bare_date": parse_when("2026-12-05", now=NOW, tz=MEMBER, direction=Direction.PAST),
        "week": week,
        "week_fetch": week_fetch_range(week, MEMBER, RULES),
        "history_span": history_span(7, NOW, MEMBER),
        "label": local_label(NOW, MEMBER, NOW),
        "fine_from": hard_running_fine_from(leg_day.at, RULES),
        "verdict_ready_at": verdict.ready_at,
        "latest_slot": latest_slot(NOW, schedule),
        "next_post": next_post(NOW, schedule, None, catch_up=timedelta(hours=1)),
        "discord_timestamp": ts(NOW),
        "export_time": iso_utc(NOW),
        "starts": decode_starts(encode_starts([NOW.replace(microsecond=0)])),
        "epoch": (to_epoch(NOW), from_epoch(to_epoch(NOW))),
    }


def test_the_host_zone_really_moves(host_zone: Callable[[str], None]) -> None:
    """The switch works, so the comparison below compares different hosts."""
    host_zone("Australia/Lord_Howe")
    # 7 Dec is summer in Lord Howe: +11:00.
    assert host_time.localtime(NOW.timestamp()).tm_gmtoff == 11 * 3600
    host_zone("America/St_Johns")
    assert host_time.localtime(NOW.timestamp()).tm_gmtoff == -(3 * 3600 + 30 * 60)


@pytest.mark.parametrize("zone", HOST_ZONES)
def test_nothing_depends_on_the_host_zone(zone: str, host_zone: Callable[[str], None]) -> None:
    host_zone("UTC")
    on_utc = observations()
    host_zone(zone)
    assert observations() == on_utc


@pytest.mark.parametrize("zone", ("UTC", *HOST_ZONES))
def test_member_days_and_moments_follow_the_member_zone(
    zone: str, host_zone: Callable[[str], None]
) -> None:
    """The values themselves, worked out by hand for Los Angeles (UTC-8 in December), where it
    is still Sunday while every host zone here is already on Monday."""
    host_zone(zone)
    seen = observations()
    assert seen["local_date"] == date(2026, 12, 6)
    assert seen["at_local"] == datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
    assert seen["yesterday_18"] == datetime(2026, 12, 6, 2, 0, tzinfo=UTC)
    assert seen["tomorrow"] == datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
    assert seen["bare_date"] == datetime(2026, 12, 5, 20, 0, tzinfo=UTC)
    week = week_back(NOW, MEMBER, 0)
    assert (week.monday, week.start) == (date(2026, 11, 30), datetime(2026, 11, 30, 8, tzinfo=UTC))
    assert seen["label"] == "Sun 6 Dec 23:30"
    assert seen["discord_timestamp"] == "<t:1796628615:F>"
    assert seen["export_time"] == "2026-12-07T07:30:15Z"


def test_the_latest_post_slot_is_the_clubs_day_not_the_hosts(
    host_zone: Callable[[str], None],
) -> None:
    """At 12:00 UTC on 7 December it is already 01:00 on 8 December in Auckland (+13): the
    club's 00:30 post of the 8th is the latest slot, whatever day it is on the host."""
    auckland = ZoneInfo("Pacific/Auckland")
    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    schedule = DailySchedule(
        post_time=time(0, 30), timezone=auckland, effective_at=now - timedelta(days=30)
    )
    for zone in ("UTC", *HOST_ZONES):
        host_zone(zone)
        slot = latest_slot(now, schedule)
        assert (slot.local_date, slot.at) == (
            date(2026, 12, 8),
            datetime(2026, 12, 7, 11, 30, tzinfo=UTC),
        )
        assert next_post(now, schedule, None, catch_up=timedelta(minutes=10)) == datetime(
            2026, 12, 8, 11, 30, tzinfo=UTC
        )


def test_the_next_post_is_the_clubs_today_even_two_days_behind_the_host(
    host_zone: Callable[[str], None],
) -> None:
    """At 10:00 UTC on Tuesday 8 December it is still 23:00 on Monday the 7th in Pago Pago
    (UTC-11), and already 00:00 on Wednesday the 9th in Kiritimati (UTC+14). The club's 23:30
    post of Monday is the next one: 10:30 UTC, whatever day it is on the host; with Sunday's
    sent, the scheduler wakes for it then."""
    pago_pago = ZoneInfo("Pacific/Pago_Pago")
    now = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)
    schedule = DailySchedule(
        post_time=time(23, 30), timezone=pago_pago, effective_at=now - timedelta(days=30)
    )
    sunday = datetime(2026, 12, 7, 10, 30, tzinfo=UTC)  # Sunday 6 December 23:30 in Pago Pago
    sent = PostRecord(
        guild_id=1,
        local_date=date(2026, 12, 6),
        slot_at=sunday,
        status=PostStatus.SENT,
        updated_at=sunday,
    )
    for zone in ("UTC", *HOST_ZONES):
        host_zone(zone)
        assert next_post(now, schedule, None, catch_up=timedelta(minutes=10)) == datetime(
            2026, 12, 8, 10, 30, tzinfo=UTC
        )
        assert next_due_post(now, schedule, sent, catch_up=timedelta(minutes=10)) == datetime(
            2026, 12, 8, 10, 30, tzinfo=UTC
        )


def test_the_day_a_skipped_time_was_asked_on_is_the_members_not_the_hosts(
    host_zone: Callable[[str], None],
) -> None:
    """Beirut's clocks jump from 00:00 to 01:00 on Sunday 28 March 2027: Sunday's 00:30 lands
    on 01:30, which is still Saturday 22:30 in UTC (and in St John's), already Sunday
    afternoon in Kiritimati. It was asked on Sunday, whatever day it is on the host."""
    beirut = ZoneInfo("Asia/Beirut")
    moved = at_local(date(2027, 3, 28), time(0, 30), beirut)
    assert moved == datetime(2027, 3, 27, 22, 30, tzinfo=UTC)
    for zone in ("UTC", *HOST_ZONES):
        host_zone(zone)
        assert skipped_day(moved, time(0, 30), beirut) == date(2027, 3, 28)
