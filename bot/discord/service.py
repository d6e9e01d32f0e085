"""Serving Discord: `runclub-bot run` until a stop signal, and `runclub-bot sync`."""

from __future__ import annotations

import asyncio
import logging
import signal

import discord

from bot.config import Settings
from bot.discord.bot import RunClubBot, create_bot
from bot.discord.sync import sync_if_changed
from bot.render.chart_pool import ChartPool

log = logging.getLogger("bot")

# Both stop the bot the same way: a container gets SIGTERM, a terminal sends SIGINT (Ctrl-C).
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
# Closing the gateway normally takes milliseconds; past this the store is closed regardless, so
# the process exits well inside the 5 s a service manager is promised (Docker waits 10 s).
CLOSE_TIMEOUT_SECONDS = 4.0


async def sync_once(settings: Settings, token: str) -> int:
    # Registering commands draws no chart: no worker process for it.
    bot = create_bot(settings, sync_on_start=False, charts=ChartPool.in_threads())
    async with bot:
        await bot.login(token)
        await sync_if_changed(bot, force=True)
    return 0


async def serve(settings: Settings, token: str) -> int:
    return await run_until_stopped(create_bot(settings, settle_gc=True), token)


async def run_until_stopped(bot: RunClubBot, token: str) -> int:
    """Run `bot` until Discord fails for good (1) or SIGTERM/SIGINT asks it to stop (0).

    Stopping is `bot.close()`: it unloads the cogs (their loops are cancelled and awaited),
    closes the gateway and the HTTP session, then closes the store, which first lets a
    transaction in progress commit. Nothing written is lost; nothing half-written remains.
    """
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    try:
        runner = asyncio.create_task(bot.start(token), name="discord")
        stopper = asyncio.create_task(stop.wait(), name="stop-signal")
        await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        stopped = stop.is_set()
        stopper.cancel()
        if stopped:
            log.info("stop signal received; shutting down")
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
        error = runner.exception()
        if isinstance(error, discord.LoginFailure):
            log.error("Discord refused the token (%s); check DISCORD_TOKEN", error)
        else:
            log.error("the bot stopped with an error", exc_info=error)
        return 1
    log.info("stopped")
    return 0
