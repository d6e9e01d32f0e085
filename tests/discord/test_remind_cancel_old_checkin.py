"""`/remind cancel` with the id of a check-in sent days ago: README says an id that is not one
of the member's pending reminders gets "No pending reminder … of yours". Only the check-in
tried last (claimed or sent just before the cancel, which chained the next) stops the
check-ins when its id is no longer pending. When `Timers.cancel` took any check-in id of the
member's, an old one stopped the current check-ins, and the reply named the old check-in's
time, days past, as "next" (found in review; failed before the fix)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.discord.harness import FakeClock, Harness
from tests.discord.test_checkin_days import pending_checkins, wake_at
from tests.discord.test_reminders_delivery import ME

_WED_0700 = datetime(2026, 3, 11, 7, 0, tzinfo=UTC)
_THU_0700 = datetime(2026, 3, 12, 7, 0, tzinfo=UTC)
_FRI_0700 = datetime(2026, 3, 13, 7, 0, tzinfo=UTC)
_SAT_0700 = datetime(2026, 3, 14, 7, 0, tzinfo=UTC)


async def test_cancelling_a_check_in_sent_days_ago_is_no_pending_reminder(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})
    [wednesdays] = await harness.store.timers.pending(ME)
    await wake_at(harness, clock, _WED_0700, _THU_0700, _FRI_0700)
    assert await pending_checkins(harness) == [_SAT_0700]
    clock.set(datetime(2026, 3, 13, 12, 0, tzinfo=UTC))  # Friday noon: Wednesday's is long sent
    reply = await harness.invoke("remind cancel", {"reminder": f"#{wednesdays.id}"})
    assert reply.content.startswith("No pending reminder"), reply.content
    assert await pending_checkins(harness) == [_SAT_0700]
