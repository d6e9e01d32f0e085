"""Which recordings are runs. Only runs are read; anything else is refused by name.

A recording counts as a run when its sport label says "run" in any spelling ("running",
"Running", "trail_running", "TrailRun"), so trail, track and treadmill running all count.
Walking and hiking do not: they are named in the refusal like cycling or swimming. A GPX
track without a type is taken as a run (the member attached it as one); FIT's "generic" and
TCX's "Other" are explicit "not a run" labels and are refused.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.activity_files.errors import ActivityFileError


def sport_label(raw: str) -> str:
    """A label as a member would write it: "trail_running" -> "trail running"."""
    return " ".join(raw.replace("_", " ").split()).lower()


def is_running(label: str) -> bool:
    return "run" in label.replace(" ", "")


def require_runs(filename: str, labels: Sequence[str]) -> None:
    """Refuse the file unless every recording in it is a run, naming what it is instead."""
    if all(is_running(label) for label in labels):
        return
    named = list(dict.fromkeys(label for label in labels if label != "transition"))
    if len(named) == 1:
        raise ActivityFileError(
            filename, f"it is recorded as {named[0]}, not as a run; only runs are read"
        )
    raise ActivityFileError(
        filename,
        f"it is recorded as several sports ({', '.join(named)}); only runs are read",
    )
