"""/profile."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions.options import ProfileOptions, parse_options
from bot.actions.profile import update_profile
from bot.core.models import Experience, Focus, Units
from bot.discord.cogs.common import context_of, enum_choices, timezone_autocomplete
from bot.discord.reply import send_reply


class Profile(commands.Cog):
    @app_commands.command(name="profile", description="Show or change your profile")
    @app_commands.describe(
        timezone="Your IANA time zone, e.g. Europe/London (default: the club's)",
        experience="How long you have been running",
        focus="What your training is built around",
        units="Kilometres or miles, for everything you enter and see",
        listed="May the daily club post name you? (you are always counted)",
    )
    @app_commands.choices(
        experience=enum_choices(Experience),
        focus=enum_choices(Focus),
        units=enum_choices(Units),
    )
    @app_commands.autocomplete(timezone=timezone_autocomplete)
    async def profile(
        self,
        interaction: discord.Interaction[Any],
        timezone: app_commands.Range[str, 1, 64] | None = None,
        experience: str | None = None,
        focus: str | None = None,
        units: str | None = None,
        listed: bool | None = None,
    ) -> None:
        opts = parse_options(
            ProfileOptions,
            {
                "timezone": timezone,
                "experience": experience,
                "focus": focus,
                "units": units,
                "listed": listed,
            },
        )
        await send_reply(interaction, await update_profile(context_of(interaction), opts))
