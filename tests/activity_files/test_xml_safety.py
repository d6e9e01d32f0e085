"""XML from members is read with DTDs, entities and external references refused, unexpanded."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.activity_files import ActivityFileError, parse_activity_file
from bot.activity_files.safexml import ELEMENTS_BEYOND, ELEMENTS_PER_POINT, parse_xml

DATA = Path(__file__).resolve().parent.parent / "data"
REFUSED = (
    "it has a document type declaration (<!DOCTYPE>), which watch files never have; "
    "refused unread, for safety"
)


@pytest.mark.parametrize("name", ["laughs.gpx", "xxe.gpx", "laughs.tcx", "xxe.tcx"])
def test_entity_attacks_are_refused_unexpanded(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_run(*_args: object) -> None:
        raise AssertionError("the GPX reader got a file that defusedxml should have refused")

    monkeypatch.setattr("bot.activity_files.reader.read_gpx", must_not_run)
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


# A GPX 1.1 document around `body`.
def gpx(body: str) -> bytes:
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="x"'
        f' xmlns="http://www.topografix.com/GPX/1/1">{body}</gpx>'
    ).encode()


SHAPE = "its XML is not shaped like a watch file's"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        # 65 deep with <gpx> (64 inside it): every open element is kept while the parser
        # descends.
        ("deep.gpx", gpx("<a>" * 64 + "</a>" * 64)),
        # Deep again after a closed element: what closes is counted off one level at a time.
        ("deep-again.gpx", gpx("<a><c/>" + "<a>" * 63 + "</a>" * 63 + "</a>")),
        # 20,001 elements and not one point: junk that would cost the reader gigabytes at 25 MB.
        ("junk.gpx", gpx('<x y="1"/>' * 20_001)),
        ("junk.tcx", b"<TrainingCenterDatabase>" + b"<x/>" * 20_001 + b"</TrainingCenterDatabase>"),
    ],
)
def test_xml_no_watch_writes_is_refused_before_it_costs_memory(name: str, data: bytes) -> None:
    with pytest.raises(ActivityFileError) as caught:
        parse_activity_file(name, data)
    assert str(caught.value).startswith(f"{name}: {SHAPE}")


def test_depth_and_elements_a_watch_writes_pass() -> None:
    # 64 deep with <gpx>, and 20,000 elements besides the points plus 40 for each point:
    # within.
    assert parse_xml("ok.gpx", gpx("<a>" * 63 + "</a>" * 63), max_points=10).tag.endswith("gpx")
    # <gpx>, <trk>, <trkseg>, 10 points of 2 elements, then junk up to 20,400 in all.
    point = '<trkpt lat="52.5" lon="13.4"><time>2026-05-01T06:00:00Z</time></trkpt>'
    points = "<trk><trkseg>" + point * 10 + "</trkseg></trk>"
    body = points + "<x/>" * (20_000 + 400 - 23)
    assert parse_xml("ok.gpx", gpx(body), max_points=10).tag.endswith("gpx")
    with pytest.raises(ActivityFileError, match=SHAPE):
        parse_xml("over.gpx", gpx(body + "<x/>"), max_points=10)
    # A route of many points is a route (told so by the reader), not junk.
    route = "<rte>" + '<rtept lat="52.5" lon="13.4"/>' * 30_000 + "</rte>"
    with pytest.raises(ActivityFileError, match="only a route or waypoints"):
        parse_activity_file("route.gpx", gpx(route))


def test_an_undeclared_prefix_is_named_as_the_apps_fault_not_a_cut_file() -> None:
    # As two real exports do (tests/data/real: run-6037744996.gpx, run-6048438275.gpx): a
    # whole file, which "may be cut short" would send the member to send again as it is.
    data = gpx("<trk><extensions><gpxdata:lap/></extensions></trk>")
    with pytest.raises(ActivityFileError) as caught:
        parse_activity_file("strava.gpx", data)
    assert str(caught.value) == (
        "strava.gpx: it is not well-formed XML (line 1: a prefix such as `gpxdata:` is used"
        " without being declared), a fault of the app that wrote it; export it from another"
        " app, or as FIT"
    )


# The count runs as the file is read (README): a point allows 40 only to the elements after it.
README = Path(__file__).resolve().parents[2] / "README.md"
GPX_OPEN = (
    '<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
)
THOUSAND_POINTS = "".join(
    f'<trkpt lat="51.5" lon="0"><time>2025-06-01T07:{i // 60:02d}:{i % 60:02d}Z</time></trkpt>'
    for i in range(1000)
)
# Just past the elements allowed besides the points' (one more than ELEMENTS_BEYOND).
JUST_PAST = "<extensions>" + "<a/>" * ELEMENTS_BEYOND + "</extensions>"


def test_the_element_limit_counts_only_the_points_before_the_elements() -> None:
    # The same 24,000 elements and 1,000 points, allowed 20,000 + 40 x 1,000 by the README's
    # rule: read with the extra elements after the points, refused with them before, as the
    # count runs while the file is read. The README stated a rule on the whole file.
    after = f"{GPX_OPEN}<trk><trkseg>{THOUSAND_POINTS}</trkseg></trk>{JUST_PAST}</gpx>".encode()
    track = f"<trk><trkseg>{THOUSAND_POINTS}</trkseg></trk>"
    before = f"{GPX_OPEN}<metadata>{JUST_PAST}</metadata>{track}</gpx>"
    assert parse_xml("after.gpx", after, max_points=200_000) is not None
    with pytest.raises(ActivityFileError):
        parse_xml("before.gpx", before.encode(), max_points=200_000)
    assert 1 + ELEMENTS_BEYOND + 2 * 1000 + 4 < ELEMENTS_BEYOND + ELEMENTS_PER_POINT * 1000
    readme = " ".join(README.read_text(encoding="utf-8").split())
    assert "for each of its points" not in readme
    assert f"{ELEMENTS_PER_POINT} for each point read before them" in readme


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("codec.gpx", "no-such-codec"),  # Python knows no such codec: LookupError in expat
        ("wide.gpx", "UTF-32"),  # a codec expat cannot take: ValueError in expat
        ("codec.tcx", "no-such-codec"),
    ],
)
def test_an_encoding_that_cannot_be_read_is_named_not_a_failure_of_ours(
    name: str, encoding: str
) -> None:
    root = "gpx" if name.endswith(".gpx") else "TrainingCenterDatabase"
    data = f'<?xml version="1.0" encoding="{encoding}"?><{root}/>'.encode()
    with pytest.raises(ActivityFileError) as caught:
        parse_activity_file(name, data)
    assert str(caught.value) == (
        f"{name}: its XML declaration names a text encoding that cannot be read here;"
        " export it again in UTF-8, or as FIT"
    )
