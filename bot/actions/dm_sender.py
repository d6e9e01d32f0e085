"""What the loops that DM members need of a front end: one message to one member. The Discord
sender (bot/discord/cogs/reminders.py) raises `DmClosed`, `RecipientGone` or
`TemporaryFailure` (bot/actions/send_errors.py); the console's prints."""

from __future__ import annotations

from typing import Protocol

from bot.render.reply import Reply


class DmSender(Protocol):
    async def send_dm(self, guild_id: int, user_id: int, reply: Reply, *, nonce: str) -> None:
        """Send one DM; `nonce` is the same for every attempt at it (bot/core/resend.py)."""
        ...
