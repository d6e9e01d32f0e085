"""/edit end to end (issue 9, point 23): one of your own entries, changed field by field with
logging's options and checks, shown before and after."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.discord.harness import BOB, CAROL, FakeClock, Harness, Result
from tests.discord.test_bad_input import counts


def fields(result: Result) -> dict[str, str]:
    return {f["name"]: f["value"] for f in result.embed.get("fields") or []}


async def test_a_run_changes_only_the_given_fields(harness: Harness) -> None:
    await harness.invoke("run", {"type": "easy", "distance": 5, "minutes": 30, "notes": "park"})
    before = await counts(harness)

    result = await harness.invoke(
        "edit", {"entry": "R1", "minutes": 25, "rpe": 4, "type": "steady"}
    )

    assert result.ephemeral
    assert result.embed["title"] == "Edited: R1"
    shown = fields(result)
    assert "**Easy run**" in shown["Before"] and "30 min" in shown["Before"]
    assert "**Steady run**" in shown["After"] and "25 min" in shown["After"]
    assert "5.0 km" in shown["After"] and "park" in shown["After"]
    assert await counts(harness) == before  # changed in place, nothing added
    history = await harness.invoke("history")
    assert "25 min" in history.text and "30 min" not in history.text


async def test_a_distance_is_read_in_the_members_units(harness: Harness) -> None:
    await harness.invoke("profile", {"units": "mi"})
    await harness.invoke("run", {"type": "long", "distance": 10, "minutes": 100})
    result = await harness.invoke("edit", {"entry": "R1", "distance": 12})
    assert "12.0 mi" in fields(result)["After"]
    assert "10.0 mi" in fields(result)["Before"]


async def test_a_leg_day_is_classified_again_when_its_numbers_change(harness: Harness) -> None:
    logged = await harness.invoke("legday", {"exercises": 1})
    assert "LIGHT" in logged.embed["title"]
    assert (await harness.invoke("canirun", {"type": "tempo"})).embed["title"].startswith("GO")

    heavier = await harness.invoke("edit", {"entry": "L1", "exercises": 4})

    assert "HARD now" in heavier.embed["description"]
    assert "LIGHT" in fields(heavier)["Before"] and "HARD" in fields(heavier)["After"]
    assert (await harness.invoke("canirun", {"type": "tempo"})).embed["title"].startswith("WAIT")

    said_light = await harness.invoke("edit", {"entry": "L1", "hard": False})
    assert "LIGHT now" in said_light.embed["description"]
    assert (await harness.invoke("canirun", {"type": "tempo"})).embed["title"].startswith("GO")

    # `hard` said outright still wins when the numbers change again, as when logging.
    still = await harness.invoke("edit", {"entry": "L1", "exercises": 5})
    assert "LIGHT" in fields(still)["After"]


async def test_a_leg_day_keeps_its_class_when_only_its_time_or_notes_change(
    harness: Harness,
) -> None:
    await harness.invoke("legday", {"exercises": 4})
    result = await harness.invoke("edit", {"entry": "L1", "when": "3d ago", "notes": "squats"})
    assert "HARD" in fields(result)["After"] and "squats" in fields(result)["After"]
    assert "now" not in (result.embed.get("description") or "")
    # Three days ago is outside the 48 hours: hard running is fine.
    assert (await harness.invoke("canirun", {"type": "tempo"})).embed["title"].startswith("GO")


@pytest.mark.parametrize(
    ("entry", "options", "named"),
    [
        ("R1", {"exercises": 3, "sets": 2}, ["exercises", "sets"]),
        ("L1", {"distance": 5, "type": "easy"}, ["type", "distance"]),
    ],
)
async def test_options_of_the_other_kind_are_refused_by_name(
    harness: Harness, entry: str, options: dict[str, Any], named: list[str]
) -> None:
    await harness.invoke("run", {"type": "easy", "distance": 5})
    await harness.invoke("legday", {"exercises": 1})
    history = (await harness.invoke("history")).text

    result = await harness.invoke("edit", {"entry": entry, **options})

    assert result.ephemeral and not result.embeds
    for name in named:
        assert f"`{name}`" in result.content, result.content
    assert entry in result.content
    assert (await harness.invoke("history")).text == history


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"minutes": 5}, ["`distance`", "`minutes`", "2:32 per km"]),  # 5 km record 12:35.36
        ({"when": "in 2h"}, ["`when`", "in the future"]),
        ({"when": "blah"}, ["`when`", "could not understand"]),
        ({}, ["nothing to change in R1"]),
    ],
)
async def test_a_run_edit_is_checked_like_logging(
    harness: Harness, options: dict[str, Any], expected: list[str]
) -> None:
    await harness.invoke("run", {"type": "easy", "distance": 5, "minutes": 30})
    history = (await harness.invoke("history")).text

    result = await harness.invoke("edit", {"entry": "R1", **options})

    assert result.ephemeral and not result.embeds
    for text in expected:
        assert text in result.content, result.content
    assert (await harness.invoke("history")).text == history


async def test_an_id_not_theirs_with_nothing_to_change_is_told_it_is_not_theirs(
    harness: Harness,
) -> None:
    """Found in review: `/edit entry:R2` with no field answered "nothing to change in R2" for
    an entry that is not the member's, and only the next try said so."""
    await harness.invoke("run", {"type": "easy", "distance": 5}, user=BOB)
    result = await harness.invoke("edit", {"entry": "R1"})
    assert result.ephemeral and not result.embeds
    assert "nothing to change" not in result.content
    assert "R1" in result.content and "of yours" in result.content, result.content


@pytest.mark.parametrize(
    ("options", "option"),
    [({"distance": 0}, "distance"), ({"rpe": 11}, "rpe"), ({"notes": "x" * 201}, "notes")],
)
async def test_out_of_range_values_are_refused_by_name(
    harness: Harness, options: dict[str, Any], option: str
) -> None:
    await harness.invoke("run", {"type": "easy", "distance": 5})
    result = await harness.invoke("edit", {"entry": "R1", **options}, raw=True)
    assert f"`{option}`" in result.content, result.content


async def test_a_load_left_without_exercises_is_refused(harness: Harness) -> None:
    await harness.invoke("legday", {"exercises": 2, "heaviest": 80, "sets": 3, "reps": 5})
    result = await harness.invoke("edit", {"entry": "L1", "exercises": 0})
    assert "`exercises`" in result.content and "`heaviest`" in result.content, result.content
    assert "HARD" in (await harness.invoke("history")).text


async def test_only_your_own_entries_in_your_own_server(harness: Harness) -> None:
    await harness.invoke("run", {"type": "easy", "distance": 5})  # R1, Alice
    await harness.invoke("run", {"type": "easy", "distance": 6}, user=BOB)  # R2, same server
    await harness.invoke("run", {"type": "easy", "distance": 7}, user=CAROL)  # R3, elsewhere

    answers = {
        typed: (await harness.invoke("edit", {"entry": typed, "minutes": 40})).content
        for typed in ("R2", "R3", "R99", "banana")
    }

    for typed, content in answers.items():
        assert content.startswith(f"No entry `{typed}` of yours."), content
    bob = await harness.invoke("history", user=BOB)
    assert "40 min" not in bob.text


async def test_autocomplete_offers_your_own_entries_as_delete_does(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("run", {"type": "tempo", "distance": 8})
    clock.advance(timedelta(minutes=1))
    await harness.invoke("legday", {"exercises": 3})
    await harness.invoke("run", {"type": "easy", "distance": 5}, user=BOB)

    mine = await harness.autocomplete("edit", {"entry": ""})
    assert mine.choices == (await harness.autocomplete("delete", {"entry": ""})).choices
    assert {c["value"] for c in mine.choices} == {"R1", "L1"}
    bobs = await harness.autocomplete("edit", {"entry": ""}, user=BOB)
    assert {c["value"] for c in bobs.choices} == {"R2"}


async def test_help_lists_edit(harness: Harness) -> None:
    assert "/edit" in (await harness.invoke("help")).text


# --- a leg day's minutes and RPE (issue 12), and the load after an edit ---------------------


async def test_a_leg_days_minutes_and_rpe_change_and_the_load_follows(
    harness: Harness,
) -> None:
    h = harness
    logged = await h.invoke("legday", {"exercises": 4, "minutes": 50, "rpe": 7})
    assert "Load: 350 (RPE 7 × 50 min)." in logged.text

    result = await h.invoke("edit", {"entry": "L1", "minutes": 70, "rpe": 8})

    shown = fields(result)
    assert "50 min · RPE 7/10" in shown["Before"]
    assert "1 h 10 min · RPE 8/10" in shown["After"] and "HARD" in shown["After"]
    description = result.embed["description"]
    assert "Load: 560 (RPE 8 × 70 min)." in description
    assert "now" not in description  # minutes and RPE never change the class
    history = (await h.invoke("history")).text
    assert "1 h 10 min · RPE 8/10" in history and "50 min" not in history

    # Only the RPE: the minutes stay; the load line says what is estimated, as on /legday.
    only_rpe = await h.invoke("edit", {"entry": "L1", "rpe": 5})
    assert "Load: 350 (RPE 5 × 70 min)." in only_rpe.embed["description"]
    await h.invoke("legday", {"exercises": 1})
    light = await h.invoke("edit", {"entry": "L2", "rpe": 3})
    assert "Load: 90 (RPE 3 × 30 min) (estimated: minutes)." in light.embed["description"]


async def test_a_leg_day_takes_legdays_minutes_range(harness: Harness) -> None:
    await harness.invoke("legday", {"exercises": 4, "minutes": 50})
    history = (await harness.invoke("history")).text
    # /edit's `minutes` is a run's (up to 1440): a leg day's cap is checked by the bot.
    result = await harness.invoke("edit", {"entry": "L1", "minutes": 301})
    assert result.ephemeral and not result.embeds
    assert result.content == "`minutes`: a leg day takes 1-300 minutes"
    assert (await harness.invoke("history")).text == history
    at_the_cap = await harness.invoke("edit", {"entry": "L1", "minutes": 300})
    assert "(RPE 7 × 300 min) (estimated: RPE)." in at_the_cap.embed["description"]


async def test_a_run_edit_shows_its_load(harness: Harness) -> None:
    await harness.invoke("run", {"type": "easy", "distance": 5, "minutes": 30})
    result = await harness.invoke("edit", {"entry": "R1", "rpe": 4, "type": "tempo"})
    assert "Load: 120 (RPE 4 × 30 min)." in result.embed["description"]
    typed_only = await harness.invoke("edit", {"entry": "R1", "minutes": 28})
    assert "Load: 112 (RPE 4 × 28 min)." in typed_only.embed["description"]
