"""Serving Discord: `runclub-bot run` until a stop signal, and `runclub-bot sync`."""

from __future__ import annotations

import asyncio
import logging
import signal
from datetime import timedelta
from pathlib import Path

from bot.actions.startup import record_start
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.core.identify import stagger_delay
from bot.core.shards import ShardSet
from bot.discord.bot import RunClubBot, create_bot
from bot.discord.failures import start_failure
from bot.discord.sync import sync_if_changed
from bot.render.chart_pool import ChartPool
from bot.store import StoreError, open_store

log = logging.getLogger("bot")

# Both stop the bot the same way: a container gets SIGTERM, a terminal sends SIGINT (Ctrl-C).
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
# Closing the gateway normally takes milliseconds; past this the store is closed regardless, so
# the process exits within 5 s of the drain (README: Shutdown; compose.yaml waits 20 s).
CLOSE_TIMEOUT_SECONDS = 4.0


async def sync_once(settings: Settings, token: str) -> int:
    # Registering commands draws no chart: no worker process for it.
    bot = create_bot(settings, sync_on_start=False, charts=ChartPool.in_threads())
    try:
        async with bot:
            await bot.login(token)
            await sync_if_changed(bot, force=True)
    except StoreError:
        raise  # the command line's one line for the database
    except Exception as error:  # every other failure: one log line and exit 1
        _log_failure(error, "registering the commands failed")
        return 1
    return 0


async def serve(settings: Settings, token: str, *, clock: Clock = system_clock) -> int:
    """Open the store first (an unreachable database stops here with StoreError, before
    Discord is contacted), then run the bot with the restart back-off (`connect_after`)."""
    _forget_heartbeat(settings.health.heartbeat_path)
    # The bot closes the store it is given when it closes; this closes it whatever stops the
    # start before then (the bot not made, the signal handlers refused), as an open SQLite
    # store's thread would keep the process from exiting. A second close does nothing.
    async with await open_store(settings.database) as store:
        bot = create_bot(settings, clock=clock, store=store, settle_gc=True)
        return await run_until_stopped(bot, token, back_off=True)


def _forget_heartbeat(path: Path) -> None:
    """The heartbeat the run before this one left would pass `healthcheck` as this one's, then,
    gone stale, read as a stuck event loop, while this one has not connected yet (a restart's
    back-off waits up to 30 minutes): none until this run's first beat, once connected."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove the last run's heartbeat %s: %s", path, exc)


async def connect_after(bot: RunClubBot, token: str, *, back_off: bool) -> None:
    """`bot.start(token)` with a pause between logging in and the gateway's IDENTIFY: with
    `back_off`, the restart back-off (this start recorded in the store), plus, for a sharded
    process, its turn after lower shards' processes."""
    await bot.login(token)
    wait = timedelta(0)
    if back_off:
        # Recorded once logged in, not before: a start Discord stopped at the login (out of
        # reach, the token refused) used none of its session starts, and must not lengthen the
        # wait of the start that gets through once the network or the token is put right.
        settings = bot.settings.discord
        shards = ShardSet.of(settings.shard_count, settings.shard_ids)
        wait = await record_start(bot.store, shards, bot.clock())
    shard_ids = bot.settings.discord.shard_ids
    if bot.settings.discord.shard_count is not None and shard_ids:
        _, _, limit = await bot.http.get_bot_gateway()
        turn = stagger_delay(shard_ids, int(limit.get("max_concurrency", 1)))
        if turn:
            log.info("shard %d starts %d s after lower shards", min(shard_ids), turn.seconds)
        wait += turn
    if wait:
        await asyncio.sleep(wait.total_seconds())
    try:
        await bot.connect()
    except AttributeError as exc:
        # discord.py 2.7: when the first gateway connection fails (the network, a 5xx), its
        # reconnect reads `self.ws.sequence` off the websocket it never had. The failure to
        # report is the one it was handling.
        if bot.ws is None and isinstance(exc.__context__, Exception):
            raise exc.__context__ from None
        raise


async def run_until_stopped(bot: RunClubBot, token: str, *, back_off: bool = False) -> int:
    """Run `bot` until Discord fails for good (1) or SIGTERM/SIGINT asks it to stop (0);
    `back_off`: wait the restart back-off before connecting (`connect_after`).

    Stopping on a signal first lets the posts and DMs in flight finish and be recorded, for at
    most `[discord] drain_seconds` (`bot.drain`). Then `bot.close()`: it unloads the cogs
    (their loops are cancelled and awaited), closes the gateway and the HTTP session, then
    closes the store, which first lets a transaction in progress commit. Nothing written is
    lost; nothing half-written remains.
    """
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    try:
        runner = asyncio.create_task(connect_after(bot, token, back_off=back_off), name="discord")
        stopper = asyncio.create_task(stop.wait(), name="stop-signal")
        await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        stopped = stop.is_set()
        stopper.cancel()
        if stopped:
            log.info("stop signal received; shutting down")
            await bot.drain(bot.settings.discord.drain_seconds)
        try:
            await asyncio.wait_for(bot.close(), CLOSE_TIMEOUT_SECONDS)
        except TimeoutError:
            log.warning("closing took over %g s; stopping anyway", CLOSE_TIMEOUT_SECONDS)
        # A signal during login: the login ends here (setup_hook closes a store it opened
        # after close() ran).
        runner.cancel()
        await asyncio.wait([runner])
    finally:
        for sig in STOP_SIGNALS:
            loop.remove_signal_handler(sig)
    if not stopped and not runner.cancelled() and runner.exception() is not None:
        _log_failure(runner.exception(), "the bot stopped with an error")
        return 1
    log.info("stopped")
    return 0


def _log_failure(error: BaseException | None, unexpected: str) -> None:
    """One line: what the operator can act on without a traceback, else `unexpected` with it."""
    if isinstance(error, StoreError):
        # The database gone between its opening and this start's record: its own one line.
        log.error("%s", error)
        return
    problem = None if error is None else start_failure(error)
    if problem is None:
        log.error(unexpected, exc_info=error)
    else:
        log.error(problem)
