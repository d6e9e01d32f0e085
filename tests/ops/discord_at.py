"""Test-only entry point: `python -m tests.ops.discord_at BASE ARGS...` is `python -m bot
ARGS...` with discord.py's API at BASE (`http://127.0.0.1:PORT`, a server on this machine or a
port nothing listens on) and its gateway at BASE's `/gateway-ws` (as a websocket). Only the
network is replaced."""

from __future__ import annotations

import sys

import discord.gateway
import discord.http
import yarl

from bot.cli import main

if __name__ == "__main__":
    base = yarl.URL(sys.argv[1])
    discord.http.Route.BASE = str(base / "api" / "v10")
    gateway = base.with_scheme("ws") / "gateway-ws"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway
    raise SystemExit(main(sys.argv[2:]))
