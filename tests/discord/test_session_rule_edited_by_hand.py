"""An admin who changes how the club's event repeats in Discord's client (every other week, or
not at all) edited it by hand: the bot leaves it as they set it, as it does a new name, place,
time or length. Its own moves send a weekly rule, so a move after such a change set the series
back to every week (README: "Hand edits win ... never changed back").

The club is in Europe/London; the clocks go back on Sunday 25 October 2026, so a Thursday
18:30 session is at 17:30 UTC on the 22nd and at 18:30 UTC from the 29th: the first list after
the change moves an event that is still the bot's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.discord.harness import GUILD_A, FakeClock, Harness
from tests.discord.test_session_events import HILLS, LINK, LONDON, listing, rows, sent


@pytest.fixture
async def club(make_harness: Callable[..., Harness]) -> AsyncIterator[Harness]:
    async with make_harness(config=LONDON) as h:
        yield h


async def _published(club: Harness, clock: FakeClock) -> dict[str, Any]:
    clock.set(datetime(2026, 10, 20, 9, 0, tzinfo=UTC))
    await club.invoke("club session add", HILLS)
    [event] = club.fake.events.in_guild(GUILD_A.id)
    assert event["scheduled_start_time"] == "2026-10-22T17:30:00+00:00"  # 18:30 BST
    assert event["recurrence_rule"]["interval"] == 1
    return event


@pytest.mark.parametrize(
    "rule_change",
    [
        pytest.param({"interval": 2}, id="every-other-week"),
        pytest.param({"frequency": 3, "by_weekday": [0, 1, 2, 3, 4]}, id="every-weekday"),
    ],
)
async def test_a_series_repeated_otherwise_by_hand_is_not_set_back_to_every_week(
    club: Harness, clock: FakeClock, rule_change: dict[str, Any]
) -> None:
    event = await _published(club, clock)
    event_id = int(event["id"])
    club.fake.events.edit_by_hand(
        event_id, recurrence_rule={**event["recurrence_rule"], **rule_change}
    )
    clock.set(datetime(2026, 10, 26, 9, 0, tzinfo=UTC))  # the clocks went back
    listed = await club.invoke("club session list")
    assert sent(listed, "PATCH") == []
    assert listing(listed) == [
        f"• Thu 18:30 hills · Hill reps, 60 minutes · [its event]({LINK}/{event_id}) was edited"
        " in Discord; the bot leaves it as it is"
    ]
    assert [row[3] for row in await rows(club)] == ["edited"]
    [kept] = club.fake.events.in_guild(GUILD_A.id)
    assert kept["recurrence_rule"] == {**event["recurrence_rule"], **rule_change}
    # The session's removal leaves the admin's event too.
    removed = await club.invoke("club session remove", {"session": "1"})
    assert sent(removed, "DELETE") == []


async def test_a_series_made_a_one_off_by_hand_is_not_made_weekly_again(
    club: Harness, clock: FakeClock
) -> None:
    event = await _published(club, clock)
    event_id = int(event["id"])
    club.fake.events.edit_by_hand(event_id, recurrence_rule=None)
    clock.set(datetime(2026, 10, 21, 9, 0, tzinfo=UTC))
    listed = await club.invoke("club session list")
    assert sent(listed, "PATCH") == []
    assert "was edited in Discord; the bot leaves it as it is" in listed.embed["description"]
    [kept] = club.fake.events.in_guild(GUILD_A.id)
    assert kept["recurrence_rule"] is None


@pytest.mark.parametrize("empty", [None, []], ids=["null", "empty-list"])
async def test_the_bots_own_weekly_rule_as_discord_returns_it_is_no_hand_edit(
    club: Harness, clock: FakeClock, empty: list[int] | None
) -> None:
    # Discord answers with every field of the rule, those the bot left out as null (or, were
    # it to, as empty lists).
    event = await _published(club, clock)
    assert event["recurrence_rule"]["by_n_weekday"] is None
    blank = dict.fromkeys(("by_n_weekday", "by_month", "by_month_day", "by_year_day"), empty)
    club.fake.events.edit_by_hand(
        int(event["id"]), recurrence_rule={**event["recurrence_rule"], **blank}
    )
    clock.set(datetime(2026, 10, 26, 9, 0, tzinfo=UTC))
    listed = await club.invoke("club session list")
    [patch] = sent(listed, "PATCH")
    assert patch.json is not None
    assert patch.json["recurrence_rule"]["start"] == "2026-10-29T18:30:00+00:00"
    assert [row[3] for row in await rows(club)] == ["published"]
