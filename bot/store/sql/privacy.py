"""What the bot keeps, handed back or taken back: a member's export and deletion, and the purge
of a club's data some days after the bot was removed from its server; and the bot's own small
facts (`meta`).

bot/store/tables.py is the one place that says which tables hold whose data; a test compares
it with the migrated schema of each backend.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeAlias

from bot.core.models import MemberRef
from bot.core.shards import owns_everything
from bot.store.sql.codec import exported, moment
from bot.store.sql.seam import MEMBER_ROWS, Repository, scope
from bot.store.sql.timers import lock_checkins
from bot.store.tables import GUILD_TABLES, MEMBER_TABLES

# One exported value: a stored column as a plain value, moments as aware UTC datetimes.
ExportValue: TypeAlias = int | float | str | bytes | datetime | None
ExportRow: TypeAlias = dict[str, ExportValue]
# Per table (or collection) of the member's data, every row of theirs.
MemberExport: TypeAlias = dict[str, list[ExportRow]]

# The order of a table's rows in an export: the order they were added in.
_ORDER = {
    "members": "guild_id, user_id",
    "checkin_answers": "local_date",
    "member_notices": "kind",
    "heads_ups": "occurrence_at, session_id",
    "event_interest": "created_at, event_id",
}


class Privacy(Repository):
    async def export_member(self, member: MemberRef) -> MemberExport:
        """Every stored row of the member in this guild, consistent at one moment."""
        result: MemberExport = {}
        # One snapshot: consistent even if the member logs something meanwhile.
        async with self._db.transaction(snapshot=True) as tx:
            for table in MEMBER_TABLES:
                rows = await tx.all(
                    # Table names and orders come from the constants above, never from input.
                    f"SELECT * FROM {table} WHERE {MEMBER_ROWS} ORDER BY {_ORDER.get(table, 'id')}",
                    **scope(member),
                )
                result[table] = [exported(dict(row).items()) for row in rows]
        return result

    async def delete_member(self, member: MemberRef) -> int:
        """Delete every row of the member in this guild, all or nothing; returns the count."""
        deleted = 0
        async with self._db.transaction() as tx:
            await lock_checkins(tx, member)  # a check-in chained meanwhile is seen, and goes
            # Children first, so each row is counted here and none is left to the cascade.
            for table in reversed(MEMBER_TABLES):
                deleted += await tx.run(f"DELETE FROM {table} WHERE {MEMBER_ROWS}", **scope(member))
        return deleted

    async def mark_removed(self, guild_id: int, now: datetime) -> None:
        """Record that the bot left the guild; a second call keeps the first time."""
        await self._db.run(
            "INSERT INTO guild_removals (guild_id, removed_at) VALUES (:guild_id, :now)"
            " ON CONFLICT (guild_id) DO NOTHING",
            guild_id=guild_id,
            now=now,
        )

    async def clear_removed(self, guild_id: int) -> bool:
        return await self._db.changed("DELETE FROM guild_removals WHERE guild_id = :g", g=guild_id)

    async def removed_guilds(self) -> dict[int, datetime]:
        rows = await self._db.all("SELECT guild_id, removed_at FROM guild_removals")
        return {int(row["guild_id"]): moment(row["removed_at"]) for row in rows}

    async def guilds_with_data(self) -> set[int]:
        found: set[int] = set()
        async with self._db.transaction(snapshot=True) as tx:
            for table in GUILD_TABLES:
                rows = await tx.all(f"SELECT DISTINCT guild_id FROM {table}")
                found.update(int(row[0]) for row in rows)
        return found

    async def purge_removed(
        self, removed_before: datetime, *, owns: Callable[[int], bool] = owns_everything
    ) -> list[int]:
        """Delete all data of every guild removed at or before `removed_before` for which
        `owns(guild_id)` (this process's shards, bot.core.shards); returns the purged guilds.

        One transaction per guild, which re-checks and locks the removal record inside it: a
        guild that re-added the bot a moment ago keeps its data, and a re-add arriving during
        the purge waits for it.
        """
        rows = await self._db.all(
            "SELECT guild_id FROM guild_removals WHERE removed_at <= :before ORDER BY guild_id",
            before=removed_before,
        )
        purged: list[int] = []
        for guild_id in (int(row["guild_id"]) for row in rows):
            if not owns(guild_id):
                continue
            async with self._db.transaction() as tx:
                still = await tx.one(
                    "SELECT 1 FROM guild_removals WHERE guild_id = :g AND removed_at <= :before"
                    " FOR UPDATE",
                    g=guild_id,
                    before=removed_before,
                )
                if still is None:
                    continue
                for table in reversed(GUILD_TABLES):
                    await tx.run(f"DELETE FROM {table} WHERE guild_id = :g", g=guild_id)
                await tx.run("DELETE FROM guild_removals WHERE guild_id = :g", g=guild_id)
            purged.append(guild_id)
        return purged


class Meta(Repository):
    """Small bot-wide key/value facts, such as the hash of the last synced command tree."""

    async def get(self, key: str) -> str | None:
        row = await self._db.one("SELECT value FROM meta WHERE key = :key", key=key)
        return None if row is None else str(row["value"])

    async def set(self, key: str, value: str) -> None:
        await self._db.run(
            "INSERT INTO meta (key, value) VALUES (:key, :value)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            key=key,
            value=value,
        )
