"""Notices for a member's next command (`member_notices`): what the bot could not tell them
where it meant to (a DM refused), said once on their next slash command."""

from __future__ import annotations

from datetime import datetime

from bot.core.models import MemberRef
from bot.core.reminders import NOTICES_READ_EVERY
from bot.store.sql.seam import MEMBER_ROWS, Db, Repository, scope

_ADD_NOTICE = """
    INSERT INTO member_notices (guild_id, user_id, kind, message, created_at)
    VALUES (:guild_id, :user_id, :kind, :message, :now)
    ON CONFLICT (guild_id, user_id, kind)
    DO UPDATE SET message = excluded.message, created_at = excluded.created_at
"""


class Notices(Repository):
    def __init__(self, db: Db) -> None:
        super().__init__(db)
        # (guild_id, user_id) of the members who may have a notice waiting: those every read
        # found and those this handle stored, until their next take. A read only adds to it,
        # so a notice stored while it runs is never forgotten; a member in it whose notice
        # another process took costs one empty DELETE, never a lost notice.
        self._waiting: set[tuple[int, int]] = set()
        self._read_at: datetime | None = None

    async def add(self, member: MemberRef, kind: str, message: str, *, now: datetime) -> None:
        """Something to tell the member on their next command; one per kind (the latest)."""
        await self._db.run(_ADD_NOTICE, kind=kind, message=message, now=now, **scope(member))
        self._waiting.add((member.guild_id, member.user_id))

    async def read(self, now: datetime) -> None:
        """Read which members have notices waiting (at start; `take` reads it again)."""
        self._read_at = now
        rows = await self._db.all("SELECT DISTINCT guild_id, user_id FROM member_notices")
        self._waiting.update((row["guild_id"], row["user_id"]) for row in rows)

    async def take(self, member: MemberRef, *, now: datetime) -> list[str]:
        """The member's notices, deleted as they are read. Asks the database only when the
        member has a notice waiting, or to read the list again when it is older than
        bot.core.reminders.NOTICES_READ_EVERY: a notice stored through this store is taken
        at once, one stored by another process within that time."""
        # A clock set back counts as stale too.
        if self._read_at is None or not self._read_at <= now < self._read_at + NOTICES_READ_EVERY:
            await self.read(now)
        key = (member.guild_id, member.user_id)
        if key not in self._waiting:
            return []
        # Forgotten before the DELETE: a notice stored during it is remembered again.
        self._waiting.discard(key)
        rows = await self._db.write(
            f"DELETE FROM member_notices WHERE {MEMBER_ROWS} RETURNING message, created_at",
            **scope(member),
        )
        return [str(row["message"]) for row in sorted(rows, key=lambda r: r["created_at"])]
