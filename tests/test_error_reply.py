"""error_reply: a refusal quotes what the member typed, and whichever layer wrote the message,
no "@" in it can ping; only "@" is defused, so a channel link in it still works."""

from __future__ import annotations

from bot.render import error_reply
from bot.render.reply import Reply


def test_a_bare_at_gets_a_zero_width_space_after_it_and_nothing_else_changes() -> None:
    message = "`timezone`: unknown timezone '@everyone' (see <#123> or @here)"
    assert error_reply(message) == Reply(
        content="`timezone`: unknown timezone '@\u200beveryone' (see <#123> or @\u200bhere)",
        ephemeral=True,
    )


def test_an_at_already_defused_is_left_as_it_is() -> None:
    # The actions quote typed text defused already ("@" and a zero-width space): not doubled.
    message = "No entry `<\u200b@\u200b666>`."
    assert error_reply(message).content == message
