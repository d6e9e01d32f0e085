"""The admin's changes to single occurrences that the bot makes again after its own move (Discord
drops them when the weekly rule changes): only those that change something. Discord keeps an
exception that changes nothing (an occurrence cancelled in its client and then restored), and
refuses to create one without `is_canceled`, `scheduled_start_time` or `scheduled_end_time`
(180005, discord-userdoccers' Create Guild Scheduled Event Exception): asking cost an invalid
request and a traceback in the log at every move.

Instants as in test_heads_up_event_drift.py: Europe/London goes to BST on Sunday 29 March
2026; a Tuesday 18:00 session added on Monday 23 March starts at 18:00 UTC on the 24th, and
the read at 14:00 UTC on the 31st moves the event to 17:00 UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from tests.discord.harness import GUILD_A, FakeClock, Harness
from tests.discord.test_heads_up_event_drift import (
    ADDED,
    FIRST_START,
    SECOND_HEADS_UP,
    SECOND_START,
    interested_into_the_bst_week,
)
from tests.discord.test_session_zone_change import fire, heads_ups_to_alice, iso


async def test_an_occurrence_cancelled_and_restored_by_hand_is_not_asked_of_discord_again(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    clock.set(ADDED)
    async with make_harness(config={"club": {"timezone": "Europe/London"}}) as h:
        event_id = await interested_into_the_bst_week(h, clock)
        first_bst = FIRST_START + timedelta(days=7)  # by the rule: 31 March 18:00 UTC
        # Cancelled, then restored in the client: the exception stays, changing nothing.
        h.fake.events.change_occurrence_by_hand(event_id, first_bst)
        # The week after, cancelled for good.
        h.fake.events.change_occurrence_by_hand(
            event_id, first_bst + timedelta(days=7), canceled=True
        )
        clock.set(SECOND_HEADS_UP)
        cap = await fire(h)
        [event] = h.fake.events.in_guild(GUILD_A.id)
        assert h.fake.events.violations == []
    assert event["scheduled_start_time"] == iso(SECOND_START)  # moved
    posted = [r.json for r in cap.requests if r.method == "POST" and r.path.endswith("/exceptions")]
    week_after = SECOND_START + timedelta(days=7)
    assert posted == [{"original_scheduled_start_time": iso(week_after), "is_canceled": True}]
    # The restored occurrence is on: Alice is told about it.
    assert len(heads_ups_to_alice(cap)) == 1
