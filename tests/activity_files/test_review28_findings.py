"""Review 28: watch files whose figures the reader gets wrong, each written here by hand.

Each expected figure comes from the file itself (the watch's own session or laps) or from a
value no watch writes, never from the bot's reading of it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.activity_files import parse_activity_file
from tests.activity_files.test_fit import Rec, Session, fit

T0 = datetime(2025, 6, 1, 7, 0, tzinfo=UTC)


def iso(seconds: float) -> str:
    return (T0 + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def treadmill_tcx(lap_metres: str = "0.0", point_metres: str | None = None) -> bytes:
    """A 30-minute run of one lap, a point every 5 s with heart rate (a treadmill without a
    footpod, as Garmin Connect exports it: the lap says 0 m, the points carry no distance)."""
    distance = "" if point_metres is None else f"<DistanceMeters>{point_metres}</DistanceMeters>"
    points = "".join(
        f"<Trackpoint><Time>{iso(t)}</Time>{distance}"
        "<HeartRateBpm><Value>130</Value></HeartRateBpm></Trackpoint>"
        for t in range(0, 1801, 5)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="Running"><Id>{iso(0)}</Id><Lap StartTime="{iso(0)}">'
        f"<TotalTimeSeconds>1800.0</TotalTimeSeconds><DistanceMeters>{lap_metres}</DistanceMeters>"
        "<Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>"
        f"<Track>{points}</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    ).encode()


# --- a run the watch measured no distance for -----------------------------------------------


def test_a_treadmill_tcx_whose_lap_measured_no_distance_has_no_distance() -> None:
    # The lap's own DistanceMeters is 0: the watch measured none. A run of 0 km is no run
    # a member can log (/run's distance is 0.1 and up; the store refuses 0), so the file's
    # run has no distance, as one whose lap leaves DistanceMeters out.
    [run] = parse_activity_file("treadmill.tcx", treadmill_tcx())
    assert run.distance_km is None
    assert (run.moving_seconds, run.elapsed_seconds, run.avg_hr) == (1800, 1800, 130)


def test_a_fit_session_with_a_total_of_zero_metres_has_no_distance() -> None:
    # Heart rate only in the records, the session's total_distance 0 (no footpod, no GPS).
    records = [Rec(t, hr=140) for t in range(0, 1801, 5)]
    session = Session(elapsed=1800, timer=1800, distance=0.0, avg_hr=140, max_hr=150)
    [run] = parse_activity_file("indoor.fit", fit([session], records))
    assert run.distance_km is None
