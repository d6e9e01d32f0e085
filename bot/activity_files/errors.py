"""The one error a member's watch file can cause."""

from __future__ import annotations

import unicodedata

# A file name is the member's own text: keep it to one short line in a message.
_NAME_MAX = 80


def display_name(filename: str) -> str:
    """The file name as it may appear in a one-line message: no control characters, bounded."""
    cleaned = "".join(
        " " if unicodedata.category(ch).startswith("C") else ch for ch in filename
    ).strip()
    if len(cleaned) > _NAME_MAX:
        cleaned = cleaned[: _NAME_MAX - 1] + "…"
    return cleaned or "the file"


class ActivityFileError(Exception):
    """A watch file that cannot be read as runs. `str()` is the member-facing one-liner.

    `filename` is the name as the member sent it, `problem` what is wrong with the file.
    """

    def __init__(self, filename: str, problem: str) -> None:
        self.filename = filename
        self.problem = problem
        super().__init__(f"{display_name(filename)}: {problem}")

    def __reduce__(self) -> tuple[type[ActivityFileError], tuple[str, str]]:
        # Picklable with its two arguments (Exception's default would pass the message only).
        return (type(self), (self.filename, self.problem))


def too_many_points(max_points: int) -> str:
    """The problem of a file with more than `max_points` track points, FIT or XML alike."""
    return f"it has more than {max_points:,} track points, more than a run needs; it was not read"
