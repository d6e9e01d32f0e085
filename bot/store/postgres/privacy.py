"""What the bot keeps, handed back or taken back: a member's export and deletion, and the purge
of a club's data some days after the bot was removed from its server.

The table lists are the SQLite backend's (bot/store/sqlite/privacy.py), repeated here until the
lead moves them to a shared module; a test compares both with the migrated PostgreSQL schema.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from bot.core.models import MemberRef
from bot.core.shards import owns_everything
from bot.store.postgres.db import PostgresDatabase, Row, Transaction, moment
from bot.store.tables import GUILD_TABLES, MEMBER_TABLES

__all__ = ["GUILD_TABLES", "MEMBER_TABLES", "ExportRow", "MemberExport", "Privacy"]


# The SQLite export lists rows in rowid order; these keys give the same order here.
_ORDER = {
    "members": "guild_id, user_id",
    "leg_days": "id",
    "runs": "id",
    "races": "id",
    "timers": "id",
    "checkin_answers": "local_date",
    "member_notices": "kind",
}

ExportRow = dict[str, int | float | str | bytes | datetime | None]
MemberExport = dict[str, list[ExportRow]]


def _value(value: Any) -> Any:
    # The SQLite backend stores flags as 0/1 and exports them so; the export file must not
    # depend on the backend.
    return int(value) if isinstance(value, bool) else value


def _exported(row: Row) -> ExportRow:
    return {key: _value(value) for key, value in row.items()}


async def _existing(tx: Transaction, names: Iterable[str]) -> list[str]:
    rows = await tx.fetchall(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    )
    present = {str(row["table_name"]) for row in rows}
    return [name for name in names if name in present]


class Privacy:
    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db

    async def export_member(self, member: MemberRef) -> MemberExport:
        """Every stored row of the member in this guild, per table, times as aware UTC."""
        result: MemberExport = {}
        # One snapshot: consistent even if the member logs something meanwhile.
        async with self._db.transaction(snapshot=True) as tx:
            for table in await _existing(tx, MEMBER_TABLES):
                rows = await tx.fetchall(
                    # Table names and orders come from the constants above, never from input.
                    f"SELECT * FROM {table} WHERE guild_id = $1 AND user_id = $2"
                    f" ORDER BY {_ORDER[table]}",
                    member.guild_id,
                    member.user_id,
                )
                result[table] = [_exported(row) for row in rows]
        return result

    async def delete_member(self, member: MemberRef) -> int:
        """Delete every row of the member in this guild, all or nothing; returns rows deleted."""
        deleted = 0
        async with self._db.transaction() as tx:
            # Children first, so each row is counted here and none is left to the cascade.
            for table in reversed(await _existing(tx, MEMBER_TABLES)):
                deleted += await tx.execute(
                    f"DELETE FROM {table} WHERE guild_id = $1 AND user_id = $2",
                    member.guild_id,
                    member.user_id,
                )
        return deleted

    async def mark_removed(self, guild_id: int, now: datetime) -> None:
        """Record that the bot left the guild; a second event keeps the first time."""
        await self._db.execute(
            "INSERT INTO guild_removals (guild_id, removed_at) VALUES ($1, $2)"
            " ON CONFLICT (guild_id) DO NOTHING",
            guild_id,
            moment(now),
        )

    async def clear_removed(self, guild_id: int) -> bool:
        """The bot is back in the guild: keep its data. True when a removal was recorded."""
        changed = await self._db.execute("DELETE FROM guild_removals WHERE guild_id = $1", guild_id)
        return changed > 0

    async def removed_guilds(self) -> dict[int, datetime]:
        rows = await self._db.fetchall("SELECT guild_id, removed_at FROM guild_removals")
        return {int(row["guild_id"]): row["removed_at"] for row in rows}

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

        One transaction per guild, which re-checks and locks the removal record inside it: a
        guild that re-added the bot a moment ago keeps its data, and a re-add arriving during
        the purge waits for it.
        """
        cutoff = moment(removed_before)
        rows = await self._db.fetchall(
            "SELECT guild_id FROM guild_removals WHERE removed_at <= $1 ORDER BY guild_id",
            cutoff,
        )
        purged: list[int] = []
        for row in rows:
            guild_id = int(row["guild_id"])
            if not owns(guild_id):
                continue
            async with self._db.transaction() as tx:
                still = await tx.fetchone(
                    "SELECT 1 FROM guild_removals WHERE guild_id = $1 AND removed_at <= $2"
                    " FOR UPDATE",
                    guild_id,
                    cutoff,
                )
                if still is None:
                    continue
                for table in reversed(await _existing(tx, GUILD_TABLES)):
                    await tx.execute(
                        f"DELETE FROM {table} WHERE guild_id = $1",
                        guild_id,
                    )
                await tx.execute("DELETE FROM guild_removals WHERE guild_id = $1", guild_id)
            purged.append(guild_id)
        return purged
