"""Runs: their columns, a row read back as a `Run`, the insert, and the lookup of a run that a
new one would repeat (a watch file read twice). Used by `entries` and `training`."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.models import MemberRef, Run, RunSource, RunType
from bot.store.columns import RUN_COLUMNS
from bot.store.postgres.db import Row, Transaction, moment

_INSERT_RUN = (
    "INSERT INTO runs (guild_id, user_id, at, run_type, distance_km, minutes, rpe,"
    " notes, moving_seconds, elapsed_seconds, avg_hr, max_hr, elevation_gain_m,"
    " source, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    " RETURNING id"
)

# A run already logged that a new run would repeat: started within the window, and as long
# within the tolerance (or, for a run without a distance, also without one). The nearest start
# wins.
MATCHING_RUN = f"""
    SELECT {RUN_COLUMNS} FROM runs
    WHERE guild_id = $1 AND user_id = $2 AND at BETWEEN $3 AND $4
      AND (($5::double precision IS NULL AND distance_km IS NULL)
           OR abs(distance_km - $5) <= $6 * $5)
    ORDER BY abs(extract(epoch FROM at - $7::timestamptz)), id
    LIMIT 1
"""

# Taken before a read that decides a write (the duplicate check, /undo's latest entry): every
# such block for one member, from any process, runs one after the other. NO KEY UPDATE leaves
# the foreign-key checks of inserts (KEY SHARE) free.
LOCK_MEMBER = "SELECT 1 FROM members WHERE guild_id = $1 AND user_id = $2 FOR NO KEY UPDATE"


def run_from_row(row: Row) -> Run:
    return Run(
        id=row["id"],
        at=row["at"],
        run_type=RunType(row["run_type"]),
        distance_km=row["distance_km"],
        minutes=row["minutes"],
        rpe=row["rpe"],
        notes=row["notes"],
        moving_seconds=row["moving_seconds"],
        elapsed_seconds=row["elapsed_seconds"],
        avg_hr=row["avg_hr"],
        max_hr=row["max_hr"],
        elevation_gain_m=row["elevation_gain_m"],
        source=RunSource(row["source"]),
    )


async def insert_run(tx: Transaction, member: MemberRef, run: Run, now: datetime) -> Run:
    """Insert a new run of the member (whose row must exist); returns it with its id and `at`
    as stored (whole seconds, rounded down)."""
    if run.id is not None:
        # Adding it again would store a second copy under a new id.
        raise ValueError(f"entry already stored with id {run.id}")
    at = moment(run.at)
    row = await tx.fetchone(
        _INSERT_RUN,
        member.guild_id,
        member.user_id,
        at,
        run.run_type.value,
        run.distance_km,
        run.minutes,
        run.rpe,
        run.notes,
        run.moving_seconds,
        run.elapsed_seconds,
        run.avg_hr,
        run.max_hr,
        run.elevation_gain_m,
        run.source.value,
        moment(now),
    )
    assert row is not None
    return run.model_copy(update={"id": int(row["id"]), "at": at})


def matching_args(
    member: MemberRef,
    at: datetime,
    distance_km: float | None,
    within: timedelta,
    tolerance: float,
) -> tuple[object, ...]:
    """MATCHING_RUN's arguments; naive moments are refused."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"datetime must be timezone-aware, got {at!r}")
    return (
        member.guild_id,
        member.user_id,
        at - within,
        at + within,
        distance_km,
        tolerance,
        at,
    )
