"""Test-only entry point: `python -m tests.ops.discord_at BASE ARGS...` is `python -m bot
ARGS...` with discord.py's API at BASE (`http://127.0.0.1:PORT`, a server on this machine or a
port nothing listens on) and its gateway at BASE's `/gateway-ws` (as a websocket). Only the
network is replaced.

`run_at` starts that process from a test, `closed_base` gives a BASE nothing listens on."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import discord.gateway
import discord.http
import yarl

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]


def closed_base() -> str:
    """A BASE on this machine that nothing listens on: Discord out of reach."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def run_at(base: str, cwd: Path, token: str) -> subprocess.CompletedProcess[str]:
    """`runclub-bot run` in its own process, in `cwd` with `token`, against Discord at `base`;
    this environment's DATABASE_URL and RUNCLUB_CONFIG left out, so it uses `cwd`'s files."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "RUNCLUB_CONFIG")}
    env |= {"PYTHONPATH": str(ROOT), "DISCORD_TOKEN": token}
    return subprocess.run(
        [sys.executable, "-m", "tests.ops.discord_at", base, "run"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


if __name__ == "__main__":
    base = yarl.URL(sys.argv[1])
    discord.http.Route.BASE = str(base / "api" / "v10")
    gateway = base.with_scheme("ws") / "gateway-ws"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway
    raise SystemExit(main(sys.argv[2:]))
