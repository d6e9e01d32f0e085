"""/run file:path in the offline console: a local watch file, with the limits of Discord's."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.ops.console_driving import session, settings_for

DATA = Path(__file__).resolve().parents[1] / "data"
NOW = datetime(2025, 5, 10, 12, 0, tzinfo=UTC)


def test_a_local_file_is_read_and_logged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_for(tmp_path)
    # The missing file by a path relative to the working folder: a message shortens a name
    # over 80 characters, and tmp_path's length depends on the machine (and on pytest-xdist).
    monkeypatch.chdir(tmp_path)
    big = tmp_path / "big.gpx"
    with big.open("wb") as handle:
        handle.truncate(26 * 1024 * 1024)
    transcript = session(
        settings,
        f"/run file:{DATA / 'easy_run.fit'} file2:{DATA / 'run.zip'}",
        f"/run file:{DATA / 'easy_run.fit'}",
        "/run file:missing.fit",
        f"/run file:{big}",
        "help run",
        now=NOW,
    )
    assert "Run logged from your watch: Easy run" in transcript
    assert "5.0 km · 25:00 moving · 5:00 /km" in transcript
    assert "run.zip: zip archives are not read; attach the .fit inside" in transcript
    assert "easy_run.fit: already logged as R1, so not logged again" in transcript
    assert "There is no file “missing.fit” on this computer" in transcript
    assert "big.gpx: it is 26 MB; files up to 25 MB are read" in transcript
    assert "file:path/to/file (.fit, .gpx or .tcx)" in transcript
    with sqlite3.connect(settings.database.path) as conn:
        rows = conn.execute(
            "SELECT distance_km, moving_seconds, avg_hr, source FROM runs"
        ).fetchall()
    assert rows == [(5.0, 1500, 145, "fit")]
