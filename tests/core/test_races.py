"""A member's races (advice-rules.md, "Races"): adding one, the next one, the taper note."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.errors import InputError, UserError
from bot.core.models import AdviceRules
from bot.core.races import (
    RACES_MAX,
    Race,
    RaceDistance,
    check_new_race,
    edited_race,
    next_race,
    taper_note,
)
from bot.core.when import describe_day, read_day
from bot.core.wording import day_label

DAY = date(2026, 5, 10)
RULES = AdviceRules()


def race(on: date, name: str = "City 10k", race_id: int | None = None) -> Race:
    return Race(id=race_id, on=on, name=name)


@pytest.mark.parametrize(
    "new",
    [race(DAY, "city 10K"), race(DAY, "CITY 10k")],
    ids=["lower", "upper"],
)
def test_the_same_race_twice_is_refused_whatever_its_case(new: Race) -> None:
    with pytest.raises(UserError) as caught:
        check_new_race([race(DAY)], new)
    assert caught.value.message == "That race is already on your calendar."


def test_another_race_on_the_day_or_the_same_name_on_another_day_is_fine() -> None:
    check_new_race([race(DAY)], race(DAY, "Trail 20k"))
    check_new_race([race(DAY)], race(DAY + timedelta(days=7)))


def test_a_calendar_holds_up_to_25_upcoming_races() -> None:
    upcoming = [race(DAY + timedelta(days=i), f"Race {i}") for i in range(RACES_MAX - 1)]
    check_new_race(upcoming, race(DAY, "One more"))
    with pytest.raises(UserError) as caught:
        check_new_race([*upcoming, race(DAY, "One more")], race(DAY, "Too many"))
    assert caught.value.message == (
        f"You can have up to {RACES_MAX} upcoming races; remove one first (`/race remove`)."
    )
    assert RACES_MAX == 25


def test_an_edit_replaces_what_is_given_and_keeps_the_rest() -> None:
    city = Race(id=3, on=DAY, name="City 10k", distance=RaceDistance.TEN_K)
    park = race(DAY + timedelta(days=2), "Parkrun", 5)
    week_later = DAY + timedelta(days=7)
    assert edited_race([park, city], 3, on=week_later) == (
        city,
        Race(id=3, on=week_later, name="City 10k", distance=RaceDistance.TEN_K),
    )
    assert edited_race([park, city], 3, name="Harbour half", distance=RaceDistance.HALF) == (
        city,
        Race(id=3, on=DAY, name="Harbour half", distance=RaceDistance.HALF),
    )
    # Nothing given: the race as it is (the action refuses such an edit before asking).
    assert edited_race([city], 3) == (city, city)
    # Not among the races ahead (over, someone else's, no such id): no edit.
    assert edited_race([park, city], 4, name="Mine") is None
    assert edited_race([], 3, name="Mine") is None


def test_an_edit_may_not_repeat_another_race_but_may_keep_its_own_date_and_name() -> None:
    city, park = race(DAY, "City 10k", 3), race(DAY + timedelta(days=2), "Parkrun", 5)
    with pytest.raises(UserError, match="already on your calendar"):
        edited_race([city, park], 5, on=DAY, name="CITY 10K")
    assert edited_race([city, park], 3, name="city 10K") == (city, race(DAY, "city 10K", 3))
    # At the cap, an edit adds no race.
    full = [race(DAY + timedelta(days=n), f"R{n}", n + 1) for n in range(RACES_MAX)]
    moved = race(DAY + timedelta(days=99), "R0", 1)
    assert edited_race(full, 1, on=DAY + timedelta(days=99)) == (full[0], moved)


def test_the_next_race_is_the_soonest_on_or_after_today() -> None:
    past, today, later = race(DAY - timedelta(days=1)), race(DAY), race(DAY + timedelta(days=3))
    assert next_race([later, past, today], DAY) == today
    assert next_race([later, past], DAY) == later
    assert next_race([past], DAY) is None


def test_races_on_one_day_come_in_the_order_they_were_added() -> None:
    """By id; a race not stored yet (no id) first."""
    first, second, unsaved = race(DAY, "A", 1), race(DAY, "B", 2), race(DAY, "C")
    assert next_race([second, first], DAY) == first
    assert next_race([first, unsaved], DAY) == unsaved
    assert taper_note(DAY, True, [second, first], RULES) == first
    assert taper_note(DAY, True, [first, unsaved], RULES) == unsaved


def _local(zone: str, year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone)).astimezone(UTC)


@pytest.mark.parametrize(
    ("zone", "now", "typed", "day"),
    [
        # London springs forward on Sunday 28 March 2027: 336 hours from Saturday 20 March,
        # 23:30 GMT, end at 00:30 BST on Sunday 4 April.
        ("Europe/London", _local("Europe/London", 2027, 3, 20, 23, 30), "in 2 weeks", (4, 3)),
        # New York springs forward on Sunday 14 March 2027.
        ("America/New_York", _local("America/New_York", 2027, 3, 12, 23, 30), "in 3 days", (3, 15)),
        # Lord Howe's clocks go back half an hour on Sunday 4 April 2027 (02:00 to 01:30): a
        # week of hours from Tuesday 00:10 ends at 23:40 on the Monday.
        (
            "Australia/Lord_Howe",
            _local("Australia/Lord_Howe", 2027, 3, 30, 0, 10),
            "in 1 week",
            (4, 6),
        ),
        # Chatham (+13:45, then +12:45 from 4 April 2027).
        ("Pacific/Chatham", _local("Pacific/Chatham", 2027, 3, 31, 0, 20), "in 5 days", (4, 5)),
        # Nuuk springs forward from 23:00 on Saturday 28 March 2026 to 00:00 on the Sunday:
        # Saturday's 23:30, skipped, must not make the race a Sunday one.
        ("America/Nuuk", _local("America/Nuuk", 2026, 3, 27, 23, 30), "next saturday", (3, 28)),
        ("America/Nuuk", _local("America/Nuuk", 2026, 3, 20, 12, 0), "2026-03-28 23:30", (3, 28)),
    ],
)
def test_a_race_day_is_the_day_on_the_members_calendar_across_a_clock_change(
    zone: str, now: datetime, typed: str, day: tuple[int, int]
) -> None:
    """A race is a day, not a moment: "in 2 weeks" typed late on a Saturday is the Saturday two
    weeks on, as a calendar shows it, even when a clock change in between would carry the
    elapsed hours past midnight; a wall time a spring-forward gap skipped stays on its day. The
    /race set reply and the `date` autocomplete label name the same day."""
    expected = date(now.year, *day)
    tz = ZoneInfo(zone)
    assert read_day(typed, now=now, tz=tz, option="date", hint="", instead="") == expected
    assert describe_day(typed, now=now, tz=tz) == f"{typed} → {day_label(expected)}"


def test_a_race_day_some_days_ago_counts_back_on_the_members_calendar() -> None:
    """`/race set` refuses a day already over, naming it: "2 days ago" typed just after
    midnight on Monday 29 March 2027 in London is Saturday 27 March on the calendar, though
    the 48 hours back cross the clock change and end at 23:10 GMT on the Friday."""
    london = ZoneInfo("Europe/London")
    now = _local("Europe/London", 2027, 3, 29, 0, 10)
    assert read_day("2 days ago", now=now, tz=london, option="date", hint="", instead="") == (
        date(2027, 3, 27)
    )


def test_a_race_day_not_understood_is_refused_in_the_options_own_words() -> None:
    """The refusal names the option and gives its examples; an empty one says what to do."""
    now = _local("Europe/London", 2026, 12, 7, 20, 0)
    london = ZoneInfo("Europe/London")
    words = {"option": "date", "hint": "Try 2026-12-12.", "instead": "type a day."}
    with pytest.raises(InputError) as refused:
        read_day("banana", now=now, tz=london, **words)
    assert str(refused.value) == "`date`: could not understand 'banana'. Try 2026-12-12."
    with pytest.raises(InputError) as empty:
        read_day("", now=now, tz=london, **words)
    assert str(empty.value) == (
        "`date`: is empty, and empty is not a moment: type a day. Try 2026-12-12."
    )
