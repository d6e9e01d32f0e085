"""Review 28: watch files as a member meets them through /run, end to end (both backends).

A file the bot cannot store must be answered as the file's problem, in one line naming it,
with nothing stored; a file it can store must be stored and shown. Every expected figure comes
from the file written here (its laps, its session), never from the bot's reading of it.
"""

from __future__ import annotations

from typing import Any

from tests.activity_files.test_fit import Rec, Session, fit
from tests.activity_files.test_review28_findings import treadmill_tcx
from tests.discord.harness import FakeAttachment, Harness

BUG = "on our side"


async def stored_runs(h: Harness) -> list[dict[str, Any]]:
    rows = await h.store.db.all(
        "SELECT distance_km, moving_seconds, elapsed_seconds, avg_hr FROM runs ORDER BY id"
    )
    return [dict(row) for row in rows]


async def test_a_treadmill_run_whose_watch_measured_no_distance_is_logged(
    harness: Harness,
) -> None:
    # The lap says 0 m (a treadmill without a footpod): 30 minutes at 130 bpm, no distance.
    # The reader gave 0.0 km, the store refuses a distance of 0, and the member was told
    # "That failed on our side ... it is a bug".
    result = await harness.invoke(
        "run", {"file": FakeAttachment("treadmill.tcx", treadmill_tcx())}, expect_errors=True
    )
    assert BUG not in result.text
    assert "Run logged from your watch" in result.text
    assert "30:00 moving" in result.text
    assert await stored_runs(harness) == [
        {"distance_km": None, "moving_seconds": 1800, "elapsed_seconds": 1800, "avg_hr": 130}
    ]
    assert result.logs == []


async def test_a_good_file_before_a_treadmill_file_is_not_hidden_behind_a_bug(
    harness: Harness,
) -> None:
    # The first file's run is stored, then the second file fails on insert: the member reads
    # only "it is a bug", though R1 is in their log.
    good = fit([Session(start=-86400.0)], [Rec(t - 86400.0, metres=3.0 * t) for t in range(601)])
    result = await harness.invoke(
        "run",
        {
            "file": FakeAttachment("monday.fit", good),
            "file2": FakeAttachment("treadmill.tcx", treadmill_tcx()),
        },
        expect_errors=True,
    )
    assert BUG not in result.text
    assert "monday.fit" in result.text
    assert len(await stored_runs(harness)) == 2
    assert result.logs == []


async def test_a_file_with_a_nan_distance_is_refused_and_leaves_nothing_behind(
    harness: Harness,
) -> None:
    # "nan" in every DistanceMeters: no watch writes it. The run was stored (a NaN distance
    # stored as NULL), then its load failed on the NaN, and the member read "it is a bug".
    data = treadmill_tcx(lap_metres="nan", point_metres="nan")
    result = await harness.invoke(
        "run", {"file": FakeAttachment("odd.tcx", data)}, expect_errors=True
    )
    assert BUG not in result.text
    assert result.content.startswith("odd.tcx: ")
    assert result.ephemeral
    assert await stored_runs(harness) == []
    assert result.logs == []
