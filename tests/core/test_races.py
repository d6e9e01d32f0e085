"""A member's races (advice-rules.md, "Races"): adding one, the next one, the taper note."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.core.errors import UserError
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
