"""Command line: `runclub-bot [COMMAND] [--config PATH]`; `runclub-bot --help` lists them.

Each command imports the heavy parts it needs (discord.py, the command catalog and its chart
library) when it runs: `healthcheck` runs every 30 s in the container and must stay cheap.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import shutil
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from bot.clock import running_clock, system_clock
from bot.config import (
    ConfigError,
    LoadedConfig,
    Settings,
    format_error,
    load_config,
    target_database,
)
from bot.core.when import at_local
from bot.health import check_heartbeat
from bot.logs import setup_logging
from bot.store import StoreError, backup_database
from bot.urls import ENCODE_RULE, POSTGRES_SCHEMES, POSTGRES_URL_EXAMPLE, is_postgres, secrets_of

NO_TOKEN_MESSAGE = """\
No Discord token is set, so the bot cannot connect.
Set one in the environment:   export DISCORD_TOKEN=your-bot-token
or in config.toml:            [discord] token = "your-bot-token"
(copy config.example.toml to config.toml). README.md, "Create the Discord application",
shows where the token comes from."""

OFFLINE_NOTICE = (
    "No Discord token is set, so this is the offline console. To run the bot, set "
    "DISCORD_TOKEN (README.md: 'Create the Discord application')."
)

StartMode = Literal["run", "console", "no-token"]


def build_parser() -> argparse.ArgumentParser:
    # --config is accepted before or after the command; SUPPRESS keeps a subcommand's
    # parser from resetting a value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="TOML config file (default: $RUNCLUB_CONFIG, or ./config.toml if present)",
    )
    parser = argparse.ArgumentParser(
        prog="runclub-bot",
        description="A Discord bot for running clubs whose members also lift.",
        epilog="Without a COMMAND it runs the bot; with no token set, at a terminal, it opens "
        "the offline console instead.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=summary, description=description)

    run = command(
        "run",
        "connect to Discord and serve the club (the default)",
        "Connect to Discord and serve the club until SIGTERM or Ctrl-C, then close cleanly.",
    )
    run.add_argument(
        "--shard-count",
        type=int,
        default=argparse.SUPPRESS,
        metavar="N",
        help="the bot's shards in all, across every process (overrides [discord] shard_count)",
    )
    run.add_argument(
        "--shard-ids",
        type=_shard_ids,
        default=argparse.SUPPRESS,
        metavar="I,J",
        help="the shards this process serves, e.g. 0,1 (overrides [discord] shard_ids)",
    )
    console = command(
        "console",
        "the member commands in this terminal, without Discord",
        "The member commands in this terminal, without Discord or a token: you are one local "
        "member of one local club, in the bot's own database. Reads commands from stdin when "
        "it is not a terminal.",
    )
    console.add_argument(
        "--now",
        type=_naive_datetime,
        metavar='"YYYY-MM-DD HH:MM"',
        help="pretend it is this moment, in the club's time zone (for demos and tests)",
    )
    command(
        "sync",
        "register the slash commands with Discord now",
        "Register the slash commands with Discord now, whether or not they changed, then exit.",
    )
    command(
        "check-config",
        "validate the configuration and print it",
        "Validate the configuration and print it. The token is shown as (set) or (not set).",
    )
    backup = command(
        "backup",
        "copy the database to PATH, verified",
        "Copy the database to PATH with SQLite's online backup API (safe while the bot runs), "
        "then check the copy with PRAGMA integrity_check. The database itself is only read.",
    )
    backup.add_argument("path", type=Path, metavar="PATH", help="the backup file to write")
    backup.add_argument("--force", action="store_true", help="replace PATH if it exists")
    migrate = command(
        "migrate-store",
        "copy every row of the configured database into an empty PostgreSQL one",
        "Copy everything in the configured database (e.g. the SQLite file) into the EMPTY "
        "PostgreSQL database at URL, keeping ids, then compare row counts and a checksum per "
        "table and print them. Stop the bot first. A target holding anything but the bot's "
        "own start-up records is refused.",
    )
    migrate.add_argument(
        "--to",
        required=True,
        metavar="URL",
        help=f"{POSTGRES_URL_EXAMPLE} (an empty database; {POSTGRES_SCHEMES} only; without a"
        " password in it, $PGPASSWORD)",
    )
    command(
        "healthcheck",
        "exit 0 if the running bot's heartbeat is fresh",
        "Exit 0 if the running bot's heartbeat ([health] heartbeat_path) is at most "
        "[health] max_age_seconds old; otherwise print why and exit 1.",
    )
    return parser


def _naive_datetime(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'{text!r} is not a date and time like "2026-11-24 18:00"'
        ) from None


def _shard_ids(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of shard numbers like 0,1"
        ) from None


def with_shards(settings: Settings, args: argparse.Namespace) -> Settings:
    """`settings` with the command line's --shard-count / --shard-ids, validated again."""
    given = {key: getattr(args, key) for key in ("shard_count", "shard_ids") if hasattr(args, key)}
    if not given:
        return settings
    data = settings.model_dump()
    if data["database"]["url"] is not None:
        # The url set the path; both given again would read as a conflict.
        del data["database"]["path"]
    data["discord"].update(given)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_error(exc)) from None


def start_mode(token_set: bool, interactive: bool) -> StartMode:
    """What `runclub-bot` with no command does: with no token, a person at a terminal gets the
    offline console, and anything else (a container, CI) an immediate error."""
    if token_set:
        return "run"
    return "console" if interactive else "no-token"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, or bad arguments (argparse printed why)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        loaded = load_config(getattr(args, "config", None))
        settings = with_shards(loaded.settings, args)
    except ConfigError as exc:
        print(f"runclub-bot: {exc}", file=sys.stderr)
        return 2
    command: str | None = args.command
    if command == "check-config":
        return check_config(loaded)
    if command == "healthcheck":
        return healthcheck(settings)
    token = settings.token
    secrets = [secret for secret in (token, *settings.database.secrets) if secret]
    if command == "migrate-store":
        # Whatever --to turns out to be, its password is blanked from the log too.
        secrets += secrets_of(args.to)
    setup_logging(settings.logging.level, secrets=secrets)
    for notice in loaded.retired:
        logging.getLogger("bot").warning("config: %s", notice)
    if command == "backup":
        return backup(settings, args.path, force=args.force)
    if command == "console":
        return console(settings, args.now)
    if command == "migrate-store":
        return migrate_store(settings, args.to)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if command is None and start_mode(token is not None, interactive) == "console":
        print(OFFLINE_NOTICE, file=sys.stderr)
        return console(settings, None)
    if token is None:
        print(NO_TOKEN_MESSAGE, file=sys.stderr)
        return 2
    from bot.discord.lifecycle import serve, sync_once  # noqa: PLC0415  (see the module docstring)

    try:
        if command == "sync":
            return asyncio.run(sync_once(settings, token))
        return asyncio.run(serve(settings, token))
    except StoreError as exc:
        # An unreachable or unusable database: one line, no traceback, non-zero.
        print(f"runclub-bot: {exc}", file=sys.stderr)
        return 1


def check_config(loaded: LoadedConfig) -> int:
    settings = loaded.settings
    shown = settings.model_dump(mode="json")
    shown["discord"]["token"] = "(set)" if settings.token else "(not set)"
    shown["database"]["url"] = settings.database.shown_url
    if settings.database.backend == "postgresql":
        # The default path would read as a file in use next to the url that really is.
        shown["database"]["path"] = "(not used: the database is the url's)"
    for section, values in shown.items():
        print(f"[{section}]")
        for key, value in values.items():
            print(f"{key} = {value!r}")
    print(f"database in use: {settings.database.shown}, {loaded.database_origin}")
    if settings.database.backend == "postgresql":
        print(f"note: {ENCODE_RULE}")
    for notice in loaded.retired:
        print(f"note: {notice}")
    print("configuration OK")
    return 0


def healthcheck(settings: Settings) -> int:
    health = settings.health
    result = check_heartbeat(health.heartbeat_path, health.max_age_seconds, system_clock())
    print(result.reason, file=sys.stdout if result.healthy else sys.stderr)
    return 0 if result.healthy else 1


def backup(settings: Settings, dest: Path, *, force: bool) -> int:
    try:
        source = asyncio.run(backup_database(settings.database, dest, overwrite=force))
    except (StoreError, OSError) as exc:
        print(f"runclub-bot backup: {exc}", file=sys.stderr)
        return 1
    print(f"backed up {source} to {dest} (integrity_check: ok)")
    return 0


def migrate_store(settings: Settings, to: str) -> int:
    from bot.store.transfer import copy_to_url  # noqa: PLC0415  (see the module docstring)

    if not is_postgres(to):
        print(
            f"runclub-bot migrate-store: --to must be a PostgreSQL url, starting with"
            f" {POSTGRES_SCHEMES}, e.g. {POSTGRES_URL_EXAMPLE}: migrate-store copies into"
            " PostgreSQL only",
            file=sys.stderr,
        )
        return 2
    try:
        target = target_database(to)
    except ConfigError as exc:
        print(f"runclub-bot migrate-store: --to: {exc}", file=sys.stderr)
        return 2
    if settings.database.url == target.url:
        print("runclub-bot migrate-store: --to is the configured database", file=sys.stderr)
        return 2
    print(f"copying {settings.database.shown} to {target.shown}")
    try:
        lines = asyncio.run(copy_to_url(settings.database, target))
    except StoreError as exc:
        print(f"runclub-bot migrate-store: {exc}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def console(settings: Settings, now: datetime | None) -> int:
    from bot.console.session import prompt_lines, run_console, welcome  # noqa: PLC0415

    # --now sets where the clock starts; it then runs, so "now" keeps meaning now.
    clock = system_clock if now is None else running_clock(_club_moment(now, settings))
    try:
        if sys.stdin.isatty():
            # One column spare: a line exactly as wide as the terminal wraps twice in some.
            width = max(40, shutil.get_terminal_size().columns - 1)
            return run_console(
                settings,
                prompt_lines(),
                sys.stdout,
                clock=clock,
                banner=welcome(settings),
                width=width,
                at_terminal=True,
            )
        return run_console(settings, sys.stdin, sys.stdout, clock=clock, echo=True)
    except StoreError as exc:
        print(f"runclub-bot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print()
        return 0


def _club_moment(moment: datetime, settings: Settings) -> datetime:
    if moment.tzinfo is not None:
        return moment.astimezone(UTC)
    from bot.actions.context import club_zone  # noqa: PLC0415  (see the module docstring)

    return at_local(moment.date(), moment.time(), club_zone(settings))
