"""/race end to end (/race edit most of all), on both backends: the payload in, the HTTP body
discord.py sends checked, the race read back through /race list from the real database.

The clock starts at Tuesday 10 March 2026, 09:00 UTC (harness.DEFAULT_START); every expected
day and count below is worked out by hand from that date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tests.discord.harness import BOB, NO_PINGS, FakeClock, Harness, Result


async def two_races(h: Harness) -> None:
    """Race 1: City marathon on Sun 26 Apr (47 days ahead); race 2: Park 10k on Sun 22 Mar."""
    first = await h.invoke(
        "race set", {"date": "2026-04-26", "name": "City marathon", "distance": "marathon"}
    )
    assert first.embed["footer"]["text"] == "Race 1"
    second = await h.invoke("race set", {"date": "2026-03-22", "name": "Park 10k"})
    assert second.embed["footer"]["text"] == "Race 2"


def private_answer(result: Result) -> dict[str, Any]:
    assert result.callback_type == 4 and result.ephemeral
    data: dict[str, Any] = (result.callback or {})["data"]
    assert data["allowed_mentions"] == NO_PINGS
    return data


async def listed(h: Harness, **kwargs: Any) -> list[str]:
    return str((await h.invoke("race list", **kwargs)).embed["description"]).splitlines()


async def test_edit_changes_the_date_then_the_name_and_distance(harness: Harness) -> None:
    await two_races(harness)

    moved = private_answer(await harness.invoke("race edit", {"race": "1", "date": "next sunday"}))
    [embed] = moved["embeds"]
    assert embed["title"] == "Race changed"
    assert embed["description"].splitlines() == [
        "City marathon (marathon), Sun 15 Mar: in 5 days",
        "Was: City marathon (marathon), Sun 26 Apr: in 47 days",
    ]
    assert embed["footer"]["text"] == "Race 1"

    renamed = await harness.invoke(
        "race edit", {"race": "1", "name": "Harbour @everyone half", "distance": "half"}
    )
    assert renamed.embed["description"].splitlines() == [
        "Harbour @\u200beveryone half (half), Sun 15 Mar: in 5 days",  # typed, never a ping
        "Was: City marathon (marathon), Sun 15 Mar: in 5 days",
    ]
    assert await listed(harness) == [
        "• `1` Harbour @\u200beveryone half (half), Sun 15 Mar: in 5 days",
        "• `2` Park 10k, Sun 22 Mar: in 12 days",
    ]
    # Bob's calendar is his own: still empty.
    assert await listed(harness, user=BOB) == ["No races ahead. Add one: `/race set`."]


async def test_the_last_day_allowed_and_the_same_values_again(
    harness: Harness, clock: FakeClock
) -> None:
    await two_races(harness)
    # A typed date stands for its noon: at noon, 2026-03-10 + 366 days = 2027-03-11 (a
    # Thursday) is the furthest day a race may be on.
    clock.set(clock.now().replace(hour=12))
    furthest = await harness.invoke("race edit", {"race": "2", "date": "2027-03-11"})
    assert furthest.embed["description"].splitlines()[0] == "Park 10k, Thu 11 Mar 2027: in 366 days"
    same = await harness.invoke("race edit", {"race": "2", "name": "Park 10k"})
    assert same.embed["description"].splitlines() == [
        "Park 10k, Thu 11 Mar 2027: in 366 days",
        "Those were its values already: nothing changed.",
    ]
    # A name differing only in case from its own is no duplicate of itself.
    recased = await harness.invoke("race edit", {"race": "2", "name": "PARK 10K"})
    assert recased.embed["title"] == "Race changed"


async def test_each_refusal_is_private_and_leaves_the_races_as_they_were(
    harness: Harness,
) -> None:
    await two_races(harness)
    before = await listed(harness)
    refusals: list[tuple[dict[str, Any], bool, str]] = [
        (
            {"race": "1"},
            False,
            "nothing to change in race 1: give a new `date`, `name` or `distance`.",
        ),
        (
            {"race": "1", "date": "yesterday"},
            False,
            "`date`: that day is over; a race goes on your calendar ahead of time",
        ),
        # One day past the furthest allowed (2027-03-11).
        ({"race": "1", "date": "2027-03-12"}, False, "`date`: that is more than 366 days ahead"),
        ({"race": "1", "name": "x" * 51}, True, "`name`: at most 50 characters, please"),
        ({"race": "1", "name": "   "}, False, "`name`: 1 to 50 characters, please"),
        # Race 1's date and name, typed in other letters' case.
        (
            {"race": "2", "date": "2026-04-26", "name": "city MARATHON"},
            False,
            "That race is already on your calendar.",
        ),
        ({"race": "99", "name": "x"}, False, "No race 99 of yours."),
        ({"race": "abc", "name": "x"}, False, "No race abc of yours."),
    ]
    for options, raw, expected in refusals:
        refused = await harness.invoke("race edit", options, raw=raw)
        data = private_answer(refused)
        assert data["content"].startswith(expected), (options, data["content"])
        assert "embeds" not in data or not data["embeds"]
    distance = await harness.invoke("race edit", {"race": "1", "distance": "3k"}, raw=True)
    assert distance.content.startswith("`distance`: '3k' is not allowed; choose '5k', '10k'")
    day = await harness.invoke("race edit", {"race": "1", "date": "banana"})
    assert "Try a date like 2026-12-12, next saturday, or in 3 weeks." in day.content
    assert await listed(harness) == before


async def test_someone_elses_race_gets_the_same_words_as_none(harness: Harness) -> None:
    await two_races(harness)
    before = await listed(harness)
    foreign = await harness.invoke("race edit", {"race": "1", "name": "Mine now"}, user=BOB)
    unknown = await harness.invoke("race edit", {"race": "3", "name": "Mine now"}, user=BOB)
    assert private_answer(foreign)["content"] == (
        "No race 1 of yours. `/race list` shows your races and ids."
    )
    assert unknown.content == "No race 3 of yours. `/race list` shows your races and ids."
    # Bob is offered none of Alice's races; Alice is offered hers.
    offered = await harness.autocomplete("race edit", {"race": ""}, focused="race", user=BOB)
    assert offered.choices == []
    mine = await harness.autocomplete("race edit", {"race": "park"}, focused="race")
    assert mine.choices == [{"name": "2 · Sun 22 Mar · Park 10k", "value": "2"}]
    assert await listed(harness) == before


async def test_a_race_that_is_over_is_no_longer_editable(
    harness: Harness, clock: FakeClock
) -> None:
    await two_races(harness)
    clock.set(clock.now().replace(month=3, day=23))  # the day after the Park 10k
    over = await harness.invoke("race edit", {"race": "2", "date": "2026-04-01"})
    assert over.content.startswith("No race 2 of yours.")
    assert await listed(harness) == ["• `1` City marathon (marathon), Sun 26 Apr: in 34 days"]


async def test_the_pick_lists_name_the_year_of_a_race_next_year(
    harness: Harness, clock: FakeClock
) -> None:
    # README (/race set): races are shown "with the year when it is not this one": /race list
    # says so, and the lists of /race remove and /race edit must too.
    clock.set(datetime(2026, 12, 7, 8, tzinfo=UTC))
    marathon = {"date": "2027-04-25", "name": "City marathon", "distance": "marathon"}
    await harness.invoke("race set", marathon, user=BOB)
    assert "Sun 25 Apr 2027" in (await harness.invoke("race list", user=BOB)).text
    for command in ("race remove", "race edit"):
        [choice] = (await harness.autocomplete(command, {"race": ""}, user=BOB)).choices
        assert choice["name"] == "1 · Sun 25 Apr 2027 · City marathon", command


async def test_a_race_in_weeks_is_that_many_weeks_on_across_a_clock_change(
    harness: Harness, clock: FakeClock
) -> None:
    """A race is a day on the member's calendar: "in 2 weeks" typed at 23:30 on Saturday 20
    March 2027 in London is Saturday 3 April, though 336 hours on, past the clocks going
    forward on 28 March, it is 00:30 on the Sunday. The autocomplete label, the stored race and
    an edit all name the same day."""
    await harness.invoke("profile", {"timezone": "Europe/London"})
    clock.set(datetime(2027, 3, 20, 23, 30, tzinfo=UTC))  # GMT: UTC's own wall time
    label = await harness.autocomplete("race set", {"date": "in 2 weeks"}, focused="date")
    assert label.choices[0]["name"] == "in 2 weeks → Sat 3 Apr"
    await harness.invoke("race set", {"date": "in 2 weeks", "name": "Harbour 10k"})
    assert await listed(harness) == ["• `1` Harbour 10k, Sat 3 Apr: in 14 days"]
    moved = await harness.invoke("race edit", {"race": "1", "date": "in 15 days"})
    assert moved.embed["description"].splitlines()[0] == "Harbour 10k, Sun 4 Apr: in 15 days"


GO_COLOUR, INFO_COLOUR = 0x2ECC71, 0x3498DB


async def test_set_list_and_remove_answer_privately_in_full(harness: Harness) -> None:
    """The other /race replies as a member reads them: title, race, colour, footer, private."""
    set_reply = private_answer(
        await harness.invoke("race set", {"date": "2026-03-22", "name": "Park 10k"})
    )
    [embed] = set_reply["embeds"]
    assert (embed["title"], embed["description"]) == (
        "Race on your calendar",
        "Park 10k, Sun 22 Mar: in 12 days",
    )
    assert (embed["color"], embed["footer"]["text"]) == (GO_COLOUR, "Race 1")

    [embed] = private_answer(await harness.invoke("race list"))["embeds"]
    assert (embed["title"], embed["description"]) == (
        "Your races",
        "• `1` Park 10k, Sun 22 Mar: in 12 days",
    )
    assert embed["color"] == INFO_COLOUR

    [embed] = private_answer(await harness.invoke("race edit", {"race": "1", "distance": "10k"}))[
        "embeds"
    ]
    assert embed["color"] == GO_COLOUR

    [embed] = private_answer(await harness.invoke("race remove", {"race": "1"}))["embeds"]
    assert (embed["title"], embed["description"]) == (
        "Race removed",
        "Park 10k (10k), Sun 22 Mar: in 12 days",
    )
    assert embed["color"] == INFO_COLOUR
    assert await listed(harness) == ["No races ahead. Add one: `/race set`."]


async def test_a_hard_leg_day_the_day_before_and_the_day_of_a_race(
    make_harness: Callable[..., Harness],
) -> None:
    """The taper note in full (README: a HARD leg day 7 days or fewer before a race), the race
    named on a private log, and left unnamed on a public one of a member who is not listed."""
    taper = (
        " Heavy leg work this close to a race leaves the legs heavy on race day: cut the heavy"
        " lifts in the last week and keep light work if you like. Fewer heavy squats, more miles."
    )
    async with make_harness() as h:
        await h.invoke("race set", {"date": "tomorrow", "name": "Park 10k"})
        eve = await h.invoke("legday", {"exercises": 4})
        assert (
            f"This hard leg day is 1 day before your race Park 10k.{taper}"
            in eve.embed["description"].splitlines()
        )
        await h.invoke("race set", {"date": "today", "name": "Town 5k"}, user=BOB)
        same_day = await h.invoke("legday", {"exercises": 4}, user=BOB)
        assert (
            f"This hard leg day is the same day as your race Town 5k.{taper}"
            in same_day.embed["description"].splitlines()
        )
    async with make_harness(config={"club": {"public_logs": True}}) as h:
        await h.invoke("profile", {"listed": False}, user=BOB)
        public = await h.invoke("legday", {"exercises": 4}, user=BOB)
        assert (
            f"This hard leg day is the same day as your race.{taper}"
            in public.embed["description"].splitlines()
        )
