"""GPX: one run per track.

The document is read from the tree `safexml.parse_xml` built, with defusedxml (no DTD, no
entities, no external references), as gpxpy used to read it (see `gpx_tree`): the XML is
parsed once.

Every figure comes from the points, as `track` reads them (GPX has no summary). A track
without times is a route, not a run: refused alone, named as not logged beside a recording.
The file may be UTF-8 (with or without a BOM) or in the encoding its declaration names.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # a tree defusedxml already parsed
from dataclasses import replace
from datetime import datetime

from bot.activity_files import track
from bot.activity_files.errors import ActivityFileError
from bot.activity_files.gpx_tree import DEFAULT_NAMESPACE, GpxValueError, read_tracks
from bot.activity_files.model import FileFormat, ParsedRun, distance_km
from bot.activity_files.sports import gpx_type_label, is_running, require_a_run, skipped_note

_ENCODING = re.compile(r"""<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")
_DECLARATION = re.compile(r"<\?xml[^>]*\?>")


def read_gpx(filename: str, data: bytes, root: ET.Element) -> list[ParsedRun]:
    """`root` is `data` as `safexml.parse_xml` parsed it (see the module's docstring)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _declared(filename, data)
    # The namespace whose elements gpxpy read by their bare names: the one its pattern found
    # first in the text (as decoded here, without the XML declaration), which it removed.
    declared = DEFAULT_NAMESPACE.search(_DECLARATION.sub("", text.lstrip("\ufeff \t\r\n"), count=1))
    namespace = None if declared is None else declared.group(0).partition("=")[2][1:-1]
    try:
        document = read_tracks(root, namespace)
    except GpxValueError as exc:
        detail = str(exc).splitlines()[0][:100]  # it quotes the file's value, which may be long
        raise ActivityFileError(filename, f"it is not a valid GPX file ({detail})") from None

    tracks = []
    for gpx_track in document:
        segments = [points for points in gpx_track.segments if points]
        if segments:
            label = gpx_type_label(gpx_track.kind) if gpx_track.kind else "running"
            tracks.append((label, segments))
    if not tracks:
        raise ActivityFileError(
            filename, "it has no recorded track in it (only a route or waypoints?)"
        )
    labels = [label for label, _ in tracks]
    require_a_run(filename, labels)
    skipped = skipped_note(labels)

    runs: list[ParsedRun] = []
    # Tracks without times: the route a member followed, saved beside the recording by some
    # apps. No run, but no reason to refuse the recording beside it.
    untimed = 0
    # Tracks whose points all carry one time (a converter that lost the times and wrote one
    # placeholder in each, a lone point): no duration, so no run either.
    instants: list[datetime] = []
    for label, segments in tracks:
        if not is_running(label):
            continue
        reading = track.read_points(segments)
        if reading is None:
            untimed += 1
            continue
        if reading.end == reading.start:
            instants.append(reading.start)
            continue
        notes = list(track.point_notes(reading))
        if skipped and not runs:
            notes.append(skipped)
        runs.append(
            ParsedRun(
                start=reading.start,
                distance_km=distance_km(reading.metres),
                moving_seconds=track.round_half_up(reading.moving_seconds),
                elapsed_seconds=track.round_half_up((reading.end - reading.start).total_seconds()),
                avg_hr=reading.avg_hr,
                max_hr=reading.max_hr,
                elevation_gain_m=reading.climb_m,
                sport=label,
                source=FileFormat.GPX,
                notes=tuple(notes),
            )
        )
    if not runs and instants:
        raise ActivityFileError(
            filename,
            f"its track's points all carry one time ({instants[0]:%Y-%m-%d %H:%M:%S} UTC), "
            "so it records no run; export it again from your watch app",
        )
    if not runs:
        raise ActivityFileError(
            filename, "its track has no times: it looks like a planned route, not a recorded run"
        )
    notes = []
    if untimed:
        routes = (
            "track without times (a planned route?) was"
            if untimed == 1
            else f"{untimed} tracks without times (planned routes?) were"
        )
        notes.append(f"the file's {routes} not logged")
    if instants:
        still = (
            "track whose points all carry one time was"
            if len(instants) == 1
            else f"{len(instants)} tracks whose points all carry one time were"
        )
        notes.append(f"the file's {still} not logged")
    runs[0] = replace(runs[0], notes=(*runs[0].notes, *notes))
    return runs


def _declared(filename: str, data: bytes) -> str:
    """The text of a GPX file in the encoding its XML declaration names (ISO-8859-1, UTF-16)."""
    head = data[:200].lstrip()
    for encoding in ("utf-16", "latin-1"):
        try:
            declared = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        match = _ENCODING.search(declared)
        if match:
            try:
                return data.decode(match.group(1))
            except (LookupError, UnicodeDecodeError):
                break
    raise ActivityFileError(
        filename, "its text is not in the encoding it declares (or in UTF-8, as GPX should be)"
    )
