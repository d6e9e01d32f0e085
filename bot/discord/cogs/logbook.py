"""/legday and /run."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions.logbook import log_leg_day, log_run
from bot.actions.options import LegDayOptions, RunOptions, parse_options
from bot.discord.cogs.common import RUN_TYPE_CHOICES, context_of, when_autocomplete
from bot.discord.reply import send_reply

WHEN_HELP = "When it happened, in your time zone: now, 2h ago, yesterday 18:00, 2026-11-20 18:30"


class Logbook(commands.Cog):
    @app_commands.command(name="legday", description="Log a leg day; see when hard running is fine")
    @app_commands.describe(
        exercises="Weighted leg exercises you did (0-20)",
        heaviest="Heaviest working load as % of your max (1-100)",
        sets="Working sets at that load (1-20)",
        reps="Reps per set (1-50)",
        hard="Say outright whether it was hard; overrides the rest",
        when=WHEN_HELP,
        notes="Anything to remember (up to 200 characters)",
    )
    @app_commands.autocomplete(when=when_autocomplete)
    async def legday(
        self,
        interaction: discord.Interaction[Any],
        exercises: app_commands.Range[int, 0, 20],
        heaviest: app_commands.Range[int, 1, 100] | None = None,
        sets: app_commands.Range[int, 1, 20] | None = None,
        reps: app_commands.Range[int, 1, 50] | None = None,
        hard: bool | None = None,
        when: app_commands.Range[str, 1, 100] | None = None,
        notes: app_commands.Range[str, 1, 200] | None = None,
    ) -> None:
        opts = parse_options(
            LegDayOptions,
            {
                "exercises": exercises,
                "heaviest": heaviest,
                "sets": sets,
                "reps": reps,
                "hard": hard,
                "when": when,
                "notes": notes,
            },
        )
        await send_reply(interaction, await log_leg_day(context_of(interaction), opts))

    @app_commands.command(name="run", description="Log a run")
    @app_commands.describe(
        type="What kind of run",
        distance="Distance in your units (km or mi, set in /profile), 0.1-300",
        minutes="Duration in minutes (1-1440)",
        rpe="How hard it felt, 1 (very easy) to 10 (all out)",
        when=WHEN_HELP,
        notes="Anything to remember (up to 200 characters)",
    )
    @app_commands.choices(type=RUN_TYPE_CHOICES)
    @app_commands.autocomplete(when=when_autocomplete)
    async def run(
        self,
        interaction: discord.Interaction[Any],
        type: str,
        distance: app_commands.Range[float, 0.1, 300.0] | None = None,
        minutes: app_commands.Range[int, 1, 1440] | None = None,
        rpe: app_commands.Range[int, 1, 10] | None = None,
        when: app_commands.Range[str, 1, 100] | None = None,
        notes: app_commands.Range[str, 1, 200] | None = None,
    ) -> None:
        opts = parse_options(
            RunOptions,
            {
                "type": type,
                "distance": distance,
                "minutes": minutes,
                "rpe": rpe,
                "when": when,
                "notes": notes,
            },
        )
        await send_reply(interaction, await log_run(context_of(interaction), opts))
