"""The entry point: a member's file, as bytes and its name, in; its runs out.

`parse_activity_file` is a plain module-level function of plain arguments, so the bot runs it
in the helper process with a time limit:

    await worker.call("bot.activity_files:parse_activity_file", name, data, zone, time_limit=10)

The format is told by the content, never by the name: a FIT file starts with a header that
carries ".FIT" at byte 8, GPX and TCX are XML with <gpx> or <TrainingCenterDatabase> at the
root. The name only appears in messages. `zone` (the member's) reads the one kind of file
that dates a run only by the watch's clock, in no zone (`fit_clock`).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.activity_files.errors import ActivityFileError
from bot.activity_files.fit import read_fit
from bot.activity_files.fit_skim import looks_like_fit
from bot.activity_files.gpx import read_gpx
from bot.activity_files.model import MAX_FILE_BYTES, MAX_POINTS, ParsedRun, size_text
from bot.activity_files.safexml import local_name, parse_xml
from bot.activity_files.tcx import read_tcx

_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_GZIP_SIGNATURE = b"\x1f\x8b"
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
NOT_A_WATCH_FILE = (
    "it is not a FIT, GPX or TCX file; attach the file your watch or its app exported"
)


def parse_activity_file(
    name: str,
    data: bytes,
    zone: ZoneInfo | None = None,
    *,
    max_points: int = MAX_POINTS,
    max_bytes: int = MAX_FILE_BYTES,
) -> list[ParsedRun]:
    """Every run in the file, in the file's order; ActivityFileError when there is none to read.

    Refuses, each with a one-line message naming the file: an empty or oversized file (checked
    before anything is parsed), zip and gzip archives, files that are not FIT, GPX or TCX,
    cut or damaged files, XML with a DTD or entities, more than `max_points` track points,
    files without a recorded run, and recordings of any sport but running.
    """
    if not data:
        raise ActivityFileError(name, "the file is empty")
    if len(data) > max_bytes:
        raise ActivityFileError(
            name, f"it is larger than {size_text(max_bytes)}, more than a run needs"
        )
    if data.startswith(_ZIP_SIGNATURES):
        raise ActivityFileError(name, "zip archives are not read; attach the .fit inside")
    if data.startswith(_GZIP_SIGNATURE):
        raise ActivityFileError(name, "compressed (.gz) files are not read; attach the file inside")
    if looks_like_fit(data):
        return read_fit(name, data, max_points, zone)
    # A BOM or blank lines before <?xml (a Polar export): the XML parser accepts neither,
    # and the document is the same without them. UTF-16 is left whole for the parser.
    utf16 = data.startswith(_UTF16_BOMS)
    body = data if utf16 else data.removeprefix(_UTF8_BOM).lstrip()
    if utf16 or body.startswith(b"<"):
        root = parse_xml(name, body, max_points=max_points)
        kind = local_name(root.tag)
        if kind == "gpx":
            return read_gpx(name, body, root)
        if kind == "TrainingCenterDatabase":
            return read_tcx(name, root)
        raise ActivityFileError(name, f"it is XML but not GPX or TCX (its root is <{kind[:30]}>)")
    raise ActivityFileError(name, NOT_A_WATCH_FILE)
