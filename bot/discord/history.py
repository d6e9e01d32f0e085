"""Looking back in a channel for a message the bot may already have sent: after a crash cut
off a send, before sending it again once Discord may have forgotten its nonce."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import discord

# One page of history, one request. A cut-off attempt ended within its send's time limit of
# the claim the search starts from, so its message, if any, is among the first messages.
LOOK_MESSAGES = 100
# How much earlier than the claim the search starts: moments are stored to the second, and
# this host's clock may run a little ahead of Discord's. Only this post or DM matches.
CLOCK_MARGIN = timedelta(seconds=30)


async def own_message_after(
    channel: discord.abc.Messageable,
    me: discord.abc.Snowflake,
    after: datetime,
    matches: Callable[[discord.Message], bool],
) -> int | None:
    """The id of the first message by `me`, with an embed, made since `after` (less
    CLOCK_MARGIN) that `matches`, among the first LOOK_MESSAGES; None when there is none."""
    found = None
    since = after - CLOCK_MARGIN
    # Read to its end: a generator left mid-loop would be closed later, by a task of its own.
    async for message in channel.history(limit=LOOK_MESSAGES, after=since):
        ours = message.author.id == me.id and message.embeds
        if found is None and ours and matches(message):
            found = message.id
    return found


def begins_as(wanted: discord.Embed, message: discord.Message) -> bool:
    """Whether the message's embed begins as `wanted`: the same title where `wanted` has one,
    and text that begins with `wanted`'s (all of it, for a DM that is the same whatever moment
    it is made; a first line, for one whose advice may have changed since)."""
    embed = message.embeds[0]
    title_matches = wanted.title is None or embed.title == wanted.title
    return title_matches and (embed.description or "").startswith(wanted.description or "")
