"""Issue 18 in the offline console, which shares the actions with Discord: an empty `when` is
refused there too (the console sends `when:""` as typed), and a time not understood comes back
whole."""

from __future__ import annotations

from pathlib import Path

from tests.ops.test_console import answers, session, settings_for


def test_an_empty_when_is_refused_and_nothing_is_logged(tmp_path: Path) -> None:
    said = answers(session(settings_for(tmp_path), '/legday exercises:2 when:""', "/history"))
    assert "when: is empty, and empty is not a moment" in said['/legday exercises:2 when:""']
    assert said["/history"].startswith("Nothing logged")


def test_a_when_not_understood_is_quoted_whole(tmp_path: Path) -> None:
    words = "whenever my legs finally stop aching after the long run"
    line = f'/legday exercises:2 when:"{words}"'
    said = answers(session(settings_for(tmp_path), line))
    assert f"could not understand '{words}'" in said[line]
