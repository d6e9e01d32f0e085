"""Time zones are places (issue 9, point 5): an abbreviation or old name such as EST has no
daylight saving of its own, so it is answered with the places it may mean, everywhere a zone
is chosen, and autocomplete offers places only."""

from __future__ import annotations

from zoneinfo import available_timezones

import pytest

from bot.core.when.zones import is_place
from tests.discord.harness import GUILD_A, Harness
from tests.discord.test_bad_input import counts

TRAINING = GUILD_A.channel_named("training")
ADMIN_ONLY = 0x20  # Manage Server

ALIASES = [
    ("EST", "America/New_York"),
    ("US/Eastern", "America/New_York"),
    ("PST", "America/Los_Angeles"),
    ("US/Pacific", "America/Los_Angeles"),
    ("CET", "Europe/Paris"),
    ("BST", "Europe/London"),
    ("GMT", "Europe/London"),
    ("Etc/GMT+5", "America/New_York"),
    ("Asia/Calcutta", "Asia/Kolkata"),
    ("America/Buenos_Aires", "America/Argentina/Buenos_Aires"),
    ("Brazil/East", "America/Sao_Paulo"),  # found through the tz database's own link
]


@pytest.mark.parametrize(("typed", "meant"), ALIASES)
async def test_profile_refuses_an_alias_with_the_places_it_means(
    harness: Harness, typed: str, meant: str
) -> None:
    await harness.invoke("profile", {"experience": "beginner"})
    before = await counts(harness)

    result = await harness.invoke("profile", {"timezone": typed})

    assert result.ephemeral and not result.embeds
    assert "`timezone`" in result.content
    # The typed name is quoted with its markdown escaped ("Buenos\\_Aires").
    assert f"{typed.replace('_', chr(92) + '_')}: did you mean {meant}" in result.content
    assert await counts(harness) == before
    shown = await harness.invoke("profile")
    assert typed not in shown.text


@pytest.mark.parametrize(
    "name", ["Europe/London", "america/argentina/buenos_aires", "UTC", "Europe/Oslo"]
)
async def test_profile_takes_places_and_utc(harness: Harness, name: str) -> None:
    result = await harness.invoke("profile", {"timezone": name})
    assert result.embeds, result.content


async def test_reminder_set_refuses_an_alias_too(harness: Harness) -> None:
    result = await harness.invoke(
        "club reminder set",
        {"channel": TRAINING, "time": "07:00", "timezone": "EST"},
        permissions=ADMIN_ONLY,
    )
    assert result.ephemeral
    assert "EST: did you mean America/New_York" in result.content, result.content
    status = await harness.invoke("club status", permissions=ADMIN_ONLY)
    assert "America/New_York" not in status.text and "EST" not in status.text


@pytest.mark.parametrize("typed", ["", "est", "us", "us/pac", "gmt", "Europe", "etc", "calcutta"])
async def test_autocomplete_offers_places_only(harness: Harness, typed: str) -> None:
    result = await harness.autocomplete("profile", {"timezone": typed})
    zones = available_timezones()
    for choice in result.choices:
        assert choice["value"] in zones and is_place(choice["value"]), choice


@pytest.mark.parametrize(
    ("typed", "first"), [("EST", "America/New_York"), ("pst", "America/Los_Angeles")]
)
async def test_autocomplete_leads_from_an_alias_to_its_place(
    harness: Harness, typed: str, first: str
) -> None:
    result = await harness.autocomplete("profile", {"timezone": typed})
    assert result.choices[0]["value"] == first
