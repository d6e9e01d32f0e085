"""Driving the offline console in tests: a settings file per test, a whole piped session read
back line by line, and a console whose clock the test moves (`Hands`, with the `hands` and
`console` fixtures of tests/ops/conftest.py)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.config import Settings, settings_from_mapping
from bot.console.repl import Console
from bot.console.session import run_console

# Tuesday 24 November 2026, 18:00 UTC.
NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)


def settings_for(tmp_path: Path, **club: Any) -> Settings:
    return settings_from_mapping(
        {"database": {"path": str(tmp_path / "data" / "runclub.sqlite3")}, "club": club}, env={}
    )


def session(
    settings: Settings, *lines: str, now: datetime = NOW, files_dir: Path | None = None
) -> str:
    """The transcript of a console session fed `lines`, its clock standing at `now`."""
    out = io.StringIO()
    code = run_console(
        settings, list(lines), out, clock=lambda: now, echo=True, files_dir=files_dir
    )
    assert code == 0
    return out.getvalue()


def answers(transcript: str) -> dict[str, str]:
    """Each echoed line and the answer printed under it."""
    found: dict[str, str] = {}
    for block in transcript.split("runclub> ")[1:]:
        line, _, answer = block.partition("\n")
        found[line] = answer.strip()
    return found


class Hands:
    """The console's clock, moved by the test; it stands at NOW until moved."""

    def __init__(self) -> None:
        self.elapsed = 0.0

    def set(self, moment: datetime) -> None:
        self.elapsed = (moment - NOW).total_seconds()


async def say(console: Console, text: str) -> str:
    return (await console.handle(text)).text
