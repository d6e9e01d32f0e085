"""Issue 18, point 13: a change of /profile timezone moves the pending check-in to the same
clock time in the new zone, keeping its id, and the reply says to when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.reminders import TimerKind
from tests.discord.harness import FakeClock, Harness, discord_ts
from tests.discord.test_reminders import dms, fire, wait_with_button
from tests.discord.test_reminders_edit import ME


async def test_the_checkin_keeps_its_id_and_the_reply_says_where_it_moved(
    harness: Harness, clock: FakeClock
) -> None:
    # Tue 10 Mar 2026 09:00 UTC; New York is on daylight time (UTC-4) since 8 March.
    await harness.invoke("legday", {"exercises": 4})
    message, custom_id = await wait_with_button(harness)
    await harness.click(message, custom_id)  # reminder #1
    await harness.invoke("checkin", {"time": "07:00"})  # the club's zone (UTC): #2, Wed 07:00
    [before] = [t for t in await harness.store.timers.pending(ME) if t.kind is TimerKind.CHECKIN]
    assert before.due_at == datetime(2026, 3, 11, 7, 0, tzinfo=UTC)

    result = await harness.invoke("profile", {"timezone": "America/New_York"})
    seven_in_new_york = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)  # today, 05:00 there now
    description = result.embed["description"]
    assert f"Your next check-in (`#{before.id}`) moved to {discord_ts(seven_in_new_york)}" in (
        description
    )
    assert "07:00 on your clock in America/New_York" in description

    [after] = [t for t in await harness.store.timers.pending(ME) if t.kind is TimerKind.CHECKIN]
    assert (after.id, after.due_at) == (before.id, seven_in_new_york)
    listed = (await harness.invoke("remind list")).embed["description"]
    assert f"`#{before.id}` check-in, daily at 07:00: next {discord_ts(seven_in_new_york)}" in (
        listed
    )

    clock.set(seven_in_new_york - timedelta(seconds=1))
    assert dms(await fire(harness)) == []
    clock.set(seven_in_new_york)
    (sent,) = dms(await fire(harness))
    assert sent.json["embeds"][0]["title"].startswith("Morning check-in")


async def test_a_zone_change_without_a_checkin_says_nothing_of_one(harness: Harness) -> None:
    result = await harness.invoke("profile", {"timezone": "America/New_York"})
    assert "check-in" not in result.embed["description"]


async def test_a_checkin_moved_to_a_time_the_new_zones_clocks_skip_says_so(
    harness: Harness, clock: FakeClock
) -> None:
    """A 02:30 check-in moved to New York on Saturday 13 March 2027 comes the next night, when
    the clocks jump from 02:00 to 03:00: at 03:30. "02:30 on your clock" beside a 03:30 needs
    the word a skipped time gets."""
    clock.set(datetime(2027, 3, 13, 17, 0, tzinfo=UTC))  # Saturday 12:00 in New York
    await harness.invoke("checkin", {"time": "02:30"})  # the club's zone (UTC): Sun 02:30 UTC
    result = await harness.invoke("profile", {"timezone": "America/New_York"})
    moved_to = datetime(2027, 3, 14, 7, 30, tzinfo=UTC)  # 03:30 EDT
    assert result.embed["description"].endswith(
        f"moved to {discord_ts(moved_to)} ({discord_ts(moved_to, 'R')}): 02:30 on your clock in"
        " America/New_York.\nThere was no 02:30 on Sun 14 Mar in America/New_York: the clocks"
        f" jumped forward, so it was moved to 03:30 ({discord_ts(moved_to)})."
    )
