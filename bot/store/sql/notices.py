"""Notices for a member's next command (`member_notices`): what the bot could not tell them
where it meant to (a DM refused), said once on their next slash command."""

from __future__ import annotations

from datetime import datetime

from bot.core.models import MemberRef
from bot.core.reminders import NOTICES_READ_EVERY
from bot.core.session_events import HeadsUpKey
from bot.store.sql.seam import MEMBER_ROWS, Db, Repository, scope
from bot.store.sql.timers import lock_checkins

_ADD_NOTICE = """
    INSERT INTO member_notices (guild_id, user_id, kind, message, created_at)
    VALUES (:guild_id, :user_id, :kind, :message, :now)
    ON CONFLICT (guild_id, user_id, kind)
    DO UPDATE SET message = excluded.message, created_at = excluded.created_at
"""

# The row that records the DM a notice is about: a reminder's or check-in's timer, a heads-up.
_TIMER_DM = f"SELECT 1 FROM timers WHERE id = :timer_id AND {MEMBER_ROWS}"
_HEADS_UP_DM = (
    "SELECT 1 FROM heads_ups WHERE guild_id = :guild_id AND session_id = :session_id"
    " AND occurrence_at = :occurrence AND user_id = :user_id"
)


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

    async def add_about_timer(
        self, timer_id: int, member: MemberRef, kind: str, message: str, *, now: datetime
    ) -> bool:
        """`add`, about the DM of the member's timer `timer_id`, only while that timer is stored;
        whether it was added."""
        return await self._add_while(_TIMER_DM, {"timer_id": timer_id}, member, kind, message, now)

    async def add_about_heads_up(
        self, key: HeadsUpKey, kind: str, message: str, *, now: datetime
    ) -> bool:
        """`add`, about the heads-up `key`, only while its record is stored; whether it was
        added."""
        member = MemberRef(guild_id=key.guild_id, user_id=key.user_id)
        params = {"session_id": key.session_id, "occurrence": key.occurrence}
        return await self._add_while(_HEADS_UP_DM, params, member, kind, message, now)

    async def _add_while(
        self,
        stored: str,
        params: dict[str, object],
        member: MemberRef,
        kind: str,
        message: str,
        now: datetime,
    ) -> bool:
        # The member's /mydata delete (or the club's purge) may have taken the DM's record
        # while the DM was out: a notice stored after it would outlive the deletion.
        async with self._db.transaction() as tx:
            # /mydata delete takes this lock first: on PostgreSQL, a delete under way is
            # waited for, and its deletion seen, before the check.
            await lock_checkins(tx, member)
            if await tx.one(stored, **params, **scope(member)) is None:
                return False
            await tx.run(_ADD_NOTICE, kind=kind, message=message, now=now, **scope(member))
        self._waiting.add((member.guild_id, member.user_id))
        return True

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
