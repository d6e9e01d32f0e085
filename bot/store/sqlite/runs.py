"""Runs: their columns, a row read back as a `Run`, the insert, and the lookup of a run that a
new one would repeat (a watch file read twice). Used by `entries` and `training`."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from bot.core.models import MemberRef, Run, RunSource, RunType
from bot.store.columns import RUN_COLUMNS
from bot.store.sqlite.db import Params, Transaction
from bot.store.sqlite.timeconv import from_epoch, to_epoch, to_epoch_ceil

_INSERT_RUN = (
    "INSERT INTO runs (guild_id, user_id, at, run_type, distance_km, minutes, rpe,"
    " notes, moving_seconds, elapsed_seconds, avg_hr, max_hr, elevation_gain_m,"
    " source, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)

# A run already logged that a new run would repeat: started within the window, and as long
# within the tolerance (or, for a run without a distance, also without one). The nearest start
# wins.
MATCHING_RUN = f"""
    SELECT {RUN_COLUMNS} FROM runs
    WHERE guild_id = :guild_id AND user_id = :user_id AND at BETWEEN :start AND :end
      AND ((:distance IS NULL AND distance_km IS NULL)
           OR abs(distance_km - :distance) <= :tolerance * :distance)
    ORDER BY abs(at - :at), id
    LIMIT 1
"""


def run_from_row(row: sqlite3.Row) -> Run:
    return Run(
        id=row["id"],
        at=from_epoch(row["at"]),
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
    new_id = await tx.insert(
        _INSERT_RUN,
        (
            member.guild_id,
            member.user_id,
            to_epoch(run.at),
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
            to_epoch(now),
        ),
    )
    return run.model_copy(update={"id": new_id, "at": from_epoch(to_epoch(run.at))})


def matching_params(
    member: MemberRef,
    at: datetime,
    distance_km: float | None,
    within: timedelta,
    tolerance: float,
) -> Params:
    """MATCHING_RUN's parameters."""
    return {
        "guild_id": member.guild_id,
        "user_id": member.user_id,
        "start": to_epoch_ceil(at - within),
        "end": to_epoch(at + within),
        "distance": distance_km,
        "tolerance": tolerance,
        "at": to_epoch(at),
    }
