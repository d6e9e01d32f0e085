"""The Quick start's console transcript is what the console prints at the time its own log line
gives: a leg day at 21:55:21 is fine for hard running again at 21:56 two days on (rounded up to
the minute), which the transcript once said was 21:55."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from tests.ops.console_driving import answers, session, settings_for

README = Path(__file__).resolve().parents[2] / "README.md"


def quick_start_transcript() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("```text\n$ make run")
    return text[start : text.index("```", start + 3)]


def test_the_quick_start_transcript_is_what_the_console_prints_at_its_own_time(
    tmp_path: Path,
) -> None:
    transcript = quick_start_transcript()
    logged = re.search(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) INFO", transcript, re.M)
    assert logged is not None
    # The migration is logged at start-up, before the first line is typed.
    now = datetime.strptime(logged.group(1), "%Y-%m-%d %H:%M:%S").replace(
        tzinfo=UTC, microsecond=int(logged.group(2)) * 1000
    )
    said = answers(session(settings_for(tmp_path), "/legday exercises:3", now=now))
    legday = " ".join(said["/legday exercises:3"].split())
    readme = " ".join(transcript.split())
    promised = re.search(r"is fine again from ([^()]+) \(in 2 days\)", readme)
    assert promised is not None
    assert f"is fine again from {promised.group(1)} (in 2 days)" in legday, legday
