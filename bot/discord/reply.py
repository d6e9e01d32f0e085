"""Turns a front-end-neutral Reply into what discord.py sends."""

from __future__ import annotations

import io
from typing import Any

import discord

from bot.render.reply import Reply


def to_embed(reply: Reply) -> discord.Embed | None:
    if not reply.has_embed:
        return None
    embed = discord.Embed(title=reply.title, description=reply.description, colour=reply.colour)
    for field in reply.fields:
        embed.add_field(name=field.name, value=field.value, inline=field.inline)
    if reply.footer:
        embed.set_footer(text=reply.footer)
    if reply.author is not None:
        embed.set_author(name=reply.author.name, url=reply.author.url)
    for attachment in reply.files:
        if attachment.filename.endswith(".png"):
            # The first chart shows inside the embed rather than as a loose file.
            embed.set_image(url=f"attachment://{attachment.filename}")
            break
    return embed


def to_files(reply: Reply) -> list[discord.File]:
    return [
        discord.File(io.BytesIO(a.data), filename=a.filename, description=a.description)
        for a in reply.files
    ]


def message_kwargs(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for a channel `send` (the daily post, for instance)."""
    reply = reply.clamped()
    kwargs: dict[str, Any] = {"allowed_mentions": discord.AllowedMentions.none()}
    if reply.content:
        kwargs["content"] = reply.content
    embed = to_embed(reply)
    if embed is not None:
        kwargs["embed"] = embed
    files = to_files(reply)
    if files:
        kwargs["files"] = files
    return kwargs


async def send_reply(
    interaction: discord.Interaction[Any],
    reply: Reply,
    *,
    view: discord.ui.View | None = None,
) -> None:
    """Answer the interaction, or follow up when it was already deferred or answered."""
    kwargs = message_kwargs(reply)
    if view is not None:
        kwargs["view"] = view
    if interaction.response.is_done():
        await interaction.followup.send(ephemeral=reply.ephemeral, **kwargs)
    else:
        await interaction.response.send_message(ephemeral=reply.ephemeral, **kwargs)
