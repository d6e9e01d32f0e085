"""`runclub-bot run` failing after the store is open and before the bot runs: the store is
closed on the way out. An SQLite store left open keeps its worker thread alive, and the process
then never exits after the traceback (a container that neither serves nor restarts).

The failure is made in `create_bot`, the one step between opening the store and the bot owning
it; the store is the real one, on a file in `tmp_path`, opened by the real `open_store`."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

import bot.discord.lifecycle
from bot.cli import main
from bot.config import DatabaseSettings
from bot.discord.bot import RunClubBot
from bot.store import Store, open_store
from tests.ops.test_unreachable_discord import SECRET


def test_a_bot_that_cannot_be_made_leaves_the_store_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("RUNCLUB_CONFIG", raising=False)
    monkeypatch.setenv("DISCORD_TOKEN", SECRET)
    opened: list[Store] = []

    async def recorded(settings: DatabaseSettings) -> Store:
        store = await open_store(settings)
        opened.append(store)
        return store

    def cannot_be_made(*args: object, **kwargs: object) -> RunClubBot:
        raise RuntimeError("the bot cannot be made")

    monkeypatch.setattr(bot.discord.lifecycle, "open_store", recorded)
    monkeypatch.setattr(bot.discord.lifecycle, "create_bot", cannot_be_made)
    try:
        with pytest.raises(RuntimeError, match="the bot cannot be made"):
            main(["run"])
        [store] = opened
        assert store.db.closed
        # Closed as SQLite closes a database's last connection: the WAL folded back in.
        assert (tmp_path / "data" / "runclub.sqlite3").exists()
        assert not (tmp_path / "data" / "runclub.sqlite3-wal").exists()
    finally:
        # Without the fix, the store's thread would keep this test process from exiting.
        for left in opened:
            asyncio.run(left.close())
