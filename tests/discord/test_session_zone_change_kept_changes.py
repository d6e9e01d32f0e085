"""A change of the club's zone moves a session's event to its start in the new zone, and the
bot makes again the admin's changes to single occurrences that the move made Discord drop,
keyed by the occurrence's start by the event's new weekly rule: Discord expands that rule in
UTC, every 7 x 24 hours, so an occurrence past a clock change of the new zone starts by the
rule an hour off the session's wall-clock time there, until the bot's move at that change.
Keyed at the wall-clock time instead, the cancellation named no occurrence of the event
(Discord's spec: "the original start time of the occurrence").

The club starts on the config's zone, UTC. A Tuesday 18:00 session added on Monday 5 October
2026 starts at 18:00 UTC. Set to Europe/London that day (BST, UTC+1; the clocks go back on
Sunday 25 October), its event starts on 6 October at 17:00 UTC, and its rule repeats at 17:00
UTC: 3 November's occurrence by the rule is at 17:00 UTC, though 18:00 GMT is 18:00 UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from tests.discord.harness import GUILD_A, FakeClock, Harness
from tests.discord.test_session_zone_change import add, iso, patches, set_zone


async def test_an_occurrence_cancelled_past_the_new_zones_clock_change_stays_cancelled(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    clock.set(datetime(2026, 10, 5, 9, 0, tzinfo=UTC))
    async with make_harness() as h:
        event_id = await add(h)
        holiday = datetime(2026, 11, 3, 18, 0, tzinfo=UTC)  # by the rule in UTC
        h.fake.events.change_occurrence_by_hand(event_id, holiday, canceled=True)
        result = await set_zone(h, "Europe/London")
        [patch] = patches(result)
        assert patch["recurrence_rule"]["start"] == iso(datetime(2026, 10, 6, 17, 0, tzinfo=UTC))
        posted = [
            r.json for r in result.requests if r.method == "POST" and r.path.endswith("/exceptions")
        ]
        by_the_new_rule = datetime(2026, 11, 3, 17, 0, tzinfo=UTC)
        assert posted == [
            {"original_scheduled_start_time": iso(by_the_new_rule), "is_canceled": True}
        ]
        assert h.fake.events.violations == []
        [event] = h.fake.events.in_guild(GUILD_A.id)
        [kept] = event["guild_scheduled_event_exceptions"]
        assert kept["is_canceled"] is True
