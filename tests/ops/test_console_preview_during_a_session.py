"""The offline console's `/club preview` while the day's session is under way (found by an
independent review; the test failed before its fix)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.ops.console_driving import NOW, answers, session, settings_for


def test_a_preview_during_todays_session_still_lists_it(tmp_path: Path) -> None:
    # A Tuesday 17:30 session added on Monday; at NOW, Tuesday 18:00 UTC, it is under way.
    # The console's calendar, as Discord's, shows the event's next start, next week's, once
    # the day's has come: the preview took that for a move by hand to another day and left
    # today's session out ("No club sessions today").
    settings = settings_for(tmp_path, timezone="UTC")
    added = "/club session add day:tuesday time:17:30 type:hills"
    session(settings, added, now=NOW - timedelta(days=1))
    preview = answers(session(settings, "/club preview"))["/club preview"]
    today = preview.split("Today's sessions", 1)[1].split("\n\n", 1)[0]
    assert "17:30 Hill repeats (hard)" in today, preview
