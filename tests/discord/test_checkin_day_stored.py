"""The check-in's stored day (migration 0012, `checkin_day`) where it meets the rest: the
export, a reminder's retry beside a check-in, a retry whose day is over after a move east, one
sent after a move west, `time:off` while one is in flight, and a change of the club's zone. One
check-in DM a day, stopped by `time:off`, every reply saying what will really happen (found by
a second review, each test failing before its fix)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from bot.actions.timers import Fired
from tests.discord.harness import ALICE, FakeClock, Harness
from tests.discord.test_checkin_days import (
    days_asked,
    moved_east_while_tuesdays_check_in_waits_to_retry,
)
from tests.discord.test_reminders import button_ids
from tests.discord.test_reminders_delivery import (
    DM_PATH,
    M,
    claim_check_in_at_7,
    press_remind_me,
    wake,
)

WED_0700 = datetime(2026, 3, 11, 7, 0, tzinfo=UTC)


async def test_export_after_a_check_in_went_out_is_a_json_file_with_its_day(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})  # UTC, the club's zone: Wed 07:00
    clock.set(WED_0700)
    assert len((await wake(harness)).sent) == 1
    result = await harness.invoke("mydata export")
    assert result.files, result.content
    document = json.loads(result.files[0].data)
    [sent] = [t for t in document["timers"] if t["state"] == "sent"]
    assert sent["checkin_day"] == "2026-03-11"  # the day its DM named, as the races' days


async def test_the_checkin_reply_names_no_retry_when_only_a_reminder_waits_to_be_retried(
    harness: Harness, clock: FakeClock
) -> None:
    clock.set(await press_remind_me(harness))
    harness.fake.script("POST", DM_PATH, 503, times=1)
    assert list((await wake(harness, expect_errors=True)).outcomes.values()) == [Fired.RETRY]
    # Alice never had a check-in; she sets her first.
    reply = await harness.invoke("checkin", {"time": "07:00"})
    assert "tried again" not in reply.content, reply.content


async def test_a_retry_that_will_be_dropped_after_a_move_east_is_not_promised(
    harness: Harness, clock: FakeClock
) -> None:
    await moved_east_while_tuesdays_check_in_waits_to_retry(harness, clock)
    reply = await harness.invoke("checkin", {"time": "23:30"})
    listed = (await harness.invoke("remind list", {})).embed["description"]
    clock.advance(M)
    # What really happens to Tuesday's retry: no DM (its day is over in Berlin).
    assert Fired.SENT not in (await wake(harness)).outcomes.values()
    assert harness.fake.dm_messages(ALICE.id) == []
    promised = ["tried again" in reply.content, "being retried" in listed]
    assert promised == [False, False], (reply.content, listed)


@pytest.mark.parametrize("refused_once", [False, True], ids=["sent", "retried"])
async def test_a_check_in_for_the_next_day_after_a_move_west_can_be_answered(
    harness: Harness, clock: FakeClock, refused_once: bool
) -> None:
    await harness.invoke("profile", {"timezone": "Europe/Berlin"})
    await harness.invoke("checkin", {"time": "00:30"})  # Wed 11 March 00:30 Berlin
    clock.set(datetime(2026, 3, 10, 23, 30, tzinfo=UTC))
    if refused_once:
        harness.fake.script("POST", DM_PATH, 503, times=1)
    first = await wake(harness, expect_errors=refused_once)
    clock.advance(M / 2)
    await harness.invoke("profile", {"timezone": "Europe/London"})  # Tue 23:30 there
    clock.advance(M)
    (wednesday,) = [*first.sent, *(await wake(harness)).sent]
    assert "For Wed 11 Mar" in wednesday.json["embeds"][0]["description"]
    # She answers the DM she got, on Tuesday (London): it is Wednesday's answer.
    pressed = await harness.click_dm(
        wednesday.response, button_ids(wednesday.response)["3"], user=ALICE
    )
    assert "soreness 3 for Wed 11 Mar" in pressed.content, pressed.content
    # Still Tuesday where she is: the reply says what /canirun without a soreness does.
    advice = (await harness.invoke("canirun", {"type": "easy"})).embed["description"]
    assert ("uses it today" in pressed.content) == ("Using your" in advice), pressed.content


async def test_off_while_a_check_in_is_in_flight_sends_no_dm_after_the_reply(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    crashed, _ = await claim_check_in_at_7(make_harness, clock)  # Wed 07:00 claimed, then a crash
    clock.advance(M)
    second = make_harness()
    second.fake = crashed.fake  # the same Discord
    async with second:
        off = await second.invoke("checkin", {"time": "off"})
        assert off.content == "Morning check-ins are off."
        # The restarted loop, which would resend a cut-off DM, and then a while on.
        for _ in range(4):
            clock.advance(5 * M)
            await wake(second, expect_errors=True)
        assert second.fake.dm_messages(ALICE.id) == [], "a check-in DM after time:off"


async def test_a_change_of_the_clubs_zone_asks_no_day_twice(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    # Alice has no zone of her own: the club's, Berlin, is hers. Wed 00:30 Berlin = Tue 23:30 UTC.
    first = make_harness(config={"club": {"timezone": "Europe/Berlin"}})
    async with first:
        await first.invoke("checkin", {"time": "00:30"})
        clock.set(datetime(2026, 3, 10, 23, 30, tzinfo=UTC))
        assert len((await wake(first)).sent) == 1
    # The club moves to London (UTC+0); the bot restarts with it.
    second = make_harness(config={"club": {"timezone": "Europe/London"}})
    second.fake = first.fake  # the same Discord
    async with second:
        for moment in (datetime(2026, 3, 11, 23, 30), datetime(2026, 3, 12, 0, 30)):
            clock.set(moment.replace(tzinfo=UTC))
            await wake(second)
        asked = days_asked(second)
    assert max(asked.values()) == 1, f"a day asked twice: {asked}"
