"""A club's own `[advice]` numbers reach the replies, end to end (advice-rules.md: "the numbers
in them are defaults that a club may tune in its config"). Each case runs once with the
defaults and once with a club's value, and the outcome differs: the heart-rate and speed
bands that type a run read from a watch file, how many easy runs its speed is compared with,
how many runs with a distance and minutes give a member's usual pace, and the weeks /week
compares with and needs held for a base. The club's numbers are the config's, written here
by hand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.discord.harness import FakeAttachment, FakeClock, Harness

DATA = Path(__file__).resolve().parent.parent / "data"
# After the sample file's run (easy_run.fit: 2025-05-04 07:30 UTC, 5.0 km in 25:00 moving,
# 12 km/h, average heart rate 145).
NOW = datetime(2025, 5, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


def easy_run_fit() -> FakeAttachment:
    return FakeAttachment("easy_run.fit", (DATA / "easy_run.fit").read_bytes())


async def file_run_type(h: Harness) -> tuple[str, str]:
    """Log easy_run.fit without a type: the type stored and the reply's text."""
    result = await h.invoke("run", {"file": easy_run_fit()})
    row = await h.store.db.one("SELECT run_type FROM runs ORDER BY id DESC LIMIT 1")
    assert row is not None
    return str(row["run_type"]), result.text


async def easy_runs(h: Harness, minutes: list[int]) -> None:
    """Typed easy 5 km runs before the file's, oldest first, each taking `minutes`."""
    for day, taken in enumerate(minutes, start=1):
        await h.invoke(
            "run",
            {"type": "easy", "distance": 5, "minutes": taken, "when": f"2025-05-0{day} 07:00"},
        )


@pytest.mark.parametrize(
    ("advice", "run_type"),
    [
        ({}, "easy"),  # 72.5% is below the default 75%
        ({"hr_low_below_percent": 70}, "steady"),
        ({"hr_low_below_percent": 65, "hr_high_above_percent": 70}, "tempo"),
    ],
)
async def test_the_clubs_heart_rate_bands_type_a_file_run(
    make_harness: Callable[..., Harness], advice: dict[str, Any], run_type: str
) -> None:
    async with make_harness(config={"advice": advice}) as h:
        await h.invoke("profile", {"max_hr": 200})
        stored, text = await file_run_type(h)
    assert stored == run_type
    assert "from your average heart rate: 145 bpm is 72.5% of your max of 200" in text


@pytest.mark.parametrize(
    ("advice", "run_type"),
    [
        ({}, "tempo"),  # 1.20 times is above the default 1.15
        ({"speed_moderate_up_to": 1.25}, "steady"),
        ({"speed_low_up_to": 1.2, "speed_moderate_up_to": 1.3}, "easy"),
    ],
)
async def test_the_clubs_speed_bands_type_a_file_run(
    make_harness: Callable[..., Harness], advice: dict[str, Any], run_type: str
) -> None:
    async with make_harness(config={"advice": advice}) as h:
        await easy_runs(h, [30, 30, 30])  # 10 km/h each
        stored, text = await file_run_type(h)
    assert stored == run_type
    assert "12.0 km/h is 1.20 times the median 10.0 km/h of your last 3" in text


@pytest.mark.parametrize(
    ("advice", "run_type", "how"),
    [
        ({}, "easy", "fewer than 3 easy runs to compare: assumed easy"),
        ({"min_easy_runs": 2}, "tempo", "1.20 times the median 10.0 km/h of your last 2"),
    ],
)
async def test_the_clubs_fewest_easy_runs_to_compare_with(
    make_harness: Callable[..., Harness], advice: dict[str, Any], run_type: str, how: str
) -> None:
    async with make_harness(config={"advice": advice}) as h:
        await easy_runs(h, [30, 30])
        stored, text = await file_run_type(h)
    assert stored == run_type
    assert how in text


@pytest.mark.parametrize(
    ("advice", "run_type", "how"),
    [
        # The three at 10, 10 and 12 km/h: median 10, so 12 km/h is 1.20 times.
        ({}, "tempo", "12.0 km/h is 1.20 times the median 10.0 km/h of your last 3"),
        # The newest two, 10 and 12 km/h: median 11, so 1.09 times.
        (
            {"recent_easy_runs": 2, "min_easy_runs": 2},
            "steady",
            "12.0 km/h is 1.09 times the median 11.0 km/h of your last 2",
        ),
    ],
)
async def test_the_clubs_count_of_recent_easy_runs(
    make_harness: Callable[..., Harness], advice: dict[str, Any], run_type: str, how: str
) -> None:
    async with make_harness(config={"advice": advice}) as h:
        await easy_runs(h, [30, 30, 25])
        stored, text = await file_run_type(h)
    assert stored == run_type
    assert how in text


@pytest.mark.parametrize(
    ("advice", "load"),
    [
        # The median of the three tempo runs' paces, 5:00 /km: 50 minutes for 10 km.
        ({}, "Load: 450 (RPE 9 × 50 min) (estimated: minutes)."),
        # Only the latest, 4:00 /km: 40 minutes.
        ({"pace_runs": 1}, "Load: 360 (RPE 9 × 40 min) (estimated: minutes)."),
    ],
)
async def test_the_clubs_count_of_runs_for_the_usual_pace(
    make_harness: Callable[..., Harness], advice: dict[str, Any], load: str
) -> None:
    async with make_harness(config={"advice": advice}) as h:
        for minutes in (50, 50, 40):
            await h.invoke("run", {"type": "tempo", "distance": 10, "minutes": minutes})
        paced = await h.invoke("run", {"type": "tempo", "distance": 10, "rpe": 9})
    assert load in paced.text


# /week for the week of Monday 9 March 2026 (club zone UTC), asked on its Sunday evening.
SUNDAY = datetime(2026, 3, 15, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("advice", "said"),
    [
        # Two of the four weeks before hold an entry: fewer than the default 3.
        (
            {},
            "Not enough history to compare yet: that needs entries in 3 of the 4 weeks before"
            " and an average load of 100 or more.",
        ),
        # A club's `load_base_weeks = 2`: a ratio with two weeks of history (400 / 4 = 100).
        (
            {"load_base_weeks": 2},
            "Your usual week (average of the four before): 100; this one is ×3.00",
        ),
        # A club's `load_weeks_compared = 2`: the two weeks before, 400 / 2 = 200.
        (
            {"load_weeks_compared": 2, "load_base_weeks": 2},
            "Your usual week (average of the two before): 200; this one is ×1.50",
        ),
        (
            {"load_weeks_compared": 2, "load_base_weeks": 2, "load_base_floor": 300},
            "Not enough history to compare yet: that needs entries in 2 of the 2 weeks before"
            " and an average load of 300 or more.",
        ),
    ],
)
async def test_the_clubs_weeks_compared_and_held_for_a_base(
    make_harness: Callable[..., Harness], clock: FakeClock, advice: dict[str, Any], said: str
) -> None:
    clock.set(SUNDAY)
    async with make_harness(config={"advice": advice}) as h:
        for day in ("2026-02-25", "2026-03-04"):  # the 23 Feb and 2 Mar weeks: 200 each
            await h.invoke("run", {"type": "easy", "minutes": 40, "rpe": 5, "when": day})
        await h.invoke("run", {"type": "easy", "minutes": 60, "rpe": 5, "when": "2026-03-10"})
        result = await h.invoke("week")
    (followup,) = result.followups
    (embed,) = followup["embeds"]
    assert said in embed["description"], embed["description"]
    (attachment,) = followup["attachments"]
    weeks = advice.get("load_weeks_compared", 4)
    assert attachment["description"].endswith(f"with the {weeks}-week average")
