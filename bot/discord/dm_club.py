"""Which club a DM is for. A member's DMs with the bot are one channel whatever the server, and
some DMs read the same in every club (a reminder's text depends only on its moment). So each DM
names its server at its top: the embed's author, the server's name linked to the server. That
tells the member which club it comes from, and the bot, looking for a DM a crash or a failure
for now may have made already, tells one club's from another's by the link's guild id, never
by the name: an admin may rename the server between two attempts at one DM.

The author's name is the server's name as its admins typed it; Discord shows it as plain text
(no markdown, no mentions), and every message's allowed_mentions is none anyway.
"""

from __future__ import annotations

import re

import discord

from bot.core.links import DISCORD_WEB, server_link
from bot.discord.buttons import made_for_guild
from bot.render.reply import EmbedAuthor

# What a DM's author shows when discord.py knows no name (a server unavailable in an outage).
UNNAMED_SERVER = "Your club's server"
_SERVER_LINK = re.compile(re.escape(f"{DISCORD_WEB}/channels/") + r"(?P<guild>[0-9]{1,20})/?")


def club_author(guild: discord.Guild) -> EmbedAuthor:
    return EmbedAuthor(name=guild.name or UNNAMED_SERVER, url=server_link(guild.id))


def made_for_club(message: discord.Message, guild_id: int) -> bool:
    """Whether the message is for `guild_id`'s member: a DM that names its server names this
    one; one made before DMs named their server (no author) counts unless its buttons are
    for another guild (a check-in's are)."""
    embed = message.embeds[0] if message.embeds else None
    if embed is not None and embed.author.name is not None:
        found = _SERVER_LINK.fullmatch(embed.author.url or "")
        if found is None or int(found["guild"]) != guild_id:
            return False
    return made_for_guild(message, guild_id)
