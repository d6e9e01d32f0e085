"""Why a message the bot sends on its own (the daily post, a reminder or check-in DM, a
scheduled event) did not go out. The Discord layer raises these from discord.py's errors; the
actions decide from them whether to try again, give up for the day, or tell the member."""

from __future__ import annotations

# How much of a failure's text the record of a post, a timer or a heads-up keeps: its start
# says what went wrong.
ERROR_NOTE_MAX = 200


def error_note(error: object) -> str:
    """A failure's text as its record keeps it."""
    return str(error)[:ERROR_NOTE_MAX]


class TemporaryFailure(Exception):
    """Worth another try later: rate limited, a Discord outage, the network."""


class TriedOut(TemporaryFailure):
    """A `TemporaryFailure` that took its time: a 429 or a 5xx still failing after discord.py's
    own tries, or a request that timed out. Another request now would likely wait the same,
    where a lost answer or a refused connection failed at once: any request of the bot's
    (`everywhere`: a 5xx, a global 429, a timeout), or those of the same route and guild only
    (a 429 on its own limit)."""

    def __init__(self, message: str, *, everywhere: bool = True) -> None:
        super().__init__(message)
        self.everywhere = everywhere


class ChannelUnavailable(Exception):
    """The channel refused the post for good: deleted (404) or permission removed (403)."""


class ChannelGone(ChannelUnavailable):
    """The channel was deleted, and every message in it."""


class DmClosed(Exception):
    """Discord refused the DM for good (403: DMs closed, the bot blocked)."""


class RecipientGone(Exception):
    """The bot is not in the member's server any more: no DM."""
