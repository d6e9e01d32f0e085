"""Command registration, only when the command tree actually changed.

Discord rate-limits command creation (200 a day per guild) and `on_ready` fires on every
reconnect, so the tree's JSON is hashed and compared with the last synced hash in the store.
The dev guild (`[discord] dev_guild_id`) last registered is kept there too, so that its copy of
the commands is removed once it is given up.
"""

from __future__ import annotations

import hashlib
import json
import logging

import discord
from discord.ext import commands

from bot.core.bookkeeping import COMMAND_TREE
from bot.discord.failures import StartRefused
from bot.discord.services import services_of

log = logging.getLogger(__name__)


def _target(bot: commands.Bot) -> discord.Object | None:
    guild_id = services_of(bot).settings.discord.dev_guild_id
    return discord.Object(id=guild_id) if guild_id else None


def tree_digest(bot: commands.Bot, guild: discord.Object | None) -> str:
    payload = [command.to_dict(bot.tree) for command in bot.tree.get_commands(guild=guild)]
    payload.sort(key=lambda c: str(c["name"]))
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _key(bot: commands.Bot, scope: str) -> str:
    return f"{COMMAND_TREE}:{bot.application_id}:{scope}"


async def sync_if_changed(bot: commands.Bot, *, force: bool = False) -> bool:
    """Sync the tree when it differs from what was last synced; True when it synced."""
    guild = _target(bot)
    await _clear_former_dev_guild(bot, guild)
    if guild is not None:
        bot.tree.copy_global_to(guild=guild)
    scope = f"guild:{guild.id}" if guild is not None else "global"
    key = _key(bot, scope)
    digest = tree_digest(bot, guild)
    if not force and await services_of(bot).store.meta.get(key) == digest:
        log.info("slash commands unchanged since the last sync (%s); not syncing", scope)
        return False
    try:
        synced = await bot.tree.sync(guild=guild)
    except (discord.Forbidden, discord.NotFound) as exc:
        if guild is None:
            raise
        # Not the bot's own doing: the server named is not one the commands may go to.
        raise StartRefused(
            f"Discord refused the commands for [discord] dev_guild_id = {guild.id}"
            f" ({exc.status} {exc.text}): the bot must be in that server, added with the"
            " applications.commands scope; or leave dev_guild_id out"
        ) from None
    await services_of(bot).store.meta.set(key, digest)
    log.info("synced %d slash commands (%s)", len(synced), scope)
    return True


async def _clear_former_dev_guild(bot: commands.Bot, guild: discord.Object | None) -> None:
    """A dev guild given up (`dev_guild_id` left out or changed) keeps the copy of the commands
    registered there, which Discord shows beside the global ones: each command twice in that
    server. Emptied here, once; one Discord refuses (the bot removed from it, which took them
    away) is left alone."""
    store = services_of(bot).store
    key = _key(bot, "dev_guild")
    former = await store.meta.get(key) or ""
    current = "" if guild is None else str(guild.id)
    if former == current:
        return
    if former:
        try:
            await bot.tree.sync(guild=discord.Object(id=int(former)))
        except discord.HTTPException as exc:
            log.warning("could not remove the commands from former dev guild %s: %s", former, exc)
        else:
            log.info("removed the commands from former dev guild %s", former)
        # Named again later, that guild is registered again rather than taken as up to date.
        await store.meta.set(_key(bot, f"guild:{former}"), "")
    await store.meta.set(key, current)
