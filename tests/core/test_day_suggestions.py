"""A race's `date` autocomplete: days ahead, shown as days (no time of day), the year only when
it is not this one. Figures worked by hand: Monday 7 December 2026, 10:00 in London."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.when import day_suggestions, describe_day

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def test_nothing_typed_offers_days_from_today_each_read_as_a_day() -> None:
    assert day_suggestions("", now=NOW, tz=LONDON) == [
        ("today → Mon 7 Dec", "today"),
        ("tomorrow → Tue 8 Dec", "tomorrow"),
        ("next saturday → Sat 12 Dec", "next saturday"),
        ("next sunday → Sun 13 Dec", "next sunday"),
        ("in 2 weeks → Mon 21 Dec", "in 2 weeks"),
        ("in 4 weeks → Mon 4 Jan 2027", "in 4 weeks"),
        ("in 8 weeks → Mon 1 Feb 2027", "in 8 weeks"),
        ("in 12 weeks → Mon 1 Mar 2027", "in 12 weeks"),
        ("in 16 weeks → Mon 29 Mar 2027", "in 16 weeks"),
    ]


def test_the_typed_text_comes_first_then_the_days_containing_it() -> None:
    assert day_suggestions("next s", now=NOW, tz=LONDON) == [
        ("not understood: try 2026-12-12, next saturday, in 3 weeks", "next s"),
        ("next saturday → Sat 12 Dec", "next saturday"),
        ("next sunday → Sun 13 Dec", "next sunday"),
    ]
    assert day_suggestions("2027-04-25", now=NOW, tz=LONDON) == [
        ("2027-04-25 → Sun 25 Apr 2027", "2027-04-25")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 3 weeks", "in 3 weeks → Mon 28 Dec"),
        ("tomorrow", "tomorrow → Tue 8 Dec"),
        ("gibberish", "not understood: try 2026-12-12, next saturday, in 3 weeks"),
        (
            "yesterday",
            "yesterday → Sun 6 Dec: that day is over; a race goes on your calendar ahead of time",
        ),
    ],
)
def test_describe_day(text: str, expected: str) -> None:
    assert describe_day(text, now=NOW, tz=LONDON) == expected


def test_the_day_is_the_members_own() -> None:
    late = datetime(2026, 12, 7, 23, 30, tzinfo=UTC)  # Tue 8 Dec 12:30 in Auckland
    assert describe_day("today", now=late, tz=ZoneInfo("Pacific/Auckland")) == "today → Tue 8 Dec"


# 08:00 UTC on 7 December is still Sunday the 6th in Honolulu (22:00), and already evening on
# the 7th on the tests' host (Australia/Lord_Howe): the member's zone alone decides the day.
HONOLULU = ZoneInfo("Pacific/Honolulu")
EARLY = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", "today → Sun 6 Dec"),
        ("2026-12-25", "2026-12-25 → Fri 25 Dec"),
        ("saturday", "saturday → Sat 12 Dec"),  # ahead, not the Saturday before
    ],
)
def test_a_day_is_read_in_the_members_zone(text: str, expected: str) -> None:
    assert describe_day(text, now=EARLY, tz=HONOLULU) == expected


def test_the_list_reads_its_days_in_the_members_zone() -> None:
    assert day_suggestions("t", now=EARLY, tz=HONOLULU) == [
        ("not understood: try 2026-12-12, next saturday, in 3 weeks", "t"),
        ("today → Sun 6 Dec", "today"),
        ("tomorrow → Mon 7 Dec", "tomorrow"),
        ("next saturday → Sat 12 Dec", "next saturday"),
        ("next sunday → Sun 13 Dec", "next sunday"),
    ]


def test_a_text_too_long_gets_the_hint() -> None:
    assert describe_day("x" * 300, now=NOW, tz=LONDON) == (
        "not understood: try 2026-12-12, next saturday, in 3 weeks"
    )


def test_the_typed_day_is_read_in_the_members_zone_too() -> None:
    assert day_suggestions("today", now=EARLY, tz=HONOLULU) == [("today → Sun 6 Dec", "today")]
