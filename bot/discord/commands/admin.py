"""Who counts as a club admin on Discord: Manage Server (or Administrator).

Admin groups get two locks: `default_permissions` makes Discord hide them from members (server
admins can override it), and `club_admin_check` refuses them at run time whatever the server's
command settings say.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

ADMIN = discord.Permissions(manage_guild=True)


def is_club_admin(permissions: discord.Permissions) -> bool:
    """Manage Server, or Administrator, which Discord treats as every permission; discord.py's
    has_permissions reads only the bits as sent."""
    return permissions.manage_guild or permissions.administrator


def club_admin_check(interaction: discord.Interaction[Any]) -> bool:
    """The run-time lock: refuses anyone without Manage Server."""
    if is_club_admin(interaction.permissions):
        return True
    raise app_commands.MissingPermissions(["manage_guild"])
