"""The repositories, written once over the seam in `bot.store.sql.seam`; each backend supplies
only its database (connection, transactions, locks) and its dialect.

Every repository method speaks core models and plain Python values, so the actions and the
front ends work on either backend, and both are checked by the same contract tests
(tests/storage). Times go in and come out as aware UTC datetimes, stored rounded down to the
second.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Generic, Protocol, Self, TypeVar

from bot.store.sql.checkin_answers import CheckinAnswers
from bot.store.sql.clubs import Clubs, ClubSessions
from bot.store.sql.entries import Entries
from bot.store.sql.heads_ups import HeadsUps
from bot.store.sql.members import Members
from bot.store.sql.notices import Notices
from bot.store.sql.posts import Posts
from bot.store.sql.privacy import Meta, Privacy
from bot.store.sql.races import Races
from bot.store.sql.seam import Db
from bot.store.sql.timers import Timers
from bot.store.sql.training import Training
from bot.store.sql.zone_moves import ZoneMoves

# Covariant: a SQLite or PostgreSQL store is a `SqlStore[Db]` (bot.store.Store).
DbT_co = TypeVar("DbT_co", bound=Db, covariant=True)


class Backups(Protocol):
    """File backups of a live store: a backend whose database is one file has them."""

    async def run_daily(self, backup_dir: Path, keep: int, now: datetime) -> Path | None:
        """Write today's (UTC) backup into `backup_dir` unless it exists, and keep the newest
        `keep`; returns the new file, or None when today's was already there."""
        ...


class SqlStore(Generic[DbT_co]):
    """A database and the repositories over it (`bot.store.Store`); a new repository is one
    more attribute. `db` is for the backend and tests only. Close it (or use `async with`)
    when done."""

    # File backups, or None for a backend that has none (use its own dump tool).
    backups: Backups | None = None

    def __init__(self, db: DbT_co) -> None:
        self.db = db
        self.members = Members(db)
        self.entries = Entries(db)
        self.meta = Meta(db)
        self.privacy = Privacy(db)
        self.clubs = Clubs(db)
        self.club_sessions = ClubSessions(db)
        self.posts = Posts(db)
        self.training = Training(db)
        self.races = Races(db)
        self.timers = Timers(db)
        self.heads_ups = HeadsUps(db)
        self.notices = Notices(db)
        self.checkin_answers = CheckinAnswers(db)
        self.zone_moves = ZoneMoves(db)

    async def close(self) -> None:
        """Release the connection(s); safe to call more than once."""
        await self.db.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
