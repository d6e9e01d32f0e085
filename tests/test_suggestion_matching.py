"""What a member types filters every pick list the same way (bot.actions.option_base.matching):
entries, races, reminders and sessions, on Discord and in the console."""

from __future__ import annotations

from collections.abc import Iterator

from bot.actions.option_base import matching

RACES = [
    ("12 · Sun 26 Apr · Berlin  Marathon", "12"),
    ("13 · Sat 2 May · Parkrun", "13"),
    ("140 · Sun 10 May · Great North Run", "140"),
]


def test_nothing_typed_lists_the_first_ones_in_order() -> None:
    assert matching(RACES, "", 2) == RACES[:2]
    assert matching(RACES, "   ", 5) == RACES


def test_any_case_and_any_spacing_in_what_is_typed() -> None:
    assert matching(RACES, "  great   NORTH ", 25) == [RACES[2]]
    assert matching(RACES, "SUN", 25) == [RACES[0], RACES[2]]
    # Spacing is squeezed on both sides: a name typed with two spaces is found with one.
    assert matching(RACES, "berlin marathon", 25) == [RACES[0]]
    assert matching(RACES, "berlin  marathon", 25) == [RACES[0]]


def test_a_value_typed_exactly_picks_it_even_when_no_label_holds_it() -> None:
    sessions = [("Tue 18:00 hills", "42"), ("Thu 18:30 tempo", "43")]
    assert matching(sessions, "43", 25) == [sessions[1]]
    assert matching(sessions, " 43 ", 25) == [sessions[1]]
    assert matching(sessions, "4", 25) == []  # a value matches whole, not in part


def test_at_most_limit_and_reads_no_further() -> None:
    read: list[int] = []

    def pairs() -> Iterator[tuple[str, str]]:
        for n in range(100):
            read.append(n)
            yield (f"R{n}", f"R{n}")

    assert matching(pairs(), "r1", 3) == [("R1", "R1"), ("R10", "R10"), ("R11", "R11")]
    assert read[-1] == 11
