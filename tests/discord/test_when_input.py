"""Issue 18, points 11 and 12: an empty `when` is no moment, and a `when` that is not understood
is quoted whole (up to the option's own limit), with no ping and no markdown of its own."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.core.models import MemberRef
from tests.discord.harness import ALICE, GUILD_A, NO_PINGS, FakeClock, Harness

ME = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
ZWSP = "\u200b"

# Every command with a time option, with the rest of its required options.
WITH_A_TIME: list[tuple[str, dict[str, Any], str]] = [
    ("legday", {"exercises": 2}, "when"),
    ("run", {"type": "easy", "minutes": 30}, "when"),
    ("canirun", {"type": "tempo"}, "when"),
    ("edit", {"entry": "L1"}, "when"),
    ("race set", {"name": "Spring 10k", "distance": "10k"}, "date"),
]


async def stored(h: Harness) -> tuple[int, int, int]:
    leg_days, runs = await h.store.training.entries_between(
        ME, h.clock.now().replace(year=2025), h.clock.now().replace(year=2027)
    )
    races = await h.store.races.upcoming(ME, h.clock.now().date())
    return len(leg_days), len(runs), len(races)


@pytest.mark.parametrize(("command", "options", "option"), WITH_A_TIME)
@pytest.mark.parametrize("empty", ["", "   "])
async def test_an_empty_time_is_refused_and_nothing_is_stored(
    harness: Harness, command: str, options: dict[str, Any], option: str, empty: str
) -> None:
    if command == "edit":
        await harness.invoke("legday", {"exercises": 1, "when": "2h ago"})
    before = await stored(harness)
    # Discord's client sends no "" (the options declare min_length 1), but spaces it does; the
    # bot's own guard must hold for both (the console sends `when:""` as it is).
    result = await harness.invoke(command, {**options, option: empty}, raw=not empty)
    assert result.ephemeral
    assert f"`{option}`: is empty, and empty is not a moment" in result.content
    assert await stored(harness) == before
    if command == "edit":  # the leg day kept its time
        [leg_day] = (
            await harness.store.training.entries_between(
                ME, harness.clock.now().replace(year=2025), harness.clock.now()
            )
        )[0]
        assert leg_day.at == harness.clock.now().replace(hour=7)


async def test_a_time_left_out_is_still_now(harness: Harness) -> None:
    result = await harness.invoke("legday", {"exercises": 2})
    assert "LIGHT" in result.embed["title"]
    assert await stored(harness) == (1, 0, 0)


@pytest.mark.parametrize(("command", "options", "option"), WITH_A_TIME)
async def test_a_time_not_understood_is_quoted_whole(
    harness: Harness, command: str, options: dict[str, Any], option: str
) -> None:
    if command == "edit":
        await harness.invoke("legday", {"exercises": 1, "when": "2h ago"})
    words = "whenever my legs finally stop aching after Sunday's long run, probably"
    assert 64 < len(words) < 100  # longer than the old cut (30) and the old parser limit (64)
    result = await harness.invoke(command, {**options, option: words})
    assert result.ephemeral
    assert f"could not understand '{words}'" in result.content


async def test_a_time_as_long_as_the_option_allows_is_quoted_whole(harness: Harness) -> None:
    json_ = harness.command_json("legday")
    [declared] = [o for o in json_["options"] if o["name"] == "when"]
    limit = declared["max_length"]
    words = ("soon after the long run " * 10)[:limit].strip() + "x"
    words = words[-limit:]
    result = await harness.invoke("legday", {"exercises": 2, "when": words})
    assert f"could not understand '{' '.join(words.split())}'" in result.content
    assert await stored(harness) == (0, 0, 0)


async def test_a_quoted_time_pings_nobody_and_has_no_markdown_of_its_own(
    harness: Harness,
) -> None:
    typed = "**@everyone** [x](https://e.x) <@&123> `tick`"
    result = await harness.invoke("legday", {"exercises": 2, "when": typed})
    assert result.message["allowed_mentions"] == NO_PINGS
    content = result.content
    assert f"@{ZWSP}everyone" in content and not re.search(f"@(?!{ZWSP})", content)
    assert f"<{ZWSP}@{ZWSP}&123\\>" in content
    # Every markdown character the member typed is escaped: no bold, link or code span.
    quoted = content.split("could not understand '", 1)[1].rsplit("'. Try", 1)[0]
    assert quoted == (
        f"\\*\\*@{ZWSP}everyone\\*\\* \\[x\\]\\(https://e.x\\) <{ZWSP}@{ZWSP}&123\\> \\`tick\\`"
    )


async def test_a_time_zone_not_known_is_quoted_whole(harness: Harness) -> None:
    typed = "Somewhere/Over_The_Rainbow_Where_Bluebirds_Fly"
    assert len(typed) > 30
    result = await harness.invoke("profile", {"timezone": typed})
    assert f"unknown timezone '{typed.replace('_', chr(92) + '_')}'" in result.content


async def test_a_time_zone_of_spaces_is_called_empty_and_changes_nothing(harness: Harness) -> None:
    await harness.invoke("profile", {"timezone": "Asia/Tokyo"})
    result = await harness.invoke("profile", {"timezone": "   "})
    assert result.ephemeral
    assert result.content.startswith("`timezone`: is empty. Type a place's IANA name")
    shown = await harness.invoke("profile")
    assert "Asia/Tokyo" in str(shown.embed)


@pytest.mark.parametrize("command", ["race set", "race edit"])
async def test_an_empty_race_date_is_not_told_to_be_left_out_for_now(
    harness: Harness, command: str
) -> None:
    """A race's `date` is a day, not a moment that defaults to now: /race set needs one, and
    /race edit without one keeps the race's day. So its empty refusal asks for a day."""
    await harness.invoke("race set", {"date": "in 3 weeks", "name": "Spring 10k"})
    before = await harness.store.races.upcoming(ME, harness.clock.now().date())
    options = {"name": "Autumn 10k"} if command == "race set" else {"race": "1"}
    result = await harness.invoke(command, {**options, "date": "   "})
    assert result.ephemeral
    assert "`date`: is empty, and empty is not a moment" in result.content
    assert "leave it out" not in result.content and "for now" not in result.content
    assert "type a day" in result.content
    assert await harness.store.races.upcoming(ME, harness.clock.now().date()) == before


async def refused_choices(
    h: Harness, command: str, options: dict[str, Any], focused: str
) -> list[tuple[str, str]]:
    """The autocomplete's choices for `focused`, nothing typed yet, that the command refuses
    once picked: (label, refusal)."""
    offered = await h.autocomplete(command, {**options, focused: ""}, focused=focused)
    assert offered.choices
    refused = []
    for n, choice in enumerate(offered.choices):
        picked = {**options, focused: choice["value"]}
        if command == "race set":  # a name each, so that no two races repeat
            picked["name"] = f"{options['name']} {n}"
        answer = await h.invoke(command, picked)
        if not answer.embeds:  # a verdict or a log has an embed; a refusal is one line
            refused.append((choice["name"], answer.content))
    return refused


# Monday 7 December 2026, 08:00 UTC: mornings' forms are past, evenings' still ahead.
@pytest.mark.parametrize(
    ("command", "options"),
    [("canirun", {"type": "easy"}), ("legday", {"exercises": 1}), ("run", {"type": "easy"})],
)
async def test_every_time_the_autocomplete_offers_is_one_the_command_takes(
    harness: Harness, clock: FakeClock, command: str, options: dict[str, Any]
) -> None:
    clock.set(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    assert await refused_choices(harness, command, options, "when") == []


async def test_a_races_date_autocomplete_offers_days_ahead_without_a_time(
    harness: Harness, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    offered = await harness.autocomplete("race set", {"date": "", "name": "10k"}, focused="date")
    assert offered.choices[:3] == [
        {"name": "today → Mon 7 Dec", "value": "today"},
        {"name": "tomorrow → Tue 8 Dec", "value": "tomorrow"},
        {"name": "next saturday → Sat 12 Dec", "value": "next saturday"},
    ]
    assert await refused_choices(harness, "race set", {"name": "Parkrun"}, "date") == []
    typed = await harness.autocomplete(
        "race edit", {"race": "1", "date": "yesterday"}, focused="date"
    )
    assert typed.choices == [
        {
            "name": "yesterday → Sun 6 Dec: that day is over;"
            " a race goes on your calendar ahead of time",
            "value": "yesterday",
        }
    ]


async def test_a_typed_time_the_command_refuses_is_shown_as_refused(
    harness: Harness, clock: FakeClock
) -> None:
    # What the member typed is offered first, to show how it reads: a time the command would
    # refuse says so there, and every other choice is one the command takes.
    clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    log = await harness.autocomplete("legday", {"when": "in 3h"}, focused="when")
    assert log.choices[0] == {
        "name": "in 3h → Mon 7 Dec 12:00 (UTC), in the future: refused",
        "value": "in 3h",
    }
    plan = await harness.autocomplete("canirun", {"when": "this morning"}, focused="when")
    assert plan.choices[0] == {
        "name": "this morning → Mon 7 Dec 07:00 (UTC), in the past: refused",
        "value": "this morning",
    }
    for command, options, offered in (
        ("legday", {"exercises": 1}, log),
        ("canirun", {"type": "easy"}, plan),
    ):
        for choice in offered.choices[1:]:
            reply = await harness.invoke(command, {**options, "when": choice["value"]})
            assert not reply.text.startswith("`when`:"), (command, choice, reply.text)


async def test_a_time_too_far_off_reads_as_understood_and_refused_in_autocomplete(
    harness: Harness,
) -> None:
    # README: the autocomplete "shows how your text is understood", ending in "refused" when
    # the command would refuse it. A time more than 366 days off is understood (the reply
    # says exactly that it is too far), so its label must not call it "not understood".
    typed: list[tuple[str, dict[str, object], str, str]] = [
        ("canirun", {"type": "easy"}, "when", "in 400 days"),
        ("canirun", {"type": "easy"}, "when", "2028-01-01 10:00"),
        ("legday", {"exercises": 3}, "when", "400 days ago"),
        ("race set", {"name": "City 10k"}, "date", "2028-01-01"),
    ]
    for command, options, option, text in typed:
        answer = await harness.autocomplete(command, {**options, option: text}, focused=option)
        label = answer.choices[0]["name"]
        assert answer.choices[0]["value"] == text
        assert "not understood" not in label, label
        assert label.startswith(text) and label.endswith("refused"), label
        refusal = await harness.invoke(command, {**options, option: text})
        assert "more than 366 days" in refusal.text
