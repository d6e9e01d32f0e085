"""Real exports from watches and apps, read by the bot, against an independent reference.

The files are not in this repository (tests/data/real/SOURCES.md says where each comes from);
they are read from $RUNCLUB_REAL_CORPUS, else ../shared/corpus/watch-files beside the clone,
and these tests are skipped with that reason when neither is there. The expected figures are
tests/data/real/expected.json, written by tests/data/real/reference.py (the device's own
summaries where the file has them, else a second reading of the points by another method).

Tolerances, from the issue: distance and moving time within 2% (or 60 s for time), average
heart rate within 2 bpm.
"""

from __future__ import annotations

import gzip
import json
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.activity_files import ActivityFileError, ParsedRun, parse_activity_file
from tests.data.real.reference import ENV, corpus_folder

EXPECTED: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parent.parent / "data" / "real" / "expected.json").read_text()
)
FOLDER = corpus_folder()
pytestmark = pytest.mark.skipif(
    FOLDER is None,
    reason=f"no real watch-file corpus: set {ENV} (see tests/data/real/SOURCES.md)",
)

# The same run exported in several formats (or by two apps from one watch).
SAME_RUN = [
    ("run-6782987395.fit", "run-6782987395.gpx", "run-6782987395.tcx"),
    ("run-2067489619.fit", "run-2067489619.gpx"),
    ("run-6860622783.fit", "run-6860622783.tcx"),
    ("movescount.gpx", "sports-tracker.gpx"),
    # One Forerunner 255 triathlon, its session messages before the records and after them.
    ("muktihari-triathlon_summary_first.fit", "muktihari-triathlon_summary_last.fit"),
]


def read(name: str) -> list[ParsedRun]:
    """The file read as the bot reads it, in the zone expected.json names for a file dated
    only by the watch's clock (a member's profile zone, in the bot)."""
    assert FOLDER is not None
    zone = EXPECTED.get(name, {}).get("zone")
    path = FOLDER / name
    data = (
        path.read_bytes()
        if path.exists()
        else gzip.decompress((FOLDER / f"{name}.gz").read_bytes())
    )
    return parse_activity_file(name, data, None if zone is None else ZoneInfo(zone))


def close_time(seconds: int, expected: float) -> bool:
    return abs(seconds - expected) <= max(60.0, 0.02 * expected)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_reads_as_its_reference(name: str) -> None:
    expected = EXPECTED[name]
    if "refused" in expected:
        with pytest.raises(ActivityFileError) as caught:
            read(name)
        for words in expected["refused"]:
            assert words in caught.value.problem
        return
    runs = read(name)
    assert len(runs) == len(expected["runs"])
    for run, reference in zip(runs, expected["runs"], strict=True):
        assert run.start == datetime.fromisoformat(reference["start"])
        assert run.distance_km is not None
        assert run.distance_km == pytest.approx(reference["distance_km"], rel=0.02)
        assert close_time(run.moving_seconds, reference["moving_s"])
        assert run.moving_seconds <= run.elapsed_seconds
        if reference["avg_hr"] is None:
            assert run.avg_hr is None
        else:
            assert run.avg_hr is not None
            assert abs(run.avg_hr - reference["avg_hr"]) <= 2
        if reference["dropped"]:
            assert any(f"{reference['dropped']:,} point" in note for note in run.notes)


@pytest.mark.parametrize("names", SAME_RUN, ids=lambda names: names[0])
def test_the_same_run_reads_the_same_in_every_format(names: tuple[str, ...]) -> None:
    (first,), *others = [read(name) for name in names]
    for (other,) in others:
        assert other.start.timestamp() == pytest.approx(first.start.timestamp(), abs=5)
        assert first.distance_km is not None and other.distance_km is not None
        assert other.distance_km == pytest.approx(first.distance_km, rel=0.02)
        assert close_time(other.moving_seconds, first.moving_seconds)
        assert first.avg_hr is not None and other.avg_hr is not None
        assert abs(other.avg_hr - first.avg_hr) <= 2


def test_the_corpus_covers_the_brands_and_formats() -> None:
    sources = (Path(__file__).resolve().parent.parent / "data" / "real" / "SOURCES.md").read_text()
    assert len(EXPECTED) >= 60
    for brand in ("Garmin", "Suunto", "Polar", "Coros", "Wahoo", "Strava", "Amazfit", "Sports"):
        assert brand in sources
    for ext in ("fit", "gpx", "tcx"):
        assert sum(name.endswith(ext) for name in EXPECTED) >= 10


def test_laps_timed_before_the_first_track_point_are_part_of_the_run() -> None:
    # unknown-app.tcx, read with xml.etree: the Activity's Id and its first Lap's StartTime
    # are 18:11:26Z, the laps' TotalTimeSeconds add up to 1,916.167 s and their
    # DistanceMeters to 5,729 m, and the first Trackpoint is at 18:14:32Z: the first three
    # laps and most of the fourth (302 m and 271 m of its 298 m in 183 s) have no points.
    # reference.py's moving time: the points' 1,666 s and those 183 s of laps.
    [run] = read("unknown-app.tcx")
    assert run.start == datetime(2017, 5, 9, 18, 11, 26, tzinfo=UTC)
    assert run.distance_km == 5.729
    assert run.elapsed_seconds >= 1916
    assert close_time(run.moving_seconds, 1666 + 183)
    assert run.notes == ("the first 3:06 has no track points: its time is the laps'",)


def test_a_lap_timed_past_the_last_track_point_is_part_of_the_run() -> None:
    # togeojson-sample.tcx, read with xml.etree: one Lap from 02:42:41Z, TotalTimeSeconds
    # 2,325.02 and DistanceMeters 8,348.5; its 19 Trackpoints end at 03:06:32Z (1,431 s) and
    # 3,441 m. It was read as 8.349 km in 1,431 s (2:51/km); the lap's time is the run's:
    # 3.59 m/s over the lap, so its 894 s past the last point are moving.
    [run] = read("togeojson-sample.tcx")
    assert run.start == datetime(2007, 8, 7, 2, 42, 41, tzinfo=UTC)
    assert run.distance_km == 8.349
    assert (run.moving_seconds, run.elapsed_seconds) == (2325, 2325)
    assert run.notes == ("the last 14:54 has no track points: its time is the laps'",)


FIT_RUNS = [name for name in sorted(EXPECTED) if name.endswith(".fit") and "runs" in EXPECTED[name]]


@pytest.mark.parametrize("name", FIT_RUNS)
def test_a_fit_runs_moving_time_is_within_its_timer_time(name: str) -> None:
    # The session's total_timer_time (fitdecode's reading, in expected.json) is every second
    # the watch's timer ran: no second of moving time is outside it. The Suunto trail run
    # (run-6909950168, auto-pause) read 2,168 s against its timer's 2,160.68 s, counting
    # seconds of its pauses while the records before them still showed running.
    for run, reference in zip(read(name), EXPECTED[name]["runs"], strict=True):
        assert run.moving_seconds <= math.floor(reference["timer_s"] + 0.5)
