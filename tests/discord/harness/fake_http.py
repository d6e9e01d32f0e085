"""The network under discord.py: a fake aiohttp session and its responses.

discord.py sends HTTP from two places, `HTTPClient.request` (channel messages, fetches, the
command sync) and `AsyncWebhookAdapter.request` (every interaction reply). Both go through the
one session stored as `bot.http._HTTPClient__session`, which an `Interaction` copies when it is
built; `FakeSession` sits there, so everything above it (routes, JSON encoding, multipart
uploads, status-to-exception mapping) is discord.py's own code. It hands each request to a
server, `FakeDiscord`, which answers it.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import aiohttp
from multidict import CIMultiDict

from tests.discord.harness.capture import SentFile
from tests.discord.harness.errors import HarnessError

API_PREFIX = re.compile(r"^https://discord\.com/api/v\d+")
# A body that is JSON's `null` (a None body is no body at all, as a 204's).
JSON_NULL = object()


class FakeResponse:
    """Just enough of aiohttp.ClientResponse for discord.py's two request loops."""

    def __init__(
        self, method: str, url: str, status: int, body: Any, headers: Mapping[str, str]
    ) -> None:
        self.method = method
        self.url = url
        self.status = status
        self.reason = REASONS.get(status, "Unknown")
        self.headers: CIMultiDict[str] = CIMultiDict(headers)
        if body is None:
            self._body = b""
        elif body is JSON_NULL:
            self._body = b"null"
            self.headers.setdefault("Content-Type", "application/json")
        elif isinstance(body, bytes):
            self._body = body
        elif isinstance(body, str):
            self._body = body.encode()
            self.headers.setdefault("Content-Type", "text/plain")
        else:
            self._body = json.dumps(body).encode()
            self.headers.setdefault("Content-Type", "application/json")

    async def text(self, encoding: str = "utf-8") -> str:
        return self._body.decode(encoding)

    async def read(self) -> bytes:
        return self._body

    async def json(self) -> Any:
        return json.loads(self._body)

    def release(self) -> None:
        return None


REASONS = {
    200: "OK",
    204: "No Content",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


class _RequestContext:
    def __init__(self, coro_factory: Callable[[], Any]) -> None:
        self._factory = coro_factory

    async def __aenter__(self) -> FakeResponse:
        response: FakeResponse = await self._factory()
        return response

    async def __aexit__(self, *exc: object) -> None:
        return None


class Server(Protocol):
    """What answers the session's requests (`FakeDiscord`)."""

    async def handle(self, method: str, url: str, **kwargs: Any) -> FakeResponse: ...


class FakeSession:
    """Stands in for the aiohttp.ClientSession that discord.py shares between both paths."""

    def __init__(self, server: Server) -> None:
        self._server = server
        self.closed = False

    def request(self, method: str, url: str, **kwargs: Any) -> _RequestContext:
        return _RequestContext(lambda: self._server.handle(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> _RequestContext:
        # Attachment.read() downloads through `HTTPClient.get_from_cdn`, which calls get().
        return self.request("GET", url, **kwargs)

    async def close(self) -> None:
        self.closed = True


async def parse_body(data: Any) -> tuple[Any, list[SentFile]]:
    """The JSON body and files of a request, decoded from what discord.py handed aiohttp."""
    if data is None:
        return None, []
    if isinstance(data, str | bytes):
        return (json.loads(data) if data else None), []
    if isinstance(data, aiohttp.FormData):
        # Serialise the form exactly as aiohttp would put it on the wire, then parse it back.
        writer = data()
        raw = await writer.as_bytes()
        content_type = writer.headers["Content-Type"]
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
        )
        body: Any = None
        files: list[SentFile] = []
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            if name == "payload_json":
                body = json.loads(payload)
            elif filename is not None:
                files.append(SentFile(str(name), filename, payload, part.get_content_type()))
            else:
                raise HarnessError(f"unexpected multipart field {name!r}")
        return body, files
    raise HarnessError(f"unexpected request body type {type(data).__name__}")
