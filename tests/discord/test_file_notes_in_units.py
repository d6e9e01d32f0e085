"""A watch file's reading notes speak in no unit of their own: a member who reads miles is not
told "1.0 km of the 1.8 km" (README: distances are shown in your units). The note says which
figure was used and by how much the summary fell short, as a share."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.activity_files.test_moving import steady, tcx_laps
from tests.activity_files.test_tcx import activity, lap, point, tcx
from tests.discord.harness import FakeAttachment, Harness

# The laps say 1,000 m; the points ran 1,800 m (600 s at 3 m/s): 1000 / 1800 = 55.6%.
SHORT_LAPS = tcx_laps([(steady(0, 600, 0, 3.0), 1000.0)]).encode()
# tests/data/make_samples.py's FIT run, with a climb.
EASY_RUN = FakeAttachment(
    "easy_run.fit", (Path(__file__).resolve().parent.parent / "data" / "easy_run.fit").read_bytes()
)
NOTE = "Note: distance from the track points: the laps add up to only 56% of the distance recorded."


@pytest.mark.parametrize(("units", "distance"), [("km", "1.8 km"), ("mi", "1.1 mi")])
async def test_a_short_summary_note_has_no_unit_of_its_own(
    harness: Harness, units: str, distance: str
) -> None:
    await harness.invoke("profile", {"units": units})
    result = await harness.invoke("run", {"file": FakeAttachment("short.tcx", SHORT_LAPS)})
    text = result.text
    assert NOTE in text, text
    # 1.8 km = 1.118 mi: the run itself in the member's units, and no km beside it for miles.
    assert f"{distance} · 10:00 moving" in text, text
    assert units == "km" or " km" not in text


async def test_laps_before_the_first_track_point_are_named_in_the_reply(harness: Harness) -> None:
    # A standing minute, then 2 minutes of lap 2 without points (no GPS fix yet), then the
    # points to 660 s: the laps' 1.8 km in the points' 480 s and the lap's 120 s of running.
    points = [point(t, at_m=3.0 * (t - 180)) for t in range(180, 661)]
    laps = [lap([], start=0, seconds=60, metres=0), lap(points, start=60, seconds=600, metres=1800)]
    data = tcx(activity(laps))
    result = await harness.invoke("run", {"file": FakeAttachment("nofix.tcx", data)})
    text = result.text
    assert "Note: the first 3:00 has no track points: its time is the laps'." in text, text
    assert "1.8 km · 10:00 moving" in text, text


@pytest.mark.parametrize(
    ("units", "climb"),
    # tests/data/make_samples.py gives easy_run.fit a total ascent of 42 m: 42 / 0.3048 ft.
    [("km", "climb 42 m"), ("mi", "climb 138 ft")],
)
async def test_a_watch_runs_climb_is_shown_in_the_members_units(
    harness: Harness, units: str, climb: str
) -> None:
    """/profile's units are "for everything you enter and see": a member who reads miles sees
    the climb in feet, as their watch shows it, not in metres beside a distance in miles."""
    await harness.invoke("profile", {"units": units})
    text = (await harness.invoke("run", {"file": EASY_RUN})).text
    assert f"heart rate avg 145, max 162 bpm · {climb}" in text, text
    assert units == "km" or " m" not in text.split("bpm")[1].split("\n")[0], text


@pytest.mark.parametrize(
    ("units", "distance", "how"),
    [
        # Three easy runs of 5 mi in 50 and 48 min and 4 mi in 42 min: 6, 6.25 and 5.71 mph,
        # median 6 mph (9.656 km/h); the file's 1,800 m in 600 s is 10.8 km/h, 6.71 mph:
        # 10.8 / 9.656 = 1.12 times, steady.
        ("km", 8.04672, "10.8 km/h is 1.12 times the median 9.7 km/h of your last 3"),
        ("mi", 5, "6.7 mph is 1.12 times the median 6.0 mph of your last 3"),
    ],
)
async def test_a_type_from_pace_names_the_speeds_in_the_members_units(
    harness: Harness, units: str, distance: float, how: str
) -> None:
    """A member who reads miles is told the speeds the run type was chosen by in miles an
    hour, not in km/h beside every other figure in miles."""
    await harness.invoke("profile", {"units": units})
    for day, miles, minutes in ((28, 1, 50), (29, 1, 48), (30, 0.8, 42)):
        given = {"type": "easy", "distance": distance * miles, "minutes": minutes}
        await harness.invoke("run", {**given, "when": f"2025-05-{day} 07:00"})
    steady_run = tcx_laps([(steady(0, 600, 0, 3.0), 1800.0)]).encode()
    text = (await harness.invoke("run", {"file": FakeAttachment("steady.tcx", steady_run)})).text
    assert f"Type: steady run (moderate), from your pace against your recent easy runs: {how}" in (
        text
    ), text
