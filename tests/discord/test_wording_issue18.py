"""Issue 18, point 16: wording. One load formatter, number agreement, a public log that starts
with a capital, /edit's own list, a time the clocks skipped said to be moved, and an empty
/week chart that says so instead of showing a 0.0-1.0 scale."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image, ImageStat

from bot.core.models import AdviceRules
from bot.core.week import training_week, week_back
from bot.render import charts
from tests.discord.harness import ALICE, FakeAttachment, FakeClock, Harness, discord_ts

DATA = Path(__file__).resolve().parent.parent / "data"
NEW_YORK = ZoneInfo("America/New_York")
# Sunday 14 March 2027: New York's clocks jump from 02:00 to 03:00 (EST to EDT).
SPRING_FORWARD_NOON = datetime(2027, 3, 14, 16, 0, tzinfo=UTC)  # 12:00 EDT
MOVED_TO = datetime(2027, 3, 14, 7, 30, tzinfo=UTC)  # 03:30 EDT
MOVED_LINE = (
    "There was no 02:30 on Sun 14 Mar in America/New_York: the clocks jumped forward, so it"
    f" was moved to 03:30 ({discord_ts(MOVED_TO)})."
)


@pytest.mark.parametrize(
    ("load", "expected"),
    [
        ({"exercises": 0, "heaviest": 80}, "`heaviest` describes a weighted exercise"),
        ({"exercises": 0, "sets": 3, "reps": 5}, "`sets`, `reps` describe a weighted exercise"),
    ],
)
async def test_a_load_without_exercises_agrees_in_number(
    harness: Harness, load: dict[str, int], expected: str
) -> None:
    result = await harness.invoke("legday", load)
    assert result.ephemeral and expected in result.content


async def test_loads_have_a_thousands_separator_in_run_legday_and_week(
    harness: Harness, clock: FakeClock
) -> None:
    # 300 min at RPE 6 is 1,800; 300 min at RPE 10 is 3,000 (Foster's session RPE).
    run = await harness.invoke("run", {"type": "long", "minutes": 300, "rpe": 6, "when": "1d ago"})
    assert "Load: 1,800 (RPE 6 × 300 min)." in run.embed["description"]
    legday = await harness.invoke("legday", {"exercises": 4, "minutes": 300, "rpe": 10})
    assert "Load: 3,000 (RPE 10 × 300 min)." in legday.embed["description"]
    week = await harness.invoke("week")
    assert "4,800" in week.text


async def test_a_public_log_starts_with_a_capital(make_harness: Callable[..., Harness]) -> None:
    async with make_harness(config={"club": {"public_logs": True}}) as h:
        result = await h.invoke("legday", {"exercises": 2})
        assert not result.ephemeral
        assert result.embed["description"].startswith(
            f"Logged by <@{ALICE.id}> for {discord_ts(h.clock.now())}"
        )


async def test_edit_of_an_unknown_entry_names_its_own_list(harness: Harness) -> None:
    result = await harness.invoke("edit", {"entry": "R99", "minutes": 30})
    assert result.ephemeral
    assert "Pick one from the list `/edit` offers" in result.content
    deleted = await harness.invoke("delete", {"entry": "R99"})
    assert "Pick one from the list `/delete` offers" in deleted.content


async def alice_in_new_york(h: Harness, at: datetime) -> None:
    h.clock.set(at)
    await h.invoke("profile", {"timezone": "America/New_York"})


@pytest.mark.parametrize("command", ["legday", "run"])
async def test_a_log_at_a_skipped_time_says_it_was_moved(harness: Harness, command: str) -> None:
    await alice_in_new_york(harness, SPRING_FORWARD_NOON)
    options = {"exercises": 2} if command == "legday" else {"type": "easy", "minutes": 30}
    result = await harness.invoke(command, {**options, "when": "2027-03-14 02:30"})
    assert MOVED_LINE in result.embed["description"]
    history = await harness.invoke("history")
    assert discord_ts(MOVED_TO, "f") in history.embed["description"]
    plain = await harness.invoke(command, {**options, "when": "2027-03-14 04:30"})
    assert "There was no" not in plain.embed["description"]


async def test_an_edit_and_a_plan_at_a_skipped_time_say_it_was_moved(harness: Harness) -> None:
    await alice_in_new_york(harness, SPRING_FORWARD_NOON)
    await harness.invoke("legday", {"exercises": 2, "when": "1h ago"})
    edited = await harness.invoke("edit", {"entry": "L1", "when": "2027-03-14 02:30"})
    assert MOVED_LINE in edited.embed["description"]
    harness.clock.set(datetime(2027, 3, 13, 16, 0, tzinfo=UTC))  # Saturday noon
    planned = await harness.invoke("canirun", {"type": "easy", "when": "tomorrow 02:30"})
    assert MOVED_LINE in planned.embed["description"]


async def test_a_time_a_gap_at_the_end_of_a_day_skipped_is_said_of_the_day_it_was_typed_for(
    harness: Harness,
) -> None:
    """Nuuk's clocks jump from 23:00 on Saturday 28 March 2026 to 00:00 on the Sunday, so
    Saturday's 23:30 never came and moves to Sunday 00:30. The line names the day that had no
    23:30, the Saturday: Sunday had its 23:30 (a plan for it would be taken as typed)."""
    harness.clock.set(datetime(2026, 3, 28, 12, 0, tzinfo=UTC))  # Saturday 10:00 in Nuuk
    await harness.invoke("profile", {"timezone": "America/Nuuk"})
    planned = await harness.invoke("canirun", {"type": "easy", "when": "today 23:30"})
    moved_to = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 00:30 on Sunday, at -01:00
    assert (
        "There was no 23:30 on Sat 28 Mar in America/Nuuk: the clocks jumped forward, so it was"
        f" moved to 00:30 ({discord_ts(moved_to)})."
    ) in planned.embed["description"]


async def test_a_watch_file_with_when_at_a_skipped_time_says_it_was_moved(
    harness: Harness,
) -> None:
    await alice_in_new_york(harness, SPRING_FORWARD_NOON)
    data = (DATA / "run.tcx").read_bytes()
    result = await harness.invoke(
        "run", {"file": FakeAttachment("run.tcx", data), "when": "2027-03-14 02:30"}
    )
    assert MOVED_LINE in result.embed["description"], result.text
    history = await harness.invoke("history")
    assert discord_ts(MOVED_TO, "f") in history.embed["description"]


@pytest.mark.parametrize("command", ["legday", "run", "file", "edit"])
async def test_a_skipped_time_typed_within_the_slack_names_the_moment_logged(
    harness: Harness, command: str
) -> None:
    """02:01 typed at 03:00:30, just after the jump: it reads as 03:01, half a minute ahead,
    which a log takes as now (the member's clock may run ahead). The line says 03:00, where
    the entry is, not 03:01, where it is not."""
    now = datetime(2027, 3, 14, 7, 0, 30, tzinfo=UTC)  # 03:00:30 EDT
    await alice_in_new_york(harness, now)
    typed = "2027-03-14 02:01"
    if command == "legday":
        result = await harness.invoke("legday", {"exercises": 2, "when": typed})
    elif command == "run":
        result = await harness.invoke("run", {"type": "easy", "minutes": 30, "when": typed})
    elif command == "file":
        data = (DATA / "run.tcx").read_bytes()
        result = await harness.invoke(
            "run", {"file": FakeAttachment("run.tcx", data), "when": typed}
        )
    else:
        await harness.invoke("legday", {"exercises": 2, "when": "1h ago"})
        result = await harness.invoke("edit", {"entry": "L1", "when": typed})
    assert (
        "There was no 02:01 on Sun 14 Mar in America/New_York: the clocks jumped forward, so it"
        f" was moved to 03:00 ({discord_ts(now)})."
    ) in result.embed["description"], result.text
    history = await harness.invoke("history")
    assert discord_ts(now, "f") in history.embed["description"]


def grey_pixels(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """Pixels in `box` near the note's grey (#7f8c8d)."""
    count = 0
    for x in range(box[0], box[2]):
        for y in range(box[1], box[3]):
            r, g, b = image.getpixel((x, y))[:3]  # type: ignore[index]
            if abs(r - 0x7F) < 40 and abs(g - 0x8C) < 40 and abs(b - 0x8D) < 40:
                count += 1
    return count


async def test_an_empty_week_chart_says_nothing_is_logged_and_has_no_scale(
    harness: Harness,
) -> None:
    result = await harness.invoke("week")
    (chart,) = result.files
    image = Image.open(io.BytesIO(chart.data)).convert("RGB")
    # The same figure's layout says where the plot is; the note sits in its middle.
    zone = ZoneInfo("UTC")
    summary = training_week(
        week_back(harness.clock.now(), zone, 0), [], [], tz=zone, rules=AdviceRules(), paces={}
    )
    fig = charts.build_week_figure(summary)
    fig.canvas.draw()
    (ax,) = fig.axes
    assert [t.get_text() for t in ax.get_yticklabels()] == []  # no 0.0-1.0 scale
    px, py = ax.transData.transform((3.5, 0.5))
    cx, cy = round(px), image.size[1] - round(py)
    assert grey_pixels(image, (cx - 120, cy - 10, cx + 120, cy + 10)) > 50  # the note's text
    left = round(ax.transData.transform((0, 0))[0])
    label_right = round(ax.yaxis.label.get_window_extent().x1)
    # Between the axis label and the plot: no tick labels ("0.0" ... "1.0") drawn.
    strip = image.crop((label_right + 1, cy - 150, left - 1, cy + 150))
    assert strip.size[0] >= 2
    assert all(low > 200 for low, _ in ImageStat.Stat(strip).extrema), "tick labels drawn"
