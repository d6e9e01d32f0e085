"""Which recordings are runs, and how the others are named (sports.py's rules, on labels)."""

from __future__ import annotations

import pytest

from bot.activity_files.errors import ActivityFileError
from bot.activity_files.sports import (
    gpx_type_label,
    is_running,
    require_a_run,
    skipped_note,
    sport_label,
)


def test_a_strava_number_it_does_not_know_is_named_and_not_a_run() -> None:
    label = gpx_type_label("99")
    assert "99" in label
    assert not is_running(label)  # although the words say "run"
    assert gpx_type_label("9") == "run"


def test_a_file_of_transitions_only_is_refused_naming_them() -> None:
    with pytest.raises(ActivityFileError) as caught:
        require_a_run("brick.fit", ["transition", "transition"])
    message = str(caught.value)
    assert message.startswith("brick.fit: ")
    assert "transition" in message
    assert "only runs are read" in message


def test_generic_and_other_are_named_in_plain_words_when_skipped() -> None:
    note = skipped_note(["running", "generic", "other"])
    assert note is not None
    assert "no sport (generic)" in note
    assert "other (no sport given)" in note


def test_three_skipped_sports_are_listed_as_a_sentence() -> None:
    note = skipped_note(["running", "swimming", "cycling", "rowing", "cycling"])
    assert note is not None
    assert "swimming, cycling and rowing parts" in note


def test_a_long_sport_name_from_a_file_is_cut_where_a_reply_names_it() -> None:
    # A real sport is a few words; a file's <type> can be anything, and a refusal quotes it.
    assert skipped_note(["running", "x" * 40]) == (
        f"the file's {'x' * 40} parts were not logged: only runs are"
    )
    assert skipped_note(["running", "y" * 41]) == (
        f"the file's {'y' * 39}… parts were not logged: only runs are"
    )
    with pytest.raises(ActivityFileError, match=f"recorded as {'z' * 39}…, not as a run"):
        require_a_run("a.gpx", ["z" * 41])


# A free-text GPX <type> or TCX Sport that names running past the 40th character.
LONG_RUN = "Sunday morning club session on the canal towpath: running"


def test_a_long_sport_name_that_names_running_is_still_a_run() -> None:
    assert len(" ".join(LONG_RUN.split())) > 40
    assert is_running(gpx_type_label(LONG_RUN)), gpx_type_label(LONG_RUN)
    assert is_running(sport_label(LONG_RUN)), sport_label(LONG_RUN)
