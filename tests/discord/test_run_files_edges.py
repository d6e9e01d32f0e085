"""Watch files at their edges, as a member meets them through /run, end to end (both backends).

A file the bot cannot store must be answered as the file's problem, in one line naming it,
with nothing stored; a file it can store must be stored and shown. Every expected figure comes
from the file written here (its laps, its session), never from the bot's reading of it.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.activity_files.test_fit import T0, Rec, Session, fit
from tests.activity_files.test_readings_edges import treadmill_tcx
from tests.discord.harness import ALICE, BOB, FakeAttachment, FakeClock, FakeUser, Harness

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


def _day_run(day: int, km: int) -> bytes:
    """A run on 1 June 2025 + `day` at 17:00 UTC: `km` at 3 m/s, 170 bpm all the way."""
    start = day * 86400.0 + 36000.0
    seconds = km * 1000 / 3.0
    records = [Rec(start + t, metres=3.0 * t, hr=170) for t in range(0, int(seconds) + 1, 5)]
    session = Session(
        start=start, elapsed=seconds, timer=seconds, distance=km * 1000.0, avg_hr=170, max_hr=185
    )
    return fit([session], records)


async def test_why_a_file_was_not_logged_is_shown_however_many_runs_were(
    harness: Harness,
) -> None:
    # Nine runs on nine days, each a kilometre longer than the last (the spike note), each
    # at 89% of the member's maximum heart rate (tempo) the day after a hard leg day (the
    # hard-run note), and a zip. Discord's embed holds 6,000 characters; the reply dropped
    # its last fields to fit, and the zip's "Not logged" line was the very last.
    await harness.invoke("profile", {"max_hr": 190})
    await harness.invoke("run", {"type": "easy", "distance": 3, "when": "2025-05-20 08:00"})
    for day in range(9):
        moment = "2025-05-31 21:00" if day == 0 else f"2025-06-{day:02d} 21:00"
        await harness.invoke("legday", {"exercises": 5, "when": moment})
    files: dict[str, Any] = {
        ("file" if day == 0 else f"file{day + 1}"): FakeAttachment(
            f"2025-06-{day + 1:02d}-morning-run-exported-from-the-watch-app.fit",
            _day_run(day, 5 + day),
        )
        for day in range(9)
    }
    files["file10"] = FakeAttachment("week.zip", b"PK\x03\x04 a zip archive")
    result = await harness.invoke("run", files)
    assert len(await stored_runs(harness)) == 1 + 9
    assert "week.zip: zip archives are not read; attach the .fit inside" in result.text


async def test_a_run_typed_as_it_ended_and_then_sent_as_its_file_is_logged_once(
    harness: Harness, clock: FakeClock
) -> None:
    # The watch's session: 5.4 km from 07:00 to 07:30 UTC. The member logs it by hand a
    # minute after finishing (`when` left at now: 07:31), then sends the file the next day.
    # The repeat check looks for a run started within 2 minutes of 07:00 and finds none: the
    # run is logged twice, and counts twice in /week, the leaderboard and the spike check.
    data = fit(
        [Session(elapsed=1800, timer=1800, distance=5400.0)],
        [Rec(t, metres=3.0 * t) for t in range(0, 1801, 5)],
    )
    clock.set(T0 + timedelta(minutes=31))
    await harness.invoke("run", {"type": "easy", "distance": 5.4, "minutes": 30})
    clock.set(T0 + timedelta(days=1))
    result = await harness.invoke("run", {"file": FakeAttachment("morning.fit", data)})
    assert "already logged as R1" in result.text
    assert len(await stored_runs(harness)) == 1


async def test_every_refused_files_reason_is_shown_beside_a_run_logged(harness: Harness) -> None:
    # Nine files refused and one logged: the refusals share one field, which Discord holds to
    # 1,024 characters, so the last files' reasons were cut ("…") and lost (review 36).
    refused = [f"{n}-exported-from-my-watch-app-on-the-long-drive-home.txt" for n in range(9)]
    options: dict[str, Any] = {"file": FakeAttachment("easy_run.fit", _easy_run())}
    for n, name in enumerate(refused):
        options[f"file{n + 2}"] = FakeAttachment(name, b"splits, not a watch file\n")
    result = await harness.invoke("run", options)
    assert "Run logged from your watch" in result.text
    lines = [line for f in result.embed["fields"] for line in f["value"].splitlines()]
    for name in refused:
        [line] = [line for line in lines if line.startswith(name.replace("_", "\\_"))]
        assert line.endswith("attach the file your watch or its app exported")
    assert all(len(f["value"]) <= 1024 for f in result.embed["fields"])
    assert result.embed["fields"][0]["name"] == "Not logged"


async def test_the_not_logged_reasons_fill_a_field_to_exactly_its_1024_characters(
    harness: Harness,
) -> None:
    # Discord holds an embed field's value to 1,024 characters (its API's embed limits):
    # nine reasons of 1,016 characters in all, with their eight newlines, fill one field to
    # the last character; one character more moves the last reason to a second field, named
    # with an invisible space (a field must have a name) so that "Not logged" heads both.
    reason = "it is not a FIT, GPX or TCX file; attach the file your watch or its app exported"

    async def fields_of(lengths: list[int], user: FakeUser) -> list[dict[str, Any]]:
        names = [f"{n}-{'a' * (length - 6)}.txt" for n, length in enumerate(lengths)]
        options: dict[str, Any] = {"file": FakeAttachment("easy_run.fit", _easy_run())}
        for n, name in enumerate(names):
            options[f"file{n + 2}"] = FakeAttachment(name, b"splits, not a watch file\n")
        result = await harness.invoke("run", options, user=user)
        fields: list[dict[str, Any]] = result.embed["fields"]
        [*not_logged, run] = fields
        assert run["name"].startswith("R")
        lines = [line for field in not_logged for line in field["value"].split("\n")]
        assert lines == [f"{name}: {reason}" for name in names]
        return not_logged

    [whole] = await fields_of([31] * 8 + [30], ALICE)
    assert whole["name"] == "Not logged" and len(whole["value"]) == 1024

    first, second = await fields_of([31] * 9, BOB)
    line = 31 + len(": ") + len(reason)
    assert first["name"] == "Not logged" and len(first["value"]) == 8 * line + 7
    assert second["name"] == "\u200b" and len(second["value"]) == line


def _easy_run() -> bytes:
    return (Path(__file__).resolve().parents[1] / "data" / "easy_run.fit").read_bytes()


async def test_an_unreadable_encoding_or_an_impossible_zone_is_the_files_problem(
    harness: Harness,
) -> None:
    # A declaration naming a codec nobody has, and a point's time 99 hours off UTC: each was
    # an exception the reader did not expect, shown as "a problem on our side (logged)".
    codec = b'<?xml version="1.0" encoding="no-such-codec"?><gpx version="1.1"/>'
    zone = (
        b'<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
        b'<trkpt lat="0" lon="0"><time>2024-05-01T06:00:00+99:00</time></trkpt>'
        b'<trkpt lat="0.01" lon="0"><time>2024-05-01T06:10:00+99:00</time></trkpt>'
        b"</trkseg></trk></gpx>"
    )
    result = await harness.invoke(
        "run",
        {"file": FakeAttachment("codec.gpx", codec), "file2": FakeAttachment("zone.gpx", zone)},
        expect_errors=True,
    )
    assert BUG not in result.text
    assert "codec.gpx: its XML declaration names a text encoding that cannot be read" in result.text
    # As Discord shows it, its markup escaped: "(Invalid time zone in <time>... 06:00:00+99:00)".
    assert (
        "zone.gpx: it is not a valid GPX file \\(Invalid time zone in <\u200btime\\>..."
        " 2024-05-01T06:00:00+99:00\\)"
    ) in result.text
    assert result.ephemeral
    assert await stored_runs(harness) == []
    assert result.logs == []


def _old_runs(first_day: int) -> bytes:
    """Three 5 km runs on three days from 1 June 2025 + `first_day` (before 2025: long ago)."""
    sessions, records = [], []
    for day in range(first_day, first_day + 3):
        start, seconds = day * 86400.0 + 36000.0, 5000 / 3.0
        sessions.append(Session(start=start, elapsed=seconds, timer=seconds, distance=5000.0))
        records += [Rec(start + t, metres=3.0 * t) for t in range(0, int(seconds) + 1, 60)]
    return fit(sessions, records)


async def test_when_no_file_gave_a_run_every_reason_shown_is_whole_and_the_rest_counted(
    harness: Harness,
) -> None:
    # Ten files of three runs each, every run more than 366 days ago: thirty reasons pass a
    # message's 2,000 characters, and the text was cut mid-reason ("…"), the last files' runs
    # not named at all.
    files = {
        ("file" if i == 0 else f"file{i + 1}"): FakeAttachment(
            f"old-watch-export-{i + 1}.fit", _old_runs(-500 - 10 * i)
        )
        for i in range(10)
    }
    result = await harness.invoke("run", files, expect_errors=True)
    assert result.ephemeral
    assert len(result.content) <= 2000
    *shown, last = result.content.split("\n")
    # Every line shown names its file and run whole, and ends its reason whole.
    assert 10 < len(shown) < 30
    for n, line in enumerate(shown):
        assert line.startswith(f"old-watch-export-{n // 3 + 1}.fit, run {n % 3 + 1} of 3 ("), line
        assert line.endswith(
            "the run starts more than 366 days ago; check your watch's clock or give `when`"
        ), line
    assert last == (
        f"…and {30 - len(shown)} more not logged, not shown here: send fewer files at a time."
    )
    assert await stored_runs(harness) == []
