"""The one exception the harness raises."""

from __future__ import annotations


class HarnessError(AssertionError):
    """The test asked for something a real Discord would never send, or the bot misbehaved."""
