"""The day a check-in is for, as `/checkin`, a time-zone change and a retry reckon it: the date
its DM says ("For Wed 11 Mar"), the day its buttons answer, kept from its first attempt. The
promise: one check-in a day on the member's calendar, and no day lost to a change of time or
zone (found by an independent review, each test failing before its fix)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest

from bot.actions.timers import Fired
from bot.core.reminders import TimerKind
from tests.discord.harness import ALICE, FakeClock, Harness
from tests.discord.test_checkin_zone_change_days import (
    moved_east_after_tuesdays_check_in,
    moved_west_after_wednesdays_check_in,
)
from tests.discord.test_reminders import fire
from tests.discord.test_reminders_delivery import DM_PATH, ME, M, wake
from tests.discord.test_reminders_retries import check_in_failed_once

# What a check-in DM says of its day: "For Wed 11 Mar".
_FOR_DAY = re.compile(r"\bFor (\w{3} \d{1,2} \w{3})\b")


async def pending_checkins(harness: Harness) -> list[datetime]:
    return [t.due_at for t in await harness.store.timers.pending(ME) if t.kind is TimerKind.CHECKIN]


async def wake_at(harness: Harness, clock: FakeClock, *moments: datetime) -> None:
    """The bot woken at each of `moments`, in turn."""
    for moment in moments:
        clock.set(moment)
        await wake(harness)


def days_asked(harness: Harness) -> Counter[str]:
    """How many check-in DMs Alice got for each day, by the day the DM says it is for."""
    days: Counter[str] = Counter()
    for message in harness.fake.dm_messages(ALICE.id):
        if message["embeds"]:  # a check-in (a button's answer has none)
            days.update(_FOR_DAY.findall(message["embeds"][0]["description"]))
    return days


@pytest.mark.parametrize(
    ("move", "time", "following", "asked"),
    [
        # East: Tuesday had its check-in (UTC); Wednesday, in Berlin, gets its own.
        (
            moved_east_after_tuesdays_check_in,
            "23:30",
            datetime(2026, 3, 11, 22, 30, tzinfo=UTC),  # Wed 23:30 in Berlin
            {"Tue 10 Mar": 1, "Wed 11 Mar": 1},
        ),
        # West: Wednesday had its check-in (Berlin); in London Thursday's is next.
        (
            moved_west_after_wednesdays_check_in,
            "00:30",
            datetime(2026, 3, 12, 0, 30, tzinfo=UTC),  # Thu 00:30 in London
            {"Wed 11 Mar": 1, "Thu 12 Mar": 1},
        ),
    ],
)
async def test_the_same_time_again_after_a_move_keeps_one_check_in_a_day(
    harness: Harness,
    clock: FakeClock,
    move: Callable[[Harness, FakeClock], Awaitable[object]],
    time: str,
    following: datetime,
    asked: dict[str, int],
) -> None:
    await move(harness, clock)
    assert await pending_checkins(harness) == [following]
    # She confirms her time, unchanged: nothing moves.
    reply = await harness.invoke("checkin", {"time": time})
    assert await pending_checkins(harness) == [following], reply.content
    assert f"<t:{int(following.timestamp())}:F>" in reply.content
    while clock.now() < following:  # the bot runs on, woken every 15 minutes
        clock.advance(15 * M)
        await fire(harness)
    assert days_asked(harness) == asked, reply.content


async def test_a_move_east_and_straight_back_keeps_the_next_days_check_in(
    harness: Harness, clock: FakeClock
) -> None:
    await moved_east_after_tuesdays_check_in(harness, clock)  # Wed 00:45 in Berlin
    # A slip: five minutes later she sets her zone back (Tue 23:50 in London, UTC+0).
    clock.set(datetime(2026, 3, 10, 23, 50, tzinfo=UTC))
    reply = await harness.invoke("profile", {"timezone": "Europe/London"})
    # Tuesday had its check-in; Wednesday's 23:30 is next, as before the slip.
    wednesday_2330 = datetime(2026, 3, 11, 23, 30, tzinfo=UTC)
    assert await pending_checkins(harness) == [wednesday_2330], reply.embed["description"]
    clock.set(wednesday_2330)
    await fire(harness)
    assert days_asked(harness) == {"Tue 10 Mar": 1, "Wed 11 Mar": 1}, "Wednesday was skipped"


async def moved_east_while_tuesdays_check_in_waits_to_retry(
    harness: Harness, clock: FakeClock
) -> None:
    """Alice's 23:30 check-in (UTC) on Tuesday 10 March meets a 503; half a minute later, while
    it waits to be retried, she moves to Berlin, where it is Wed 00:30. The retry is Tuesday's,
    and Tuesday is over where she is now."""
    await harness.invoke("checkin", {"time": "23:30"})
    clock.set(datetime(2026, 3, 10, 23, 30, tzinfo=UTC))
    harness.fake.script("POST", DM_PATH, 503, times=1)
    assert list((await wake(harness, expect_errors=True)).outcomes.values()) == [Fired.RETRY]
    clock.advance(M / 2)
    await harness.invoke("profile", {"timezone": "Europe/Berlin"})


async def test_a_check_in_waiting_to_retry_across_an_eastward_move_asks_no_day_twice(
    harness: Harness, clock: FakeClock
) -> None:
    # The retry is dropped, as any check-in of a day gone by.
    await moved_east_while_tuesdays_check_in_waits_to_retry(harness, clock)
    clock.advance(M)
    assert Fired.SENT not in (await wake(harness)).outcomes.values()
    assert [t.state for t in await harness.store.timers.pending(ME) if t.attempts] == []
    # The bot runs on to Wednesday 23:30 Berlin (22:30 UTC) and to Thursday's.
    await wake_at(
        harness,
        clock,
        datetime(2026, 3, 11, 22, 30, tzinfo=UTC),
        datetime(2026, 3, 12, 22, 30, tzinfo=UTC),
    )
    asked = days_asked(harness)
    assert max(asked.values()) == 1, f"a day asked twice: {asked}"


async def test_off_then_a_new_time_after_a_made_but_unanswered_check_in_asks_that_day_once(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})  # UTC: Wed 11 March 07:00
    clock.set(datetime(2026, 3, 11, 7, 0, tzinfo=UTC))
    # Discord makes the DM and its answer is lost: the bot retries (it may have been made).
    harness.fake.lose_answer("POST", DM_PATH, made=True)
    assert list((await wake(harness, expect_errors=True)).outcomes.values()) == [Fired.RETRY]
    clock.advance(M / 2)
    await harness.invoke("checkin", {"time": "off"})
    reply = await harness.invoke("checkin", {"time": "09:00"})
    await wake_at(
        harness,
        clock,
        datetime(2026, 3, 11, 9, 0, tzinfo=UTC),
        datetime(2026, 3, 12, 9, 0, tzinfo=UTC),
    )
    assert days_asked(harness) == {"Wed 11 Mar": 1, "Thu 12 Mar": 1}, reply.content


@pytest.mark.parametrize("cancelled", ["the one waiting to retry", "the next day's"])
async def test_cancelling_a_check_in_stops_the_check_ins_as_the_reply_says(
    harness: Harness, clock: FakeClock, cancelled: str
) -> None:
    await check_in_failed_once(harness, clock)  # Wed 11 March 07:00 UTC: a 503, a retry waits
    clock.advance(M / 2)
    await harness.invoke("checkin", {"time": "09:00"})  # Wednesday's retry kept; Thursday 09:00
    # /remind list shows both: Wednesday's, waiting to retry (the soonest), and Thursday's.
    waiting, following = [
        t for t in await harness.store.timers.pending(ME) if t.kind is TimerKind.CHECKIN
    ]
    assert waiting.attempts == 1 and following.attempts == 0
    timer = waiting if cancelled == "the one waiting to retry" else following
    reply = await harness.invoke("remind cancel", {"reminder": f"#{timer.id}"})
    assert "Your daily check-ins have stopped" in reply.content
    await wake_at(
        harness,
        clock,
        datetime(2026, 3, 11, 7, 2, tzinfo=UTC),  # past the retry's time
        datetime(2026, 3, 12, 9, 0, tzinfo=UTC),
        datetime(2026, 3, 13, 9, 0, tzinfo=UTC),
    )
    assert days_asked(harness) == {}, "check-ins went on after the reply said they stopped"


async def test_the_reply_to_a_new_time_says_when_the_next_check_in_really_comes(
    harness: Harness, clock: FakeClock
) -> None:
    await check_in_failed_once(harness, clock)  # Wed 11 March 07:00 UTC: a 503, a retry waits
    clock.advance(M / 2)
    reply = await harness.invoke("checkin", {"time": "09:00"})
    # The soonest moment the reply names (today's retry, or the new time's first).
    said = min(int(moment) for moment in re.findall(r"<t:(\d+):[FR]>", reply.content))
    await wake_at(
        harness,
        clock,
        datetime(2026, 3, 11, 7, 2, tzinfo=UTC),
        datetime(2026, 3, 12, 9, 0, tzinfo=UTC),
    )
    first = harness.fake.dm_messages(ALICE.id)[0]
    came = datetime.fromisoformat(first["timestamp"])
    assert came >= datetime.fromtimestamp(said, UTC), (reply.content, came)
