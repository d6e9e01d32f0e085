"""What the watch-file tests share: a file read or refused by the real entry point, and the run
a test expects, written as the differences from one plain 1.8 km, 10-minute run."""

from __future__ import annotations

import pytest

from bot.activity_files import ActivityFileError, ParsedRun, parse_activity_file

# The note a FIT run gets when its session has no distance of its own.
NO_TOTAL = "distance from the track points: the session has no total"


def read_as(name: str, data: bytes) -> list[ParsedRun]:
    return parse_activity_file(name, data)


def refusal_of(name: str, data: bytes) -> str:
    with pytest.raises(ActivityFileError) as caught:
        read_as(name, data)
    return str(caught.value)


def expected_run(**fields: object) -> ParsedRun:
    """A plain run (1.8 km in 600 s moving and elapsed, no heart rate or climb) with `fields`
    changed; `start` and `source` are always given."""
    values: dict[str, object] = {
        "distance_km": 1.8,
        "moving_seconds": 600,
        "elapsed_seconds": 600,
        "avg_hr": None,
        "max_hr": None,
        "elevation_gain_m": None,
        "sport": "running",
        "notes": (),
    }
    values.update(fields)
    return ParsedRun(**values)  # type: ignore[arg-type]
