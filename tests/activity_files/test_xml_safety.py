"""XML from members is read with DTDs, entities and external references refused, unexpanded."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.activity_files import ActivityFileError, parse_activity_file
from bot.activity_files.safexml import parse_xml

DATA = Path(__file__).resolve().parent.parent / "data"
REFUSED = (
    "it has a document type declaration (<!DOCTYPE>), which watch files never have; "
    "refused unread, for safety"
)


@pytest.mark.parametrize("name", ["laughs.gpx", "xxe.gpx", "laughs.tcx", "xxe.tcx"])
def test_entity_attacks_are_refused_unexpanded(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_run(*_args: object) -> None:
        raise AssertionError("gpxpy got a file that defusedxml should have refused")

    monkeypatch.setattr("bot.activity_files.gpx.gpxpy.parse", must_not_run)
    with pytest.raises(ActivityFileError) as caught:
        parse_activity_file(name, (DATA / name).read_bytes())
    assert str(caught.value) == f"{name}: {REFUSED}"
    assert "lol" not in str(caught.value)
    assert "root" not in str(caught.value)


@pytest.mark.parametrize("root", ["gpx", "TrainingCenterDatabase"])
def test_even_a_harmless_doctype_is_refused(root: str) -> None:
    data = f'<?xml version="1.0"?><!DOCTYPE {root}><{root}/>'.encode()
    with pytest.raises(ActivityFileError, match="document type declaration"):
        parse_activity_file("a.xml", data)


def test_a_parameter_entity_fetching_an_external_dtd_is_refused() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY % remote SYSTEM '
        b'"http://127.0.0.1:9/evil.dtd"> %remote;]><gpx/>'
    )
    with pytest.raises(ActivityFileError, match="document type declaration"):
        parse_activity_file("remote.gpx", data)


def test_a_file_cut_inside_a_point_is_damaged_not_too_long() -> None:
    # A point counts once it is complete: the third one here never closes.
    data = b'<gpx><trk><trkseg><trkpt/><trkpt/><trkpt lat="1" lon="2"><ele>12</ele>'
    with pytest.raises(ActivityFileError) as refused:
        parse_xml("cut.gpx", data, max_points=2)
    assert "well-formed" in refused.value.problem
