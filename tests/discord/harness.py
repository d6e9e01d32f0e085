"""End-to-end harness: the real bot and the real discord.py, with only the network replaced.

What is fake (see /work/shared/docs/testing-discord.md for why this is the seam):

* `FakeDiscord` answers HTTP at the aiohttp-session level, under both of discord.py's outbound
  paths (`HTTPClient.request` and `AsyncWebhookAdapter.request`). Every request is recorded
  with its method, path, query, parsed JSON body and uploaded files.
* `Harness` builds the bot with `create_bot`, swaps `static_login` for one that installs the
  fake session, runs the real `bot.login()` (so `setup_hook` opens the store, adds the cogs and
  syncs), feeds `GUILD_CREATE` for two guilds, and sends interactions through the gateway
  parser `INTERACTION_CREATE`, exactly as a shard would.

Everything between the gateway payload and the HTTP request is the product and discord.py,
unchanged. By default the harness refuses what a real Discord client never sends (options
outside the registered ranges or choices, missing required options, wrong types); pass
`raw=True` to send anything and test the bot's own guards.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import itertools
import json
import logging
import re
import traceback
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

import aiohttp
import discord
from discord.utils import time_snowflake
from multidict import CIMultiDict

from bot.config import Settings, settings_from_mapping
from bot.discord.bot import RunClubBot, create_bot
from bot.render.chart_pool import ChartPool
from bot.store import Store

TOKEN = "test-token"
APP_ID = 900_000_000_000_000_001
BOT_ID = APP_ID  # a bot user shares its application's id
OWNER_ID = 900_000_000_000_000_099
API_PREFIX = re.compile(r"^https://discord\.com/api/v\d+")
EPHEMERAL = 64
LOADING = 128
DEFAULT_START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

# Option types of the application-command JSON.
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = range(3, 12)
_MAX_SAFE_INT = 2**53
# Interaction callback types.
_CHANNEL_MESSAGE, _DEFERRED_MESSAGE, _DEFERRED_UPDATE, _UPDATE_MESSAGE, _AUTOCOMPLETE = range(4, 9)

# discord.py warns once per process about optional voice dependencies; the bot has no voice.
_BENIGN_LOGS = (
    "PyNaCl is not installed",
    "davey is not installed",
)

MEMBER_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    read_message_history=True,
    add_reactions=True,
    use_application_commands=True,
    embed_links=True,
    attach_files=True,
)
BOT_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    use_application_commands=True,
)


class HarnessError(AssertionError):
    """The test asked for something a real Discord would never send, or the bot misbehaved."""


# --------------------------------------------------------------------------------------------
# Clock


class FakeClock:
    """A mutable clock for `create_bot(clock=...)`: call it (or `.now()`) for the time."""

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        self._now = _aware(start)

    def now(self) -> datetime:
        return self._now

    __call__ = now

    def set(self, moment: datetime) -> None:
        self._now = _aware(moment)

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("FakeClock needs an aware datetime")
    return moment.astimezone(UTC)


# --------------------------------------------------------------------------------------------
# The world: users, guilds, channels


@dataclass(frozen=True)
class FakeUser:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "avatar": None,
            "global_name": self.global_name,
            "public_flags": 0,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass(frozen=True)
class FakeChannel:
    id: int
    name: str
    type: int = 0  # 0 = text
    # Extra permissions denied to the bot in this channel (a role overwrite).
    bot_denied: discord.Permissions = field(default_factory=discord.Permissions.none)


@dataclass(frozen=True)
class FakeGuild:
    id: int
    name: str
    channels: tuple[FakeChannel, ...]
    owner_id: int
    bot_role_id: int

    @property
    def channel(self) -> FakeChannel:
        """The first (default) text channel, where interactions happen unless told otherwise."""
        return self.channels[0]

    def channel_named(self, name: str) -> FakeChannel:
        for channel in self.channels:
            if channel.name == name:
                return channel
        raise KeyError(name)


BOT_USER = FakeUser(BOT_ID, "runclub-bot", "RunClub", bot=True)
ALICE = FakeUser(920_000_000_000_000_001, "alice", "Alice")
BOB = FakeUser(920_000_000_000_000_002, "bob", "Bob")
CAROL = FakeUser(920_000_000_000_000_003, "carol", "Carol")
GUILD_A = FakeGuild(
    id=910_000_000_000_000_001,
    name="Riverside Runners",
    channels=(
        FakeChannel(911_000_000_000_000_001, "general"),
        FakeChannel(911_000_000_000_000_002, "training"),
        FakeChannel(
            911_000_000_000_000_003,
            "announcements",
            bot_denied=discord.Permissions(send_messages=True),
        ),
    ),
    owner_id=ALICE.id,
    bot_role_id=912_000_000_000_000_001,
)
GUILD_B = FakeGuild(
    id=910_000_000_000_000_002,
    name="Hill Harriers",
    channels=(FakeChannel(911_000_000_000_000_101, "general"),),
    owner_id=CAROL.id,
    bot_role_id=912_000_000_000_000_002,
)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def guild_create_payload(
    guild: FakeGuild, members: Sequence[FakeUser], joined: datetime
) -> dict[str, Any]:
    """A GUILD_CREATE payload: roles, channels, and the bot's own member so permissions resolve."""
    channels = []
    for position, channel in enumerate(guild.channels):
        overwrites = []
        if channel.bot_denied.value:
            overwrites.append(
                {
                    "id": str(guild.bot_role_id),
                    "type": 0,  # role
                    "allow": "0",
                    "deny": str(channel.bot_denied.value),
                }
            )
        channels.append(_channel_payload(guild, channel, position, overwrites))
    member_payloads = [
        {
            "user": BOT_USER.payload(),
            "roles": [str(guild.bot_role_id)],
            "joined_at": _iso(joined),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
            "avatar": None,
            "premium_since": None,
            "pending": False,
        }
    ]
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "owner_id": str(guild.owner_id),
        "afk_timeout": 300,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "system_channel_id": str(guild.channel.id),
        "system_channel_flags": 0,
        "features": [],
        "roles": [
            {
                "id": str(guild.id),  # @everyone shares the guild's id
                "name": "@everyone",
                "permissions": str(MEMBER_PERMISSIONS.value),
                "position": 0,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
                "flags": 0,
            },
            {
                "id": str(guild.bot_role_id),
                "name": BOT_USER.username,
                "permissions": str(BOT_PERMISSIONS.value),
                "position": 1,
                "color": 0,
                "hoist": False,
                "managed": True,
                "mentionable": False,
                "flags": 0,
                "tags": {"bot_id": str(BOT_ID)},
            },
        ],
        "emojis": [],
        "stickers": [],
        "channels": channels,
        "threads": [],
        "members": member_payloads,
        "member_count": len(members) + 1,
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "large": False,
        "unavailable": False,
        "joined_at": _iso(joined),
    }


def _channel_payload(
    guild: FakeGuild,
    channel: FakeChannel,
    position: int = 0,
    overwrites: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "id": str(channel.id),
        "type": channel.type,
        "guild_id": str(guild.id),
        "name": channel.name,
        "position": position,
        "permission_overwrites": overwrites or [],
        "parent_id": None,
        "nsfw": False,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
    }


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

    def __repr__(self) -> str:
        return f"<{self.method} {self.path} -> {self.status}>"


@dataclass
class _Scripted:
    method: str
    path: str | re.Pattern[str]
    status: int
    body: Any
    headers: dict[str, str]
    times: int | None

    def matches(self, method: str, path: str) -> bool:
        if self.method != method:
            return False
        if isinstance(self.path, re.Pattern):
            return self.path.fullmatch(path) is not None
        return self.path == path


class FakeResponse:
    """Just enough of aiohttp.ClientResponse for discord.py's two request loops."""

    def __init__(
        self, method: str, url: str, status: int, body: Any, headers: Mapping[str, str]
    ) -> None:
        self.method = method
        self.url = url
        self.status = status
        self.reason = _REASONS.get(status, "Unknown")
        self.headers: CIMultiDict[str] = CIMultiDict(headers)
        if body is None:
            self._body = b""
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


_REASONS = {
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


class FakeSession:
    """Stands in for the aiohttp.ClientSession that discord.py shares between both paths."""

    def __init__(self, server: FakeDiscord) -> None:
        self._server = server
        self.closed = False

    def request(self, method: str, url: str, **kwargs: Any) -> _RequestContext:
        return _RequestContext(lambda: self._server.handle(method, url, **kwargs))

    async def close(self) -> None:
        self.closed = True


async def _parse_body(data: Any) -> tuple[Any, list[SentFile]]:
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


class FakeDiscord:
    """The Discord HTTP API, as far as this bot uses it; records every request."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.requests: list[RecordedRequest] = []
        self.unhandled: list[RecordedRequest] = []
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.interactions: dict[int, dict[str, Any]] = {}
        self.responded: set[int] = set()
        self.original: dict[str, int] = {}  # interaction token -> message id
        self.channels: dict[int, tuple[FakeGuild, FakeChannel]] = {}
        self._scripts: list[_Scripted] = []
        self._ids = itertools.count(1)
        self._routes: list[tuple[str, re.Pattern[str], Callable[..., tuple[int, Any]]]] = [
            ("GET", re.compile(r"/users/@me"), self._me),
            ("GET", re.compile(r"/oauth2/applications/@me"), self._application),
            ("PUT", re.compile(r"/applications/(\d+)/commands"), self._put_commands),
            ("PUT", re.compile(r"/applications/(\d+)/guilds/(\d+)/commands"), self._put_commands),
            ("GET", re.compile(r"/applications/(\d+)/commands"), self._get_commands),
            ("GET", re.compile(r"/applications/(\d+)/guilds/(\d+)/commands"), self._get_commands),
            ("POST", re.compile(r"/interactions/(\d+)/([^/]+)/callback"), self._callback),
            ("POST", re.compile(r"/webhooks/(\d+)/([^/]+)"), self._followup),
            ("GET", re.compile(r"/webhooks/(\d+)/([^/]+)/messages/([^/]+)"), self._get_webhook_msg),
            (
                "PATCH",
                re.compile(r"/webhooks/(\d+)/([^/]+)/messages/([^/]+)"),
                self._edit_webhook_msg,
            ),
            ("DELETE", re.compile(r"/webhooks/(\d+)/([^/]+)/messages/([^/]+)"), self._delete_msg),
            ("POST", re.compile(r"/channels/(\d+)/messages"), self._channel_message),
            ("PATCH", re.compile(r"/channels/(\d+)/messages/(\d+)"), self._edit_channel_message),
            ("DELETE", re.compile(r"/channels/(\d+)/messages/(\d+)"), self._delete_channel_msg),
        ]

    # -- scripting ---------------------------------------------------------------------------

    def script(
        self,
        method: str,
        path: str | re.Pattern[str],
        status: int,
        body: Any = None,
        *,
        headers: Mapping[str, str] | None = None,
        times: int | None = None,
    ) -> None:
        """Answer `method path` (exact, or a regex fullmatch) with `status` and `body`.

        `times=None` answers every such request; otherwise the script is used up after `times`.
        Avoid 5xx: discord.py retries those with real sleeps of several seconds.
        """
        if body is None and status >= 400:
            body = {"message": _REASONS.get(status, "Error"), "code": 0}
        if status == 403 and isinstance(body, dict) and body.get("code") == 0:
            body = {"message": "Missing Permissions", "code": 50013}
        self._scripts.append(
            _Scripted(method.upper(), path, status, body, dict(headers or {}), times)
        )

    def snowflake(self) -> int:
        """A fresh id whose timestamp is the fake clock's now."""
        return time_snowflake(self.clock.now()) + next(self._ids) % 4096

    # -- the session's entry point -------------------------------------------------------------

    async def handle(self, method: str, url: str, **kwargs: Any) -> FakeResponse:
        parts = urlsplit(url)
        path = API_PREFIX.sub("", f"{parts.scheme}://{parts.netloc}{parts.path}")
        params = dict(parse_qsl(parts.query))
        params.update({k: str(v) for k, v in (kwargs.get("params") or {}).items()})
        headers = dict(kwargs.get("headers") or {})
        body, files = await _parse_body(kwargs.get("data"))
        request = RecordedRequest(method.upper(), path, params, headers, body, files)
        self.requests.append(request)
        status, response, response_headers = self._answer(request)
        request.status = status
        request.response = response
        return FakeResponse(method, url, status, response, response_headers)

    def _answer(self, request: RecordedRequest) -> tuple[int, Any, dict[str, str]]:
        for scripted in self._scripts:
            if scripted.matches(request.method, request.path):
                if scripted.times is not None:
                    scripted.times -= 1
                    if scripted.times <= 0:
                        self._scripts.remove(scripted)
                return scripted.status, scripted.body, scripted.headers
        if request.headers.get("Authorization") not in (None, f"Bot {TOKEN}"):
            return 401, {"message": "401: Unauthorized", "code": 0}, {}
        for method, pattern, handler in self._routes:
            if method != request.method:
                continue
            match = pattern.fullmatch(request.path)
            if match is not None:
                status, body = handler(request, *match.groups())
                return status, body, {}
        self.unhandled.append(request)
        return 404, {"message": "404: Not Found", "code": 0}, {}

    # -- routes --------------------------------------------------------------------------------

    def _me(self, request: RecordedRequest) -> tuple[int, Any]:
        return 200, {**BOT_USER.payload(), "verified": True, "mfa_enabled": False, "flags": 0}

    def _application(self, request: RecordedRequest) -> tuple[int, Any]:
        return 200, {
            "id": str(APP_ID),
            "name": "runclub-bot",
            "description": "Can I run today, and how hard?",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": FakeUser(OWNER_ID, "owner").payload(),
            "verify_key": "0" * 64,
            "flags": 0,
            "team": None,
            "guild_id": None,
            "tags": [],
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "approximate_guild_count": 2,
            "bot": BOT_USER.payload(),
        }

    def _put_commands(
        self, request: RecordedRequest, app_id: str, guild_id: str | None = None
    ) -> tuple[int, Any]:
        if int(app_id) != APP_ID:
            return 403, {"message": "Missing Access", "code": 50001}
        scope = None if guild_id is None else int(guild_id)
        previous = {c["name"]: c["id"] for c in self.commands.get(scope, [])}
        echoed = []
        for command in request.json or []:
            data = {
                **command,
                "id": previous.get(command["name"]) or str(self.snowflake()),
                "application_id": str(APP_ID),
                "version": str(self.snowflake()),
                "default_member_permissions": command.get("default_member_permissions"),
                "type": command.get("type", 1),
            }
            if guild_id is not None:
                data["guild_id"] = guild_id
            echoed.append(data)
        self.commands[scope] = echoed
        return 200, echoed

    def _get_commands(
        self, request: RecordedRequest, app_id: str, guild_id: str | None = None
    ) -> tuple[int, Any]:
        return 200, self.commands.get(None if guild_id is None else int(guild_id), [])

    def _message(
        self,
        body: Mapping[str, Any] | None,
        files: Sequence[SentFile],
        *,
        channel_id: int,
        guild_id: int | None,
        message_type: int,
        flags: int = 0,
    ) -> dict[str, Any]:
        body = body or {}
        message_id = self.snowflake()
        attachments = []
        for index, sent in enumerate(files):
            meta: dict[str, Any] = next(
                (a for a in body.get("attachments", []) if str(a.get("id")) == str(index)), {}
            )
            attachment_id = self.snowflake()
            url = f"https://cdn.discordapp.com/attachments/{channel_id}/{attachment_id}/{sent.filename}"
            attachments.append(
                {
                    "id": str(attachment_id),
                    "filename": sent.filename,
                    "description": meta.get("description"),
                    "size": len(sent.data),
                    "url": url,
                    "proxy_url": url,
                    "content_type": sent.content_type,
                }
            )
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "type": message_type,
            "author": BOT_USER.payload(),
            "content": body.get("content") or "",
            "embeds": body.get("embeds") or [],
            "attachments": attachments,
            "components": body.get("components") or [],
            "flags": int(body.get("flags") or 0) | flags,
            "timestamp": _iso(self.clock.now()),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "application_id": str(APP_ID),
            "webhook_id": str(APP_ID) if message_type == 20 else None,
        }
        if guild_id is not None:
            message["guild_id"] = str(guild_id)
        self.messages[message_id] = message
        return message

    def _interaction_for(self, token: str) -> dict[str, Any] | None:
        return next((i for i in self.interactions.values() if i["token"] == token), None)

    def _callback(
        self, request: RecordedRequest, interaction_id: str, token: str
    ) -> tuple[int, Any]:
        interaction = self.interactions.get(int(interaction_id))
        if interaction is None or interaction["token"] != token:
            return 404, {"message": "Unknown interaction", "code": 10062}
        if int(interaction_id) in self.responded:
            return 400, {
                "message": "Interaction has already been acknowledged.",
                "code": 40060,
            }
        self.responded.add(int(interaction_id))
        body = request.json or {}
        kind = body.get("type")
        data = body.get("data") or {}
        summary: dict[str, Any] = {"id": interaction_id, "type": interaction["type"]}
        result: dict[str, Any] = {"interaction": summary}
        channel_id = int(interaction.get("channel_id") or 0)
        guild_id = _snowflake_or_none(interaction.get("guild_id"))
        if kind in (_CHANNEL_MESSAGE, _DEFERRED_MESSAGE):
            loading = LOADING if kind == _DEFERRED_MESSAGE else 0
            message = self._message(
                data if kind == _CHANNEL_MESSAGE else {"flags": data.get("flags", 0)},
                request.files,
                channel_id=channel_id,
                guild_id=guild_id,
                message_type=20,
                flags=loading,
            )
            self.original[token] = int(message["id"])
            summary.update(
                response_message_id=message["id"],
                response_message_loading=bool(loading),
                response_message_ephemeral=bool(message["flags"] & EPHEMERAL),
            )
            result["resource"] = {"type": kind, "message": message}
        elif kind in (_DEFERRED_UPDATE, _UPDATE_MESSAGE):
            original = interaction.get("message")
            if original is not None and kind == _UPDATE_MESSAGE:
                updated = {**original, **{k: v for k, v in data.items() if k != "attachments"}}
                self.messages[int(updated["id"])] = updated
                result["resource"] = {"type": kind, "message": updated}
        elif kind == _AUTOCOMPLETE:
            choices = data.get("choices", [])
            if len(choices) > 25:
                return 400, _form_error("data.choices", "Must be 25 or fewer in length.")
        return 200, result

    def _followup(self, request: RecordedRequest, app_id: str, token: str) -> tuple[int, Any]:
        interaction = self._interaction_for(token)
        if interaction is None or int(app_id) != APP_ID:
            return 404, {"message": "Unknown Webhook", "code": 10015}
        message = self._message(
            request.json,
            request.files,
            channel_id=int(interaction.get("channel_id") or 0),
            guild_id=_snowflake_or_none(interaction.get("guild_id")),
            message_type=20,
        )
        return 200, message

    def _resolve_webhook_message(self, token: str, message_id: str) -> dict[str, Any] | None:
        if message_id == "@original":
            found = self.original.get(token)
            return None if found is None else self.messages.get(found)
        return self.messages.get(int(message_id))

    def _get_webhook_msg(
        self, request: RecordedRequest, app_id: str, token: str, message_id: str
    ) -> tuple[int, Any]:
        message = self._resolve_webhook_message(token, message_id)
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        return 200, message

    def _edit_webhook_msg(
        self, request: RecordedRequest, app_id: str, token: str, message_id: str
    ) -> tuple[int, Any]:
        message = self._resolve_webhook_message(token, message_id)
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        changes = {k: v for k, v in (request.json or {}).items() if k != "attachments"}
        flags = int(message.get("flags", 0)) & ~LOADING
        message.update(changes, flags=flags | int(changes.get("flags") or 0))
        message["edited_timestamp"] = _iso(self.clock.now())
        return 200, message

    def _delete_msg(self, request: RecordedRequest, *args: str) -> tuple[int, Any]:
        return 204, None

    def _channel_message(self, request: RecordedRequest, channel_id: str) -> tuple[int, Any]:
        known = self.channels.get(int(channel_id))
        if known is None:
            return 404, {"message": "Unknown Channel", "code": 10003}
        guild, channel = known
        if channel.bot_denied.send_messages or channel.bot_denied.view_channel:
            return 403, {"message": "Missing Permissions", "code": 50013}
        body = request.json or {}
        if body.get("embeds") and channel.bot_denied.embed_links:
            return 403, {"message": "Missing Permissions", "code": 50013}
        message = self._message(
            body, request.files, channel_id=channel.id, guild_id=guild.id, message_type=0
        )
        return 200, message

    def _edit_channel_message(
        self, request: RecordedRequest, channel_id: str, message_id: str
    ) -> tuple[int, Any]:
        message = self.messages.get(int(message_id))
        if message is None or message["channel_id"] != channel_id:
            return 404, {"message": "Unknown Message", "code": 10008}
        message.update({k: v for k, v in (request.json or {}).items() if k != "attachments"})
        message["edited_timestamp"] = _iso(self.clock.now())
        return 200, message

    def _delete_channel_msg(
        self, request: RecordedRequest, channel_id: str, message_id: str
    ) -> tuple[int, Any]:
        if self.messages.pop(int(message_id), None) is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        return 204, None


def _snowflake_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def _form_error(where: str, message: str) -> dict[str, Any]:
    return {
        "message": "Invalid Form Body",
        "code": 50035,
        "errors": {where: {"_errors": [{"code": "BASE_TYPE_BAD_LENGTH", "message": message}]}},
    }


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
            _CHANNEL_MESSAGE,
            _UPDATE_MESSAGE,
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
        if callback is not None and callback.get("type") == _DEFERRED_MESSAGE:
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
        if callback is None or callback.get("type") != _AUTOCOMPLETE:
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


# --------------------------------------------------------------------------------------------
# The harness


# View timeouts, delete_after sleeps, and discord.ext.tasks loops (they run until close).
_LONG_LIVED = ("__timeout_task_impl", "inner_call", "Loop._loop")


class Harness:
    """The bot, logged in against `FakeDiscord`, with guild A (alice, bob) and guild B (carol).

    Use as `async with Harness(tmp_path) as h:` or through the `harness` fixture.
    """

    alice = ALICE
    bob = BOB
    carol = CAROL
    guild_a = GUILD_A
    guild_b = GUILD_B
    bot_user = BOT_USER

    def __init__(
        self,
        tmp_path: Path,
        *,
        config: Mapping[str, Any] | None = None,
        clock: FakeClock | None = None,
        db_path: Path | None = None,
        sync_on_start: bool = True,
        guilds: bool = True,
        timeout: float = 10.0,
        charts: ChartPool | None = None,
    ) -> None:
        self.db_path = db_path or tmp_path / "bot.sqlite3"
        self.charts = charts or ChartPool.in_threads()
        data: dict[str, Any] = {key: dict(value) for key, value in (config or {}).items()}
        data.setdefault("database", {}).setdefault("path", str(self.db_path))
        # The heartbeat loop writes once the bot is ready; keep it out of the working directory.
        data.setdefault("health", {}).setdefault("heartbeat_path", str(tmp_path / "heartbeat"))
        data.setdefault("discord", {}).setdefault("token", TOKEN)
        self.settings: Settings = settings_from_mapping(data, env={})
        self.clock = clock or FakeClock()
        self.fake = FakeDiscord(self.clock)
        self.sync_on_start = sync_on_start
        self.send_guilds = guilds
        self.timeout = timeout
        self.members: dict[int, list[FakeUser]] = {
            GUILD_A.id: [ALICE, BOB],
            GUILD_B.id: [CAROL],
        }
        self.login_capture = Capture()
        self._bot: RunClubBot | None = None
        self._store: Store | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    @property
    def bot(self) -> RunClubBot:
        if self._bot is None:
            raise HarnessError("the harness has not started")
        return self._bot

    @property
    def store(self) -> Store:
        return self.bot.store

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.fake.requests

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close(check=exc_type is None)

    async def start(self) -> None:
        async with self.capture() as cap:
            bot = create_bot(
                self.settings,
                clock=self.clock.now,
                sync_on_start=self.sync_on_start,
                # The chart code is the same; a worker process per test would only add start-up.
                charts=self.charts,
            )
            self.adopt(bot)
            await bot.login(TOKEN)
            self._store = bot.store
            if self.send_guilds:
                for guild in (GUILD_A, GUILD_B):
                    self.add_guild(guild)
        self.login_capture = cap

    def adopt(self, bot: RunClubBot) -> None:
        """Put `bot` on the fake network without logging it in: for a test that runs the
        product's own start-up (tests/ops/fake_discord_serve.py runs `run_until_stopped`)."""
        self._bot = bot
        self._install_fake(bot)

    def _install_fake(self, bot: RunClubBot) -> None:
        http = bot.http
        session = FakeSession(self.fake)

        async def static_login(token: str) -> Any:
            http._HTTPClient__session = session  # type: ignore[attr-defined]
            http._global_over = asyncio.Event()
            http._global_over.set()
            http.token = token
            # The real GET /users/@me, through the fake session: recorded like any request.
            return await http.request(discord.http.Route("GET", "/users/@me"))

        http.static_login = static_login  # type: ignore[method-assign]

    async def ready(self) -> None:
        """Feed READY (guilds unavailable) and then their GUILD_CREATEs, as a fresh connection
        does, and wait until discord.py dispatches `on_ready`. Only code that waits for
        readiness needs this; `start()` already cached the guilds."""
        state = self.bot._connection
        state.guild_ready_timeout = 0.01
        guilds = [GUILD_A, GUILD_B]
        async with self.capture():
            state.parsers["READY"](
                {
                    "v": 10,
                    "user": {**BOT_USER.payload(), "verified": True, "mfa_enabled": False},
                    "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
                    "session_id": "fake-session",
                    "resume_gateway_url": "wss://gateway.invalid",
                    "application": {"id": str(APP_ID), "flags": 0},
                    "private_channels": [],
                    "relationships": [],
                }
            )
            for guild in guilds:
                self.add_guild(guild)
            await asyncio.wait_for(self.bot.wait_until_ready(), self.timeout)

    def add_guild(self, guild: FakeGuild) -> None:
        """Feed GUILD_CREATE for `guild` through the real gateway parser."""
        for channel in guild.channels:
            self.fake.channels[channel.id] = (guild, channel)
        payload = guild_create_payload(guild, self.members.get(guild.id, []), self.clock.now())
        self.bot._connection.parsers["GUILD_CREATE"](payload)

    async def close(self, *, check: bool = True) -> None:
        if self._bot is None:
            return
        store = self._store
        await self._bot.close()
        if check:
            assert store is None or store.db.closed, "bot.close() left the database open"
            assert self._bot._store is None, "bot.close() kept a reference to the store"
            assert not self.fake.unhandled, f"requests to unknown routes: {self.fake.unhandled}"

    # -- capturing -----------------------------------------------------------------------------

    @asynccontextmanager
    async def capture(self, *, expect_errors: bool = False) -> AsyncIterator[Capture]:
        """Record requests, WARNING+ logs and task failures of the block, including every task
        it creates (awaited before the block ends). Unexpected logs fail the test unless
        `expect_errors`."""
        cap = Capture()
        start = len(self.fake.requests)
        loop = asyncio.get_running_loop()
        created: list[asyncio.Task[Any]] = []
        previous = loop.get_task_factory()

        def factory(
            loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any
        ) -> asyncio.Future[Any]:
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
                await self._drain(created, cap)
            finally:
                loop.set_task_factory(previous)
        cap.requests = self.fake.requests[start:]
        cap.logs = collector.records
        if not expect_errors and (cap.logs or cap.exceptions):
            raise HarnessError(
                "unexpected warnings/errors (pass expect_errors=True if intended):\n"
                + cap.log_text()
                + "".join("\n" + "".join(traceback.format_exception(e)) for e in cap.exceptions)
            )

    async def _drain(self, created: list[asyncio.Task[Any]], cap: Capture) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
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
                raise HarnessError(f"tasks still running after {self.timeout}s: {still}")
            for task in done:
                if task.cancelled():
                    continue
                error = task.exception()
                if error is not None:
                    cap.exceptions.append(error)
            if len(created) == seen:
                break

    # -- inbound interactions ------------------------------------------------------------------

    def home_guild(self, user: FakeUser) -> FakeGuild:
        for guild in (GUILD_A, GUILD_B):
            if user in self.members.get(guild.id, []):
                return guild
        raise HarnessError(f"{user.username} is in no guild; pass guild=")

    def command_json(self, name: str) -> dict[str, Any]:
        """The registered JSON of a top-level command, as the sync sent it."""
        command = self.bot.tree.get_command(name)
        if command is None and self.settings.discord.dev_guild_id:
            command = self.bot.tree.get_command(
                name, guild=discord.Object(self.settings.discord.dev_guild_id)
            )
        if command is None:
            raise HarnessError(f"no command /{name} is registered")
        return command.to_dict(self.bot.tree)

    def _command_id(self, name: str, guild_id: int | None) -> int:
        for scope in (guild_id, None):
            for command in self.fake.commands.get(scope, []):
                if command["name"] == name:
                    return int(command["id"])
        # Not synced in this run (unchanged tree): any stable id will do for discord.py.
        return 930_000_000_000_000_000 + sum(map(ord, name))

    async def invoke(
        self,
        command: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: FakeUser = ALICE,
        guild: FakeGuild | None = None,
        channel: FakeChannel | None = None,
        permissions: discord.Permissions | int | None = None,
        raw: bool = False,
        expect_errors: bool = False,
        locale: str = "en-US",
    ) -> Result:
        """Run `/command` ("club reminder set" for subcommands) as `user` in `guild`.

        `options` maps option names to values as a member would pick them. Unless `raw`,
        anything the Discord client would refuse raises HarnessError in the test.
        """
        guild = guild or self.home_guild(user)
        data = self._command_data(command, options or {}, raw=raw, focused=None, guild=guild)
        payload = self._guild_payload(2, data, user, guild, channel, permissions, locale)
        return await self.dispatch(payload, expect_errors=expect_errors)

    async def autocomplete(
        self,
        command: str,
        options: Mapping[str, Any],
        *,
        focused: str | None = None,
        user: FakeUser = ALICE,
        guild: FakeGuild | None = None,
        channel: FakeChannel | None = None,
        dm: bool = False,
        expect_errors: bool = False,
    ) -> Result:
        """What the member sees while typing `options[focused]` (type 4 interaction).

        `dm=True` types in a DM with the bot (only a stale client offers a guild-only command
        there)."""
        if focused is None:
            if len(options) != 1:
                raise HarnessError("name the focused option when several are given")
            focused = next(iter(options))
        if dm:
            data = self._command_data(command, options, raw=False, focused=focused, guild=None)
            payload = self._dm_payload(4, data, user)
        else:
            guild = guild or self.home_guild(user)
            data = self._command_data(command, options, raw=False, focused=focused, guild=guild)
            payload = self._guild_payload(4, data, user, guild, channel, None, "en-US")
        result = await self.dispatch(payload, expect_errors=expect_errors)
        if not expect_errors:
            _check_choices(result)
        return result

    async def invoke_dm(
        self,
        command: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: FakeUser = ALICE,
        raw: bool = False,
        stale_command_list: bool = False,
        expect_errors: bool = False,
    ) -> Result:
        """Run `/command` in a DM with the bot. A command registered for guilds only is refused
        unless `stale_command_list` (an old client that still lists it)."""
        json_ = self.command_json(command.split(maxsplit=1)[0])
        if not raw and not stale_command_list and 1 not in (json_.get("contexts") or [0, 1, 2]):
            raise HarnessError(f"/{command} is not offered in DMs (contexts {json_['contexts']})")
        data = self._command_data(command, options or {}, raw=raw, focused=None, guild=None)
        return await self.dispatch(self._dm_payload(2, data, user), expect_errors=expect_errors)

    def _dm_payload(self, kind: int, data: dict[str, Any], user: FakeUser) -> dict[str, Any]:
        interaction_id = self.fake.snowflake()
        # One DM channel per user, as on Discord.
        dm_channel_id = 940_000_000_000_000_000 + user.id % 1_000_000
        return {
            **self._base_payload(interaction_id, kind, data, "en-US"),
            "user": user.payload(),
            "channel_id": str(dm_channel_id),
            "channel": {"id": str(dm_channel_id), "type": 1, "recipients": [user.payload()]},
            "app_permissions": str(BOT_PERMISSIONS.value),
            "authorizing_integration_owners": {"0": str(user.id)},
            "context": 1,
        }

    async def click(
        self,
        message: Mapping[str, Any],
        custom_id: str,
        *,
        component_type: int = 2,
        values: Sequence[str] | None = None,
        user: FakeUser = ALICE,
        guild: FakeGuild | None = None,
        expect_errors: bool = False,
    ) -> Result:
        """Press a button (or pick from a select, with `values`) on `message`, a message object
        as the fake created it (e.g. `result.created_message`)."""
        guild = guild or self.home_guild(user)
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = list(values)
        channel = next(
            (c for c in guild.channels if str(c.id) == str(message.get("channel_id"))), None
        )
        payload = self._guild_payload(3, data, user, guild, channel, None, "en-US")
        payload["message"] = dict(message)
        return await self.dispatch(payload, expect_errors=expect_errors)

    async def dispatch(self, payload: dict[str, Any], *, expect_errors: bool = False) -> Result:
        """Feed a raw INTERACTION_CREATE payload to the gateway parser; await what it starts."""
        self.fake.interactions[int(payload["id"])] = payload
        result = Result(payload=payload)
        async with self.capture(expect_errors=expect_errors) as cap:
            self.bot._connection.parsers["INTERACTION_CREATE"](payload)
        result.requests, result.logs, result.exceptions = cap.requests, cap.logs, cap.exceptions
        if payload["type"] in (2, 3, 4) and result.callback_request is None and not expect_errors:
            raise HarnessError(
                "the bot never answered the interaction (Discord would show 'The application"
                f" did not respond'); requests: {result.requests}"
            )
        return result

    def _base_payload(
        self, interaction_id: int, kind: int, data: dict[str, Any], locale: str
    ) -> dict[str, Any]:
        return {
            "id": str(interaction_id),
            "application_id": str(APP_ID),
            "type": kind,
            "token": f"itoken-{interaction_id}",
            "version": 1,
            "data": data,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }

    def _guild_payload(
        self,
        kind: int,
        data: dict[str, Any],
        user: FakeUser,
        guild: FakeGuild,
        channel: FakeChannel | None,
        permissions: discord.Permissions | int | None,
        locale: str,
    ) -> dict[str, Any]:
        channel = channel or guild.channel
        if isinstance(permissions, discord.Permissions):
            permissions = permissions.value
        member_permissions = MEMBER_PERMISSIONS.value if permissions is None else permissions
        if user.id == guild.owner_id:
            member_permissions = discord.Permissions.all().value
        bot_permissions = BOT_PERMISSIONS.value & ~channel.bot_denied.value
        interaction_id = self.fake.snowflake()
        return {
            **self._base_payload(interaction_id, kind, data, locale),
            "guild_id": str(guild.id),
            "guild": {"id": str(guild.id), "locale": "en-US", "features": []},
            "guild_locale": "en-US",
            "channel_id": str(channel.id),
            "channel": {
                **_channel_payload(guild, channel),
                "permissions": str(member_permissions),
            },
            "member": {
                "user": user.payload(),
                "roles": [],
                "flags": 0,
                "joined_at": _iso(self.clock.now() - timedelta(days=30)),
                "permissions": str(member_permissions),
                "deaf": False,
                "mute": False,
                "nick": None,
                "avatar": None,
                "premium_since": None,
                "pending": False,
                "communication_disabled_until": None,
            },
            "app_permissions": str(bot_permissions),
            "authorizing_integration_owners": {"0": str(guild.id)},
            "context": 0,
        }

    # -- options -------------------------------------------------------------------------------

    def _command_data(
        self,
        command: str,
        options: Mapping[str, Any],
        *,
        raw: bool,
        focused: str | None,
        guild: FakeGuild | None,
    ) -> dict[str, Any]:
        path = command.split()
        spec = self.command_json(path[0])
        if not raw and guild is not None and 0 not in (spec.get("contexts") or [0, 1, 2]):
            raise HarnessError(f"/{path[0]} is not offered in guilds")
        dev_guild = self.settings.discord.dev_guild_id
        guild_id = guild.id if guild is not None and guild.id == dev_guild else None
        data: dict[str, Any] = {
            "id": str(self._command_id(path[0], guild_id)),
            "name": path[0],
            "type": 1,
        }
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
        resolved: dict[str, dict[str, Any]] = {}
        container = data
        for depth, name in enumerate(path[1:], start=1):
            sub = next((o for o in spec.get("options", []) if o["name"] == name), None)
            if sub is None or sub["type"] not in (SUB_COMMAND, SUB_COMMAND_GROUP):
                raise HarnessError(f"/{' '.join(path[:depth])} has no subcommand {name!r}")
            node: dict[str, Any] = {"name": name, "type": sub["type"], "options": []}
            container.setdefault("options", []).append(node)
            container, spec = node, sub
        if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in spec.get("options", [])):
            raise HarnessError(f"/{command} needs a subcommand")
        built = _build_options(
            spec, options, raw=raw, focused=focused, resolved=resolved, owner=self, guild=guild
        )
        if built or "options" in container or container is data:
            container["options"] = built
        if resolved:
            data["resolved"] = resolved
        return data


def _build_options(
    spec: Mapping[str, Any],
    given: Mapping[str, Any],
    *,
    raw: bool,
    focused: str | None,
    resolved: dict[str, dict[str, Any]],
    owner: Harness,
    guild: FakeGuild | None,
) -> list[dict[str, Any]]:
    known = {o["name"]: o for o in spec.get("options", [])}
    out: list[dict[str, Any]] = []
    if not raw:
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise HarnessError(
                f"/{spec['name']} has no option(s) {unknown}; it has {sorted(known)}"
            )
        if focused is None:
            missing = [n for n, o in known.items() if o.get("required") and n not in given]
            if missing:
                raise HarnessError(f"/{spec['name']}: required option(s) {missing} missing")
        elif focused not in given:
            raise HarnessError(f"focused option {focused!r} not given")
        elif not known[focused].get("autocomplete"):
            raise HarnessError(f"option {focused!r} of /{spec['name']} has no autocomplete")
    # Options in registration order, then unknown ones (raw) in the order given.
    names = [n for n in known if n in given] + [n for n in given if n not in known]
    for name in names:
        value = given[name]
        option_spec = known.get(name, {"type": STRING, "name": name})
        kind = option_spec["type"]
        is_focused = name == focused
        if is_focused:
            # The client sends whatever has been typed so far, as text.
            entry = {"name": name, "type": kind, "value": str(value), "focused": True}
        else:
            if not raw:
                _validate(option_spec, value)
            entry = {
                "name": name,
                "type": kind,
                "value": _wire_value(kind, value, resolved, owner, guild),
            }
        out.append(entry)
    return out


def _validate(spec: Mapping[str, Any], value: Any) -> None:
    name, kind = spec["name"], spec["type"]

    def refuse(why: str) -> HarnessError:
        return HarnessError(f"Discord would refuse option {name!r}={value!r}: {why}")

    if kind == STRING:
        if not isinstance(value, str):
            raise refuse("not a string")
        if "min_length" in spec and len(value) < spec["min_length"]:
            raise refuse(f"shorter than {spec['min_length']}")
        if "max_length" in spec and len(value) > spec["max_length"]:
            raise refuse(f"longer than {spec['max_length']}")
    elif kind == INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise refuse("not an integer")
        if abs(value) > _MAX_SAFE_INT:
            raise refuse("outside the safe integer range")
    elif kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise refuse("not a number")
    elif kind == BOOLEAN:
        if not isinstance(value, bool):
            raise refuse("not a boolean")
    elif kind in (USER, MENTIONABLE):
        if not isinstance(value, FakeUser):
            raise refuse("pass a FakeUser")
    elif kind == CHANNEL:
        if not isinstance(value, FakeChannel):
            raise refuse("pass a FakeChannel")
    elif kind in (ROLE, ATTACHMENT):
        raise HarnessError(f"option type {kind} is not supported by the harness yet")
    if kind in (INTEGER, NUMBER):
        if spec.get("min_value") is not None and value < spec["min_value"]:
            raise refuse(f"below min_value {spec['min_value']}")
        if spec.get("max_value") is not None and value > spec["max_value"]:
            raise refuse(f"above max_value {spec['max_value']}")
    choices = spec.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise refuse(f"not one of the choices {[c['value'] for c in choices]}")


def _wire_value(
    kind: int,
    value: Any,
    resolved: dict[str, dict[str, Any]],
    owner: Harness,
    guild: FakeGuild | None,
) -> Any:
    if isinstance(value, FakeUser):
        resolved.setdefault("users", {})[str(value.id)] = value.payload()
        if guild is not None and value in owner.members.get(guild.id, []):
            resolved.setdefault("members", {})[str(value.id)] = {
                "roles": [],
                "joined_at": _iso(owner.clock.now() - timedelta(days=30)),
                "flags": 0,
                "permissions": str(MEMBER_PERMISSIONS.value),
                "nick": None,
                "avatar": None,
                "premium_since": None,
                "pending": False,
            }
        return str(value.id)
    if isinstance(value, FakeChannel) and guild is not None:
        resolved.setdefault("channels", {})[str(value.id)] = {
            "id": str(value.id),
            "name": value.name,
            "type": value.type,
            "permissions": str(MEMBER_PERMISSIONS.value),
        }
        return str(value.id)
    return value


def _check_choices(result: Result) -> None:
    choices = result.choices
    if len(choices) > 25:
        raise HarnessError(f"{len(choices)} autocomplete choices; Discord allows 25")
    for choice in choices:
        name, value = choice.get("name", ""), choice.get("value")
        if not 1 <= len(name) <= 100:
            raise HarnessError(f"autocomplete choice name of {len(name)} characters: {name!r}")
        if isinstance(value, str) and len(value) > 100:
            raise HarnessError(f"autocomplete choice value over 100 characters: {value!r}")


@contextmanager
def _collect_logs() -> Iterator[_Collector]:
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector
    finally:
        root.removeHandler(collector)


def discord_ts(moment: datetime, style: str = "F") -> str:
    """`<t:UNIX:style>`, computed independently of the bot's renderer."""
    return f"<t:{int(moment.timestamp())}:{style}>"
