"""The repositories, written once over the seam in `bot.store.sql.seam`; each backend supplies
only its database (connection, transactions, locks) and its dialect."""

from __future__ import annotations

from types import TracebackType
from typing import Generic, Self, TypeVar

from bot.store.protocols import Backups
from bot.store.sql.clubs import Clubs, ClubSessions
from bot.store.sql.entries import Entries
from bot.store.sql.heads_ups import HeadsUps
from bot.store.sql.members import Members
from bot.store.sql.posts import Posts
from bot.store.sql.privacy import Meta, Privacy
from bot.store.sql.races import Races
from bot.store.sql.seam import Db
from bot.store.sql.timers import Timers
from bot.store.sql.training import Training

DbT = TypeVar("DbT", bound=Db)


class SqlStore(Generic[DbT]):
    """A database and the repositories over it (`bot.store.Store`); a new repository is one
    more attribute. `db` is for the backend and tests only."""

    backups: Backups | None = None

    def __init__(self, db: DbT) -> None:
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

    async def close(self) -> None:
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
