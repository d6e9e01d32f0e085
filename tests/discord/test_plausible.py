"""Logs that cannot be true (issue 9, point 7): refused naming the options, nothing stored."""

from __future__ import annotations

from typing import Any

import pytest

from tests.discord.harness import Harness
from tests.discord.test_bad_input import counts


@pytest.mark.parametrize(
    ("units", "options", "pace", "allowed"),
    [
        ("km", {"distance": 5, "minutes": 10}, "2:00 per km", "2:30 per km"),
        ("mi", {"distance": 3.1, "minutes": 12}, "3:52 per mile", "4:01 per mile"),
    ],
)
async def test_a_run_faster_than_any_record_is_refused_naming_both_options(
    harness: Harness, units: str, options: dict[str, Any], pace: str, allowed: str
) -> None:
    await harness.invoke("profile", {"units": units})
    before = await counts(harness)

    result = await harness.invoke("run", {"type": "tempo", **options})

    assert result.ephemeral and not result.embeds
    assert "`distance`" in result.content and "`minutes`" in result.content, result.content
    assert pace in result.content and allowed in result.content, result.content
    assert await counts(harness) == before


async def test_a_record_pace_itself_is_still_a_run(harness: Harness) -> None:
    before = await counts(harness)
    result = await harness.invoke("run", {"type": "race", "distance": 10, "minutes": 25})
    assert result.embeds
    assert (await counts(harness))["runs"] == before["runs"] + 1


@pytest.mark.parametrize(
    "load",
    [{"heaviest": 75, "sets": 3, "reps": 5}, {"sets": 3}, {"heaviest": 80}],
)
async def test_a_load_with_no_exercises_is_refused(harness: Harness, load: dict[str, int]) -> None:
    before = await counts(harness)

    result = await harness.invoke("legday", {"exercises": 0, **load})

    assert result.ephemeral and not result.embeds
    assert "`exercises`" in result.content, result.content
    for name in load:
        assert f"`{name}`" in result.content, result.content
    assert "1 or more" in result.content
    assert await counts(harness) == before


async def test_no_exercises_and_no_load_is_still_a_light_day(harness: Harness) -> None:
    result = await harness.invoke("legday", {"exercises": 0})
    assert "LIGHT" in result.embed["title"]
