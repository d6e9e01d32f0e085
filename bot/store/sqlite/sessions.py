"""A club's weekly sessions (`club_sessions`); every query is scoped to one guild."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from datetime import datetime

from bot.core.clubpost import ClubSession, Weekday, check_new_session
from bot.core.models import RunType
from bot.store.sqlite.clubs import minute_of_day, time_of_minute
from bot.store.sqlite.db import Database, Transaction
from bot.store.sqlite.timeconv import to_epoch

_SELECT = """
    SELECT id, weekday, start_minute, run_type, name FROM club_sessions
    WHERE guild_id = ?
    ORDER BY weekday, start_minute, id
"""

_SELECT_MANY = """
    SELECT guild_id, id, weekday, start_minute, run_type, name FROM club_sessions
    WHERE guild_id IN (SELECT value FROM json_each(?))
    ORDER BY guild_id, weekday, start_minute, id
"""


def _session(row: sqlite3.Row) -> ClubSession:
    return ClubSession(
        id=row["id"],
        weekday=Weekday.of(row["weekday"]),
        start=time_of_minute(row["start_minute"]),
        run_type=RunType(row["run_type"]),
        name=row["name"],
    )


async def _all(tx: Transaction, guild_id: int) -> list[ClubSession]:
    return [_session(row) for row in await tx.fetchall(_SELECT, (guild_id,))]


class ClubSessions:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def for_club(self, guild_id: int) -> list[ClubSession]:
        """The club's weekly schedule, Monday first."""
        return [_session(row) for row in await self._db.fetchall(_SELECT, (guild_id,))]

    async def for_clubs(self, guild_ids: Collection[int]) -> dict[int, list[ClubSession]]:
        """The weekly schedule of every guild of `guild_ids`, in one statement."""
        found: dict[int, list[ClubSession]] = {guild_id: [] for guild_id in guild_ids}
        if found:
            rows = await self._db.fetchall(_SELECT_MANY, (json.dumps(list(found)),))
            for row in rows:
                found[int(row["guild_id"])].append(_session(row))
        return found

    async def add(self, guild_id: int, session: ClubSession, *, now: datetime) -> ClubSession:
        """Store a new session; raises UserError for a duplicate or a full schedule."""
        if session.id is not None:
            raise ValueError(f"session already stored with id {session.id}")
        async with self._db.transaction() as tx:
            # Checked inside the write transaction, so two admins cannot both add the 26th.
            check_new_session(await _all(tx, guild_id), session)
            new_id = await tx.insert(
                "INSERT INTO club_sessions (guild_id, weekday, start_minute, run_type, name,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    guild_id,
                    session.weekday.number,
                    minute_of_day(session.start),
                    session.run_type.value,
                    session.name,
                    to_epoch(now),
                ),
            )
        return session.model_copy(update={"id": new_id})

    async def remove(self, guild_id: int, session_id: int) -> ClubSession | None:
        """Delete one of the club's sessions; None when the club has no session with that id
        (another club's id included)."""
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "DELETE FROM club_sessions WHERE id = ? AND guild_id = ?"
                " RETURNING id, weekday, start_minute, run_type, name",
                (session_id, guild_id),
            )
        return None if row is None else _session(row)
