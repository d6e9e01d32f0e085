"""Every text the bot shows, built from core results into `Reply` models.

No discord import: the Discord layer and the offline console show the same replies. Moments
are Discord timestamps, so each reader sees them in their own time zone and language.
One module per command family; the helpers below are shared by all of them.
"""

from __future__ import annotations

from datetime import datetime

from bot.reply import Reply

ZERO_WIDTH_SPACE = "\u200b"


def ts(moment: datetime, style: str = "F") -> str:
    """A Discord timestamp: `<t:UNIX:F>` renders in each reader's own time zone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def when_line(moment: datetime) -> str:
    return f"{ts(moment, 'F')} ({ts(moment, 'R')})"


def safe_text(text: str) -> str:
    """Member-typed text, defused: no mention syntax survives even outside an embed."""
    # AllowedMentions.none() already stops pings; this keeps the text from even looking like one.
    return text.replace("@", "@" + ZERO_WIDTH_SPACE).replace("<", "<" + ZERO_WIDTH_SPACE)


def mention(user_id: int) -> str:
    """Inside an embed a mention shows the name and never pings."""
    return f"<@{user_id}>"


def error_reply(message: str) -> Reply:
    return Reply(content=message, ephemeral=True)
