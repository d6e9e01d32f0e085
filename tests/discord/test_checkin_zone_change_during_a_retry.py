"""A check-in whose first DM failed for now waits to be retried beside the next day's
check-in its claim chained. A time-zone change in that wait moves the chained one to the new
zone's time and leaves the retrying one, the day's, to go out: one check-in a day, one chain."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.actions.timers import Fired
from tests.discord.harness import ALICE, FakeClock, Harness
from tests.discord.test_reminders_delivery import CHECKIN_TITLE, DM_PATH, ME, M, wake

BERLIN = ZoneInfo("Europe/Berlin")


async def test_a_zone_change_while_a_check_in_waits_to_retry_leaves_one_check_in_a_day(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})  # UTC: the 11th at 07:00 is next
    due = datetime.fromisoformat("2026-03-11T07:00:00+00:00")
    clock.set(due)
    harness.fake.script("POST", DM_PATH, 503, times=1)
    assert list((await wake(harness, expect_errors=True)).outcomes.values()) == [Fired.RETRY]
    # Within the retry's 1-minute backoff, Alice moves to Berlin (UTC+1 in March): her
    # check-ins come at 07:00 Berlin time from now on.
    clock.advance(M / 2)
    await harness.invoke("profile", {"timezone": "Europe/Berlin"})
    # Two days of the bot running, woken every 5 minutes.
    end = due + timedelta(days=2, hours=3)
    while clock.now() < end:
        clock.advance(5 * M)
        await wake(harness, expect_errors=True)
    per_day: dict[str, int] = {}
    for message in harness.fake.dm_messages(ALICE.id):
        assert message["embeds"][0]["title"] == CHECKIN_TITLE
        made = datetime.fromisoformat(message["timestamp"]).astimezone(BERLIN).date()
        per_day[made.isoformat()] = per_day.get(made.isoformat(), 0) + 1
    assert all(n == 1 for n in per_day.values()), f"check-in DMs per Berlin day: {per_day}"
    pending = await harness.store.timers.pending(ME)
    assert len(pending) == 1, f"one chain of check-ins, not {[t.due_at for t in pending]}"
