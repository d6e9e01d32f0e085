"""/leaderboard: this week's runs of the club's listed members."""

from __future__ import annotations

from bot.actions.context import Context
from bot.actions.options import LeaderboardOptions
from bot.actions.spec import CommandSpec
from bot.core.clubweek import active_days
from bot.core.leaderboard import BoardBy, MemberWeek, build_board, week_of
from bot.render.leaderboard import leaderboard_reply
from bot.render.reply import Reply


async def show_leaderboard(ctx: Context, opts: LeaderboardOptions) -> Reply:
    week = week_of(ctx.now, ctx.club_zone)
    totals = await ctx.store.entries.week_totals(ctx.member.guild_id, week.start, week.end)
    if opts.by is BoardBy.ACTIVE_DAYS:
        # Leg days count as active days too: one club-wide read of both kinds.
        members = await ctx.store.training.club_entries_between(
            ctx.member.guild_id, week.start, week.end
        )
        days = {m.user_id: active_days(m, week, ctx.club_zone) for m in members}
        listed = {m.user_id: m.listed for m in members}
        have = {t.user_id for t in totals}
        totals = [t.model_copy(update={"active_days": days.get(t.user_id, 0)}) for t in totals]
        totals += [
            MemberWeek(
                user_id=u,
                listed=listed[u],
                runs=0,
                distance_km=0,
                minutes=0,
                timed=0,
                active_days=n,
            )
            for u, n in days.items()
            if u not in have
        ]
    # Distances in the units of whoever asked: the board is public, but read by them first.
    profile = await ctx.profile()
    return leaderboard_reply(
        build_board(totals, opts.by), week, profile.units, ctx.club_zone, by=opts.by
    )


LEADERBOARD = CommandSpec(
    "leaderboard",
    "This week's club board (public), by distance, time, runs or active days.",
    LeaderboardOptions,
    show_leaderboard,
    description="This week's club board: runs, distance, time",
)
