"""What a failed request to Discord means for the work that sent it: one reading for the daily
post, the reminders' DMs and the scheduled events, so that all three retry the same failures."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import aiohttp
import discord

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


@contextmanager
def retried_later() -> Iterator[None]:
    """A 429 or 5xx that is still failing, or a request that never reached Discord, becomes
    `TemporaryFailure` (the caller's timer tries again later); every other error passes as it
    is. discord.py has already waited out 429s and retried some 5xx by the time one gets here.
    Refusals a caller reads itself (403, 404) are caught inside the block, before this."""
    try:
        yield
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
