"""What the bot's own process loads: the heavy libraries for charts and watch files load only
in the helper process that uses them (faster start, less memory for a bot nobody asks)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("matplotlib", "fitdecode", "gpxpy", "defusedxml", "numpy")


def test_starting_the_bot_loads_no_chart_or_watch_file_library() -> None:
    script = (
        "import sys, bot.cli, bot.discord.bot, bot.discord.lifecycle, bot.console.session;"
        f"print(sorted(name for name in {HEAVY!r} if name in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
