"""Review 32: what the README says of XML watch files the reader does not keep as written
(failed on main)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.activity_files.errors import ActivityFileError
from bot.activity_files.safexml import ELEMENTS_BEYOND, ELEMENTS_PER_POINT, parse_xml

README = Path(__file__).resolve().parents[2] / "README.md"
OPEN = (
    '<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
)
POINTS = "".join(
    f'<trkpt lat="51.5" lon="0"><time>2025-06-01T07:{i // 60:02d}:{i % 60:02d}Z</time></trkpt>'
    for i in range(1000)
)
# Just past the elements allowed besides the points' (one more than ELEMENTS_BEYOND).
JUNK = "<extensions>" + "<a/>" * ELEMENTS_BEYOND + "</extensions>"


def test_the_element_limit_counts_only_the_points_before_the_elements() -> None:
    # The same 24,000 elements and 1,000 points, allowed 20,000 + 40 x 1,000 by the README's
    # rule: read with the extra elements after the points, refused with them before, as the
    # count runs while the file is read. The README stated a rule on the whole file.
    after = f"{OPEN}<trk><trkseg>{POINTS}</trkseg></trk>{JUNK}</gpx>".encode()
    before = f"{OPEN}<metadata>{JUNK}</metadata><trk><trkseg>{POINTS}</trkseg></trk></gpx>"
    assert parse_xml("after.gpx", after, max_points=200_000) is not None
    with pytest.raises(ActivityFileError):
        parse_xml("before.gpx", before.encode(), max_points=200_000)
    assert 1 + ELEMENTS_BEYOND + 2 * 1000 + 4 < ELEMENTS_BEYOND + ELEMENTS_PER_POINT * 1000
    readme = " ".join(README.read_text(encoding="utf-8").split())
    assert "for each of its points" not in readme
    assert f"{ELEMENTS_PER_POINT} for each point read before them" in readme
