"""Issue 18, points 9 and 10 end to end: one run shows one time and one pace wherever it is
shown (its exact moving time), and runs without a distance never show "0.00 km"."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.discord.harness import BOB, FakeAttachment, FakeClock, Harness, Result

DATA = Path(__file__).resolve().parent.parent / "data"
# Two days after run.tcx's run (2025-05-08 17:15 UTC), a Saturday.
NOW = datetime(2025, 5, 10, 12, 0, tzinfo=UTC)
# run.tcx: 4.251 km in 1180 s moving (tests/discord/test_run_files.py::test_a_tcx_file).
# 1180 s / 4.251 km = 277.6 s per km -> 4:38 /km; per mile 1180 / (4.251 / 1.609344) = 446.7 s
# -> 7:27 /mi. The old rounded 20 minutes gave 4:42 /km.
TCX_LINE = {"km": "4.3 km · 19:40 moving · 4:38 /km", "mi": "2.6 mi · 19:40 moving · 7:27 /mi"}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


def followup_embed(result: Result) -> dict[str, object]:
    (followup,) = result.followups
    (embed,) = followup["embeds"]
    assert isinstance(embed, dict)
    return embed


@pytest.mark.parametrize("units", ["km", "mi"])
async def test_a_watch_run_shows_the_same_moving_time_and_pace_logged_and_in_history(
    harness: Harness, units: str
) -> None:
    await harness.invoke("profile", {"units": units})
    logged = await harness.invoke(
        "run", {"file": FakeAttachment("run.tcx", (DATA / "run.tcx").read_bytes())}
    )
    assert TCX_LINE[units] in logged.text, logged.text

    history = followup_embed(await harness.invoke("history"))
    description = str(history["description"])
    assert f"**Easy run** · {TCX_LINE[units]}" in description, description
    assert "20 min" not in description
    assert description.startswith(f"1 run · {TCX_LINE[units].split(' moving')[0]} · 0 leg days")
    # The stored minutes are the moving time itself: every sum and load starts from it.
    row = await harness.store.db.one("SELECT minutes, moving_seconds FROM runs")
    assert row is not None and (row[0], row[1]) == (1180 / 60, 1180)

    # /delete's autocomplete names it by distance; /edit shows it the same way.
    edited = await harness.invoke("edit", {"entry": "R1", "notes": "tempo-ish"})
    assert TCX_LINE[units] in edited.text, edited.text


async def test_a_typed_run_keeps_its_whole_minutes(harness: Harness) -> None:
    await harness.invoke("run", {"type": "easy", "minutes": 30, "when": "1h ago"})
    history = followup_embed(await harness.invoke("history"))
    assert "**Easy run** · 30 min" in str(history["description"])


# -- point 10: no "0.00 km" ---------------------------------------------------------------------


@pytest.mark.parametrize("units", ["km", "mi"])
async def test_week_and_board_say_no_distance_for_runs_without_one(
    harness: Harness, units: str
) -> None:
    # Saturday 10 May 2025: a week (Mon 5 – Sun 11 May) of one run with minutes only.
    await harness.invoke("profile", {"units": units})
    await harness.invoke("run", {"type": "easy", "minutes": 30, "when": "1h ago"})
    await harness.invoke("run", {"type": "easy", "distance": 5, "minutes": 30}, user=BOB)

    week = followup_embed(await harness.invoke("week"))
    description = str(week["description"])
    assert "0.00" not in description and "0.0 " not in description
    assert "**Runs:** 1 run · no distance · 30 min\neasy/recovery 1 (no distance)," in description

    board = await harness.invoke("leaderboard")
    lines = board.embed["description"].splitlines()
    assert "0.00" not in board.embed["description"]
    bob_units = "5.0 km" if units == "km" else "3.1 mi"  # 5 km = 3.107 mi
    assert lines[0].endswith(f" · {bob_units} · 1 run · 30 min"), lines
    assert lines[1].endswith(" · no distance · 1 run · 30 min"), lines


async def test_a_short_distance_keeps_its_own_decimals(harness: Harness) -> None:
    await harness.invoke("run", {"type": "easy", "distance": 0.5, "minutes": 4, "when": "1h ago"})
    week = followup_embed(await harness.invoke("week"))
    assert "**Runs:** 1 run · 0.50 km · 4 min" in str(week["description"])


# -- the same figures in every reply ------------------------------------------------------------


async def test_a_watch_runs_load_line_multiplies_to_its_load(harness: Harness) -> None:
    """Load = RPE × minutes: 3 × 19:40 (1180 s) = 59.0, so the line must not say "× 20 min"
    (3 × 20 = 60) beside a load of 59."""
    logged = await harness.invoke(
        "run", {"file": FakeAttachment("run.tcx", (DATA / "run.tcx").read_bytes())}
    )
    assert "Load: 59 (RPE 3 × 19:40) (estimated: RPE)." in logged.text, logged.text


async def test_an_estimated_time_in_the_load_line_multiplies_to_its_load(harness: Harness) -> None:
    # A usual long-run pace of 5:30 /km (55 min for 10 km); 7.3 km at it is 40.15 min = 40:09,
    # and 5 × 40.15 = 200.75 -> 201 ("× 40 min" would multiply to 200).
    await harness.invoke("run", {"type": "long", "distance": 10, "minutes": 55, "when": "2d ago"})
    logged = await harness.invoke("run", {"type": "long", "distance": 7.3, "when": "1h ago"})
    assert "Load: 201 (RPE 5 × 40:09) (estimated: RPE and minutes)." in logged.text, logged.text


async def test_the_board_shows_the_same_time_as_week_and_history(harness: Harness) -> None:
    """One member's week of one watch run (19:40 moving) and a typed 30 min: 49:40 in all,
    the same in /week, /history and on the board (not "50 min" on one and "49:40" on another)."""
    await harness.invoke(
        "run", {"file": FakeAttachment("run.tcx", (DATA / "run.tcx").read_bytes())}
    )
    await harness.invoke("run", {"type": "easy", "minutes": 30, "when": "1h ago"})
    week = str(followup_embed(await harness.invoke("week"))["description"])
    assert "**Runs:** 2 runs · 4.3 km · 49:40" in week, week
    history = str(followup_embed(await harness.invoke("history"))["description"])
    assert history.startswith("2 runs · 4.3 km · 49:40 · 0 leg days"), history
    board = await harness.invoke("leaderboard")
    assert board.embed["description"].splitlines()[0].endswith(" · 4.3 km · 2 runs · 49:40")
