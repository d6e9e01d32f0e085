"""`fit_lines_of` makes lines on demand (the daily post's recovering list can be thousands of
members long): it must cut exactly where the plain list version always cut."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hypothesis import given
from hypothesis import strategies as st

from bot.render import fit_lines, fit_lines_of, spread_lines


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
