"""What the bot keeps, handed back or taken back: a member's export and deletion, and the purge
of a club's data some days after the bot was removed from its server.

The lists below are the one place that says which tables hold whose data. A test compares them
with the migrated schema, so a new table with a `guild_id` or `user_id` column cannot be
forgotten here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from bot.core.models import MemberRef
from bot.core.shards import owns_everything
from bot.store.protocols import ExportRow, MemberExport
from bot.store.sqlite.db import Database, SqlValue, Transaction
from bot.store.sqlite.timeconv import from_epoch, to_epoch
from bot.store.tables import GUILD_TABLES, MEMBER_TABLES

__all__ = [
    "GUILD_TABLES",
    "MEMBER_TABLES",
    "ExportRow",
    "MemberExport",
    "Privacy",
    "is_time_column",
]


def is_time_column(name: str) -> bool:
    """Moments are stored as unix seconds in columns named `at` or `..._at` (0001 onwards)."""
    return name == "at" or name.endswith("_at")


def _exported(row: dict[str, SqlValue]) -> ExportRow:
    return {
        key: from_epoch(value) if is_time_column(key) and isinstance(value, int) else value
        for key, value in row.items()
    }


async def _existing(tx: Transaction, names: Iterable[str]) -> list[str]:
    rows = await tx.fetchall("SELECT name FROM sqlite_schema WHERE type = 'table'")
    present = {str(row["name"]) for row in rows}
    return [name for name in names if name in present]


class Privacy:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def export_member(self, member: MemberRef) -> MemberExport:
        """Every stored row of the member in this guild, per table, times as aware UTC."""
        result: MemberExport = {}
        # One transaction: a consistent snapshot even if the member logs something meanwhile.
        async with self._db.transaction() as tx:
            for table in await _existing(tx, MEMBER_TABLES):
                rows = await tx.fetchall(
                    # Table names come from the constant list above, never from input.
                    f"SELECT * FROM {table} WHERE guild_id = ? AND user_id = ? ORDER BY rowid",
                    (member.guild_id, member.user_id),
                )
                result[table] = [_exported(dict(row)) for row in rows]
        return result

    async def delete_member(self, member: MemberRef) -> int:
        """Delete every row of the member in this guild, all or nothing; returns rows deleted."""
        deleted = 0
        async with self._db.transaction() as tx:
            # Checked at COMMIT instead of per statement, so the order of the list never
            # matters: by then every row that referenced a deleted one is gone too.
            await tx.execute("PRAGMA defer_foreign_keys = ON")
            for table in reversed(await _existing(tx, MEMBER_TABLES)):
                deleted += await tx.execute(
                    f"DELETE FROM {table} WHERE guild_id = ? AND user_id = ?",
                    (member.guild_id, member.user_id),
                )
        return deleted

    async def mark_removed(self, guild_id: int, now: datetime) -> None:
        """Record that the bot left the guild; a second event keeps the first time."""
        await self._db.execute(
            "INSERT INTO guild_removals (guild_id, removed_at) VALUES (?, ?)"
            " ON CONFLICT (guild_id) DO NOTHING",
            (guild_id, to_epoch(now)),
        )

    async def clear_removed(self, guild_id: int) -> bool:
        """The bot is back in the guild: keep its data. True when a removal was recorded."""
        changed = await self._db.execute(
            "DELETE FROM guild_removals WHERE guild_id = ?", (guild_id,)
        )
        return changed > 0

    async def removed_guilds(self) -> dict[int, datetime]:
        rows = await self._db.fetchall("SELECT guild_id, removed_at FROM guild_removals")
        return {int(row["guild_id"]): from_epoch(row["removed_at"]) for row in rows}

    async def guilds_with_data(self) -> set[int]:
        """Every guild that has a row in any guild table."""
        found: set[int] = set()
        async with self._db.transaction() as tx:
            for table in await _existing(tx, GUILD_TABLES):
                rows = await tx.fetchall(f"SELECT DISTINCT guild_id FROM {table}")
                found.update(int(row[0]) for row in rows)
        return found

    async def purge_removed(
        self, removed_before: datetime, *, owns: Callable[[int], bool] = owns_everything
    ) -> list[int]:
        """Delete all data of every guild removed at or before `removed_before`; returns them.

        One transaction per guild, which re-checks the removal record inside it: a guild that
        re-added the bot a moment ago keeps its data.
        """
        rows = await self._db.fetchall(
            "SELECT guild_id FROM guild_removals WHERE removed_at <= ? ORDER BY guild_id",
            (to_epoch(removed_before),),
        )
        purged: list[int] = []
        for row in rows:
            guild_id = int(row["guild_id"])
            if not owns(guild_id):
                continue
            async with self._db.transaction() as tx:
                still = await tx.fetchone(
                    "SELECT 1 FROM guild_removals WHERE guild_id = ? AND removed_at <= ?",
                    (guild_id, to_epoch(removed_before)),
                )
                if still is None:
                    continue
                await tx.execute("PRAGMA defer_foreign_keys = ON")
                for table in reversed(await _existing(tx, GUILD_TABLES)):
                    await tx.execute(
                        f"DELETE FROM {table} WHERE guild_id = ?",
                        (guild_id,),
                    )
                await tx.execute("DELETE FROM guild_removals WHERE guild_id = ?", (guild_id,))
            purged.append(guild_id)
        return purged
