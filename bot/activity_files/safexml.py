"""Every XML watch file (GPX, TCX) is read here first, with nothing in it expanded or fetched.

defusedxml's parser refuses a document type declaration outright (forbid_dtd), and with it
every entity definition (the "billion laughs" expansion) and every external entity or DTD
(`SYSTEM "file:///etc/passwd"`, or a URL): a GPX or TCX file from a watch never has one. The
same pass counts the track points and stops as soon as there are too many, before any of
them is kept for a summary.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET  # only ParseError and the Element type
from xml.parsers.expat import errors as expat_errors

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from bot.activity_files.errors import ActivityFileError, too_many_points

REFUSED_DTD = (
    "it has a document type declaration (<!DOCTYPE>), which watch files never have; "
    "refused unread, for safety"
)


UNREADABLE_ENCODING = (
    "its XML declaration names a text encoding that cannot be read here; export it again in"
    " UTF-8, or as FIT"
)


# expat's error for a prefix used without its namespace declaration.
_UNBOUND_PREFIX = expat_errors.codes[expat_errors.XML_ERROR_UNBOUND_PREFIX]


def local_name(tag: str) -> str:
    """`{namespace}name` -> `name`."""
    return tag.rpartition("}")[2]


# The elements that are track points, in GPX and in TCX.
POINT_TAGS = frozenset({"trkpt", "Trackpoint"})
# A watch file's points, route points and waypoints: what its other elements describe.
_POINT_LIKE = POINT_TAGS | {"rtept", "wpt"}
# No watch file nests deeper than about ten (a TCX point's speed extension is nine down): a
# document far deeper is built only to exhaust memory (every open element is kept).
DEPTH_MAX = 64
# Elements a document may hold beyond those that describe its points: a header, metadata,
# laps, a course's notes. A watch writes about 5 to 15 per point; a document of millions of
# elements around few points is junk that would cost the reader gigabytes.
ELEMENTS_BEYOND = 20_000
ELEMENTS_PER_POINT = 40
NOT_A_WATCH_FILE_XML = (
    "its XML is not shaped like a watch file's (nested too deep, or mostly elements that are not"
    " track points); it was not read"
)


def parse_xml(filename: str, data: bytes, *, max_points: int) -> ET.Element:
    """Parse `data` safely into its root element; refuse it past `max_points` track points."""
    points = point_like = elements = depth = 0
    root: ET.Element | None = None
    try:
        for event, element in iterparse(
            io.BytesIO(data),
            events=("start", "end"),
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        ):
            if root is None:
                root = element
            if event == "start":
                depth += 1
                elements += 1
                if depth > DEPTH_MAX or elements > (
                    ELEMENTS_BEYOND + ELEMENTS_PER_POINT * point_like
                ):
                    raise ActivityFileError(filename, NOT_A_WATCH_FILE_XML)
                continue
            depth -= 1
            name = local_name(element.tag)
            point_like += name in _POINT_LIKE
            if name in POINT_TAGS:
                points += 1
                if points > max_points:
                    raise ActivityFileError(filename, too_many_points(max_points))
    except DefusedXmlException:
        # With forbid_dtd the <!DOCTYPE> itself is refused, before any entity is declared.
        raise ActivityFileError(filename, REFUSED_DTD) from None
    except (LookupError, ValueError):
        # expat's answer to the encoding an XML declaration names: one Python does not know
        # (LookupError), or one expat cannot take (ValueError: UTF-32 and other multi-byte
        # codecs beyond UTF-16). Below defusedxml's refusals, which are ValueErrors too.
        raise ActivityFileError(filename, UNREADABLE_ENCODING) from None
    except ET.ParseError as exc:
        line = exc.position[0]
        if exc.code == _UNBOUND_PREFIX:
            # Some apps write extensions (`gpxdata:`) without declaring them: whole, not cut.
            raise ActivityFileError(
                filename,
                f"it is not well-formed XML (line {line}: a prefix such as `gpxdata:` is used"
                " without being declared), a fault of the app that wrote it; export it from"
                " another app, or as FIT",
            ) from None
        raise ActivityFileError(
            filename, f"it is not well-formed XML (line {line}); it may be cut short or damaged"
        ) from None
    # Set at the first element: expat reports a document without one as a ParseError.
    assert root is not None
    return root
