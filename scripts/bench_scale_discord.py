"""The fake Discord HTTP API of `make bench-scale` (scripts/bench_scale.py), as its own process.

    python scripts/bench_scale_discord.py PORT LOG

It answers like Discord as far as the daily post goes (with the test harness's payloads):
`GET /users/@me` and `GET /oauth2/applications/@me` (the login),
`GET /gateway/bot` (a sharded start asks it), and `POST /channels/{id}/messages` with the
message, after a few milliseconds (a repeat of a nonce sent with `enforce_nonce` gets the
first message back, and no second one is made). Discord's global limit is enforced on every
request of the token, whichever process sends it: at most 50 answered in any one second (a
sliding window), else a global 429 as Discord sends it (JSON `message`, `retry_after`,
`global: true`; headers `X-RateLimit-Global: true`, `X-RateLimit-Scope: global`,
`Retry-After`). Interaction callbacks
would be exempt; the bench sends none.

Every request is one line in LOG (`monotonic status channel_id`, monotonic of this machine, so
it compares with the orchestrator's clock); `GET /bench/stats` answers the counts so far.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import random
import sys
import time
from collections import deque
from pathlib import Path
from typing import Any, TextIO

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.discord.harness.payloads import APP_ID, BOT_USER, application_payload

GLOBAL_PER_SECOND = 50
WINDOW_SECONDS = 1.0
LATENCY_SECONDS = (0.002, 0.006)  # Discord's own time per request: a few ms


class FakeDiscord:
    def __init__(self, log: TextIO) -> None:
        self._log = log
        self._answered: deque[float] = deque()
        self._ids = itertools.count(1 << 40)
        self._random = random.Random(21)
        self.counts: dict[str, int] = {"posts": 0, "deduped": 0, "global_429": 0, "other": 0}
        # The message made for each nonce: a second message with `enforce_nonce` and the same
        # nonce gets that one back, as Discord answers it within its window (a few minutes;
        # here the whole run, which is shorter).
        self._by_nonce: dict[str, dict[str, Any]] = {}

    def _over_limit(self, now: float) -> float | None:
        """None when the request may be answered now (and counts it), else the retry_after."""
        while self._answered and self._answered[0] <= now - WINDOW_SECONDS:
            self._answered.popleft()
        if len(self._answered) >= GLOBAL_PER_SECOND:
            return self._answered[0] + WINDOW_SECONDS - now
        self._answered.append(now)
        return None

    def _record(self, now: float, status: int | str, channel: str) -> None:
        self._log.write(f"{now:.6f} {status} {channel}\n")

    async def _limited(self, request: web.Request, channel: str) -> web.Response | None:
        now = time.monotonic()
        retry_after = self._over_limit(now)
        if retry_after is None:
            await asyncio.sleep(self._random.uniform(*LATENCY_SECONDS))
            return None
        self.counts["global_429"] += 1
        self._record(now, 429, channel)
        retry = round(retry_after + 0.0005, 3)
        body = {"message": "You are being rate limited.", "retry_after": retry, "global": True}
        headers = {
            "X-RateLimit-Global": "true",
            "X-RateLimit-Scope": "global",
            "Retry-After": str(max(1, math.ceil(retry))),
        }
        return answer(body, status=429, headers=headers)

    async def me(self, request: web.Request) -> web.Response:
        if (limited := await self._limited(request, "-")) is not None:
            return limited
        self.counts["other"] += 1
        return answer(BOT_USER.payload())

    async def application(self, request: web.Request) -> web.Response:
        if (limited := await self._limited(request, "-")) is not None:
            return limited
        self.counts["other"] += 1
        return answer(application_payload())

    async def gateway(self, request: web.Request) -> web.Response:
        if (limited := await self._limited(request, "-")) is not None:
            return limited
        self.counts["other"] += 1
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 16}
        body = {"url": "wss://gateway.invalid", "shards": 4, "session_start_limit": limit}
        return answer(body)

    async def post(self, request: web.Request) -> web.Response:
        channel = request.match_info["channel"]
        body = await request.json()
        if (limited := await self._limited(request, channel)) is not None:
            return limited
        nonce = body.get("nonce")
        if body.get("enforce_nonce") and nonce in self._by_nonce:
            self.counts["deduped"] += 1
            self._record(time.monotonic(), "200-same-nonce", channel)
            return answer(self._by_nonce[nonce])
        self.counts["posts"] += 1
        self._record(time.monotonic(), 200, channel)
        message = _message(next(self._ids), channel, body)
        if nonce is not None:
            self._by_nonce[nonce] = message
        return answer(message)

    async def stats(self, request: web.Request) -> web.Response:
        self._log.flush()
        return answer(self.counts)


def answer(body: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly `application/json`: discord.py decodes a body only under that content type.
    # `Via`: Discord's answers pass Google's front end; discord.py takes a 429 without it for a
    # Cloudflare ban and gives up instead of waiting.
    head = {"Content-Type": "application/json", "Via": "1.1 google", **(headers or {})}
    return web.Response(body=json.dumps(body).encode(), status=status, headers=head)


def _message(message_id: int, channel: str, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(message_id),
        "channel_id": channel,
        "type": 0,
        "author": BOT_USER.payload(),
        "content": body.get("content") or "",
        "embeds": body.get("embeds") or [],
        "attachments": [],
        "components": body.get("components") or [],
        "flags": 0,
        "timestamp": "2026-01-01T00:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "pinned": False,
        "application_id": str(APP_ID),
        "nonce": body.get("nonce"),
    }


def main(port: int, log_path: Path) -> None:
    with log_path.open("w", encoding="utf-8") as log:
        fake = FakeDiscord(log)
        app = web.Application()
        app.router.add_get("/api/v10/users/@me", fake.me)
        app.router.add_get("/api/v10/oauth2/applications/@me", fake.application)
        app.router.add_get("/api/v10/gateway/bot", fake.gateway)
        app.router.add_post("/api/v10/channels/{channel}/messages", fake.post)
        app.router.add_get("/bench/stats", fake.stats)
        print(json.dumps({"listening": port}), flush=True)
        web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
