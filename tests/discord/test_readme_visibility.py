"""README.md, "Commands": "Replies are private (only you see them) unless noted". Every command
a member or admin can run without a required option is run through Discord's payload path, and
whether its answer is ephemeral is held against whether its README row says **Public.**."""

from __future__ import annotations

from typing import Any

import pytest

from bot.actions.catalog import all_commands
from tests.discord.harness import GUILD_A, Harness
from tests.test_readme_reference import command_rows

BARE = [
    spec.name
    for spec in all_commands()
    if not any(field.is_required() for field in spec.options.model_fields.values())
]

# What a command needs before it has more to say than "nothing here": the member's data is
# logged for every command (below); these need more, or an option that is not required.
_BEFORE: dict[str, tuple[str, dict[str, Any]]] = {
    "remind list": ("checkin", {"time": "07:00"}),
    "club reminder off": (
        "club reminder set",
        {"channel": GUILD_A.channel_named("training"), "time": "07:00"},
    ),
}
_OPTIONS: dict[str, dict[str, Any]] = {"run": {"type": "easy"}}
# The answers that are one line of text, not an embed, when the command did its work.
_DONE_IN_A_LINE = {"club reminder off": "The daily club post is off."}


@pytest.mark.parametrize("name", BARE)
async def test_a_reply_is_public_exactly_when_the_readme_says_so(
    harness: Harness, name: str
) -> None:
    _, does = command_rows()[name]
    # Something to answer about: a refusal ("nothing to undo") is private whatever the row
    # says, so it would prove nothing.
    await harness.invoke("legday", {"exercises": 4, "when": "2h ago"})
    await harness.invoke("run", {"type": "easy", "minutes": 30})
    if name in _BEFORE:
        await harness.invoke(*_BEFORE[name])
    result = await harness.invoke(name, _OPTIONS.get(name, {}))
    if name in _DONE_IN_A_LINE:
        assert result.content.startswith(_DONE_IN_A_LINE[name])
    else:
        assert result.embeds, f"/{name} answered with a refusal: {result.content!r}"
    assert result.ephemeral is ("**Public.**" not in does)
