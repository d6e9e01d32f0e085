"""The Discord HTTP API, as far as this bot uses it: `FakeDiscord` answers what `FakeSession`
hands it, keeps the commands, messages and interactions it has seen, and records every request.

Scheduled events live in `fake.events` (fake_events.py).
Tests script other answers with `fake.script(method, path, status, body)` (a 403 on a channel,
a 404 for a deleted message) and read `fake.requests`, `fake.messages` and `fake.unhandled`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import aiohttp
import discord
from discord.utils import time_snowflake

from tests.discord.harness.capture import RecordedRequest, SentFile
from tests.discord.harness.clock import RELEASED, FakeClock
from tests.discord.harness.fake_events import FakeEvents
from tests.discord.harness.fake_http import API_PREFIX, REASONS, FakeResponse, parse_body
from tests.discord.harness.payloads import (
    APP_ID,
    AUTOCOMPLETE,
    BOT_USER,
    CHANNEL_MESSAGE,
    DEFERRED_MESSAGE,
    DEFERRED_UPDATE,
    EPHEMERAL,
    LOADING,
    TOKEN,
    UPDATE_MESSAGE,
    FakeChannel,
    FakeGuild,
    FakeUser,
    application_payload,
    dm_channel_id,
    iso,
    me_payload,
)

# Attachment downloads go to the CDN, not the API; their path is the whole url.
CDN_PREFIXES = ("https://cdn.discordapp.com/", "https://media.discordapp.net/")
# What Discord lets a bot attach in a server with fewer than two boosts, as the harness's are
# (discord.py's Guild.filesize_limit): a bigger file fails the whole request.
UPLOAD_LIMIT = 10 * 2**20
# How long a message's nonce is remembered: with `enforce_nonce`, a second message with the same
# nonce in the same channel within this time is answered with the first, and none is created.
# Discord says only "the past few minutes"; 3 is a few.
NONCE_MEMORY = timedelta(minutes=3)


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
        # (method, path, made): the next such request's answer is lost (`lose_answer`).
        self._lost: list[tuple[str, str, bool]] = []
        # Files on Discord's CDN by url: what Attachment.read() downloads.
        self.cdn: dict[str, bytes] = {}
        # DM channels opened (channel id -> user id), and users whose DMs are closed: a message
        # to them gets Discord's 403 code 50007.
        self.dm_channels: dict[int, int] = {}
        self.closed_dms: set[int] = set()
        # (channel id, nonce) -> when the message was created, and its id (NONCE_MEMORY).
        self.nonces: dict[tuple[int, str], tuple[datetime, int]] = {}
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
            ("POST", re.compile(r"/users/@me/channels"), self._open_dm),
            ("POST", re.compile(r"/channels/(\d+)/messages"), self._channel_message),
            ("GET", re.compile(r"/channels/(\d+)/messages"), self._channel_history),
            ("PATCH", re.compile(r"/channels/(\d+)/messages/(\d+)"), self._edit_channel_message),
            ("DELETE", re.compile(r"/channels/(\d+)/messages/(\d+)"), self._delete_channel_msg),
        ]
        # Guild scheduled events: their own module, state and request checks.
        self.events = FakeEvents(clock, self.snowflake)
        self._routes += [(m, re.compile(p), h) for m, p, h in self.events.routes()]

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
            body = {"message": REASONS.get(status, "Error"), "code": 0}
        if status == 403 and isinstance(body, dict) and body.get("code") == 0:
            body = {"message": "Missing Permissions", "code": 50013}
        self._scripts.append(
            _Scripted(method.upper(), path, status, body, dict(headers or {}), times)
        )

    def lose_answer(self, method: str, path: str, *, made: bool) -> None:
        """The next `method path` (exact) ends with no answer, a connection reset: after
        Discord handled it (`made`: the message exists, say) or before it reached Discord (not
        recorded at all). discord.py does not retry it: the caller sees a network error."""
        self._lost.append((method.upper(), path, made))

    def serve_file(self, url: str, data: bytes) -> None:
        """Serve `data` at `url` (a cdn.discordapp.com attachment url) to GET requests."""
        self.cdn[url] = data

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
        body, files = await parse_body(kwargs.get("data"))
        request = RecordedRequest(method.upper(), path, params, headers, body, files)
        request.released_at = RELEASED.get()
        lost = next((x for x in self._lost if x[:2] == (request.method, path)), None)
        if lost is not None:
            self._lost.remove(lost)
            if not lost[2]:
                raise aiohttp.ClientConnectionError("connection reset by peer")
        self.requests.append(request)
        status, response, response_headers = self._answer(request)
        request.status = status
        request.response = response
        if lost is not None:
            raise aiohttp.ClientConnectionError("connection reset by peer")
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
        if any(len(sent.data) > UPLOAD_LIMIT for sent in request.files):
            return 413, {"message": "Request entity too large", "code": 40005}, {}
        if request.path.startswith(CDN_PREFIXES):
            if request.method == "GET" and request.path in self.cdn:
                return 200, self.cdn[request.path], {"Content-Type": "application/octet-stream"}
            self.unhandled.append(request)
            return 404, {"message": "404: Not Found", "code": 0}, {}
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
        return 200, me_payload()

    def _application(self, request: RecordedRequest) -> tuple[int, Any]:
        return 200, application_payload()

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
            "timestamp": iso(self.clock.now()),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "application_id": str(APP_ID),
            "webhook_id": str(APP_ID) if message_type == 20 else None,
            "nonce": body.get("nonce"),
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
        if kind in (CHANNEL_MESSAGE, DEFERRED_MESSAGE):
            loading = LOADING if kind == DEFERRED_MESSAGE else 0
            message = self._message(
                data if kind == CHANNEL_MESSAGE else {"flags": data.get("flags", 0)},
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
        elif kind in (DEFERRED_UPDATE, UPDATE_MESSAGE):
            original = interaction.get("message")
            if original is not None and kind == UPDATE_MESSAGE:
                updated = {**original, **{k: v for k, v in data.items() if k != "attachments"}}
                self.messages[int(updated["id"])] = updated
                result["resource"] = {"type": kind, "message": updated}
        elif kind == AUTOCOMPLETE:
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
        message["edited_timestamp"] = iso(self.clock.now())
        return 200, message

    def _delete_msg(self, request: RecordedRequest, *args: str) -> tuple[int, Any]:
        return 204, None

    def _open_dm(self, request: RecordedRequest) -> tuple[int, Any]:
        user_id = int((request.json or {})["recipient_id"])
        channel_id = dm_channel_id(user_id)
        self.dm_channels[channel_id] = user_id
        user = {
            "id": str(user_id),
            "username": f"user{user_id}",
            "discriminator": "0",
            "avatar": None,
            "global_name": None,
        }
        return 200, {"id": str(channel_id), "type": 1, "recipients": [user]}

    def member_message(
        self, guild_id: int, channel_id: int, user: FakeUser, content: str
    ) -> dict[str, Any]:
        """A message a member posted in a channel, now: what its history holds (no gateway
        event: the bot reads no members' messages)."""
        message = self._message(
            {"content": content}, (), channel_id=channel_id, guild_id=guild_id, message_type=0
        )
        message["author"] = user.payload()
        return message

    def dm_messages(self, user_id: int) -> list[dict[str, Any]]:
        """The messages the bot sent to `user_id`'s DMs, oldest first."""
        channel = str(dm_channel_id(user_id))
        return [m for m in self.messages.values() if m["channel_id"] == channel]

    def _seen_nonce(self, channel_id: int, body: Mapping[str, Any]) -> dict[str, Any] | None:
        """The message a request with `enforce_nonce` repeats, as Discord answers it."""
        nonce = body.get("nonce")
        if nonce is None or not body.get("enforce_nonce"):
            return None
        seen = self.nonces.get((channel_id, str(nonce)))
        if seen is None or self.clock.now() - seen[0] >= NONCE_MEMORY:
            return None
        return self.messages.get(seen[1])

    def _remember_nonce(self, message: Mapping[str, Any]) -> None:
        if message.get("nonce") is not None:
            key = (int(message["channel_id"]), str(message["nonce"]))
            if self.nonces.get(key, (None, None))[1] != int(message["id"]):  # not a repeat
                self.nonces[key] = (self.clock.now(), int(message["id"]))

    def _channel_message(self, request: RecordedRequest, channel_id: str) -> tuple[int, Any]:
        status, message = self._new_channel_message(request, channel_id)
        if status == 200:
            self._remember_nonce(message)
        return status, message

    def _new_channel_message(self, request: RecordedRequest, channel_id: str) -> tuple[int, Any]:
        dm_user = self.dm_channels.get(int(channel_id))
        if dm_user is not None:
            if dm_user in self.closed_dms:
                return 403, {"message": "Cannot send messages to this user", "code": 50007}
            if (repeated := self._seen_nonce(int(channel_id), request.json or {})) is not None:
                return 200, repeated
            message = self._message(
                request.json,
                request.files,
                channel_id=int(channel_id),
                guild_id=None,
                message_type=0,
            )
            return 200, message
        known = self.channels.get(int(channel_id))
        if known is None:
            return 404, {"message": "Unknown Channel", "code": 10003}
        guild, channel = known
        if channel.bot_denied.send_messages or channel.bot_denied.view_channel:
            return 403, {"message": "Missing Permissions", "code": 50013}
        body = request.json or {}
        if body.get("embeds") and channel.bot_denied.embed_links:
            return 403, {"message": "Missing Permissions", "code": 50013}
        if (repeated := self._seen_nonce(channel.id, body)) is not None:
            return 200, repeated
        message = self._message(
            body, request.files, channel_id=channel.id, guild_id=guild.id, message_type=0
        )
        return 200, message

    def _channel_history(self, request: RecordedRequest, channel_id: str) -> tuple[int, Any]:
        """GET /channels/{id}/messages with `after`, as Discord answers it: the `limit` (1-100,
        default 50) oldest messages after that id, newest first, in a server's channel or a
        DM. Without View Channel, 403; without Read Message History, no messages and no
        error. Ephemeral replies are in nobody's history. A message read back carries no
        nonce: Discord gives it only with the message's creation (the create's answer, the
        gateway event; the spec's MessageResponse has it optional), so a look cannot lean on
        it."""
        known = self.channels.get(int(channel_id))
        is_dm = int(channel_id) in self.dm_channels
        if known is None and not is_dm:
            return 404, {"message": "Unknown Channel", "code": 10003}
        denied = known[1].bot_denied if known is not None else discord.Permissions.none()
        if denied.view_channel:
            return 403, {"message": "Missing Access", "code": 50001}
        params = request.params
        if set(params) - {"after", "limit"} or "after" not in params:
            raise AssertionError(f"the bot reads history only `after` a message: {params}")
        limit = int(params.get("limit", 50))
        if not 1 <= limit <= 100:
            return 400, _form_error("limit", "Value must be between 1 and 100.")
        if denied.read_message_history:
            return 200, []
        after = int(params["after"])
        found = sorted(
            (
                m
                for m in self.messages.values()
                if m["channel_id"] == channel_id and int(m["id"]) > after and not m["flags"] & 64
            ),
            key=lambda m: int(m["id"]),
        )[:limit]
        return 200, [{k: v for k, v in m.items() if k != "nonce"} for m in found[::-1]]

    def _edit_channel_message(
        self, request: RecordedRequest, channel_id: str, message_id: str
    ) -> tuple[int, Any]:
        message = self.messages.get(int(message_id))
        if message is None or message["channel_id"] != channel_id:
            return 404, {"message": "Unknown Message", "code": 10008}
        message.update({k: v for k, v in (request.json or {}).items() if k != "attachments"})
        message["edited_timestamp"] = iso(self.clock.now())
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
