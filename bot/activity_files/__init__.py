"""Members' watch files (FIT, GPX, TCX) read into run summaries; pure, no discord or store.

The bot runs `parse_activity_file` in its helper process (bot.offload) with a time limit;
everything it returns or raises pickles.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.activity_files.errors import ActivityFileError
from bot.activity_files.intensity import guess_intensity, run_type_for
from bot.activity_files.model import (
    MAX_FILE_BYTES,
    MAX_POINTS,
    FileFormat,
    ParsedRun,
    size_text,
    speed_kmh,
)


def parse_activity_file(
    name: str,
    data: bytes,
    zone: ZoneInfo | None = None,
    *,
    max_points: int = MAX_POINTS,
    max_bytes: int = MAX_FILE_BYTES,
) -> list[ParsedRun]:
    """`reader.parse_activity_file`, imported where a file is read: the parsers (fitdecode,
    defusedxml) and gpxpy load in the helper process, never in the bot's own."""
    from bot.activity_files import reader  # noqa: PLC0415

    return reader.parse_activity_file(name, data, zone, max_points=max_points, max_bytes=max_bytes)


__all__ = [
    "MAX_FILE_BYTES",
    "MAX_POINTS",
    "ActivityFileError",
    "FileFormat",
    "ParsedRun",
    "guess_intensity",
    "parse_activity_file",
    "run_type_for",
    "size_text",
    "speed_kmh",
]
