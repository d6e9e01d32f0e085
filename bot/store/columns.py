"""The column lists both backends select: their schemas name every column alike (numbered
migrations with the same numbers), so one list per table serves both, and a new column is
added in one place."""

from __future__ import annotations

from bot.core.models import INTENSITY_OF

LEG_DAY_COLUMNS = (
    "id, at, exercises, heaviest, sets, reps, hard_given, is_hard, notes, minutes, rpe"
)
RUN_COLUMNS = (
    "id, at, run_type, distance_km, minutes, rpe, notes,"
    " moving_seconds, elapsed_seconds, avg_hr, max_hr, elevation_gain_m, source"
)
PROFILE_COLUMNS = "timezone, experience, focus, units, listed, max_hr, heads_up"
POST_COLUMNS = (
    "guild_id",
    "local_date",
    "slot_at",
    "status",
    "channel_id",
    "message_id",
    "attempts",
    "retry_at",
    "error",
    "tip_id",
    "updated_at",
)
TIMER_COLUMNS = (
    "id, guild_id, user_id, kind, due_at, next_at, entry_id, minute, session_id, state,"
    " attempts, created_at"
)
RACE_COLUMNS = "id, race_on, name, distance"


def prefixed(columns: str, alias: str) -> str:
    """`columns` as `alias.column, ...`, for a query that joins tables."""
    return ", ".join(f"{alias}.{name.strip()}" for name in columns.split(","))


def intensity_case(column: str) -> str:
    """SQL giving a run type's intensity, from the one table in bot.core.models."""
    arms = " ".join(f"WHEN '{t.value}' THEN '{i.value}'" for t, i in INTENSITY_OF.items())
    return f"CASE {column} {arms} END"
