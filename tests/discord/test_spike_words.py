"""The single-run spike's notes word for word (advice-rules.md, "Single-run spike"): a logged
run's and a planned one's, the first run back after a break, /week's longest-run line, and a
watch run's moving time wherever its length is shown. Expected figures are worked by hand; the
club is on UTC, its week from Monday 00:00."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.models import MemberRef, Run, RunType
from tests.discord.harness import ALICE, DEFAULT_START, GUILD_A, FakeAttachment, FakeClock, Harness
from tests.discord.test_spike import stamp, week_text

T0 = DEFAULT_START  # Tuesday 10 March 2026, 09:00 UTC; the week is Mon 9 – Sun 15 March
DAY = timedelta(days=1)
DATA = Path(__file__).resolve().parent.parent / "data"
WHY = (
    "One big jump in a single run is the spike that goes with overuse injuries; build up in"
    " steps of 10% or less."
)
COMING_BACK = (
    "Coming back after a break is when a first run is most often too long: start back below"
    " your old longest run."
)
# easy_run.fit: 5.0 km in 25:00 moving (1,500 s), from Sunday 4 May 2025 07:30 UTC.
WATCH_RUN_AT = datetime(2025, 5, 4, 7, 30, tzinfo=UTC)


def note(text: str) -> str:
    """The description's line that holds the spike's (or the first run back's) note."""
    [line] = [line for line in text.splitlines() if line.startswith("This ")]
    return line


def watch_run() -> FakeAttachment:
    return FakeAttachment("easy_run.fit", (DATA / "easy_run.fit").read_bytes())


async def test_a_logged_runs_note_by_minutes(harness: Harness) -> None:
    # 67 against 60 minutes: 7 minutes, 11.7% longer, shown 12%; no verdict to keep.
    await harness.invoke("run", {"type": "long", "minutes": 60, "when": "2d ago"})
    result = await harness.invoke("run", {"type": "long", "minutes": 67})
    assert note(result.embed["description"]) == (
        "This run is 7 min (12%) longer than your longest run of the 30 days before it"
        f" (1 h 00 min on {stamp(T0 - 2 * DAY)}). {WHY}"
    )


async def test_a_planned_runs_note_keeps_the_verdict(harness: Harness) -> None:
    # 11.5 against 10 km: 1.5 km, 15% longer.
    await harness.invoke("run", {"type": "long", "distance": 10, "when": "4d ago"})
    result = await harness.invoke("canirun", {"type": "long", "distance": 11.5})
    assert note(result.embed["description"]) == (
        "This plan is 1.5 km (15%) longer than your longest run of the 30 days before it"
        f" (10.0 km on {stamp(T0 - 4 * DAY)}). {WHY} The verdict stays as it is."
    )


async def test_a_logged_first_run_back(harness: Harness) -> None:
    await harness.invoke("run", {"type": "long", "distance": 10, "when": "40d ago"})
    result = await harness.invoke("run", {"type": "easy", "distance": 12})
    assert note(result.embed["description"]) == (
        "This is your first run in more than 30 days (your longest before the break: 10.0 km"
        f" on {stamp(T0 - 40 * DAY)}). {COMING_BACK}"
    )


async def test_a_first_run_back_after_runs_of_minutes_only(harness: Harness) -> None:
    # No run before the break had a distance: the longest is by minutes (90 > 45).
    await harness.invoke("run", {"type": "long", "minutes": 90, "when": "45d ago"})
    await harness.invoke("run", {"type": "easy", "minutes": 45, "when": "50d ago"})
    result = await harness.invoke("run", {"type": "easy", "minutes": 30})
    assert note(result.embed["description"]) == (
        "This is your first run in more than 30 days (your longest before the break: 1 h 30 min"
        f" on {stamp(T0 - 45 * DAY)}). {COMING_BACK}"
    )


async def test_a_first_run_back_after_a_watch_run_without_distance_shows_its_moving_time(
    harness: Harness,
) -> None:
    # A watch run with no distance (a treadmill without a foot pod): its moving time is its
    # length, 1,500 s, as its own reply shows it.
    who = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
    before = T0 - 45 * DAY
    await harness.store.entries.add_run(
        who,
        Run(
            at=before, run_type=RunType.EASY, minutes=25, moving_seconds=1500, elapsed_seconds=1530
        ),
        now=before,
    )
    result = await harness.invoke("run", {"type": "easy", "minutes": 20})
    assert note(result.embed["description"]) == (
        "This is your first run in more than 30 days (your longest before the break: 25:00"
        f" moving on {stamp(before)}). {COMING_BACK}"
    )


async def test_a_first_run_back_after_runs_without_a_length_names_none(harness: Harness) -> None:
    await harness.invoke("run", {"type": "easy", "when": "45d ago"})
    result = await harness.invoke("run", {"type": "easy", "distance": 5})
    assert note(result.embed["description"]) == (
        f"This is your first run in more than 30 days. {COMING_BACK}"
    )


async def test_a_typed_run_against_a_watch_runs_moving_time(
    harness: Harness, clock: FakeClock
) -> None:
    # 30 minutes typed against the watch run's 25:00 moving: 5 minutes, 20% longer.
    clock.set(datetime(2025, 5, 6, 9, 0, tzinfo=UTC))
    await harness.invoke("run", {"file": watch_run()})
    result = await harness.invoke("run", {"type": "easy", "minutes": 30})
    assert note(result.embed["description"]) == (
        "This run is 5 min (20%) longer than your longest run of the 30 days before it"
        f" (25:00 moving on {stamp(WATCH_RUN_AT)}). {WHY}"
    )


def longest_line(text: str) -> str:
    [line] = [line for line in text.splitlines() if line.startswith("**Longest run:**")]
    return line


async def test_week_shows_a_watch_runs_moving_time_against_minutes(
    harness: Harness, clock: FakeClock
) -> None:
    # Sunday 4 May 2025: the week is Mon 28 April – Sun 4 May. The runs before it have no
    # distance, so the watch run's 25:00 moving is compared with 20 minutes: 25% longer.
    clock.set(datetime(2025, 5, 4, 12, 0, tzinfo=UTC))
    before = datetime(2025, 4, 20, 7, 0, tzinfo=UTC)
    await harness.invoke("run", {"type": "easy", "minutes": 20, "when": "2025-04-20 07:00"})
    await harness.invoke("run", {"file": watch_run()})
    assert longest_line(week_text(await harness.invoke("week"))) == (
        f"**Longest run:** 25:00 moving, against 20 min on {stamp(before)}, the longest of the"
        f" 30 days before the week. It is 5 min (25%) longer. {WHY}"
    )


async def test_week_with_nothing_before_shows_its_longest_by_minutes(harness: Harness) -> None:
    await harness.invoke("run", {"type": "long", "minutes": 90, "when": "2026-03-09 07:00"})
    assert longest_line(week_text(await harness.invoke("week"))) == (
        "**Longest run:** 1 h 30 min; no run in the 30 days before the week to compare with."
    )


async def test_week_with_nothing_before_shows_a_watch_runs_moving_time(harness: Harness) -> None:
    who = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
    at = datetime(2026, 3, 9, 7, 0, tzinfo=UTC)
    await harness.store.entries.add_run(
        who, Run(at=at, run_type=RunType.EASY, minutes=25, moving_seconds=1500), now=at
    )
    assert longest_line(week_text(await harness.invoke("week"))) == (
        "**Longest run:** 25:00 moving; no run in the 30 days before the week to compare with."
    )


async def test_week_names_both_measures_none_of_the_runs_before_has(harness: Harness) -> None:
    # The run before the week has neither a distance nor a time.
    await harness.invoke("run", {"type": "easy", "when": "2026-03-01 07:00"})
    await harness.invoke(
        "run", {"type": "long", "distance": 8, "minutes": 50, "when": "2026-03-09 07:00"}
    )
    assert longest_line(week_text(await harness.invoke("week"))) == (
        "**Longest run:** 8.0 km; no run of the 30 days before the week has a distance or time"
        " to compare it with."
    )


async def test_week_names_the_time_a_run_of_minutes_cannot_be_compared_by(
    harness: Harness,
) -> None:
    # The run before the week has a distance only; the week's, minutes only.
    await harness.invoke("run", {"type": "easy", "distance": 5, "when": "2026-03-01 07:00"})
    await harness.invoke("run", {"type": "long", "minutes": 50, "when": "2026-03-09 07:00"})
    assert longest_line(week_text(await harness.invoke("week"))) == (
        "**Longest run:** 50 min; no run of the 30 days before the week has a time to compare"
        " it with."
    )
