"""`/checkin` given a new time on a day whose check-in went out already (or waits to be retried)
starts the next day: one check-in a day. Before today's went out, the new time is today's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.reminders import TimerKind
from tests.discord.harness import ALICE, FakeClock, Harness
from tests.discord.test_reminders import dms, fire
from tests.discord.test_reminders_delivery import ME, M, wake
from tests.discord.test_reminders_retries import check_in_failed_once, check_ins_per_day

# The club's zone is UTC (the harness's settings), and so is Alice's.
WED_0700 = datetime(2026, 3, 11, 7, 0, tzinfo=UTC)


async def pending_checkins(harness: Harness) -> list[datetime]:
    return [t.due_at for t in await harness.store.timers.pending(ME) if t.kind is TimerKind.CHECKIN]


@pytest.mark.parametrize(
    ("new_time", "first"),
    [
        # Later the same day: Wednesday had its 07:00 check-in, so Thursday's 09:00 is first.
        ("09:00", datetime(2026, 3, 12, 9, 0, tzinfo=UTC)),
        # Earlier on the clock: tomorrow's 06:00 was next anyway.
        ("06:00", datetime(2026, 3, 12, 6, 0, tzinfo=UTC)),
    ],
)
async def test_a_new_time_after_todays_check_in_went_out_starts_tomorrow(
    harness: Harness, clock: FakeClock, new_time: str, first: datetime
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})
    clock.set(WED_0700)
    assert len((await wake(harness)).sent) == 1  # Wednesday's check-in
    clock.set(WED_0700 + timedelta(hours=1))
    reply = await harness.invoke("checkin", {"time": new_time})
    assert f"<t:{int(first.timestamp())}:F>" in reply.content, reply.content
    assert await pending_checkins(harness) == [first]
    per_day = await check_ins_per_day(harness, clock, first + timedelta(hours=1))
    assert per_day == {"2026-03-11": 1, "2026-03-12": 1}


async def test_a_new_time_before_todays_check_in_is_todays(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})
    clock.set(WED_0700)
    await wake(harness)  # Wednesday's check-in
    # Thursday 06:00, before Thursday's 07:00: 08:00 is still Thursday's.
    clock.set(WED_0700 + timedelta(hours=23))
    await harness.invoke("checkin", {"time": "08:00"})
    thursday_0800 = datetime(2026, 3, 12, 8, 0, tzinfo=UTC)
    assert await pending_checkins(harness) == [thursday_0800]


async def test_a_new_time_while_todays_check_in_waits_to_retry_keeps_that_retry(
    harness: Harness, clock: FakeClock
) -> None:
    due = await check_in_failed_once(harness, clock)  # Wednesday 07:00, a 503: a retry waits
    clock.advance(M / 2)
    reply = await harness.invoke("checkin", {"time": "09:00"})
    thursday_0900 = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
    assert f"<t:{int(thursday_0900.timestamp())}:F>" in reply.content, reply.content
    # Wednesday's retry stays (its day is asked once, at the retry); Thursday starts at 09:00.
    assert await pending_checkins(harness) == [due, thursday_0900]
    per_day = await check_ins_per_day(harness, clock, thursday_0900 + timedelta(days=1, hours=1))
    assert per_day == {"2026-03-11": 1, "2026-03-12": 1, "2026-03-13": 1}


async def test_remind_list_shows_a_check_in_waiting_to_retry_beside_the_daily_one(
    harness: Harness, clock: FakeClock
) -> None:
    due = await check_in_failed_once(harness, clock)
    clock.advance(M / 2)
    await harness.invoke("checkin", {"time": "09:00"})
    retry, daily = await harness.store.timers.pending(ME)
    listed = (await harness.invoke("remind list", {})).embed["description"].splitlines()
    assert listed == [
        f"`#{retry.id}` check-in, being retried: next try <t:{int((due + M).timestamp())}:F>",
        f"`#{daily.id}` check-in, daily at 09:00: next"
        f" <t:{int(datetime(2026, 3, 12, 9, 0, tzinfo=UTC).timestamp())}:F>",
    ]


async def test_off_cancels_a_check_in_waiting_to_retry_too(
    harness: Harness, clock: FakeClock
) -> None:
    await check_in_failed_once(harness, clock)
    clock.advance(M / 2)
    await harness.invoke("checkin", {"time": "off"})
    assert await pending_checkins(harness) == []
    assert await check_ins_per_day(harness, clock, WED_0700 + timedelta(days=1, hours=1)) == {}


async def test_a_new_time_after_a_check_in_refused_for_closed_dms_is_todays(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})
    harness.fake.closed_dms.add(ALICE.id)
    clock.set(WED_0700)
    assert [r.status for r in dms(await fire(harness))] == [403]  # check-ins stop
    # Alice opens her DMs and starts them again at 09:00, later that Wednesday: the 403 means
    # Wednesday's check-in never reached her, so 09:00 today is the first.
    harness.fake.closed_dms.discard(ALICE.id)
    clock.set(WED_0700 + timedelta(hours=1))
    await harness.invoke("checkin", {"time": "09:00"})
    wednesday_0900 = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)
    assert await pending_checkins(harness) == [wednesday_0900]
    clock.set(wednesday_0900)
    assert [r.status for r in dms(await fire(harness))] == [200]  # Wednesday's, at last
