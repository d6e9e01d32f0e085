"""Review 32: README claims the bot does not keep as written (each test failed on main)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from tests.activity_files.test_readings_edges import T0, treadmill_tcx
from tests.discord.harness import FakeAttachment, FakeClock, Harness

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_bullet(start: str) -> str:
    """The README's bullet that begins with `start`, joined onto one line."""
    text = README.read_text(encoding="utf-8")
    found = re.search(re.escape(start) + r"(.*?)(?=\n- \*\*|\n\n)", text, re.S)
    assert found is not None, start
    return " ".join((start + found.group(1)).split())


async def test_a_run_without_a_distance_repeats_one_logged_without_a_distance(
    harness: Harness, clock: FakeClock
) -> None:
    # A treadmill run typed by hand as it ended (30 minutes, no distance), then its TCX file
    # (the lap says 0 m: no distance) the next day. The bot takes them for the same run, and
    # rightly; the README's duplicates rule ("a run with a distance within 2% of it") says a
    # run without a distance is never one, so the member expects it logged.
    clock.set(T0 + timedelta(minutes=31))
    await harness.invoke("run", {"type": "easy", "minutes": 30})
    clock.set(T0 + timedelta(days=1))
    result = await harness.invoke(
        "run", {"file": FakeAttachment("treadmill.tcx", treadmill_tcx())}, expect_errors=True
    )
    assert "already logged as R1" in result.text
    duplicates = readme_bullet("- **Duplicates**")
    assert "without a distance" in duplicates, duplicates
