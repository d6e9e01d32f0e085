"""What a failed request to Discord means for the work that sent it: one reading for the daily
post, the reminders' DMs and the scheduled events, so that all three retry the same failures;
and the one line an operator reads when the bot could not start talking to Discord at all."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import aiohttp
import discord
from discord.http import HTTPClient

from bot.actions.send_errors import TemporaryFailure, TriedOut


def describe(exc: discord.HTTPException) -> str:
    """`503 Service Unavailable`: the status and Discord's text, or the HTTP reason without one."""
    return f"{exc.status} {exc.text or exc.response.reason}".strip()


def _global(exc: discord.HTTPException) -> bool:
    """Whether a 429 is Discord's limit on every request of the bot, not one route's."""
    headers = exc.response.headers
    return (
        headers.get("X-RateLimit-Global", "").lower() == "true"
        or headers.get("X-RateLimit-Scope") == "global"
    )


log = logging.getLogger(__name__)


def _slept_out_global_limit(cancelled: asyncio.CancelledError) -> bool:
    """Whether the request `cancelled` cut off was the one sleeping out Discord's global 429,
    not one waiting for that sleep (or for anything else): its `HTTPClient.request` frame has
    read `global: true`. One cut off on its next try after such a sleep counts too, which lets
    the others go early only if another global 429 came meanwhile.

    discord.py has no public way to tell; `is_global` is 2.7's name. Were it renamed, this
    would say no and the global-limit tests in tests/discord/test_reminders_delivery.py fail."""
    tb = cancelled.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code is HTTPClient.request.__code__:
            return bool(tb.tb_frame.f_locals.get("is_global"))
        tb = tb.tb_next
    return False


def _reopen_global_limit(http: HTTPClient) -> None:
    """Let the process's requests go again after the request sleeping out Discord's global 429
    was cancelled (a caller's time bound): discord.py 2.7 lets them go only at the end of that
    sleep, not in a `finally`, so a cancelled sleep would hold them for ever. A request merely
    waiting for the sleep leaves them held: they would meet the 429 again, and Discord bans an
    address that draws too many."""
    # discord.py has no public way to reach this lock; `_global_over` is 2.7's name for it.
    held = getattr(http, "_global_over", None)
    if isinstance(held, asyncio.Event) and not held.is_set():
        log.warning("the request sleeping out Discord's global 429 was cut off; letting others go")
        held.set()


@contextmanager
def retried_later(http: HTTPClient) -> Iterator[None]:
    """A 429 or 5xx that is still failing, or a request that never reached Discord, becomes
    `TemporaryFailure` (the caller's timer tries again later); every other error passes as it
    is. discord.py has already waited out 429s and retried some 5xx by the time one gets here.
    Refusals a caller reads itself (403, 404) are caught inside the block, before this. A
    request of `http` cancelled inside the block while it slept out Discord's global 429 leaves
    the others free to go."""
    try:
        yield
    except asyncio.CancelledError as cancelled:
        if _slept_out_global_limit(cancelled):
            _reopen_global_limit(http)
        raise
    except discord.HTTPException as exc:
        if exc.status >= 500 or exc.status == 429:
            # A route's own 429 is this guild's limit: another guild's request would not wait.
            everywhere = exc.status >= 500 or _global(exc)
            raise TriedOut(describe(exc), everywhere=everywhere) from exc
        raise
    except TimeoutError as exc:
        raise TriedOut(f"network: {exc!r}") from exc
    except (aiohttp.ClientError, OSError) as exc:
        raise TemporaryFailure(f"network: {exc!r}") from exc


_GATEWAY_CLOSES = {
    4004: "Discord refused the token at the gateway (close code 4004); check DISCORD_TOKEN",
    4011: (
        "Discord requires sharding for this many servers (close code 4011): set [discord]"
        " shard_count (README.md, 'Running many clubs')"
    ),
}


class StartRefused(Exception):
    """Discord refused what a start needs for a reason the operator fixes in the settings; the
    message is the whole line."""


def start_failure(error: BaseException) -> str | None:
    """The one line for a start (`run`, `sync`) that Discord stopped before the bot served, or
    a run it ended for good: a token it refuses, Discord out of reach (no network, DNS, a
    firewall, a proxy), answering with a server error or blocking the address, a gateway
    closed with a code it will not take back (sharding required). Each is the operator's to
    fix or to wait out, and a restart tries again, so none needs a traceback. None for
    anything else: a bug, logged with its traceback.

    discord.py retries a lost gateway by itself once connected; only the login, a sharded
    process's gateway query and the first gateway connection fail like this."""
    if isinstance(error, StartRefused):
        return str(error)
    if isinstance(error, discord.ConnectionClosed):
        # The close codes discord.py does not reconnect after: Discord will not take it back.
        return _GATEWAY_CLOSES.get(
            error.code,
            f"Discord closed the gateway connection for good (close code {error.code})",
        )
    if isinstance(error, discord.LoginFailure):
        return f"Discord refused the token ({error}); check DISCORD_TOKEN"
    if isinstance(error, discord.HTTPException) and error.status == 429:
        # discord.py waits out Discord's own 429s; it raises one without Discord's proxy
        # header, which is Cloudflare refusing this address for a while (Discord bans an
        # address that sends too many invalid requests: 10,000 in 10 minutes).
        return (
            "Discord is refusing this machine's address for now (429 Too Many Requests, after"
            " too many invalid requests from it); wait before starting again"
        )
    if isinstance(error, discord.DiscordServerError):
        # The status alone: a 5xx from Discord's proxy carries a whole HTML page as its text.
        status = f"{error.status} {error.response.reason}"
        return f"Discord answered with a server error ({status}); try again later"
    if isinstance(error, aiohttp.ClientError | TimeoutError):
        # A timeout says nothing of its own: its name does.
        reason = str(error) or type(error).__name__
        return f"couldn't reach Discord ({reason}); check this machine's network and DNS"
    return None
