"""/leaderboard: this week's runs of the club's listed members."""

from __future__ import annotations

from bot.actions.context import Context
from bot.actions.options import NoOptions
from bot.actions.spec import CommandSpec
from bot.core.leaderboard import build_board, week_of
from bot.render.leaderboard import leaderboard_reply
from bot.render.reply import Reply


async def show_leaderboard(ctx: Context, opts: NoOptions) -> Reply:
    del opts
    week = week_of(ctx.now, ctx.club_zone)
    totals = await ctx.store.entries.week_totals(ctx.member.guild_id, week.start, week.end)
    # Distances in the units of whoever asked: the board is public, but read by them first.
    profile = await ctx.profile()
    return leaderboard_reply(build_board(totals), week, profile.units, ctx.club_zone)


LEADERBOARD = CommandSpec(
    "leaderboard",
    "This week's club board, Monday to Sunday: runs, distance, time (public).",
    NoOptions,
    show_leaderboard,
    description="This week's club board: runs, distance, time",
)
