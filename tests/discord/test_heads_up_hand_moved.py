"""Hand edits win for the heads-up too: an interested member goes by what the event shows in
Discord, once an admin moved the event, or cancelled or moved one of its occurrences (Discord's
event exceptions), and by their own answer for one occurrence.

The instants of test_heads_up.py: a Thursday 18:30 hills session in Europe/London (GMT in
March 2026) first starts Thursday 12 March 18:30 UTC, its heads-up at 15:30 UTC. A hard leg day
on Tuesday 10 March 19:30 makes that start 47 hours after it, a WAIT (rule 1: W = 48 hours);
20:00, 48 h 30 min after it, is a GO (rule 4).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from tests.discord.harness import ALICE, BOB, FakeClock, Harness, discord_ts
from tests.discord.test_heads_up import (
    HEADS_UP,
    HILLS,
    LONDON,
    START,
    add_session,
    dms_to,
    fire,
    hard_leg_day,
)

TUESDAY_LEG_DAY = datetime(2026, 3, 10, 19, 30, tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat()


async def test_a_heads_up_judges_the_start_an_admin_moved_the_event_to(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    moved = datetime(2026, 3, 12, 20, 0, tzinfo=UTC)  # 90 minutes later, the same evening
    async with make_harness(config=LONDON) as club:
        event_id = await add_session(club, HILLS)
        await club.invoke("profile", {"heads_up": "all"})  # a GO is told too
        clock.set(TUESDAY_LEG_DAY)
        await club.invoke("legday", {"exercises": 4})
        club.fake.events.mark_interested(event_id, ALICE.id)
        club.fake.events.edit_by_hand(
            event_id,
            scheduled_start_time=iso(moved),
            scheduled_end_time=iso(moved.replace(hour=21)),
        )
        # 15:30 is the session's heads-up time, not yet the moved event's (17:00): a WAIT for
        # 18:30 would be wrong, and a GO for 20:00 early.
        clock.set(HEADS_UP)
        assert dms_to(await fire(club)) == {}
        clock.set(datetime(2026, 3, 12, 17, 0, tzinfo=UTC))
        [dm] = dms_to(await fire(club))[ALICE.id]
        embed = dm["embeds"][0]
        assert embed["title"].startswith("Heads-up · GO")
        assert discord_ts(moved) in embed["description"]
        assert discord_ts(START) not in embed["description"]
        clock.set(datetime(2026, 3, 12, 17, 5, tzinfo=UTC))
        assert dms_to(await fire(club)) == {}  # once


@pytest.mark.parametrize(
    "moved",
    [datetime(2026, 3, 13, 20, 0, tzinfo=UTC), datetime(2026, 3, 12, 14, 0, tzinfo=UTC)],
    ids=["to-the-next-evening", "to-before-the-reads"],
)
async def test_an_event_moved_beyond_the_reads_gets_no_heads_up_for_the_sessions_start(
    make_harness: Callable[..., Harness], clock: FakeClock, moved: datetime
) -> None:
    # Moved to Friday 20:00, when Alice's hard leg day is 48 hours old (a GO), or to 14:00,
    # before the first read: she must not be told "WAIT" for a Thursday 18:30 start the event
    # no longer has, at any read before it.
    async with make_harness(config=LONDON) as club:
        event_id = await add_session(club, HILLS)
        await hard_leg_day(club, clock, ALICE)
        club.fake.events.mark_interested(event_id, ALICE.id)
        club.fake.events.edit_by_hand(
            event_id,
            scheduled_start_time=iso(moved),
            scheduled_end_time=iso(moved.replace(minute=59)),
        )
        for minute in range(0, 180, 5):
            clock.set(HEADS_UP + timedelta(minutes=minute))
            assert dms_to(await fire(club)) == {}


async def test_an_occurrence_cancelled_by_hand_tells_nobody_and_the_next_is_told(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    async with make_harness(config=LONDON) as club:
        event_id = await add_session(club, HILLS)
        await club.invoke("profile", {"heads_up": "all"})
        await hard_leg_day(club, clock, ALICE)  # a WAIT for this week's
        club.fake.events.mark_interested(event_id, ALICE.id)
        club.fake.events.change_occurrence_by_hand(event_id, START, canceled=True)
        for minute in (0, 5, 60, 175):
            clock.set(HEADS_UP + timedelta(minutes=minute))
            assert dms_to(await fire(club)) == {}
        clock.set(HEADS_UP + timedelta(days=7))
        [dm] = dms_to(await fire(club))[ALICE.id]
        assert discord_ts(START + timedelta(days=7)) in dm["embeds"][0]["description"]


async def test_an_occurrence_moved_by_hand_is_judged_at_its_new_start(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    moved = datetime(2026, 3, 12, 20, 0, tzinfo=UTC)
    async with make_harness(config=LONDON) as club:
        event_id = await add_session(club, HILLS)
        await club.invoke("profile", {"heads_up": "all"})
        clock.set(TUESDAY_LEG_DAY)
        await club.invoke("legday", {"exercises": 4})
        club.fake.events.mark_interested(event_id, ALICE.id)
        club.fake.events.change_occurrence_by_hand(
            event_id, START, start=moved, end=moved.replace(hour=21)
        )
        clock.set(HEADS_UP)
        assert dms_to(await fire(club)) == {}
        clock.set(datetime(2026, 3, 12, 17, 0, tzinfo=UTC))
        [dm] = dms_to(await fire(club))[ALICE.id]
        assert dm["embeds"][0]["title"].startswith("Heads-up · GO")
        assert discord_ts(moved) in dm["embeds"][0]["description"]


async def test_a_members_answer_for_this_week_alone_is_heard(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    # Both have a hard leg day: a WAIT each. Alice is interested in the series but not this
    # week's run; Bob pressed "Interested" on this week's alone.
    async with make_harness(config=LONDON) as club:
        event_id = await add_session(club, HILLS)
        await hard_leg_day(club, clock, ALICE)
        await hard_leg_day(club, clock, BOB)
        club.fake.events.mark_interested(event_id, ALICE.id)
        club.fake.events.answer_occurrence(event_id, START, ALICE.id, interested=False)
        club.fake.events.answer_occurrence(event_id, START, BOB.id, interested=True)
        clock.set(HEADS_UP)
        told = dms_to(await fire(club))
        assert set(told) == {BOB.id}
        assert told[BOB.id][0]["embeds"][0]["title"].startswith("Heads-up · WAIT")


@pytest.mark.parametrize(("minute", "told"), [(25, True), (30, False)])
async def test_a_move_later_is_told_by_the_last_read_within_its_heads_up_time(
    make_harness: Callable[..., Harness], clock: FakeClock, minute: int, told: bool
) -> None:
    # The reads run from 15:30 every 5 minutes to 18:25, the last before the 18:30 start. An
    # event moved to 21:25 has its heads-up time at 18:25, the last read's; one moved to 21:30
    # at 18:30, after the last read.
    moved = datetime(2026, 3, 12, 21, minute, tzinfo=UTC)
    async with make_harness(config=LONDON) as club:
        event_id = await add_session(club, HILLS)
        await club.invoke("profile", {"heads_up": "all"})
        club.fake.events.mark_interested(event_id, ALICE.id)
        club.fake.events.edit_by_hand(
            event_id,
            scheduled_start_time=iso(moved),
            scheduled_end_time=iso(moved + timedelta(minutes=30)),
        )
        dms = []
        for step in range(0, 36):  # 15:30, 15:35, ... 18:25
            clock.set(HEADS_UP + timedelta(minutes=5 * step))
            dms += dms_to(await fire(club)).get(ALICE.id, [])
        clock.set(START + timedelta(minutes=1))
        dms += dms_to(await fire(club)).get(ALICE.id, [])
    assert [discord_ts(moved) in dm["embeds"][0]["description"] for dm in dms] == (
        [True] if told else []
    )
