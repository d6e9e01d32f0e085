"""What the bot did: the HTTP requests discord.py sent, the WARNING+ log records and the task
failures of a block, and `Result`, one interaction's requests read as the member would see
them (callback, followups, edits, message, embeds, files, autocomplete choices).

`capture_block` is where a test's block is awaited to the end: it collects every task the
block starts (the tree runs each command in a task it does not return) and waits for them.
"""

from __future__ import annotations

import asyncio
import logging
import re
import traceback
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tests.discord.harness.errors import HarnessError
from tests.discord.harness.payloads import (
    APP_ID,
    AUTOCOMPLETE,
    CHANNEL_MESSAGE,
    DEFERRED_MESSAGE,
    EPHEMERAL,
    UPDATE_MESSAGE,
)

# discord.py warns once per process about optional voice dependencies; the bot has no voice.
_BENIGN_LOGS = (
    "PyNaCl is not installed",
    "davey is not installed",
)

# View timeouts, delete_after sleeps, discord.ext.tasks loops and the scheduler (they run
# until close).
_LONG_LIVED = ("__timeout_task_impl", "inner_call", "Loop._loop", "Schedule._run")


# --------------------------------------------------------------------------------------------
# Recorded HTTP


@dataclass(frozen=True)
class SentFile:
    field: str
    filename: str
    data: bytes
    content_type: str | None


@dataclass
class RecordedRequest:
    """One HTTP request discord.py sent, as Discord would have received it."""

    method: str
    path: str  # without the https://discord.com/api/v10 prefix and without the query
    params: dict[str, str]
    headers: dict[str, str]
    json: Any  # the JSON body (for multipart: the parsed payload_json), or None
    files: list[SentFile]
    status: int = 0  # what the fake answered
    response: Any = None
    # When the bot's send budget let it go (tests/discord/harness/clock.py), or None when it
    # did not wait for the budget.
    released_at: float | None = None

    def __repr__(self) -> str:
        return f"<{self.method} {self.path} -> {self.status}>"


# --------------------------------------------------------------------------------------------
# Results


@dataclass
class Capture:
    """What happened while a block ran: HTTP requests, WARNING+ log records, task failures."""

    requests: list[RecordedRequest] = field(default_factory=list)
    logs: list[logging.LogRecord] = field(default_factory=list)
    exceptions: list[BaseException] = field(default_factory=list)

    def to(self, method: str, path: str | re.Pattern[str]) -> list[RecordedRequest]:
        """Requests to `method path` (exact path, or a regex that must fully match)."""
        return [
            r
            for r in self.requests
            if r.method == method.upper()
            and (path.fullmatch(r.path) if isinstance(path, re.Pattern) else r.path == path)
        ]

    def log_text(self) -> str:
        return "\n".join(_format_record(r) for r in self.logs)


@dataclass
class Result(Capture):
    """One interaction: the payload sent in and every request the bot sent out for it."""

    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def interaction_id(self) -> int:
        return int(self.payload["id"])

    @property
    def token(self) -> str:
        return str(self.payload["token"])

    @property
    def callback_request(self) -> RecordedRequest | None:
        path = f"/interactions/{self.interaction_id}/{self.token}/callback"
        return next((r for r in self.requests if r.method == "POST" and r.path == path), None)

    @property
    def callback(self) -> dict[str, Any] | None:
        """The JSON body of the interaction callback ({"type": 4|5|6|7|8|9, "data": ...})."""
        request = self.callback_request
        return None if request is None else request.json

    @property
    def callback_type(self) -> int | None:
        return None if self.callback is None else int(self.callback["type"])

    @property
    def followup_requests(self) -> list[RecordedRequest]:
        return self.to("POST", f"/webhooks/{APP_ID}/{self.token}")

    @property
    def followups(self) -> list[dict[str, Any]]:
        return [r.json or {} for r in self.followup_requests]

    @property
    def edits(self) -> list[dict[str, Any]]:
        prefix = f"/webhooks/{APP_ID}/{self.token}/messages/"
        return [
            r.json or {} for r in self.requests if r.method == "PATCH" and r.path.startswith(prefix)
        ]

    def _message_requests(self) -> list[RecordedRequest]:
        found = []
        callback = self.callback_request
        if callback is not None and (callback.json or {}).get("type") in (
            CHANNEL_MESSAGE,
            UPDATE_MESSAGE,
        ):
            found.append(callback)
        prefix = f"/webhooks/{APP_ID}/{self.token}"
        for request in self.requests:
            if request is callback:
                continue
            if (request.method == "POST" and request.path == prefix) or (
                request.method == "PATCH" and request.path.startswith(prefix + "/messages/")
            ):
                found.append(request)
        return found

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The message bodies sent, in order: callback data, followups, edits."""
        out = []
        for request in self._message_requests():
            body = request.json or {}
            out.append(body.get("data", {}) if request is self.callback_request else body)
        return out

    @property
    def message(self) -> dict[str, Any]:
        """The first message the member sees (callback data, or the first followup/edit)."""
        messages = self.messages
        if not messages:
            raise HarnessError(f"the bot sent no message; requests: {self.requests}")
        return messages[0]

    @property
    def created_message(self) -> dict[str, Any] | None:
        """The message object the fake Discord created for the first message (with its id)."""
        for request in self._message_requests():
            response = request.response
            if isinstance(response, dict):
                return response.get("resource", {}).get("message") or (
                    response if "channel_id" in response else None
                )
        return None

    @property
    def ephemeral(self) -> bool:
        """Whether only the member sees the answer (decided by the first answer)."""
        callback = self.callback
        if callback is not None and callback.get("type") == DEFERRED_MESSAGE:
            return bool(int((callback.get("data") or {}).get("flags") or 0) & EPHEMERAL)
        return bool(int(self.message.get("flags") or 0) & EPHEMERAL)

    @property
    def content(self) -> str:
        return str(self.message.get("content") or "")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return list(self.message.get("embeds") or [])

    @property
    def embed(self) -> dict[str, Any]:
        embeds = self.embeds
        if not embeds:
            raise HarnessError(f"the message has no embed: {self.message}")
        return embeds[0]

    @property
    def text(self) -> str:
        """Everything a member reads in the first message: content, title, description,
        field names and values, footer."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            for item in embed.get("fields") or []:
                parts += [item.get("name", ""), item.get("value", "")]
            parts.append((embed.get("footer") or {}).get("text", ""))
        return "\n".join(p for p in parts if p)

    @property
    def files(self) -> list[SentFile]:
        requests = self._message_requests()
        return list(requests[0].files) if requests else []

    @property
    def choices(self) -> list[dict[str, Any]]:
        """Autocomplete choices ({"name", "value"}) of a type-8 callback."""
        callback = self.callback
        if callback is None or callback.get("type") != AUTOCOMPLETE:
            raise HarnessError(f"no autocomplete answer; callback: {callback}")
        return list((callback.get("data") or {}).get("choices") or [])


def _format_record(record: logging.LogRecord) -> str:
    text = f"{record.levelname} {record.name}: {record.getMessage()}"
    if record.exc_info and record.exc_info[1] is not None:
        text += "\n" + "".join(traceback.format_exception(*record.exc_info))
    return text


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not any(text in record.getMessage() for text in _BENIGN_LOGS):
            self.records.append(record)


@contextmanager
def _collect_logs() -> Iterator[_Collector]:
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector
    finally:
        root.removeHandler(collector)


# --------------------------------------------------------------------------------------------
# Capturing a block


@asynccontextmanager
async def capture_block(
    requests: list[RecordedRequest], *, wait_limit: float, expect_errors: bool = False
) -> AsyncIterator[Capture]:
    """Record the requests appended to `requests`, WARNING+ logs and task failures of the
    block, including every task it creates (awaited, up to `wait_limit` seconds, before the
    block ends). Unexpected logs fail the test unless `expect_errors`."""
    cap = Capture()
    start = len(requests)
    loop = asyncio.get_running_loop()
    created: list[asyncio.Task[Any]] = []
    previous = loop.get_task_factory()

    def factory(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Future[Any]:
        if previous is not None:
            task = previous(loop, coro, **kwargs)
        else:
            task = asyncio.Task(coro, loop=loop, **kwargs)
        if isinstance(task, asyncio.Task):
            created.append(task)
        return task

    with _collect_logs() as collector:
        loop.set_task_factory(factory)
        try:
            yield cap
            await _drain(created, cap, wait_limit)
        finally:
            loop.set_task_factory(previous)
    cap.requests = requests[start:]
    cap.logs = collector.records
    if not expect_errors and (cap.logs or cap.exceptions):
        raise HarnessError(
            "unexpected warnings/errors (pass expect_errors=True if intended):\n"
            + cap.log_text()
            + "".join("\n" + "".join(traceback.format_exception(e)) for e in cap.exceptions)
        )


async def _drain(created: list[asyncio.Task[Any]], cap: Capture, wait_limit: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait_limit
    seen = 0
    while True:
        pending = [
            t
            for t in created[seen:]
            if not any(name in t.get_coro().__qualname__ for name in _LONG_LIVED)  # type: ignore[union-attr]
        ]
        seen = len(created)
        if not pending:
            break
        remaining = deadline - loop.time()
        done, still = await asyncio.wait(pending, timeout=max(remaining, 0))
        if still:
            raise HarnessError(f"tasks still running after {wait_limit}s: {still}")
        for task in done:
            if task.cancelled():
                continue
            error = task.exception()
            if error is not None:
                cap.exceptions.append(error)
        if len(created) == seen:
            break


def discord_ts(moment: datetime, style: str = "F") -> str:
    """`<t:UNIX:style>`, computed independently of the bot's renderer."""
    return f"<t:{int(moment.timestamp())}:{style}>"
