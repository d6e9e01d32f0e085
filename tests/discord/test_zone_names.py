"""Time zones are places (issue 9, point 5): an abbreviation or old name such as EST has no
daylight saving of its own, so it is answered with the places it may mean, everywhere a zone
is chosen, and autocomplete offers places only."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import available_timezones

import pytest

from bot.core.when.zones import is_place
from tests.discord.harness import GUILD_A, Harness, Result
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
    # A fixed offset as members type it, with ISO 8601's sign (Etc/GMT's is the other way).
    ("UTC+1", "Europe/Paris or Africa/Lagos"),
    ("GMT-5", "America/New_York or America/Bogota"),
    ("UTC+05:30", "Asia/Kolkata"),
    ("+09:00", "Asia/Tokyo"),
    ("Asia/Calcutta", "Asia/Kolkata"),
    ("America/Buenos_Aires", "America/Argentina/Buenos_Aires"),
    ("Brazil/East", "America/Sao_Paulo"),  # found through the tz database's own link
    # Written out nowhere in the bot: the places whose clocks show it, from the tz database.
    ("SAST", "Africa/Johannesburg, Africa/Maseru or Africa/Mbabane"),
    ("WIB", "Asia/Jakarta"),
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


# What a member types -> the place offered first, places on that abbreviation (by what those
# places' clocks show: New York, Detroit, Indianapolis in winter, Panama and Jamaica all year on
# EST; Jerusalem's IST is Israel Standard Time) and a name that merely contains the letters,
# which comes after all of them. Written from the zones' published abbreviations, not the bot.
ABBREVIATIONS = [
    (
        "EST",
        "America/New_York",
        {"America/Detroit", "America/Panama", "America/Jamaica", "America/Indiana/Indianapolis"},
        "Europe/Bucharest",
    ),
    ("est", "America/New_York", {"America/Toronto", "America/Nassau"}, "Europe/Budapest"),
    ("IST", "Asia/Kolkata", {"Europe/Dublin", "Asia/Jerusalem"}, "Europe/Istanbul"),
    (
        "AEST",
        "Australia/Sydney",
        {"Australia/Melbourne", "Australia/Brisbane", "Australia/Hobart"},
        None,
    ),
    ("SAST", "Africa/Johannesburg", {"Africa/Maseru", "Africa/Mbabane"}, None),
    ("WIB", "Asia/Jakarta", {"Asia/Pontianak"}, None),
    ("PDT", "America/Los_Angeles", {"America/Tijuana", "America/Vancouver"}, None),
]


@pytest.mark.parametrize(("typed", "first", "on_it", "holding_it"), ABBREVIATIONS)
async def test_autocomplete_offers_the_places_an_abbreviation_stands_for_first(
    harness: Harness, typed: str, first: str, on_it: set[str], holding_it: str | None
) -> None:
    result = await harness.autocomplete("profile", {"timezone": typed})
    values = [choice["value"] for choice in result.choices]
    assert values[0] == first
    assert on_it <= set(values), values
    if holding_it is not None:
        assert holding_it in values
        assert all(values.index(place) < values.index(holding_it) for place in on_it), values
    assert [choice["name"] for choice in result.choices] == values


async def test_autocomplete_for_a_widely_used_abbreviation_stops_at_discords_25(
    harness: Harness,
) -> None:
    # CST is Central Standard Time across North and Central America, and China's and Taiwan's
    # standard time: more places than Discord shows.
    result = await harness.autocomplete("profile", {"timezone": "CST"})
    values = [choice["value"] for choice in result.choices]
    assert len(values) == len(set(values)) == 25
    assert values[:3] == ["America/Chicago", "America/Mexico_City", "Asia/Shanghai"]
    assert {"America/Belize", "America/Costa_Rica", "America/Guatemala"} <= set(values)


@pytest.mark.parametrize("typed", ["Europe/London", "europe/london", "utc", "Asia/Kolkata"])
async def test_autocomplete_offers_the_place_typed_exactly_first(
    harness: Harness, typed: str
) -> None:
    result = await harness.autocomplete("profile", {"timezone": typed})
    assert result.choices[0]["value"].lower() == typed.lower()


@pytest.mark.parametrize("typed", ["EST", "SAST", "IST", "GMT", "cest"])
async def test_a_refused_abbreviation_names_what_autocomplete_offers_first(
    harness: Harness, typed: str
) -> None:
    offered = await harness.autocomplete("profile", {"timezone": typed})
    refused = await harness.invoke("profile", {"timezone": typed})
    assert refused.ephemeral
    assert f"{typed}: did you mean {offered.choices[0]['value']}" in refused.content
    assert typed not in (await harness.invoke("profile")).text


async def test_a_profile_on_the_clubs_zone_says_so_until_the_member_sets_one(
    make_harness: Callable[..., Harness],
) -> None:
    # "Time zone: Europe/London" read as the member's own choice, though it follows the club's
    # (and moves with it); the member could not tell they had never set one.
    async with make_harness(config={"club": {"timezone": "Europe/London"}}) as h:
        shown = await h.invoke("profile")
        assert fields_of(shown)["Time zone"] == "Europe/London (the club's)"
        own = await h.invoke("profile", {"timezone": "Europe/London"})
        assert fields_of(own)["Time zone"] == "Europe/London"


def fields_of(result: Result) -> dict[str, str]:
    return {f["name"]: f["value"] for f in result.embed["fields"]}
