"""The focus tips state the club's own `[advice]` numbers: a club that counts a leg day as hard
from 80% of max and keeps easy runs to 20-40 minutes is not told "75% of max" and "15 to 30
minutes" (found in review: the tips held the defaults whatever the club set). The numbers are
the config's, written here by hand."""

from __future__ import annotations

from collections.abc import Callable

from tests.discord.harness import Harness

CLUB = {
    "advice": {"heavy_load_percent": 80, "easy_alternative_min_minutes": 20, "easy_minutes_max": 40}
}


async def test_a_hard_leg_day_of_an_endurance_runner_names_the_clubs_heavy_load(
    make_harness: Callable[..., Harness],
) -> None:
    async with make_harness(config=CLUB) as h:
        await h.invoke("profile", {"focus": "endurance"})
        logged = await h.invoke("legday", {"exercises": 4})
    assert "heavy squats (80% of max and up)" in logged.text
    assert "75%" not in logged.text


async def test_canirun_for_a_strength_runner_names_the_clubs_easy_run_length(
    make_harness: Callable[..., Harness],
) -> None:
    async with make_harness(config=CLUB) as h:
        await h.invoke("profile", {"focus": "strength"})
        answer = await h.invoke("canirun", {"type": "easy"})
    assert "most of your runs easy: 20 to 40 minutes at low intensity" in answer.text
    assert "15 to 30" not in answer.text
