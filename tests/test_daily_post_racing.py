"""The daily post's "Racing in the next 7 days" block (bot/render/races.py `racing_field`):
listed members named with their race, the others counted, and a long list cut between whole
lines so that the block, with its count, fits Discord's 1,024 characters for a field."""

from __future__ import annotations

from datetime import date

from bot.core.races import MemberRace, Race
from bot.render.races import racing_field

TODAY = date(2026, 3, 10)  # a Tuesday
SATURDAY = date(2026, 3, 14)
FIELD_MAX = 1024
ONE_UNNAMED = "1 more race of members not named (by their choice)."


def race(user_id: int, name: str, *, listed: bool = True) -> MemberRace:
    return MemberRace(user_id=user_id, listed=listed, race=Race(id=user_id, on=SATURDAY, name=name))


def line(user_id: int, name: str) -> str:
    return f"<@{user_id}>: {name}, Sat 14 Mar: in 4 days"


def test_the_unnamed_are_counted_however_many_are_named() -> None:
    field = racing_field(
        [
            race(1001, "Park 10k"),
            race(1002, "Hidden", listed=False),
            race(1003, "Too", listed=False),
        ],
        TODAY,
    )
    assert field is not None
    assert field.name == "Racing in the next 7 days"
    assert field.value.splitlines() == [
        line(1001, "Park 10k"),
        "2 more races of members not named (by their choice).",
    ]
    only_named = racing_field([race(1001, "Park 10k")], TODAY)
    assert only_named is not None and only_named.value == line(1001, "Park 10k")
    assert racing_field([], TODAY) is None


def named_filling(room: int) -> list[tuple[int, str]]:
    """Listed races whose lines, one a line, are exactly `room` characters long."""
    names = [(1000 + n, "x" * 45) for n in range(12)]
    used = sum(len(line(*n)) + 1 for n in names)
    last = room - used - len(line(2000, ""))
    assert 1 <= last <= 50  # a race name's length
    return [*names, (2000, "y" * last)]


def test_a_list_that_just_fits_is_shown_whole_and_one_character_more_is_cut() -> None:
    unnamed = race(3000, "Hidden", listed=False)
    # The named lines and the count, a line each, fill the field to its last character.
    room = FIELD_MAX - len(ONE_UNNAMED) - 1
    named = named_filling(room)
    field = racing_field([*(race(*n) for n in named), unnamed], TODAY)
    assert field is not None
    assert field.value.splitlines() == [*(line(*n) for n in named), ONE_UNNAMED]
    assert len(field.value) == FIELD_MAX

    # One character more: the last race no longer fits and is counted instead.
    longer = [*named[:-1], (2000, named[-1][1] + "y")]
    field = racing_field([*(race(*n) for n in longer), unnamed], TODAY)
    assert field is not None
    assert field.value.splitlines() == [
        *(line(*n) for n in longer[:-1]),
        "…and 1 more",
        ONE_UNNAMED,
    ]
    assert len(field.value) <= FIELD_MAX
