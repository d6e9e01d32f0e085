"""Errors a member can cause and fix; the command tree turns them into ephemeral replies."""

from __future__ import annotations


class UserError(Exception):
    """Something the member can fix; `message` is shown to them as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(UserError):
    """A command option was out of range or could not be understood."""

    def __init__(self, option: str | None, message: str) -> None:
        text = f"`{option}`: {message}" if option else message
        super().__init__(text)
        self.option = option


class NotFound(UserError):
    """An id that is not one of the member's own entries (or does not exist at all)."""
