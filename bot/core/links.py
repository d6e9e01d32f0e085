"""Where a member opens something in Discord: the web links the client follows."""

from __future__ import annotations

DISCORD_WEB = "https://discord.com"


def server_link(guild_id: int) -> str:
    return f"{DISCORD_WEB}/channels/{guild_id}"


def message_link(guild_id: int, channel_id: int, message_id: int) -> str:
    return f"{server_link(guild_id)}/{channel_id}/{message_id}"


def event_link(guild_id: int, event_id: int) -> str:
    return f"{DISCORD_WEB}/events/{guild_id}/{event_id}"
