"""Issue 18, point 8 end to end: the load ratio needs a base and carries no warning; the
single-run spike note on /run (typed and from a file) and /canirun (`distance` or `minutes`);
the gentler line for a first run back; /week's longest run. Each threshold on both sides, in
km and in miles, on both backends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.discord.harness import DEFAULT_START, FakeAttachment, FakeClock, Harness, Result

T0 = DEFAULT_START  # Tuesday 10 March 2026, 09:00 UTC; the week is Mon 9 – Sun 15 March
DAY = timedelta(days=1)
DATA = Path(__file__).resolve().parent.parent / "data"
NOTE = "longer than your longest run of the 30 days before it"
WHY = "One big jump in a single run is the spike that goes with overuse injuries"
COMEBACK = "start back below your old longest run"


def stamp(at: datetime) -> str:
    return f"<t:{int(at.timestamp())}:D>"


def week_text(result: Result) -> str:
    (followup,) = result.followups
    (embed,) = followup["embeds"]
    return str(embed["description"])


# -- the ratio ------------------------------------------------------------------------------


async def test_a_newcomers_week_has_no_ratio_and_no_warning(harness: Harness) -> None:
    """The issue's "×69.39, a big jump": one short run in the four weeks before."""
    await harness.invoke("run", {"type": "easy", "minutes": 10, "when": "2026-02-20 07:00"})
    for day in (9, 10):
        await harness.invoke(
            "run", {"type": "long", "minutes": 90, "rpe": 7, "when": f"2026-03-{day:02d} 07:00"}
        )
    text = week_text(await harness.invoke("week"))
    assert "Not enough history to compare yet" in text, text
    assert "this one is ×" not in text and "big jump on your usual week" not in text


@pytest.mark.parametrize(("weeks", "ratio"), [(2, None), (3, "×")], ids=["2-of-4", "3-of-4"])
async def test_the_ratio_needs_three_of_the_four_weeks_before(
    harness: Harness, weeks: int, ratio: str | None
) -> None:
    # 60 minutes at RPE 5 (300) in each of the last `weeks` weeks before; this week 600.
    for n in range(1, weeks + 1):
        when = (datetime(2026, 3, 9, 7, tzinfo=UTC) - n * 7 * DAY).strftime("%Y-%m-%d %H:%M")
        await harness.invoke("run", {"type": "easy", "minutes": 60, "rpe": 5, "when": when})
    await harness.invoke("run", {"type": "easy", "minutes": 120, "rpe": 5, "when": "1h ago"})
    text = week_text(await harness.invoke("week"))
    if ratio is None:
        assert "Not enough history to compare yet" in text and "this one is ×" not in text
    else:
        # 600 against (0 + 300 + 300 + 300) / 4 = 225: ×2.67, shown with no warning.
        assert "this one is ×2.67, as context only." in text, text
        assert 'usual week"' not in text and "Not enough history" not in text
        assert "A big jump on your usual week" not in text


@pytest.mark.parametrize(("floor", "ratio"), [(225, True), (226, False)])
async def test_the_base_floor_on_both_sides(
    make_harness: Callable[..., Harness], floor: int, ratio: bool
) -> None:
    async with make_harness(config={"advice": {"load_base_floor": floor}}) as h:
        for n in (1, 2, 3):
            when = (datetime(2026, 3, 9, 7, tzinfo=UTC) - n * 7 * DAY).strftime("%Y-%m-%d %H:%M")
            await h.invoke("run", {"type": "easy", "minutes": 60, "rpe": 5, "when": when})
        text = week_text(await h.invoke("week"))
    assert ("×0.00, as context only." in text) is ratio, text
    assert ("Not enough history to compare yet" in text) is not ratio


# -- /run, typed ----------------------------------------------------------------------------


@pytest.mark.parametrize("units", ["km", "mi"])
@pytest.mark.parametrize(
    ("new", "note"),
    [(11, None), (11.01, f"1.0 {{u}} (just over 10%) {NOTE}"), (13, f"3.0 {{u}} (30%) {NOTE}")],
    ids=["exactly-10%", "just-over", "30%"],
)
async def test_a_typed_run_more_than_10_percent_longer_gets_the_note(
    harness: Harness, units: str, new: float, note: str | None
) -> None:
    await harness.invoke("profile", {"units": units})
    await harness.invoke("run", {"type": "long", "distance": 10, "when": "5d ago"})
    await harness.invoke("run", {"type": "easy", "distance": 4, "when": "3d ago"})

    result = await harness.invoke("run", {"type": "long", "distance": new})

    text = result.text
    if note is None:
        assert NOTE not in text and COMEBACK not in text, text
    else:
        assert note.format(u=units) in text, text
        assert f"(10.0 {units} on {stamp(T0 - 5 * DAY)})" in text
        assert WHY in text and "steps of 10% or less" in text


@pytest.mark.parametrize(("minutes", "note"), [(66, False), (67, True)])
async def test_without_distances_the_minutes_are_compared(
    harness: Harness, minutes: int, note: bool
) -> None:
    await harness.invoke("run", {"type": "long", "minutes": 60, "when": "2d ago"})
    result = await harness.invoke("run", {"type": "long", "minutes": minutes})
    assert (NOTE in result.text) is note, result.text
    if note:
        assert f"7 min (12%) {NOTE} (1 h 00 min on {stamp(T0 - 2 * DAY)})" in result.text


@pytest.mark.parametrize(
    ("before", "expected"),
    [(timedelta(days=30), NOTE), (timedelta(days=30, minutes=1), COMEBACK)],
    ids=["exactly-30-days-before", "a-minute-more"],
)
async def test_the_30_days_and_the_first_run_back(
    harness: Harness, clock: FakeClock, before: timedelta, expected: str
) -> None:
    clock.set(T0 - before)
    await harness.invoke("run", {"type": "long", "distance": 10})
    clock.set(T0)
    result = await harness.invoke("run", {"type": "easy", "distance": 12})
    assert expected in result.text, result.text
    other = COMEBACK if expected == NOTE else NOTE
    assert other not in result.text
    if expected == COMEBACK:
        assert f"(your longest before the break: 10.0 km on {stamp(T0 - before)})" in result.text


@pytest.mark.parametrize("then", ["run", "canirun"])
async def test_a_run_logged_for_the_same_moment_counts_as_before_it(
    harness: Harness, clock: FakeClock, then: str
) -> None:
    """Two runs typed for one moment (`when:"08:00"` twice; two quick logs in one second):
    the second is not the first in 30 days, and it is compared with the other. Neither is
    compared with itself."""
    clock.set(T0 - 40 * DAY)
    await harness.invoke("run", {"type": "long", "distance": 20})
    clock.set(T0)
    first = await harness.invoke("run", {"type": "easy", "distance": 5})
    assert COMEBACK in first.text, first.text  # the first run back, truly
    if then == "run":
        second = await harness.invoke("run", {"type": "long", "distance": 10})
    else:
        second = await harness.invoke("canirun", {"type": "long", "distance": 10})
    assert COMEBACK not in second.text, second.text
    assert f"5.0 km (100%) {NOTE} (5.0 km on {stamp(T0)})" in second.text, second.text


async def test_a_first_run_ever_gets_no_note(harness: Harness) -> None:
    result = await harness.invoke("run", {"type": "long", "distance": 30})
    assert NOTE not in result.text and COMEBACK not in result.text


@pytest.mark.parametrize(("new", "note"), [(12, False), (12.01, True)])
async def test_the_thresholds_are_the_clubs(
    make_harness: Callable[..., Harness], clock: FakeClock, new: float, note: bool
) -> None:
    async with make_harness(config={"advice": {"spike_percent": 20, "spike_days": 14}}) as h:
        await h.invoke("run", {"type": "long", "distance": 10, "when": "14d ago"})
        result = await h.invoke("run", {"type": "long", "distance": new})
        assert ("20%" in result.text and "of the 14 days before it" in result.text) is note


# -- /run from a watch file -----------------------------------------------------------------


@pytest.mark.parametrize(("earlier_km", "note"), [(3.9, False), (3.8, True)])
async def test_a_watch_run_gets_the_same_note(
    harness: Harness, clock: FakeClock, earlier_km: float, note: bool
) -> None:
    # run.tcx: 4.251 km on 2025-05-08; 4.251 / 3.9 = 1.09 (no note), 4.251 / 3.8 = 1.119.
    clock.set(datetime(2025, 5, 10, 12, 0, tzinfo=UTC))
    await harness.invoke(
        "run", {"type": "easy", "distance": earlier_km, "when": "2025-05-05 07:00"}
    )
    result = await harness.invoke(
        "run", {"file": FakeAttachment("run.tcx", (DATA / "run.tcx").read_bytes())}
    )
    assert (NOTE in result.text) is note, result.text
    if note:
        assert "0.45 km (12%) longer" in result.text


# -- /canirun -------------------------------------------------------------------------------


@pytest.mark.parametrize("units", ["km", "mi"])
@pytest.mark.parametrize(
    ("planned", "note"), [({"distance": 11}, False), ({"distance": 11.5}, True)]
)
async def test_canirun_notes_a_planned_spike_and_keeps_the_verdict(
    harness: Harness, units: str, planned: dict[str, Any], note: bool
) -> None:
    await harness.invoke("profile", {"units": units})
    await harness.invoke("run", {"type": "long", "distance": 10, "when": "4d ago"})
    result = await harness.invoke("canirun", {"type": "long", **planned})
    assert result.embed["title"].startswith("GO")
    text = result.text
    assert f"Long run (moderate), {planned['distance']:.1f} {units}" in text, text
    assert ("This plan is" in text and NOTE in text) is note, text
    if note:
        assert f"1.5 {units} (15%) {NOTE} (10.0 {units} on {stamp(T0 - 4 * DAY)})" in text
        assert "The verdict stays as it is." in text


@pytest.mark.parametrize(("minutes", "note"), [(33, False), (34, True)])
async def test_canirun_compares_planned_minutes(harness: Harness, minutes: int, note: bool) -> None:
    # A WAIT stays a WAIT: the spike never changes a verdict.
    await harness.invoke("legday", {"exercises": 4, "when": "1h ago"})
    await harness.invoke("run", {"type": "easy", "minutes": 30, "when": "2d ago"})
    result = await harness.invoke("canirun", {"type": "tempo", "minutes": minutes})
    assert result.embed["title"].startswith("WAIT")
    assert (NOTE in result.text) is note, result.text


async def test_canirun_without_a_length_has_no_note(harness: Harness) -> None:
    await harness.invoke("run", {"type": "easy", "distance": 3, "when": "2d ago"})
    result = await harness.invoke("canirun", {"type": "long"})
    assert NOTE not in result.text and COMEBACK not in result.text


# -- /week's longest run --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before_at", "compared"),
    # The week starts Monday 9 March 00:00 UTC; 30 days before is 7 February 00:00.
    [("2026-02-07 00:00", True), ("2026-02-06 23:59", False)],
    ids=["exactly-30-days-before-the-week", "a-minute-more"],
)
async def test_week_shows_its_longest_run_against_the_30_days_before(
    harness: Harness, before_at: str, compared: bool
) -> None:
    await harness.invoke("run", {"type": "long", "distance": 10, "when": before_at})
    await harness.invoke("run", {"type": "long", "distance": 12, "when": "2026-03-09 07:00"})
    await harness.invoke("run", {"type": "easy", "distance": 5, "when": "1h ago"})
    text = week_text(await harness.invoke("week"))
    if compared:
        at = datetime.strptime(before_at, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
        assert (
            f"**Longest run:** 12.0 km, against 10.0 km on {stamp(at)}, the longest of the"
            " 30 days before the week. It is 2.0 km (20%) longer." in text
        ), text
        assert WHY in text
    else:
        assert "**Longest run:** 12.0 km; no run in the 30 days before the week" in text, text


async def test_week_with_runs_before_it_but_none_to_compare_does_not_say_there_were_none(
    harness: Harness,
) -> None:
    """advice-rules.md: /week shows the week's longest run against the longest of the 30 days
    before the week, by distance when both have one, otherwise by minutes. The week's longest,
    8 km without minutes, shares no measure with the 60-minute run (no distance) 10 days
    before: nothing to compare, but /week said "no run in the 30 days before the week"."""
    await harness.invoke("run", {"type": "long", "minutes": 60, "when": "2026-02-27 07:00"})
    await harness.invoke("run", {"type": "long", "distance": 8, "when": "2026-03-09 07:00"})
    text = week_text(await harness.invoke("week"))
    assert "**Longest run:** 8.0 km;" in text, text
    assert "no run in the 30 days before the week" not in text, text
    assert "no run of the 30 days before the week has a distance to compare it with" in text


async def test_canirun_after_a_break_gets_the_gentler_line(harness: Harness) -> None:
    await harness.invoke("run", {"type": "long", "distance": 16, "when": "45d ago"})
    result = await harness.invoke("canirun", {"type": "long", "distance": 8})
    assert result.embed["title"].startswith("GO")
    text = result.text
    assert "This would be your first run in more than 30 days" in text, text
    assert f"(your longest before the break: 16.0 km on {stamp(T0 - 45 * DAY)})" in text
    assert COMEBACK in text and NOTE not in text


# -- /edit of a run's length -----------------------------------------------------------------


@pytest.mark.parametrize("units", ["km", "mi"])
@pytest.mark.parametrize(
    ("change", "note"),
    [
        ({"distance": 11}, None),
        ({"distance": 12}, f"2.0 {{u}} (20%) {NOTE} (10.0 {{u}} on {{d}})"),
        ({"notes": "felt good"}, None),
    ],
    ids=["to-exactly-10%", "to-20%", "notes-only"],
)
async def test_an_edit_that_makes_a_run_a_spike_gets_the_note(
    harness: Harness, units: str, change: dict[str, Any], note: str | None
) -> None:
    """A member who corrects 4 to 12 hears what they would have heard logging 12."""
    await harness.invoke("profile", {"units": units})
    await harness.invoke("run", {"type": "long", "distance": 10, "when": "5d ago"})
    logged = await harness.invoke("run", {"type": "easy", "distance": 12, "when": "1h ago"})
    assert NOTE in logged.text  # the same figures logged get the note
    edited_from = await harness.invoke("run", {"type": "easy", "distance": 4, "when": "2h ago"})
    assert NOTE not in edited_from.text
    await harness.invoke("delete", {"entry": "R2"})

    result = await harness.invoke("edit", {"entry": "R3", **change})

    assert result.embed["title"] == "Edited: R3", result.text
    if note is None:
        assert NOTE not in result.text, result.text
    else:
        assert note.format(u=units, d=stamp(T0 - 5 * DAY)) in result.text, result.text
        assert WHY in result.text


@pytest.mark.parametrize(("minutes", "note"), [(66, False), (67, True)])
async def test_an_edit_of_the_minutes_is_compared_by_minutes(
    harness: Harness, minutes: int, note: bool
) -> None:
    await harness.invoke("run", {"type": "long", "minutes": 60, "when": "2d ago"})
    await harness.invoke("run", {"type": "easy", "minutes": 30, "when": "1h ago"})
    result = await harness.invoke("edit", {"entry": "R2", "minutes": minutes})
    assert (NOTE in result.text) is note, result.text
    if note:
        assert f"7 min (12%) {NOTE} (1 h 00 min on {stamp(T0 - 2 * DAY)})" in result.text


@pytest.mark.parametrize("units", ["km", "mi"])
@pytest.mark.parametrize(("longest", "spike"), [(11, False), (11.01, True)])
async def test_week_marks_its_longest_run_only_past_the_threshold(
    harness: Harness, units: str, longest: float, spike: bool
) -> None:
    """/week's side of the threshold: exactly 10% longer is no spike, a hair more is, in both
    units (11.01 / 10 = 1.101)."""
    await harness.invoke("profile", {"units": units})
    await harness.invoke("run", {"type": "long", "distance": 10, "when": "2026-02-20 07:00"})
    await harness.invoke("run", {"type": "long", "distance": longest, "when": "2026-03-09 07:00"})
    text = week_text(await harness.invoke("week"))
    shown = f"{longest:.1f} {units}"
    assert f"**Longest run:** {shown}, against 10.0 {units} on" in text, text
    assert ("It is 1.0" in text and "(just over 10%) longer" in text) is spike, text
    assert (WHY in text) is spike
