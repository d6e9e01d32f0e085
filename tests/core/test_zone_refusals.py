"""What a member is told about a time-zone name that is not a place, and what autocomplete
offers (README, "Time zones": places only; an abbreviation or old name is refused with the
places it may mean, "EST: did you mean America/New_York or America/Toronto?")."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from bot.core.errors import InputError
from bot.core.when import timezone_suggestions, valid_timezone
from bot.core.when import zones as zones_module
from bot.core.when.legacy_zones import known_meanings, same_rules_as
from bot.core.when.zones import is_place, meant_places

NOT_A_PLACE = (
    "Use the name of a place (Area/Location), which follows its daylight saving;"
    " abbreviations and old names do not."
)
WHAT_IS_ALLOWED = (
    "Type a place's IANA name (Area/Location), e.g. Europe/London, America/New_York or"
    " Asia/Kolkata, or UTC."
)


def refusal(name: str) -> InputError:
    with pytest.raises(InputError) as caught:
        valid_timezone(name)
    assert caught.value.option == "timezone"
    return caught.value


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        # README's own example.
        ("EST", "America/New_York or America/Toronto"),
        ("US/Eastern", "America/New_York"),
        ("CET", "Europe/Paris, Europe/Berlin or Europe/Madrid"),
        # Not in the alias tables: found as a link of the tz database.
        ("Brazil/East", "America/Sao_Paulo"),
        # Not in the alias tables either: East Africa Time, shown by ten places' clocks; the
        # first three of them, alphabetical.
        ("EAT", "Africa/Addis_Ababa, Africa/Asmara or Africa/Dar_es_Salaam"),
    ],
)
def test_an_alias_is_refused_with_the_places_it_may_mean(typed: str, meant: str) -> None:
    assert refusal(typed).message == f"`timezone`: {typed}: did you mean {meant}? {NOT_A_PLACE}"


@pytest.mark.parametrize(
    ("typed", "quoted", "hint"),
    [
        ("Mars/Olympus", "Mars/Olympus", ""),
        ("london", "london", "Did you mean Europe/London? "),
        (
            "lon",
            "lon",
            "Did you mean Arctic/Longyearbyen, Europe/London or America/Blanc-Sablon? ",
        ),
        ("../etc/passwd", "../etc/passwd", ""),
        # The suggestions read what was typed up to 64 characters, spaces and all.
        ("london".ljust(64), "london", "Did you mean Europe/London? "),
        ("london".ljust(65), "london", ""),
        # Quoted up to the option's 64 characters, cut with an ellipsis beyond.
        ("x" * 100, "x" * 63 + "…", ""),
    ],
)
def test_an_unknown_name_is_quoted_back_with_what_is_allowed(
    typed: str, quoted: str, hint: str
) -> None:
    expected = f"`timezone`: unknown timezone '{quoted}'. {hint}{WHAT_IS_ALLOWED}"
    assert refusal(typed).message == expected


@pytest.mark.parametrize("typed", ["", " ", "\t  "])
def test_an_empty_name_is_called_empty_with_what_is_allowed(typed: str) -> None:
    assert refusal(typed).message == f"`timezone`: is empty. {WHAT_IS_ALLOWED}"


def test_a_listed_zone_that_cannot_be_read_is_refused_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A broken tz database file: the member gets the usual refusal."""

    def unreadable(name: str) -> ZoneInfo:
        raise ZoneInfoNotFoundError(name)

    monkeypatch.setattr(zones_module, "ZoneInfo", unreadable)
    assert refusal("Europe/Paris").message == (
        f"`timezone`: unknown timezone 'Europe/Paris'. Did you mean Europe/Paris? {WHAT_IS_ALLOWED}"
    )


def test_a_place_is_accepted_in_any_case() -> None:
    assert valid_timezone("europe/london") == ZoneInfo("Europe/London")
    assert valid_timezone("  UTC ") == ZoneInfo("UTC")


def test_meant_places_of_an_alias_and_of_a_link() -> None:
    assert meant_places("EST") == ("America/New_York", "America/Toronto")
    assert meant_places("Brazil/East") == ("America/Sao_Paulo",)
    assert known_meanings("europe/london") == ()
    assert known_meanings("not-a-zone") == ()


def test_same_rules_as_finds_at_most_three_places_with_the_same_rules() -> None:
    """Europe/Belfast is a link to Europe/London, as are Guernsey, Isle of Man and Jersey:
    four places, three shown, alphabetically, the alias itself never."""
    found = same_rules_as("Europe/Belfast", is_place)
    assert found == ("Europe/Guernsey", "Europe/Isle_of_Man", "Europe/Jersey")
    belfast = ZoneInfo("Europe/Belfast")
    for place in found:
        for day in (datetime(2026, 1, 15, tzinfo=UTC), datetime(2026, 7, 15, tzinfo=UTC)):
            assert (
                day.astimezone(ZoneInfo(place)).utcoffset() == day.astimezone(belfast).utcoffset()
            )
    assert same_rules_as("Mars/Olympus", is_place) == ()


@pytest.mark.parametrize(
    ("text", "limit", "offered"),
    [
        # A part of the name starting with the text ranks before the name merely containing it.
        (
            "lon",
            4,
            ["Arctic/Longyearbyen", "Europe/London", "America/Blanc-Sablon", "America/Miquelon"],
        ),
        # The name starting with the text ranks first.
        (
            "indian",
            12,
            [
                *(
                    f"Indian/{p}"
                    for p in (
                        "Antananarivo",
                        "Chagos",
                        "Christmas",
                        "Cocos",
                        "Comoro",
                        "Kerguelen",
                        "Mahe",
                        "Maldives",
                        "Mauritius",
                        "Mayotte",
                        "Reunion",
                    )
                ),
                "America/Indiana/Indianapolis",
            ],
        ),
        # An abbreviation typed in full leads to the places written out for it, then the other
        # places on it (Atikokan, Ontario, keeps EST all year), before any name holding it.
        ("est", 3, ["America/New_York", "America/Toronto", "America/Atikokan"]),
        ("us/eastern", 5, ["America/New_York"]),
    ],
)
def test_suggestions_rank_the_best_match_first(text: str, limit: int, offered: list[str]) -> None:
    assert timezone_suggestions(text, limit) == offered


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        # A letter left out, two swapped, one doubled: no place's name contains the text.
        ("Londn", "Europe/London"),
        ("Pairs", "Europe/Paris"),
        ("new yrok", "America/New_York"),
        ("Kolkatta", "Asia/Kolkata"),
        ("europe/berln", "Europe/Berlin"),
    ],
)
def test_a_misspelt_place_is_refused_with_the_place_it_is_spelt_like(
    typed: str, meant: str
) -> None:
    hint = f"Did you mean {meant}? "
    assert (
        refusal(typed).message == f"`timezone`: unknown timezone '{typed}'. {hint}{WHAT_IS_ALLOWED}"
    )
    assert timezone_suggestions(typed) == [meant]


def test_a_spelling_far_from_every_place_suggests_none() -> None:
    # "Olympus" is one letter from no location; "Bombay" is Mumbai's old name, which the tz
    # database keeps only as Asia/Calcutta's neighbour Asia/Kolkata, not as a spelling.
    assert timezone_suggestions("Olympus") == []
    assert timezone_suggestions("Bombay") == []


def test_places_spelt_alike_are_offered_only_when_nothing_else_is() -> None:
    # US/Eastern means New York; "eastern" is also one letter from Pacific/Easter, which is
    # not offered beside the place the alias means.
    assert timezone_suggestions("us/eastern", 5) == ["America/New_York"]
    # "bern" is in no place's name (Bern keeps Europe/Zurich's time): spelt like Berlin.
    assert timezone_suggestions("bern") == ["Europe/Berlin"]
    # Chicago with its "i" left out is also two letters from Chagos: the closer first, and no
    # more than asked for.
    assert timezone_suggestions("chcago") == ["America/Chicago", "Indian/Chagos"]
    assert timezone_suggestions("chcago", 1) == ["America/Chicago"]
