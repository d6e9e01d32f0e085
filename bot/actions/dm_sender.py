"""What the loops that DM members need of a front end: one message to one member. The Discord
sender (bot/discord/cogs/reminders.py) raises `DmClosed`, `RecipientGone` or
`TemporaryFailure` (bot/actions/send_errors.py); the console's prints."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.render.reply import Reply

# DMs in flight at once: reminders', check-ins' and heads-ups' alike.
CONCURRENT_SENDS = 16


class DmSender(Protocol):
    async def send_dm(self, guild_id: int, user_id: int, reply: Reply, *, nonce: str) -> None:
        """Send one DM; `nonce` is the same for every attempt at it (bot/core/resend.py)."""
        ...

    async def find_dm(self, guild_id: int, user_id: int, reply: Reply, *, after: datetime) -> bool:
        """Whether the member's DMs hold a DM from the bot for `guild_id`, made after `after`,
        that begins as `reply`: its title, where `reply` has one, and its text (a reminder's
        whole DM; a heads-up's opening line, bot.render.heads_up.heads_up_mark). A member's DMs
        are one channel whatever the server, and a reminder reads the same in every club: the
        front end tells the club from the DM itself (on Discord, the server each DM names at
        its top, by id). Raises as `send_dm` does."""
        ...
