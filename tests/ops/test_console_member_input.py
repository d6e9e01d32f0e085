"""Issue 18 in the offline console, which shares the actions with Discord: an empty `when` is
refused there too (the console sends `when:""` as typed), and a time not understood comes back
whole."""

from __future__ import annotations

from pathlib import Path

from tests.ops.console_driving import answers, session, settings_for


def test_an_empty_when_is_refused_and_nothing_is_logged(tmp_path: Path) -> None:
    said = answers(session(settings_for(tmp_path), '/legday exercises:2 when:""', "/history"))
    assert "when: is empty, and empty is not a moment" in said['/legday exercises:2 when:""']
    assert said["/history"].startswith("Nothing logged")


def test_a_when_not_understood_is_quoted_whole(tmp_path: Path) -> None:
    words = "whenever my legs finally stop aching after the long run"
    line = f'/legday exercises:2 when:"{words}"'
    said = answers(session(settings_for(tmp_path), line))
    assert f"could not understand '{words}'" in said[line]


def test_a_public_log_reads_as_a_sentence_in_the_console(tmp_path: Path) -> None:
    said = answers(session(settings_for(tmp_path, public_logs=True), "/legday exercises:2"))
    text = said["/legday exercises:2"]
    assert "Logged by you for " in text
    assert "you logged this" not in text


def test_a_folder_given_as_a_file_is_called_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    line = f"/run file:{folder}"
    said = answers(session(settings_for(tmp_path), line))
    assert (
        f"“{folder}” is a folder, not a file: give the path of one .fit, .gpx or .tcx" in said[line]
    )
    assert "files: no such file" not in said[line]


def test_undo_in_the_console_says_where_the_reminder_moved(tmp_path: Path) -> None:
    transcript = session(
        settings_for(tmp_path),
        '/legday exercises:4 when:"10h ago"',
        "/canirun type:tempo",
        "yes",
        "/legday exercises:5",
        "/undo",
        "/remind list",
    )
    said = answers(transcript)
    # The older leg day (10 hours before the console's 18:00) holds hard running back until
    # Thursday 08:00 UTC: the reminder moves back there.
    assert "Your reminder #1 moved to Thu 26 Nov 2026 08:00 UTC" in said["/undo"], said["/undo"]
    assert "leg day L1 holds hard running back until then" in said["/undo"]
    assert "clear for hard running: Thu 26 Nov 2026 08:00 UTC" in said["/remind list"]


def test_an_empty_file_path_is_called_empty_not_a_folder(tmp_path: Path) -> None:
    # `file:` with nothing after it was read as the working folder: "“the file” is a folder"
    # (review 36).
    for line in ("/run file:", '/run file:"" type:easy'):
        said = answers(session(settings_for(tmp_path), line))[line]
        assert "folder" not in said, said
        assert said.startswith("A file option is empty: give the path of a .fit, .gpx or .tcx")
    assert answers(session(settings_for(tmp_path), "/history"))["/history"].startswith("Nothing")
