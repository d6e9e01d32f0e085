"""What the test post senders share: none of them loses a post, so none is ever asked to look
for one (bot.actions.post_send.PostSender.find)."""

from __future__ import annotations

from datetime import datetime

from bot.render.reply import Reply


class NeverLooks:
    """A post sender whose posts all go out: a look would mean the runner took a finished post
    for one a crash cut off."""

    async def find(
        self, guild_id: int, channel_id: int, reply: Reply, *, after: datetime
    ) -> int | None:
        del channel_id, reply, after
        raise AssertionError(f"guild {guild_id}: nothing was cut off, yet a post was looked for")
