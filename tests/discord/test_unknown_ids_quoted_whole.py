"""Issue 18, point 12's family: an id that names nothing of the member's is quoted back whole,
up to the option's own length limit (the one Discord is told), never cut at a shorter length
of its own. /delete and /edit's `entry`, /remind cancel's `reminder`, /race remove's `race`."""

from __future__ import annotations

from typing import Any

import pytest

from tests.discord.harness import Harness

# 60 characters: longer than any cut the replies used to make (20, 30, 40), within 100.
TYPED = "my long run from last sunday in the rain, the one with hills"
assert len(TYPED) == 60

CASES: list[tuple[str, dict[str, Any], str]] = [
    ("delete", {"entry": TYPED}, f"No entry `{TYPED}` of yours."),
    ("edit", {"entry": TYPED, "notes": "x"}, f"No entry `{TYPED}` of yours."),
    ("remind cancel", {"reminder": TYPED}, f"No pending reminder “{TYPED}” of yours;"),
    ("race remove", {"race": TYPED}, f"No race {TYPED} of yours."),
]


@pytest.mark.parametrize(("command", "options", "start"), CASES, ids=[c[0] for c in CASES])
async def test_an_unknown_id_is_quoted_whole(
    harness: Harness, command: str, options: dict[str, Any], start: str
) -> None:
    result = await harness.invoke(command, options)
    assert result.ephemeral and result.content.startswith(start), result.content


@pytest.mark.parametrize(
    ("command", "option", "extra"),
    [
        ("delete", "entry", {}),
        ("edit", "entry", {"notes": "x"}),
        ("remind cancel", "reminder", {}),
        ("race remove", "race", {}),
    ],
)
async def test_an_id_beyond_the_options_limit_is_refused_by_that_limit(
    harness: Harness, command: str, option: str, extra: dict[str, Any]
) -> None:
    # What no Discord client sends (it holds the option to 100 characters): the bot's own guard.
    result = await harness.invoke(command, {option: "x" * 101, **extra}, raw=True)
    assert result.ephemeral
    assert result.content.startswith(f"`{option}`: at most 100 characters, please"), result.content


async def test_a_value_that_is_not_a_choice_is_quoted_whole(harness: Harness) -> None:
    # What no Discord client sends (it offers the ten types only): the console's member can
    # type it, and their words come back whole, up to a choice's 100 characters.
    result = await harness.invoke("run", {"type": TYPED, "minutes": 30}, raw=True)
    assert result.ephemeral
    assert result.content.startswith(f"`type`: '{TYPED}' is not allowed"), result.content


@pytest.mark.parametrize(
    ("command", "options", "start"),
    [
        ("delete", {"entry": "\u200b"}, "No entry `?` of yours."),
        ("remind cancel", {"reminder": "\u200b"}, "No pending reminder “?” of yours;"),
        ("race remove", {"race": "\u200b"}, "No race ? of yours."),
        ("race edit", {"race": "\u200b", "name": "x"}, "No race ? of yours."),
    ],
    ids=["delete", "remind cancel", "race remove", "race edit"],
)
async def test_an_id_of_nothing_visible_is_shown_as_a_question_mark(
    harness: Harness, command: str, options: dict[str, Any], start: str
) -> None:
    # A zero-width space is text a client sends; read as blank, it was quoted as nothing:
    # "No race  of yours.", "No pending reminder “” of yours". An entry's showed `?`.
    result = await harness.invoke(command, options)
    assert result.ephemeral and result.content.startswith(start), result.content
