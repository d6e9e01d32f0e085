"""`fit_lines_of` makes lines on demand (the daily post's recovering list can be thousands of
members long): it must cut exactly where the plain list version always cut."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.render import fit_lines, fit_lines_of, spread_lines
from bot.render.reply import EmbedField
from bot.render.run_files import nothing_logged_text


def reference(lines: Sequence[str], limit: int, overflow: Callable[[int], str]) -> str:
    """The list version as it stood before lines were made on demand."""
    joined = "\n".join(lines)
    if len(joined) <= limit:
        return joined
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        tail = overflow(len(lines) - index - 1)
        if used + len(line) + 1 + len(tail) > limit:
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join([*kept, overflow(len(lines) - len(kept))])


def more(count: int) -> str:
    return f"…and {count} more"


@given(
    st.lists(st.text(min_size=0, max_size=30), max_size=40),
    st.integers(min_value=-5, max_value=400),
)
def test_lines_made_on_demand_cut_where_the_list_cuts(lines: list[str], limit: int) -> None:
    made: list[int] = []

    def line(index: int) -> str:
        made.append(index)
        return lines[index]

    expected = reference(lines, limit, more)
    assert fit_lines_of(len(lines), line, limit, more) == expected
    assert fit_lines(lines, limit, more) == expected
    # Each line is made once, in order.
    assert made == list(range(len(made)))


def test_a_long_list_makes_only_the_lines_that_can_show() -> None:
    made: list[int] = []

    def line(index: int) -> str:
        made.append(index)
        return f"member {index:05d}"  # 12 characters

    text = fit_lines_of(100_000, line, 130, more)
    # Line k is kept while 13 k + 13 + len("…and 99991 more") <= 130: k = 0..7.
    assert text.splitlines() == [f"member {i:05d}" for i in range(8)] + ["…and 99992 more"]
    # Eleven lines joined (11 x 13 - 1 = 142) are the first past the limit.
    assert len(made) == 11


def short(count: int) -> str:
    return f"+{count}"


def test_fit_lines_at_its_boundaries() -> None:
    # Exactly at the limit: every line, no overflow line.
    assert fit_lines(["aaaa", "bbbb"], 9, short) == "aaaa\nbbbb"
    # One over: the lines that fit with the overflow line after them, then it.
    assert fit_lines(["aaaa", "bbbb"], 8, short) == "aaaa\n+1"
    # A single line longer than the limit: never cut mid-line, only counted.
    assert fit_lines(["x" * 20], 10, short) == "+1"
    assert fit_lines(["x" * 20, "y"], 10, short) == "+2"
    # Nothing at all is an empty text.
    assert fit_lines([], 0, short) == ""


def test_a_refused_runs_reasons_fit_a_message_as_fit_lines_fits_them() -> None:
    """/run where no file gave a run cuts its reasons with `fit_lines`: at exactly 2,000
    characters all show; past it, whole lines and the count of the rest. Its own copy reserved
    room for the count of every reason ("…and 10 more"), so a reason that fitted beside the
    count actually left out ("…and 1 more") was not shown."""
    tail = "…and 1 more not logged, not shown here: send fewer files at a time."
    assert nothing_logged_text(["a" * 999, "b" * 1000]) == "a" * 999 + "\n" + "b" * 1000
    assert nothing_logged_text(["a" * 1000, "b" * 1000]) == "a" * 1000 + "\n" + tail
    assert nothing_logged_text(["c" * 2001]) == tail
    # Nine reasons and the count of the tenth make exactly 2,000 characters.
    first = 2000 - len(tail) - 9 - 8 * 99
    reasons = ["r" * first] + ["s" * 99] * 8 + ["t" * 200]
    text = nothing_logged_text(reasons)
    assert len(text) == 2000
    assert text.split("\n") == [*reasons[:9], tail]


# -- spread over an embed's description and fields ---------------------------------------------

# Discord's limits on one embed, from its documentation (Embed Limits), not from the bot.
DESCRIPTION_LIMIT, FIELD_VALUE_LIMIT, FIELDS_LIMIT = 4096, 1024, 25


@given(
    st.lists(st.text(alphabet="ab ", min_size=1, max_size=300), max_size=60),
    st.integers(min_value=100, max_value=6000),
)
def test_spread_lines_keep_order_and_every_limit(lines: list[str], budget: int) -> None:
    description, fields = spread_lines(lines, budget, more)
    parts = [description, *(f.value for f in fields)]
    assert len(description) <= DESCRIPTION_LIMIT
    assert len(fields) <= FIELDS_LIMIT
    assert all(len(f.value) <= FIELD_VALUE_LIMIT and f.name for f in fields)
    assert len(description) + sum(len(f.name) + len(f.value) for f in fields) <= budget
    shown = [line for part in parts if part for line in part.split("\n")]
    if shown and shown[-1].startswith("…and "):
        left = int(shown[-1].removeprefix("…and ").removesuffix(" more"))
        assert shown[:-1] == lines[: len(lines) - left]
        assert left > 0
    else:
        assert shown == lines


def test_a_list_longer_than_a_description_goes_on_in_fields() -> None:
    # 25 lines of 193 characters: 21 fill a description (21 x 194 - 1 = 4,073 of 4,096), and
    # the other 4 (775 characters) one field.
    lines = [f"• session {n:02d} " + "x" * 180 for n in range(25)]
    description, fields = spread_lines(lines, 5950, more)
    assert len(description) == 4073 and len(fields) == 1
    assert "\n".join([description, *(f.value for f in fields)]) == "\n".join(lines)
    short, none = spread_lines(lines[:3], 5950, more)
    assert none == () and short == "\n".join(lines[:3])


def test_fit_lines_counts_the_overflow_line_it_would_show() -> None:
    # Each line is kept only with room for the count of the lines after it. Eleven lines of
    # "a" in 4 characters: keeping the first leaves ten, "a\n+10" is 5 characters, so none
    # is kept and all eleven are counted. Ten lines: keeping the first leaves nine, "a\n+9"
    # is exactly 4; keeping two ("a\na\n+8", 6) is not.
    assert fit_lines(["a"] * 11, 4, short) == "+11"
    assert fit_lines(["a"] * 10, 4, short) == "a\n+9"


def field_values(fields: tuple[EmbedField, ...]) -> list[str]:
    # Each continuation field's name is a single zero-width space (one character of the total).
    assert all(f.name == "\u200b" for f in fields)
    return [f.value for f in fields]


def test_lines_that_fill_the_description_exactly_stay_in_it() -> None:
    # 2,047 + 1 + 2,048 = 4,096 characters: the description's limit, every line in it.
    lines = ["a" * 2047, "b" * 2048]
    assert spread_lines(lines, 6000, more) == ("a" * 2047 + "\n" + "b" * 2048, ())


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        # 4,000 + 1 + 83 + 1 + len("…and 1 more") (11) = 4,096: the count fits after it.
        pytest.param(83, ("a" * 4000 + "\n" + "b" * 83 + "\n…and 1 more", []), id="83"),
        # One more character would make 4,097: the line opens a field, the count after it.
        pytest.param(84, ("a" * 4000, ["b" * 84 + "\n…and 1 more"]), id="84"),
    ],
)
def test_the_count_of_lines_left_out_always_has_room_in_the_description(
    second: int, expected: tuple[str, list[str]]
) -> None:
    # The third line (5,000 characters) fits nowhere, so a count ends the list.
    description, fields = spread_lines(["a" * 4000, "b" * second, "c" * 5000], 6000, more)
    assert (description, field_values(fields)) == expected


@pytest.mark.parametrize(
    ("third", "expected"),
    [
        # 1,000 + 1 + 11 + 1 + len("…and 1 more") (11) = 1,024: a field's limit exactly.
        pytest.param(11, ["b" * 1000 + "\n" + "c" * 11 + "\n…and 1 more"], id="11"),
        pytest.param(12, ["b" * 1000, "c" * 12 + "\n…and 1 more"], id="12: a second field"),
    ],
)
def test_the_count_of_lines_left_out_always_has_room_in_a_field(
    third: int, expected: list[str]
) -> None:
    lines = ["a" * 4000, "b" * 1000, "c" * third, "d" * 5000]
    description, fields = spread_lines(lines, 6000, more)
    assert (description, field_values(fields)) == ("a" * 4000, expected)


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        # A field of 1,023 characters (and its 1-character name) fits Discord's 1,024.
        pytest.param(1023, ("a" * 4000, ["b" * 1023]), id="1,023: a field"),
        # 1,025 characters fit no field: the line is counted, not cut.
        pytest.param(1025, ("a" * 4000 + "\n…and 1 more", []), id="1,025: counted"),
    ],
)
def test_a_line_goes_in_a_field_only_if_a_field_can_hold_it(
    length: int, expected: tuple[str, list[str]]
) -> None:
    description, fields = spread_lines(["a" * 4000, "b" * length], 6000, more)
    assert (description, field_values(fields)) == expected


def test_a_line_that_fits_a_field_only_without_the_count_is_counted() -> None:
    # 1,015 characters fit a field (1,016 with its name), but not beside the count the list
    # then needs (1,015 + 1 + 11 = 1,027): it is counted with the last line.
    description, fields = spread_lines(["a" * 4000, "b" * 1015, "c" * 5000], 6000, more)
    assert (description, fields) == ("a" * 4000 + "\n…and 2 more", ())


@pytest.mark.parametrize(
    ("budget", "expected"),
    [
        # 4,000 + the field's name (1) + 500 + 1 + 499 = 5,001: exactly the budget.
        pytest.param(5001, ["b" * 500 + "\n" + "c" * 499], id="5,001: all of them"),
        # A character less: the last line is counted instead (4,000 + 1 + 512 = 4,513).
        pytest.param(5000, ["b" * 500 + "\n…and 1 more"], id="5,000: the last counted"),
    ],
)
def test_a_fields_name_counts_against_the_budget(budget: int, expected: list[str]) -> None:
    description, fields = spread_lines(["a" * 4000, "b" * 500, "c" * 499], budget, more)
    assert (description, field_values(fields)) == ("a" * 4000, expected)
