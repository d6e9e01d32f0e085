"""Discord stopping a start before the bot serves: `run` and `sync` log one line saying why
(out of reach, the token refused, a server error, a `dev_guild_id` it will not register the
commands in) and exit 1, with no traceback and no token.

Only the network is replaced: discord.py's base url points at this machine, at a port nothing
listens on or at a small server giving one answer to every request."""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import discord.http
import pytest
from aiohttp import web

from bot.actions.startup import starts_key
from bot.cli import main
from bot.config import DatabaseSettings
from bot.core.identify import decode_starts
from bot.core.shards import ShardSet
from bot.store import open_store
from tests.discord.harness.payloads import application_payload, me_payload
from tests.ops.discord_at import closed_base, run_at

MISSING_ACCESS = {"message": "Missing Access", "code": 50001}
SECRET = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GxYzAb.fake-token-for-tests_0123456789abcdef"


class Answers(ThreadingHTTPServer):
    """Discord as a server on this machine: each request is answered by the first of `routes`
    (method, path pattern under /api/v10, status, JSON body) that matches, else with `status`."""

    status = 500
    routes: list[tuple[str, str, int, object]]


@pytest.fixture
def answering() -> Iterator[Answers]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            assert isinstance(self.server, Answers)
            path = self.path.removeprefix("/api/v10")
            status = self.server.status
            body: object = {"message": f"{status}: test", "code": 0}
            for method, pattern, status_of, body_of in self.server.routes:
                if method == self.command and re.fullmatch(pattern, path):
                    status, body = status_of, body_of
                    break
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_PUT = do_POST = _answer

        def log_message(self, format: str, *args: object) -> None:  # quiet: stderr is the bot's
            del format, args

    server = Answers(("127.0.0.1", 0), Handler)
    server.routes = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _start(
    command: str,
    base: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> str:
    """`command` started with a token against Discord at `base`: exit 1, and its one problem
    line (the last on stderr), after checking there is no traceback and no token."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("RUNCLUB_CONFIG", raising=False)
    monkeypatch.setenv("DISCORD_TOKEN", SECRET)
    monkeypatch.setattr(discord.http.Route, "BASE", f"{base}/api/v10")
    assert main([command]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out, err
    assert SECRET not in err + out
    errors = [line for line in err.splitlines() if " ERROR " in line]
    assert len(errors) == 1, err
    assert errors[0] == err.splitlines()[-1]
    return errors[0]


@pytest.mark.parametrize("command", ["run", "sync"])
def test_discord_out_of_reach_stops_the_start_with_one_line(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = closed_base()
    line = _start(command, base, tmp_path, monkeypatch, capsys)
    assert "couldn't reach Discord (Cannot connect to host 127.0.0.1" in line
    assert line.endswith("check this machine's network and DNS")


@pytest.mark.parametrize("command", ["run", "sync"])
@pytest.mark.parametrize(
    ("status", "said"),
    [
        (401, "Discord refused the token (Improper token has been passed.); check DISCORD_TOKEN"),
        # 503: discord.py retries 500, 502, 504 and 524 itself (for up to 25 s), not this one.
        (503, "Discord answered with a server error (503 Service Unavailable); try again later"),
        # Without Discord's `Via` header: Cloudflare's block of an address that sent too many
        # invalid requests, which discord.py raises at once rather than waiting out.
        (
            429,
            "Discord is refusing this machine's address for now (429 Too Many Requests, after"
            " too many invalid requests from it); wait before starting again",
        ),
    ],
    ids=["token refused", "server error", "address blocked"],
)
def test_discord_refusing_the_start_stops_it_with_one_line(
    command: str,
    status: int,
    said: str,
    answering: Answers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    answering.status = status
    base = f"http://127.0.0.1:{answering.server_address[1]}"
    assert _start(command, base, tmp_path, monkeypatch, capsys).endswith(said)


@pytest.mark.parametrize("command", ["run", "sync"])
def test_a_dev_guild_the_commands_may_not_be_registered_in_stops_the_start_with_one_line(
    command: str,
    answering: Answers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # `[discord] dev_guild_id` naming a server the bot was not added to with the
    # applications.commands scope (or a mistyped id): Discord answers 403 Missing Access.
    answering.routes = [
        ("GET", "/users/@me", 200, me_payload()),
        ("GET", "/oauth2/applications/@me", 200, application_payload()),
        ("PUT", r"/applications/\d+/guilds/\d+/commands", 403, MISSING_ACCESS),
    ]
    (tmp_path / "config.toml").write_text("[discord]\ndev_guild_id = 123456789012345678\n")
    base = f"http://127.0.0.1:{answering.server_address[1]}"
    line = _start(command, base, tmp_path, monkeypatch, capsys)
    assert line.endswith(
        "Discord refused the commands for [discord] dev_guild_id = 123456789012345678"
        " (403 Missing Access): the bot must be in that server, added with the"
        " applications.commands scope; or leave dev_guild_id out"
    ), line


def _starts(database: Path) -> list[object]:
    """The starts the store holds for the restart back-off (README: "Running many clubs")."""

    async def read() -> str | None:
        store = await open_store(DatabaseSettings(path=database))
        try:
            return await store.meta.get(starts_key(ShardSet.of(None, None)))
        finally:
            await store.close()

    return list(decode_starts(asyncio.run(read())))


def test_starts_discord_stopped_at_the_login_add_nothing_to_the_restart_back_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A restart policy starting the bot again and again while the network is down (or the
    # token wrong): none of those starts reached IDENTIFY, so once Discord is back the next
    # start connects at once, not after a back-off grown to 30 minutes.
    base = closed_base()
    for _ in range(6):
        line = _start("run", base, tmp_path, monkeypatch, capsys)
        assert "couldn't reach Discord" in line
    capsys.readouterr()
    assert _starts(tmp_path / "data" / "runclub.sqlite3") == []


def test_a_gateway_out_of_reach_at_the_first_start_stops_it_with_one_line_and_counts(
    answering: Answers, tmp_path: Path
) -> None:
    # Logged in and the commands registered, then the gateway fails (a firewall that lets
    # HTTPS to discord.com through but not the gateway's websocket): discord.py 2.7 meant to
    # retry and fell over its own missing websocket instead, an AttributeError traceback.
    # This start got as far as connecting, so it counts toward the restart back-off.
    answering.routes = [
        ("GET", "/users/@me", 200, me_payload()),
        ("GET", "/oauth2/applications/@me", 200, application_payload()),
        ("PUT", r"/applications/\d+/commands", 200, []),
    ]
    done = run_at(f"http://127.0.0.1:{answering.server_address[1]}", tmp_path, SECRET)

    assert done.returncode == 1, done.stderr
    assert SECRET not in done.stdout + done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert " ERROR   bot: couldn't reach Discord (500, message='Invalid response status'" in last
    assert "Traceback" not in last
    assert len(_starts(tmp_path / "data" / "runclub.sqlite3")) == 1


@contextmanager
def gateway_closing_with(code: int) -> Iterator[str]:
    """Discord on this machine that lets the bot log in and register its commands, then closes
    its gateway websocket with `code`; yields the base url (tests/ops/discord_at.py)."""

    async def rest(request: web.Request) -> web.Response:
        answers: dict[str, object] = {
            "/api/v10/users/@me": me_payload(),
            "/api/v10/oauth2/applications/@me": application_payload(),
        }
        body = answers.get(request.path, [])  # the commands' PUT: none registered before
        # discord.py reads JSON only under exactly this content type.
        return web.Response(body=json.dumps(body), content_type="application/json", charset=None)

    async def gateway(request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.close(code=code)
        return socket

    app = web.Application()
    app.router.add_get("/gateway-ws", gateway)
    app.router.add_route("*", "/api/v10/{path:.*}", rest)
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    port = runner.addresses[0][1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


@pytest.mark.parametrize(
    ("code", "line"),
    [
        (4004, "Discord refused the token at the gateway (close code 4004); check DISCORD_TOKEN"),
        (
            4011,
            "Discord requires sharding for this many servers (close code 4011): set [discord]"
            " shard_count (README.md, 'Running many clubs')",
        ),
        (4012, "Discord closed the gateway connection for good (close code 4012)"),
    ],
    ids=["token", "sharding", "other"],
)
def test_a_gateway_closed_for_good_ends_the_run_with_one_line(
    code: int, line: str, tmp_path: Path
) -> None:
    # Discord's close codes that discord.py does not reconnect after: 4004 for a token reset
    # since the login (Discord resets one found leaked), 4011 once a bot not sharded is in
    # 2,500 servers.
    with gateway_closing_with(code) as base:
        done = run_at(base, tmp_path, SECRET)

    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert SECRET not in done.stdout + done.stderr
    assert done.stderr.strip().splitlines()[-1].endswith(f" ERROR   bot: {line}"), done.stderr
