"""The /leaderboard reply: public, names as mentions that never ping."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.core.leaderboard import Board, BoardBy, Week
from bot.core.models import Units
from bot.core.units import format_distance_total, format_run_time_total
from bot.core.wording import days_label, plural
from bot.render import mention
from bot.render.reply import DESCRIPTION_MAX, Colour, Reply

# A board is for a glance; past this many rows the rest is one line.
ROWS_MAX = 25


def leaderboard_reply(
    board: Board, week: Week, units: Units, club_zone: ZoneInfo, *, by: BoardBy = BoardBy.DISTANCE
) -> Reply:
    title = f"This week's board: {days_label(week.monday, week.sunday)}"
    lines: list[str] = []
    for rank, row in enumerate(board.rows[:ROWS_MAX], start=1):
        time = format_run_time_total(row.minutes, row.timed, row.runs)
        lines.append(
            f"**{rank}.** {mention(row.user_id)} · {format_distance_total(row.distance_km, units)}"
            f" · {plural(row.runs, 'run')} · {time}"
            + (f" · {plural(row.active_days, 'active day')}" if by is BoardBy.ACTIVE_DAYS else "")
        )
    if len(board.rows) > ROWS_MAX:
        lines.append(f"… and {plural(len(board.rows) - ROWS_MAX, 'more member')}.")
    if board.unlisted:
        who = "member who chose" if board.unlisted == 1 else "members who chose"
        lines.append(f"Also running this week: {board.unlisted} {who} not to be listed.")
    if not lines:
        lines.append("No runs logged this week yet. Be the first: `/run`.")
    description = "\n".join(lines)
    if len(description) > DESCRIPTION_MAX:
        # Only reachable with absurdly long rows; Reply.clamped() would cut mid-mention.
        description = description[: description.rfind("\n", 0, DESCRIPTION_MAX)]
    return Reply(
        title=title,
        description=description,
        colour=Colour.GO,
        footer=(
            f"Monday to Sunday, {club_zone.key} time · sorted by {by.value} · distances in "
            f"{units.value} · /profile listed:false leaves you off the board"
        ),
        ephemeral=False,
    )
