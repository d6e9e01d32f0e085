"""How a file's size reads in a refusal: three figures, rounded up, so that a file over the
25 MB limit never reads as "25 MB" (worked by hand: 1 MB = 1,048,576 bytes)."""

from __future__ import annotations

import pytest

from bot.activity_files import MAX_FILE_BYTES, size_text

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (MAX_FILE_BYTES, "25 MB"),
        (MAX_FILE_BYTES + 1, "25.1 MB"),  # 25.000001 MB, rounded up
        (MAX_FILE_BYTES + 10_000, "25.1 MB"),
        (30 * MB, "30 MB"),
        (int(2.345 * MB), "2.35 MB"),  # 2.34499… MB, up to the next hundredth
        (MB, "1 MB"),
        (MB - 1, "1024 KB"),  # 1023.999 KB, up to the next whole
        (150 * MB + 1, "151 MB"),
        (int(100.5 * MB), "101 MB"),  # whole from 100 on
        (1024, "1 KB"),
        (1536, "1.5 KB"),
        (10 * 1024 + 1, "10.1 KB"),
        (1, "0.01 KB"),
    ],
)
def test_size_text(size: int, expected: str) -> None:
    assert size_text(size) == expected


def test_a_size_over_the_limit_never_reads_as_the_limit() -> None:
    limit = size_text(MAX_FILE_BYTES)
    for over in (1, 1_000, 10_000, 100_000, MB - 1):
        assert size_text(MAX_FILE_BYTES + over) != limit
