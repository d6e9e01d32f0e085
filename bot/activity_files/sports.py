"""Which recordings are runs. Only runs are logged; anything else is named in words.

A recording counts as a run when its sport label says "run" in any spelling ("running",
"Running", "trail_running", "TrailRun"), so trail, track, treadmill and virtual running all
count. Walking and hiking do not. A GPX track without a type is taken as a run (the member
attached it as one); FIT's "generic" and TCX's "Other" are explicit "not a run" labels.

Strava writes its own activity number in a GPX track's <type> (9 for a run, 1 for a ride);
STRAVA_TYPES turns the numbers into words, so a refusal names the sport, never a number;
its newer words ("TrailRun", "VirtualRun") are runs by the rule above.

A file with several parts (a FIT or TCX multisport session, a brick, a GPX file with tracks
of different sports) logs its running parts and names the others as skipped; a file with no
running part is refused with its sports named. Transitions are neither.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.activity_files.errors import ActivityFileError

# Strava's activity type numbers, as its GPX export writes them in <trk><type>.
STRAVA_TYPES: dict[str, str] = {
    "1": "ride",
    "2": "alpine ski",
    "3": "backcountry ski",
    "4": "hike",
    "5": "ice skate",
    "6": "inline skate",
    "7": "nordic ski",
    "8": "roller ski",
    "9": "run",
    "10": "walk",
    "11": "workout",
    "12": "snowboard",
    "13": "snowshoe",
    "14": "kitesurf",
    "15": "windsurf",
    "16": "swim",
    "17": "virtual ride",
    "18": "e-bike ride",
    "19": "velomobile",
    "20": "canoeing",
    "21": "kayaking",
    "22": "rowing",
    "23": "stand up paddling",
    "24": "surfing",
    "25": "crossfit",
    "26": "elliptical",
    "27": "rock climbing",
    "28": "stair stepper",
    "29": "weight training",
    "30": "yoga",
    "31": "wheelchair",
    "32": "handcycle",
}
# FIT and TCX words that are not a sport, named by what they mean.
_PLAIN = {"generic": "no sport (generic)", "other": "other (no sport given)"}
TRANSITION = "transition"


# A sport's name is whatever the file says: a real one is a few words, a longer one is cut
# where a reply names it (whether it is a run is read from all of it).
_NAMED_MAX = 40


def sport_label(raw: str) -> str:
    """A label as a member would write it: "trail_running" -> "trail running"."""
    return " ".join(raw.replace("_", " ").split()).lower()


def _named(label: str) -> str:
    """A label as a reply names it: in plain words, cut when long."""
    named = _PLAIN.get(label, label)
    return named if len(named) <= _NAMED_MAX else named[: _NAMED_MAX - 1] + "…"


def gpx_type_label(raw: str) -> str:
    """A GPX track's <type> in words: Strava's numbers named, anything else as written."""
    label = sport_label(raw)
    if label.isdigit():
        return STRAVA_TYPES.get(label, f"a sport Strava numbers {label} (not a run)")
    return label


def is_running(label: str) -> bool:
    return "run" in label.replace(" ", "") and "not a run" not in label


def skipped_note(labels: Sequence[str]) -> str | None:
    """The line saying which parts of a file were not logged, or None when none were."""
    others = [label for label in labels if not is_running(label) and label != TRANSITION]
    if not others:
        return None
    named = list(dict.fromkeys(_named(label) for label in others))
    # "swimming and cycling", as a sentence lists them; "swimming, cycling parts" reads as one.
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    return f"the file's {listed} parts were not logged: only runs are"


def require_a_run(filename: str, labels: Sequence[str]) -> None:
    """Refuse the file when no recording in it is a run, naming what it holds instead."""
    if any(is_running(label) for label in labels):
        return
    named = list(dict.fromkeys(_named(label) for label in labels if label != TRANSITION))
    if not named:
        named = [TRANSITION]
    if len(named) == 1:
        raise ActivityFileError(
            filename, f"it is recorded as {named[0]}, not as a run; only runs are read"
        )
    raise ActivityFileError(
        filename,
        f"it is recorded as several sports ({', '.join(named)}), none of them a run; "
        "only runs are read",
    )
