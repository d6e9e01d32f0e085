"""`/remind cancel` with the id of a check-in sent days ago: README says an id that is not one
of the member's pending reminders gets "No pending reminder … of yours". Only the check-in
tried last (claimed or sent just before the cancel, which chained the next) stops the
check-ins when its id is no longer pending. When `Timers.cancel` took any check-in id of the
member's, an old one stopped the current check-ins, and the reply named the old check-in's
time, days past, as "next" (found in review; failed before the fix). The check-in tried last,
cancelled by its id, is not called cancelled: it had gone out. Nor does it stop check-ins
started again since the check-ins were stopped: it chained none of them (found in review)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from tests.discord.harness import ALICE, FakeClock, Harness
from tests.discord.test_checkin_days import pending_checkins, wake_at
from tests.discord.test_reminders_delivery import ME, claim_check_in_at_7

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


async def test_cancelling_the_check_in_just_sent_says_it_was_sent_and_stops_the_next(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})
    [wednesdays] = await harness.store.timers.pending(ME)
    await wake_at(harness, clock, _WED_0700)
    assert await pending_checkins(harness) == [_THU_0700]
    clock.set(_WED_0700.replace(minute=5))  # the old id, from a list read before 07:00
    reply = await harness.invoke("remind cancel", {"reminder": f"#{wednesdays.id}"})
    assert reply.content.startswith(f"Check-in `#{wednesdays.id}` had been sent already."), (
        reply.content
    )
    assert "Your daily check-ins have stopped" in reply.content
    assert await pending_checkins(harness) == []


async def test_cancelling_a_check_in_claimed_for_sending_says_it_may_still_arrive(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    """Claimed at 07:00 by a process that went down before recording its send (a crash): at
    the restart the member cancels it before the runner looks for it. Nothing is resent."""
    _, timer = await claim_check_in_at_7(make_harness, clock)
    clock.advance(timedelta(minutes=1))
    async with make_harness() as restarted:
        reply = await restarted.invoke("remind cancel", {"reminder": f"#{timer.id}"})
        assert reply.content.split("\n")[0] == (
            f"Check-in `#{timer.id}` was being sent as you cancelled it: it may still arrive."
        )
        assert await pending_checkins(restarted) == []
        await wake_at(restarted, clock, clock.now() + timedelta(minutes=1), _THU_0700)
        assert restarted.fake.dm_messages(ALICE.id) == []


async def test_an_old_check_in_id_does_not_stop_the_check_ins_started_since(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})
    [wednesdays] = await harness.store.timers.pending(ME)
    await wake_at(harness, clock, _WED_0700)  # sent; Thursday's chained
    clock.set(datetime(2026, 3, 11, 12, 0, tzinfo=UTC))
    await harness.invoke("checkin", {"time": "off"})
    assert await pending_checkins(harness) == []
    clock.set(datetime(2026, 3, 13, 12, 0, tzinfo=UTC))  # Friday noon: on again
    await harness.invoke("checkin", {"time": "07:00"})
    assert await pending_checkins(harness) == [_SAT_0700]
    reply = await harness.invoke("remind cancel", {"reminder": f"#{wednesdays.id}"})
    assert await pending_checkins(harness) == [_SAT_0700]
    assert reply.content.startswith("No pending reminder"), reply.content
