"""The alias tables behind valid_timezone: every place they suggest can be chosen."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import available_timezones

import pytest

from bot.core.when import timezone_suggestions, valid_timezone
from bot.core.when.abbreviations import places_by_abbreviation
from bot.core.when.legacy_zones import _BACKWARD, _MEANINGS, fixed_offset, fixed_offset_hours
from bot.core.when.zones import is_place, meant_places


def test_every_suggested_place_is_a_place_of_the_tz_database() -> None:
    zones = available_timezones()
    for alias, places in [*_MEANINGS.items(), *((k, (v,)) for k, v in _BACKWARD.items())]:
        assert places, alias
        for place in places:
            assert place in zones and is_place(place), (alias, place)
            assert valid_timezone(place).key == place


def test_every_old_name_is_refused_and_never_offered() -> None:
    zones = {name.lower(): name for name in available_timezones()}
    for alias in _BACKWARD:
        if alias in zones:
            assert not is_place(zones[alias])
            assert zones[alias] not in timezone_suggestions(alias, limit=500)


@pytest.mark.parametrize(
    ("name", "hours"), [("etc/gmt+5", -5), ("etc/gmt-1", 1), ("etc/gmt-14", 14), ("gmt+5", None)]
)
def test_fixed_offsets_have_reversed_signs(name: str, hours: int | None) -> None:
    assert fixed_offset_hours(name) == hours


@pytest.mark.parametrize(
    ("name", "offset"),
    [
        # As members type an offset, with ISO 8601's sign: UTC+1 is an hour ahead of UTC.
        ("utc+1", timedelta(hours=1)),
        ("gmt-5", timedelta(hours=-5)),
        ("utc+05:30", timedelta(hours=5, minutes=30)),
        ("+0930", timedelta(hours=9, minutes=30)),
        ("-03:30", timedelta(hours=-3, minutes=-30)),
        # Spaces, or the underscores autocomplete puts for them, are no part of it.
        ("utc + 1", timedelta(hours=1)),
        ("utc_+_2", timedelta(hours=2)),
        # The tz database's own form keeps its POSIX sign: Etc/GMT+5 is UTC-5.
        ("etc/gmt+5", timedelta(hours=-5)),
        ("europe/london", None),
    ],
)
def test_an_offset_typed_as_members_write_it_is_read_with_its_own_sign(
    name: str, offset: timedelta | None
) -> None:
    assert fixed_offset(name) == offset


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("Etc/GMT-1", "Europe/Paris"),
        ("Etc/GMT-9", "Asia/Tokyo"),
        ("Etc/GMT+8", "America/Los_Angeles"),
    ],
)
def test_a_fixed_offset_suggests_places_on_it_in_standard_time(name: str, first: str) -> None:
    assert meant_places(name)[0] == first


def test_no_place_is_an_alias() -> None:
    assert meant_places("Europe/London") == ()
    assert meant_places("Mars/Olympus") == ()


def test_the_abbreviations_are_the_letters_each_places_clock_shows_in_either_half_year() -> None:
    # From the tz database: London shows GMT in winter and BST in summer, Dublin GMT and IST
    # (Irish Standard Time), Kolkata IST all year, Berlin CET and CEST; São Paulo shows "-03",
    # an offset with no abbreviation in common use. Called directly, as zones.py caches it.
    places = [
        "Europe/London",
        "Europe/Dublin",
        "Asia/Kolkata",
        "America/Sao_Paulo",
        "Europe/Berlin",
    ]
    assert dict(places_by_abbreviation(places)) == {
        "gmt": ("Europe/London", "Europe/Dublin"),
        "bst": ("Europe/London",),
        "ist": ("Europe/Dublin", "Asia/Kolkata"),
        "cet": ("Europe/Berlin",),
        "cest": ("Europe/Berlin",),
    }
    assert places_by_abbreviation(["America/Sao_Paulo"]) == {}
