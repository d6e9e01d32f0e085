"""The Quick start's console transcript is what the console prints at the time its own log line
gives: a leg day at 21:55:21 is fine for hard running again at 21:56 two days on (rounded up to
the minute), which the transcript once said was 21:55; and a plan typed `in 2h` right after it
is judged at 23:55, 1 hour 59 minutes after the leg day, where the transcript said 2 hours."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from tests.ops.console_driving import answers, session, settings_for

README = Path(__file__).resolve().parents[2] / "README.md"
PROMPT = "runclub> "


def quick_start_transcript() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("```text\n$ make run")
    return text[start : text.index("```", start + 3)]


def logged_at(transcript: str) -> datetime:
    """The moment of the transcript's first log line: the console started then."""
    logged = re.search(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) INFO", transcript, re.M)
    assert logged is not None
    return datetime.strptime(logged.group(1), "%Y-%m-%d %H:%M:%S").replace(
        tzinfo=UTC, microsecond=int(logged.group(2)) * 1000
    )


def typed_and_shown(transcript: str) -> dict[str, str]:
    """Each line the transcript types at the prompt, and the reply it shows under it."""
    shown: dict[str, str] = {}
    for block in transcript.split(PROMPT)[1:]:
        line, _, reply = block.partition("\n")
        shown[line] = reply
    return shown


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_quick_start_transcript_is_what_the_console_prints_at_its_own_time(
    tmp_path: Path,
) -> None:
    """Every reply the transcript shows, but for the parts it leaves out as "…", is printed by
    the console for the same lines at the same moment (the README wraps lines anywhere)."""
    transcript = quick_start_transcript()
    shown = typed_and_shown(transcript)
    typed = [line for line in shown if line != "/exit"]
    assert typed, "the transcript types no command"
    # The migration is logged at start-up, before the first line is typed.
    said = answers(session(settings_for(tmp_path), *typed, now=logged_at(transcript)))
    wrong = [
        f"{line}: {part!r}"
        for line in typed
        for part in map(one_line, re.split(r"^…$", shown[line], flags=re.M))
        if part and part not in one_line(said[line])
    ]
    assert wrong == []
