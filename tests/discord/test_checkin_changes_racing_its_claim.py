"""`/checkin time:off` (also `/remind cancel` of the next check-in, `/mydata delete`) at the
very moment the runner makes today's check-in's first claim, which chains tomorrow's in the
same transaction. `stop_checkins` (and the member's DELETE) is one statement that does not
take the member's check-in lock: on PostgreSQL, started while the claim's transaction is
open, it waits for the claimed row, then cancels (deletes) it, but never sees the next day's
row the claim inserted, which stays pending and goes out.

Ordered as tests/discord/test_checkin_new_time_racing_its_claim.py orders its two: a third
connection holds the check-in's row lock until both of the bot's statements wait for it.
PostgreSQL only: SQLite runs one write transaction at a time by construction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.discord.harness import FakeClock, Harness
from tests.discord.test_checkin_days import pending_checkins
from tests.discord.test_checkin_new_time_racing_its_claim import WED_0700, beside_wednesdays_claim
from tests.discord.test_reminders_delivery import DM_PATH, ME
from tests.discord.test_reminders_retries import check_ins_per_day

pytestmark = pytest.mark.postgresql_only


async def test_time_off_while_todays_check_in_is_claimed_leaves_no_check_in(
    harness: Harness, clock: FakeClock, database_url: str
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})
    _, cap = await beside_wednesdays_claim(
        harness, clock, database_url, lambda: harness.invoke("checkin", {"time": "off"})
    )
    assert len(cap.to("POST", DM_PATH)) == 1  # Wednesday's check-in went out
    # The member turned check-ins off: none is left, and none comes on the days after.
    assert await pending_checkins(harness) == []
    per_day = await check_ins_per_day(harness, clock, WED_0700 + timedelta(days=2, hours=1))
    assert per_day == {"2026-03-11": 1}


async def test_cancelling_the_check_in_while_it_is_claimed_stops_the_check_ins(
    harness: Harness, clock: FakeClock, database_url: str
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})
    [today] = await harness.store.timers.pending(ME)
    reply, _ = await beside_wednesdays_claim(
        harness,
        clock,
        database_url,
        lambda: harness.invoke("remind cancel", {"reminder": f"#{today.id}"}),
    )
    # The check-in being sent is stopped with the rest, and the reply says they stopped. It
    # does not call the one on its way "Cancelled", nor give its time as "next": it says the
    # DM was being sent (the cancel read it before the send was recorded) or had been.
    first, stopped = reply.content.split("\n")
    assert first in (
        f"Check-in `#{today.id}` was being sent as you cancelled it: it may still arrive.",
        f"Check-in `#{today.id}` had been sent already.",
    ), first
    assert stopped.startswith("Your daily check-ins have stopped"), stopped
    assert await pending_checkins(harness) == []


async def test_deleting_my_data_while_todays_check_in_is_claimed_leaves_no_check_in(
    harness: Harness, clock: FakeClock, database_url: str
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})
    clock.set(WED_0700)  # asked at the claim's moment: its confirmation is still valid then
    message = (await harness.invoke("mydata delete")).created_message
    assert message is not None
    (row,) = message["components"]
    confirm = next(b["custom_id"] for b in row["components"] if b["label"].startswith("Delete"))
    done, _ = await beside_wednesdays_claim(
        harness, clock, database_url, lambda: harness.click(message, confirm)
    )
    assert done.callback is not None
    assert done.callback["data"]["embeds"][0]["title"] == "Deleted"
    assert await pending_checkins(harness) == []


async def test_a_zone_change_while_todays_check_in_is_claimed_moves_the_next_check_in(
    harness: Harness, clock: FakeClock, database_url: str
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})  # the club's zone: UTC
    await beside_wednesdays_claim(
        harness,
        clock,
        database_url,
        lambda: harness.invoke("profile", {"timezone": "America/New_York"}),
    )
    # Thursday 07:00 on the member's new clock: New York is on EDT (UTC-4) from 8 March.
    assert await pending_checkins(harness) == [datetime(2026, 3, 12, 11, 0, tzinfo=UTC)]
