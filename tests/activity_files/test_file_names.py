"""How a member's file name appears in a refusal: one line, at most 80 characters."""

from __future__ import annotations

from bot.activity_files.errors import ActivityFileError, display_name


def test_a_name_of_exactly_80_characters_is_kept_whole() -> None:
    name = "r" * 76 + ".gpx"
    assert len(name) == 80
    assert display_name(name) == name


def test_a_longer_name_is_cut_to_79_characters_and_an_ellipsis() -> None:
    name = "abcdefghij" * 8 + "x.gpx"  # 85 characters
    shown = display_name(name)
    assert shown == name[:79] + "\u2026"
    assert len(shown) == 80


def test_a_name_of_only_control_characters_is_called_the_file() -> None:
    assert display_name("\x00\n\t") == "the file"
    error = ActivityFileError("\r\n", "it is empty")
    assert str(error) == "the file: it is empty"
