"""Looking back in a channel for a message the bot may already have sent: after a crash cut
off a send, before sending it again once Discord may have forgotten its nonce."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import discord

# One page of history, one request. A cut-off attempt ended within its send's time limit of
# the claim the search starts from, so its message, if any, is among the first messages.
LOOK_MESSAGES = 100


async def own_message_after(
    channel: discord.abc.Messageable,
    me: discord.abc.Snowflake,
    after: datetime,
    matches: Callable[[discord.Embed], bool],
) -> int | None:
    """The id of the first message by `me` made since `after` (to the second: moments are
    stored so) whose embed `matches`, among the first LOOK_MESSAGES; None when there is none."""
    found = None
    since = after - timedelta(seconds=1)
    # Read to its end: a generator left mid-loop would be closed later, by a task of its own.
    async for message in channel.history(limit=LOOK_MESSAGES, after=since):
        ours = message.author.id == me.id and message.embeds
        if found is None and ours and matches(message.embeds[0]):
            found = message.id
    return found
