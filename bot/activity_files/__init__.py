"""Members' watch files (FIT, GPX, TCX) read into run summaries; pure, no discord or store.

The bot runs `parse_activity_file` in its helper process (bot.offload) with a time limit;
everything it returns or raises pickles.
"""

from __future__ import annotations

from bot.activity_files.errors import ActivityFileError
from bot.activity_files.intensity import (
    DEFAULT_RULES,
    IntensityRules,
    guess_intensity,
    run_type_for,
)
from bot.activity_files.model import FileFormat, ParsedRun
from bot.activity_files.reader import MAX_FILE_BYTES, MAX_POINTS, parse_activity_file

__all__ = [
    "DEFAULT_RULES",
    "MAX_FILE_BYTES",
    "MAX_POINTS",
    "ActivityFileError",
    "FileFormat",
    "IntensityRules",
    "ParsedRun",
    "guess_intensity",
    "parse_activity_file",
    "run_type_for",
]
