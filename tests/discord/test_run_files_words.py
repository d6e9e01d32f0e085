"""A run read from a watch file, its field word for word: its time, the figures read (README's
"Runs from your watch": distance, moving time, pace, elapsed time, the RPE given beside the
file, heart rate, climb), its type and how it was chosen, its load, and the note a typed run
gets (advice-rules.md, "After the fact"). easy_run.fit is tests/data/make_samples.py's: 5 km
in 25:00 moving, 25:30 in all, heart rate avg 145 and max 162, 42 m of climb, from
2025-05-04 07:30 UTC."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from tests.activity_files.test_fit import T0, Rec, Session, fit
from tests.discord.harness import ALICE, FakeAttachment, FakeClock, Harness, Result, discord_ts
from tests.discord.test_run_files import NOW, sample

START = datetime(2025, 5, 4, 7, 30, tzinfo=UTC)
INFO_BLUE = 0x3498DB  # the colour of every reply that only informs
WHEN = f"{discord_ts(START)} ({discord_ts(START, 'R')})"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


def run_field(result: Result) -> list[str]:
    [field] = result.embed["fields"]
    # The file's name as plain text: its underscore escaped, so Discord shows it, not italics.
    assert field["name"] == "R1 · easy\\_run.fit"
    return str(field["value"]).split("\n")


async def test_an_easy_run_given_rpe_8_after_a_hard_leg_day(harness: Harness) -> None:
    # 13 hours 30 minutes before the run: within the 48 hours.
    await harness.invoke("legday", {"exercises": 4, "when": "2025-05-03 18:00"})

    result = await harness.invoke("run", {"file": sample("easy_run.fit"), "type": "easy", "rpe": 8})

    assert result.ephemeral
    assert result.embed["title"] == "Run logged from your watch: Easy run"
    # README: "only that summary [is kept] ... the file itself [is] not stored".
    assert result.embed["description"].split("\n") == [
        "1 run read from 1 file and logged.",
        "Only the summary below is kept; the file itself is not stored.",
    ]
    assert result.embed["color"] == INFO_BLUE
    assert result.embed["footer"]["text"] == "Entry R1"
    assert run_field(result) == [
        WHEN,
        "5.0 km · 25:00 moving · 5:00 /km · 25:30 in all · RPE 8/10",
        "heart rate avg 145, max 162 bpm · climb 42 m",
        "Type: easy run, as you gave it.",
        # RPE 8 × 25 minutes moving.
        "Load: 200 (RPE 8 × 25 min).",
        "RPE 8 sounds harder than easy. Within 48 hours of a hard leg day, keep easy runs truly"
        " easy (you can talk in full sentences): the same tired fibres do the hard work.",
    ]


async def test_a_type_the_bot_chose_says_how_and_where_to_change_it(harness: Harness) -> None:
    result = await harness.invoke("run", {"file": sample("easy_run.fit")})

    lines = run_field(result)
    # No RPE given: none shown among the figures (the load's is estimated, and says so).
    assert lines[1] == "5.0 km · 25:00 moving · 5:00 /km · 25:30 in all"
    assert lines[3] == (
        "Type: easy run, no maximum heart rate set and fewer than 3 easy runs to compare:"
        " assumed easy. Not right? Change it with `/edit entry:R1 type:...`."
    )


async def test_a_long_file_name_is_cut_at_200_characters_in_its_runs_field(
    harness: Harness,
) -> None:
    name = "a" * 246 + ".fit"
    attached = FakeAttachment(name, sample("easy_run.fit").data)
    result = await harness.invoke("run", {"file": attached})
    [field] = result.embed["fields"]
    assert field["name"] == "R1 · " + "a" * 200


def _steady_half_hour(*, avg_hr: int | None, max_hr: int | None) -> FakeAttachment:
    """6 km at an even 10/3 m/s, 30:00 moving and 30:00 in all (no stop, no pause): one
    heart-rate figure of the session's two, the other not written."""
    data = fit(
        [Session(elapsed=1800, timer=1800, distance=6000.0, avg_hr=avg_hr, max_hr=max_hr)],
        [Rec(t, metres=t * 10 / 3) for t in range(0, 1801, 5)],
    )
    return FakeAttachment("steady.fit", data)


@pytest.mark.parametrize(
    ("avg_hr", "max_hr", "heart"),
    [(150, None, "heart rate avg 150 bpm"), (None, 170, "heart rate max 170 bpm")],
)
async def test_no_stop_shows_no_time_in_all_and_one_heart_rate_figure_alone(
    harness: Harness,
    clock: FakeClock,
    avg_hr: int | None,
    max_hr: int | None,
    heart: str,
) -> None:
    clock.set(T0 + timedelta(hours=2))
    result = await harness.invoke(
        "run", {"file": _steady_half_hour(avg_hr=avg_hr, max_hr=max_hr), "type": "steady"}
    )
    [field] = result.embed["fields"]
    # 30:00 for 6 km is 5:00 a km; the elapsed time is the moving time, so it is not repeated.
    assert str(field["value"]).split("\n")[1:3] == ["6.0 km · 30:00 moving · 5:00 /km", heart]


async def test_with_public_logs_the_channel_is_told_who_logged_what(
    make_harness: Callable[..., Harness],
) -> None:
    async with make_harness(config={"club": {"public_logs": True}}) as h:
        result = await h.invoke("run", {"file": sample("easy_run.fit")})
    [public] = result.followups
    assert public["embeds"][0]["description"].split("\n") == [
        f"<@{ALICE.id}> logged 1 run from 1 file.",
        "Only the summary below is kept; the file itself is not stored.",
    ]


async def test_a_run_with_no_figures_goes_from_its_time_straight_to_its_type(
    harness: Harness, clock: FakeClock
) -> None:
    # A watch started and stopped at once: no distance, no time, nothing for a figures line,
    # and no empty line in its place.
    clock.set(T0 + timedelta(hours=2))
    data = fit([Session(elapsed=0, timer=0, distance=None)], [Rec(0)])
    result = await harness.invoke("run", {"file": FakeAttachment("blip.fit", data), "type": "easy"})
    [field] = result.embed["fields"]
    assert str(field["value"]).split("\n") == [
        f"{discord_ts(T0)} ({discord_ts(T0, 'R')})",
        "Type: easy run, as you gave it.",
        "Load: not counted without minutes or a distance; add `minutes` next time.",
    ]
