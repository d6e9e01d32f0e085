"""Test-only entry point: the bot served exactly as `runclub-bot run` serves it, with only
Discord's network faked. test_shutdown.py runs it in a real process and signals it.

    python -m tests.ops.fake_discord_serve DB_PATH HEARTBEAT_PATH BACKUP_DIR

The fake is the harness's (tests/discord/harness/): its HTTP session under discord.py, and a
gateway that feeds READY and GUILD_CREATE to discord.py's own parsers, then stays quiet until
the bot closes it. `run_until_stopped`, the signal handling, the loops and the store are the
product's. Once the loops have written the heartbeat and today's backup it prints `ready`, then
keeps writing leg days and prints `committed ID` after each commit, until the store closes.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.core.models import LegDay, MemberRef
from bot.discord.bot import RunClubBot, create_bot
from bot.discord.lifecycle import run_until_stopped
from bot.logs import setup_logging
from bot.store.sqlite.backups import daily_backup_name
from tests.discord.harness import TOKEN, FakeClock, Harness


def fake_gateway(bot: RunClubBot, harness: Harness, heartbeat: Path, backup: Path) -> None:
    async def connect(*, reconnect: bool = True) -> None:
        del reconnect
        await harness.ready()
        writer = asyncio.create_task(write_until_closed(bot, heartbeat, backup))
        # A quiet websocket: nothing arrives until close(); discord.py has no event for that.
        while not bot.is_closed():  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        await asyncio.wait([writer])

    bot.connect = connect  # type: ignore[method-assign]


async def write_until_closed(bot: RunClubBot, heartbeat: Path, backup: Path) -> None:
    # The loops leave no other trace than their files.
    while not (heartbeat.exists() and backup.exists()):  # noqa: ASYNC110, ASYNC240
        await asyncio.sleep(0.01)
    print("ready", flush=True)
    member = MemberRef(guild_id=Harness.guild_a.id, user_id=Harness.alice.id)
    while True:
        now = datetime.now(UTC)
        try:
            stored = await bot.store.entries.add_leg_day(
                member, LegDay(at=now, is_hard=False, exercises=1), now=now
            )
        except RuntimeError as exc:  # the store closed: the shutdown under test
            print(f"writer stopped: {exc}", flush=True)
            return
        print(f"committed {stored.id}", flush=True)


async def main(db_path: Path, heartbeat: Path, backup_dir: Path) -> int:
    config = {
        "database": {"path": str(db_path), "backup_dir": str(backup_dir)},
        "health": {"heartbeat_path": str(heartbeat)},
        "logging": {"level": "INFO"},
    }
    harness = Harness(db_path.parent, config=config, clock=FakeClock(datetime.now(UTC)))
    setup_logging(harness.settings.logging.level, secrets=[TOKEN])
    bot = create_bot(harness.settings)
    harness.adopt(bot)
    fake_gateway(bot, harness, heartbeat, backup_dir / daily_backup_name(datetime.now(UTC)))
    return await run_until_stopped(bot, TOKEN)


if __name__ == "__main__":
    db, beat, backups = (Path(arg) for arg in sys.argv[1:4])
    raise SystemExit(asyncio.run(main(db, beat, backups)))
