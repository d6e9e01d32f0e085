"""Small bot-wide key/value facts, such as the hash of the last synced command tree."""

from __future__ import annotations

from bot.store.postgres.db import PostgresDatabase


class Meta:
    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db

    async def get(self, key: str) -> str | None:
        row = await self._db.fetchone("SELECT value FROM meta WHERE key = $1", key)
        return None if row is None else str(row["value"])

    async def set(self, key: str, value: str) -> None:
        await self._db.execute(
            "INSERT INTO meta (key, value) VALUES ($1, $2)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            key,
            value,
        )
