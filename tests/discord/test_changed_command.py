"""A member's Discord client with an older command list (issue 9, point 21): the member is told
to reload, the bot logs it at INFO (not as a failure) and nothing is stored."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.discord.tree import CHANGED_COMMAND_MESSAGE
from tests.discord.harness import ALICE, GUILD_A, STRING, Harness
from tests.discord.test_bad_input import counts


@pytest.mark.parametrize(
    ("command", "options"),
    [
        # A required option the old registration did not have: CommandSignatureMismatch.
        ("canirun", {"minutes": 30}),
        ("legday", {"heaviest": 80}),
        ("club session add", {"day": "monday", "type": "easy"}),
        # An option the command no longer has: discord.py drops it, the bot notices.
        ("run", {"type": "easy", "pace": "5:00"}),
        ("canirun", {"type": "easy", "terrain": "hills"}),
        ("mydata export", {"format": "csv"}),
    ],
)
async def test_an_old_command_shape_asks_for_a_reload(
    harness: Harness, caplog: pytest.LogCaptureFixture, command: str, options: dict[str, Any]
) -> None:
    before = await counts(harness)
    caplog.set_level(logging.INFO, logger="bot.discord.tree")

    result = await harness.invoke(command, options, raw=True, permissions=0x20)

    assert result.callback_type == 4
    assert result.ephemeral
    assert result.content == CHANGED_COMMAND_MESSAGE
    assert await counts(harness) == before
    assert result.logs == []  # the harness collects WARNING and up: none
    [info] = [r for r in caplog.records if r.name == "bot.discord.tree"]
    assert info.levelno == logging.INFO and "stale client" in info.getMessage()
    assert info.exc_info is None


async def test_an_option_sent_as_its_old_type_asks_for_a_reload(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """`channel` was once typed as text: an old client sends a string option, which discord.py
    cannot turn into a channel (TransformerError)."""
    caplog.set_level(logging.INFO, logger="bot.discord.tree")
    data = harness._command_data(
        "club reminder set",
        {"channel": "training", "time": "07:00"},
        raw=True,
        focused=None,
        guild=GUILD_A,
    )
    [leaf] = [o for o in data["options"] if o["type"] in (1, 2)]
    [sub] = leaf["options"]
    for option in sub["options"]:
        if option["name"] == "channel":
            option["type"] = STRING
    payload = harness._guild_payload(2, data, ALICE, GUILD_A, None, 0x20, "en-US")

    result = await harness.dispatch(payload)

    assert result.ephemeral
    assert result.content == CHANGED_COMMAND_MESSAGE
    assert result.logs == []
    [info] = [r for r in caplog.records if r.name == "bot.discord.tree"]
    assert info.levelno == logging.INFO and "stale client" in info.getMessage()
