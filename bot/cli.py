"""Command line: `runclub-bot [run|sync|check-config] [--config PATH]`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.app import create_bot
from bot.config import ConfigError, Settings, load_settings
from bot.logs import setup_logging
from bot.sync import sync_if_changed

log = logging.getLogger("bot")

NO_TOKEN_MESSAGE = """\
No Discord token is set, so the bot cannot connect.
Set one in the environment:   export DISCORD_TOKEN=your-bot-token
or in config.toml:            [discord] token = "your-bot-token"
(copy config.example.toml to config.toml). README.md, "Create the Discord application",
shows where the token comes from."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="runclub-bot",
        description="A Discord bot for running clubs whose members also lift.",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="TOML config file (default: $RUNCLUB_CONFIG or ./config.toml if present)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="connect to Discord and serve the club (the default)")
    sub.add_parser("sync", help="register the slash commands with Discord now, then exit")
    sub.add_parser("check-config", help="validate the configuration and print it (no secrets)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(f"runclub-bot: {exc}", file=sys.stderr)
        return 2
    command = args.command or "run"
    if command == "check-config":
        return check_config(settings)
    token = settings.token
    setup_logging(settings.logging.level, secrets=[token] if token else [])
    if token is None:
        print(NO_TOKEN_MESSAGE, file=sys.stderr)
        return 2
    if command == "sync":
        return asyncio.run(sync_once(settings, token))
    return asyncio.run(serve(settings, token))


def check_config(settings: Settings) -> int:
    shown = settings.model_dump(mode="json")
    shown["discord"]["token"] = "(set)" if settings.token else "(not set)"
    for section, values in shown.items():
        print(f"[{section}]")
        for key, value in values.items():
            print(f"{key} = {value!r}")
    print("configuration OK")
    return 0


async def sync_once(settings: Settings, token: str) -> int:
    bot = create_bot(settings, sync_on_start=False)
    async with bot:
        await bot.login(token)
        await sync_if_changed(bot, force=True)
    return 0


async def serve(settings: Settings, token: str) -> int:
    """Run until Discord fails for good or SIGTERM/SIGINT asks us to stop; then close cleanly."""
    bot = create_bot(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with bot:
        runner = asyncio.create_task(bot.start(token), name="discord")
        stopper = asyncio.create_task(stop.wait(), name="stop-signal")
        done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if stopper in done:
            log.info("stop signal received; shutting down")
            await bot.close()
            runner.cancel()
        stopper.cancel()
        await asyncio.gather(runner, return_exceptions=True)
        if runner in done and runner.exception() is not None:
            log.error("the bot stopped with an error", exc_info=runner.exception())
            return 1
    log.info("stopped")
    return 0
