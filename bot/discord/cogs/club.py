"""/club: the daily post and the club's weekly sessions, for admins (Manage Server).

Two locks on every subcommand: `default_permissions` makes Discord hide the group from members
(server admins can override it), and `club_admin_only` refuses it at run time whatever the
server's command settings say.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions.club import (
    add_session,
    club_preview,
    club_status,
    list_sessions,
    reminder_off,
    remove_session,
    session_suggestions,
    set_reminder,
)
from bot.actions.options import (
    ReminderSetOptions,
    SessionAddOptions,
    SessionRemoveOptions,
    parse_options,
)
from bot.core.clubpost import Weekday
from bot.core.errors import UserError
from bot.discord.cogs.common import (
    AUTOCOMPLETE_MAX,
    RUN_TYPE_CHOICES,
    _choice,
    context_of,
    enum_choices,
    timezone_autocomplete,
)
from bot.discord.cogs.daily_post import ClubPostView, missing_post_permission
from bot.discord.reply import send_reply
from bot.render.club import channel_refused_message

ADMIN = discord.Permissions(manage_guild=True)
TIME_HELP = "Club time, HH:MM (24-hour), e.g. 07:00 or 18:30"

T = TypeVar("T")


def is_club_admin(permissions: discord.Permissions) -> bool:
    """Manage Server, or Administrator, which Discord treats as every permission; discord.py's
    has_permissions reads only the bits as sent."""
    return permissions.manage_guild or permissions.administrator


def club_admin_only() -> Callable[[T], T]:
    """The run-time lock: refuses anyone without Manage Server, whatever the server's command
    settings show them."""

    def predicate(interaction: discord.Interaction[Any]) -> bool:
        if is_club_admin(interaction.permissions):
            return True
        raise app_commands.MissingPermissions(["manage_guild"])

    return app_commands.check(predicate)


async def session_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """The club's own sessions; nothing for members without Manage Server."""
    if interaction.guild_id is None or not is_club_admin(interaction.permissions):
        return []
    pairs = await session_suggestions(context_of(interaction), current, AUTOCOMPLETE_MAX)
    return [_choice(name, value) for name, value in pairs]


class ClubAdmin(commands.Cog):
    club = app_commands.Group(
        name="club",
        description="Set up the daily club post and the club's weekly sessions (admins)",
        default_permissions=ADMIN,
        guild_only=True,
    )
    reminder = app_commands.Group(
        name="reminder", description="Turn the daily club post on or off", parent=club
    )
    session = app_commands.Group(
        name="session", description="The club's weekly sessions", parent=club
    )

    @reminder.command(name="set", description="Post the club's day every day at this time")
    @app_commands.describe(
        channel="The text channel to post in",
        time=TIME_HELP,
        timezone="IANA time zone of that time, e.g. Europe/London (default: the club's)",
    )
    @app_commands.autocomplete(timezone=timezone_autocomplete)
    @club_admin_only()
    async def reminder_set(
        self,
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel,
        time: app_commands.Range[str, 1, 16],
        timezone: app_commands.Range[str, 1, 64] | None = None,
    ) -> None:
        opts = parse_options(
            ReminderSetOptions, {"channel_id": channel.id, "time": time, "timezone": timezone}
        )
        missing = missing_post_permission(channel)
        if missing is not None:
            raise UserError(channel_refused_message(channel.id, missing))
        await send_reply(interaction, await set_reminder(context_of(interaction), opts))

    @reminder.command(name="off", description="Stop the daily club post")
    @club_admin_only()
    async def reminder_off(self, interaction: discord.Interaction[Any]) -> None:
        await send_reply(interaction, await reminder_off(context_of(interaction)))

    @club.command(
        name="status", description="The daily post's channel, time, next post and last result"
    )
    @club_admin_only()
    async def status(self, interaction: discord.Interaction[Any]) -> None:
        await send_reply(interaction, await club_status(context_of(interaction)))

    @club.command(name="preview", description="See today's club post, privately")
    @club_admin_only()
    async def preview(self, interaction: discord.Interaction[Any]) -> None:
        reply = await club_preview(context_of(interaction))
        await send_reply(interaction, reply, view=ClubPostView())

    @session.command(name="add", description="Add a weekly club session")
    @app_commands.describe(
        day="Day of the week",
        time=TIME_HELP,
        type="The kind of run",
        name="A name for it, e.g. Track Tuesday (up to 50 characters)",
    )
    @app_commands.choices(day=enum_choices(Weekday), type=RUN_TYPE_CHOICES)
    @club_admin_only()
    async def session_add(
        self,
        interaction: discord.Interaction[Any],
        # `str`, not Choice: an unknown value then reaches parse_options, which names the option.
        day: str,
        time: app_commands.Range[str, 1, 16],
        type: str,
        name: app_commands.Range[str, 1, 50] | None = None,
    ) -> None:
        opts = parse_options(
            SessionAddOptions,
            {"day": day, "time": time, "type": type, "name": name},
        )
        await send_reply(interaction, await add_session(context_of(interaction), opts))

    @session.command(name="remove", description="Remove a weekly club session")
    @app_commands.describe(session="The session to remove (pick from the list)")
    @app_commands.autocomplete(session=session_autocomplete)
    @club_admin_only()
    async def session_remove(
        self, interaction: discord.Interaction[Any], session: app_commands.Range[str, 1, 100]
    ) -> None:
        opts = parse_options(SessionRemoveOptions, {"session": session})
        await send_reply(interaction, await remove_session(context_of(interaction), opts))

    @session.command(name="list", description="The club's weekly sessions")
    @club_admin_only()
    async def session_list(self, interaction: discord.Interaction[Any]) -> None:
        await send_reply(interaction, await list_sessions(context_of(interaction)))
