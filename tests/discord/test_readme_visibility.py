"""README.md, "Commands": "Replies are private (only you see them) unless noted". Every command
a member or admin can run without a required option is run through Discord's payload path, and
whether its answer is ephemeral is held against whether its README row says **Public.**."""

from __future__ import annotations

import pytest

from bot.actions.catalog import all_commands
from tests.discord.harness import Harness
from tests.test_readme_reference import command_rows

BARE = [
    spec.name
    for spec in all_commands()
    if not any(field.is_required() for field in spec.options.model_fields.values())
]


@pytest.mark.parametrize("name", BARE)
async def test_a_reply_is_public_exactly_when_the_readme_says_so(
    harness: Harness, name: str
) -> None:
    _, does = command_rows()[name]
    result = await harness.invoke(name)
    assert result.ephemeral is ("**Public.**" not in does)
