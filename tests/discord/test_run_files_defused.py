"""What a watch file says of itself (a track's sport is free text) comes back defused and
escaped, in a reply and in a public log, as a member's typed text does."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from xml.sax.saxutils import escape

import pytest

from tests.discord.harness import FakeAttachment, Harness
from tests.discord.test_adversarial import EVIL_LINK, PINGS, check_defused, check_refusal, counts

# A GPX track's <type> is free text in the file the member attaches: as typed as a note.
TYPED_SPORT = f"{PINGS} {EVIL_LINK}"


def gpx(*tracks: str) -> bytes:
    """A GPX file whose tracks have these <type>s, each a short recorded track."""
    body = "".join(
        f"<trk><type>{escape(kind)}</type><trkseg>"
        f'<trkpt lat="52.5" lon="13.4{n}"><time>2026-03-10T07:0{n}:00Z</time></trkpt>'
        f'<trkpt lat="52.51" lon="13.4{n}"><time>2026-03-10T07:0{n + 5}:00Z</time></trkpt>'
        "</trkseg></trk>"
        for n, kind in enumerate(tracks)
    )
    return (
        f'<gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1">{body}</gpx>'
    ).encode()


@pytest.fixture
async def public(make_harness: Callable[..., Harness]) -> AsyncIterator[Harness]:
    async with make_harness(config={"club": {"public_logs": True}}) as h:
        yield h


async def test_a_sport_named_in_a_watch_file_is_defused_in_a_public_log(public: Harness) -> None:
    # One run and one track of another "sport": the run is logged publicly, with a note
    # naming what was not logged. That name is the file's text: it must reach the channel
    # defused and escaped.
    data = gpx("running", TYPED_SPORT)
    result = await public.invoke("run", {"file": FakeAttachment("track.gpx", data)})

    [post] = result.followups
    assert "logged 1 run from 1 file" in post["embeds"][0]["description"]
    check_defused(result.requests)


async def test_a_sport_named_in_a_refused_watch_file_is_defused(harness: Harness) -> None:
    data = gpx(TYPED_SPORT)
    result = await harness.invoke("run", {"file": FakeAttachment("track.gpx", data)})

    check_refusal(result, "track.gpx: it is recorded as")
    check_defused(result.requests)
    assert (await counts(harness))["runs"] == 0
