"""The /history chart, checked as an image: its size, that it is not blank, and that the
shaded no-hard-running window and the bars are where the data puts them.

Pixel positions come from the figure's own data-to-pixel transform after drawing, so the test
does not depend on the layout; expected colours are computed here from the palette.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from PIL import Image, ImageStat

from bot.core.history import HistoryChart, history_chart, history_span
from bot.core.models import AdviceRules, LegDay, Run, RunType, Units
from bot.core.week import training_week, week_back
from bot.render.charts import (
    DPI,
    HARD_COLOUR,
    INTENSITY_COLOURS,
    SIZE_INCHES,
    WINDOW_ALPHA,
    WINDOW_COLOUR,
    build_figure,
    build_week_figure,
    figure_png,
    history_png,
)

UTC_TZ = ZoneInfo("UTC")
NOW = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
WINDOW = timedelta(hours=48)
WIDTH, HEIGHT = round(SIZE_INCHES[0] * DPI), round(SIZE_INCHES[1] * DPI)


def rgb255(colour: str) -> tuple[int, int, int]:
    r, g, b = to_rgb(colour)
    return round(r * 255), round(g * 255), round(b * 255)


def blended_on_white(colour: str, alpha: float) -> tuple[int, int, int]:
    r, g, b = rgb255(colour)

    def blend(c: int) -> int:
        return round(255 * (1 - alpha) + c * alpha)

    return blend(r), blend(g), blend(b)


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 4) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def image_of(png: bytes) -> Image.Image:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(png)).convert("RGB")


def pixel_at(fig: Figure, image: Image.Image, x: float, y_fraction: float) -> tuple[int, ...]:
    """The image colour at data x and a height given as a fraction of the bar axes."""
    ax = fig.axes[1]
    px, _ = ax.transData.transform((x, 0))
    _, py = ax.transAxes.transform((0, y_fraction))
    # Display coordinates start at the bottom left; image rows at the top.
    value = image.getpixel((round(px), HEIGHT - round(py)))
    assert isinstance(value, tuple)
    return value


def fortnight() -> HistoryChart:
    span = history_span(14, NOW, UTC_TZ)  # 11-24 November
    leg_days = [
        # Day 3 (14 Nov) at 12:00: window from x = 3.5 to 5.5.
        LegDay(id=1, at=datetime(2026, 11, 14, 12, tzinfo=UTC), is_hard=True, exercises=4),
        LegDay(id=2, at=datetime(2026, 11, 20, 8, tzinfo=UTC), is_hard=False, exercises=1),
    ]
    runs = [
        Run(id=1, at=datetime(2026, 11, 12, 7, tzinfo=UTC), run_type=RunType.EASY, distance_km=10),
        Run(id=2, at=datetime(2026, 11, 18, 7, tzinfo=UTC), run_type=RunType.TEMPO, distance_km=6),
    ]
    return history_chart(span, leg_days, runs, tz=UTC_TZ, units=Units.KM, window=WINDOW)


def test_the_png_has_the_promised_size_and_is_not_blank() -> None:
    image = image_of(history_png(fortnight()))
    assert image.size == (WIDTH, HEIGHT)
    # A blank (all white) image has no variance; a chart with bars, text and shading has plenty.
    assert max(ImageStat.Stat(image).stddev) > 20
    colours = image.getcolors(maxcolors=WIDTH * HEIGHT)
    assert colours is not None and len(colours) > 50


def test_the_window_is_shaded_exactly_where_the_hard_leg_day_puts_it() -> None:
    chart = fortnight()
    assert chart.windows == ((3.5, 5.5),)
    fig = build_figure(chart)
    image = image_of(figure_png(fig))
    shade = blended_on_white(WINDOW_COLOUR, WINDOW_ALPHA)
    white = (255, 255, 255)
    # High in the axes, above every bar; inside the window and on either side of it.
    for x in (3.6, 4.5, 5.4):
        assert close(pixel_at(fig, image, x, 0.93), shade), x
    for x in (2.5, 3.35, 5.65, 8.0, 12.5):
        assert close(pixel_at(fig, image, x, 0.93), white), x


def test_bars_stand_on_their_day_in_their_intensity_colour() -> None:
    fig = build_figure(fortnight())
    image = image_of(figure_png(fig))
    easy, _, hard = (rgb255(c) for c in INTENSITY_COLOURS)
    # 10 km on day 1 (12 Nov); the axis tops out above the tallest bar.
    assert close(pixel_at(fig, image, 1.5, 0.1), easy)
    assert close(pixel_at(fig, image, 1.5, 0.6), easy)
    # 6 km of tempo on day 7: a dark bar about 6/10 of the tallest.
    assert close(pixel_at(fig, image, 7.5, 0.2), hard)
    assert not close(pixel_at(fig, image, 7.5, 0.75), hard)
    # No run on day 9.
    assert close(pixel_at(fig, image, 9.5, 0.2), (255, 255, 255))


def test_axes_labels_title_and_legend_say_what_is_drawn() -> None:
    fig = build_figure(fortnight())
    strip, bars = fig.axes
    assert bars.get_ylabel() == "Distance (km)"
    texts = [t.get_text() for t in strip.texts]
    assert texts == ["HARD", "LIGHT"]
    assert fig.get_suptitle() == "Your last 14 days: 2 runs (16.0 km), 2 leg days (1 hard)"
    (legend,) = fig.legends
    labels = [t.get_text() for t in legend.get_texts()]
    assert "48 h after a hard leg day: no hard running" in labels
    assert "HARD leg day" in labels and "LIGHT leg day" in labels
    # Only what is drawn is explained: no steady runs, no minutes-only runs here.
    assert not any(label.startswith("steady") for label in labels)
    assert not any("minutes" in label for label in labels)


def legend_labels(fig: Figure) -> list[str]:
    (legend,) = fig.legends
    return [t.get_text() for t in legend.get_texts()]


def test_the_history_and_week_charts_word_the_shaded_window_alike() -> None:
    """/history said "36 h after a hard leg day: no hard running" and /week "window after a
    hard leg day: no hard running" for the same shading: one wording, with the club's hours."""
    window = timedelta(hours=36)
    hard = LegDay(id=1, at=NOW - timedelta(hours=2), is_hard=True, exercises=4)
    span = history_span(14, NOW, UTC_TZ)
    history = history_chart(span, [hard], [], tz=UTC_TZ, units=Units.KM, window=window)
    rules = AdviceRules(window_hours=36)
    week = training_week(week_back(NOW, UTC_TZ, 0), [hard], [], tz=UTC_TZ, rules=rules, paces={})
    assert history.windows and week.windows
    said = "36 h after a hard leg day: no hard running"
    assert said in legend_labels(build_figure(history))
    assert said in legend_labels(build_week_figure(week))


def test_runs_without_distance_get_their_own_honest_axis() -> None:
    span = history_span(3, NOW, UTC_TZ)
    runs = [
        Run(id=1, at=NOW - timedelta(hours=1), run_type=RunType.INTERVALS, minutes=45),
        Run(id=2, at=NOW - timedelta(days=1), run_type=RunType.EASY, distance_km=8.0),
    ]
    chart = history_chart(span, [], runs, tz=UTC_TZ, units=Units.MI, window=WINDOW)
    fig = build_figure(chart)
    _strip, bars, minutes = fig.axes
    assert bars.get_ylabel() == "Distance (mi)"
    assert minutes.get_ylabel() == "Minutes (runs without a distance)"
    assert minutes.get_ylim()[1] >= 45
    image = image_of(figure_png(fig))
    assert image.size == (WIDTH, HEIGHT)


def test_ninety_busy_days_stay_readable() -> None:
    span = history_span(90, NOW, UTC_TZ)
    runs: list[Run] = []
    leg_days: list[LegDay] = []
    for day in range(90):
        for k in range(5):
            at = NOW - timedelta(days=day, hours=k * 3)
            if k < 2:
                leg_days.append(LegDay(id=len(leg_days) + 1, at=at, is_hard=k == 0, exercises=3))
            else:
                runs.append(
                    Run(id=len(runs) + 1, at=at, run_type=list(RunType)[k], distance_km=5.0 + k)
                )
    chart = history_chart(span, leg_days, runs, tz=UTC_TZ, units=Units.KM, window=WINDOW)
    fig = build_figure(chart)
    bars = fig.axes[1]
    labels = [t.get_text() for t in bars.get_xticklabels()]
    # Weekly labels (Mondays), not 90 overlapping ones.
    assert 12 <= len(labels) <= 14
    days = chart.day_dates
    assert all(days[round(x - 0.5)].weekday() == 0 for x in bars.get_xticks())
    # Symbols rather than 180 written labels on the leg-day strip.
    assert len(fig.axes[0].texts) == 0
    assert len(fig.axes[0].lines) == len(chart.leg_days) == 180
    image = image_of(figure_png(fig))
    assert image.size == (WIDTH, HEIGHT)
    assert max(ImageStat.Stat(image).stddev) > 20


@pytest.mark.parametrize("units", [Units.KM, Units.MI])
def test_nothing_but_leg_days_still_draws(units: Units) -> None:
    span = history_span(14, NOW, UTC_TZ)
    chart = history_chart(
        span,
        [LegDay(id=1, at=NOW - timedelta(days=2), is_hard=True, exercises=3)],
        [],
        tz=UTC_TZ,
        units=units,
        window=WINDOW,
    )
    image = image_of(history_png(chart))
    assert image.size == (WIDTH, HEIGHT)


@pytest.mark.parametrize("days", [7, 21])
def test_leg_day_labels_on_the_first_and_last_day_stay_inside_the_chart(days: int) -> None:
    # A HARD leg day at 00:01 on the span's first day and a LIGHT one at 23:50 today: each
    # label is about a day wide, so centred on its moment it would hang over the edge.
    span = history_span(days, NOW.replace(hour=23, minute=55), UTC_TZ)
    first = datetime.combine(span.first_day, datetime.min.time(), UTC) + timedelta(minutes=1)
    leg_days = [
        LegDay(id=1, at=first, is_hard=True, exercises=4),
        LegDay(id=2, at=NOW.replace(hour=23, minute=50), is_hard=False, exercises=1),
    ]
    chart = history_chart(span, leg_days, [], tz=UTC_TZ, units=Units.KM, window=WINDOW)
    fig = build_figure(chart)
    fig.canvas.draw()
    strip = fig.axes[0]
    inside = strip.get_window_extent()
    labels = [t for t in strip.texts if t.get_text() in ("HARD", "LIGHT")]
    assert sorted(t.get_text() for t in labels) == ["HARD", "LIGHT"]
    for label in labels:
        box = label.get_bbox_patch()
        assert box is not None
        drawn = box.get_window_extent()
        assert inside.x0 <= drawn.x0 and drawn.x1 <= inside.x1, label.get_text()


def test_leg_day_marks_on_the_edges_of_a_long_chart_are_drawn_whole() -> None:
    span = history_span(90, NOW.replace(hour=23, minute=55), UTC_TZ)
    today = LegDay(id=1, at=NOW.replace(hour=23, minute=50), is_hard=True, exercises=4)
    chart = history_chart(span, [today], [], tz=UTC_TZ, units=Units.KM, window=WINDOW)
    fig = build_figure(chart)
    image = image_of(figure_png(fig))
    strip = fig.axes[0]
    assert [line.get_marker() for line in strip.get_lines()] == ["v"]
    x, y = strip.transData.transform((chart.leg_days[0].x, 0.68))  # one mark: the top row
    # Two pixels past the strip's right edge, level with the mark: its colour, not the
    # background a clipped mark would leave there.
    edge = strip.get_window_extent().x1
    assert x < edge + 2 < x + 6
    found = image.getpixel((round(edge + 2), HEIGHT - round(y)))
    assert isinstance(found, tuple)
    assert close(found[:3], rgb255(HARD_COLOUR), tolerance=40), found


def test_the_week_charts_load_says_when_it_is_estimated() -> None:
    # advice-rules.md, "Training load": an estimate is marked "estimated" wherever shown. The
    # week chart's title shows the week's load ("a chart shared alone still says which"
    # week), and showed a leg day's 7 x 60 = 420, all of it estimated, unmarked.
    week_of = week_back(NOW, UTC_TZ, 0)
    rules = AdviceRules()
    at = NOW - timedelta(hours=2)
    guessed = LegDay(id=1, at=at, is_hard=True)
    given = LegDay(id=1, at=at, is_hard=True, minutes=60, rpe=7)
    estimated = training_week(week_of, [guessed], [], tz=UTC_TZ, rules=rules, paces={})
    exact = training_week(week_of, [given], [], tz=UTC_TZ, rules=rules, paces={})
    assert build_week_figure(estimated).get_suptitle().endswith("load 420 (1 session estimated)"), (
        build_week_figure(estimated).get_suptitle()
    )
    assert build_week_figure(exact).get_suptitle().endswith("load 420")


def test_the_week_charts_average_line_says_when_it_is_estimated() -> None:
    # The dashed four-week average is a load shown too: with leg days of those weeks logged
    # without RPE or minutes, its legend said "4-week daily average" alone.
    week_of = week_back(NOW, UTC_TZ, 0)
    before = [
        LegDay(id=n, at=NOW - timedelta(days=7 * n), is_hard=True, exercises=3) for n in range(1, 5)
    ]
    run = Run(id=9, at=NOW - timedelta(hours=1), run_type=RunType.EASY, minutes=40, rpe=4)
    rules = AdviceRules()
    week = training_week(week_of, before, [run], tz=UTC_TZ, rules=rules, paces={})
    assert week.previous_estimated == 4
    assert "4-week daily average (4 sessions estimated)" in legend_labels(build_week_figure(week))


def test_the_week_charts_average_line_names_the_clubs_weeks_compared() -> None:
    # A club's `load_weeks_compared = 2`: the line is the two weeks' average, and says so.
    week_of = week_back(NOW, UTC_TZ, 0)
    before = [
        LegDay(id=n, at=NOW - timedelta(days=7 * n), is_hard=True, exercises=3) for n in range(1, 5)
    ]
    run = Run(id=9, at=NOW - timedelta(hours=1), run_type=RunType.EASY, minutes=40, rpe=4)
    rules = AdviceRules(load_weeks_compared=2, load_base_weeks=2)
    week = training_week(week_of, before, [run], tz=UTC_TZ, rules=rules, paces={})
    labels = legend_labels(build_week_figure(week))
    assert "2-week daily average (2 sessions estimated)" in labels, labels


def week_notes(leg_days: list[LegDay], runs: list[Run]) -> list[str]:
    """The texts written on /week's chart instead of bars."""
    week_of = week_back(NOW, UTC_TZ, 0)
    week = training_week(week_of, leg_days, runs, tz=UTC_TZ, rules=AdviceRules(), paces={})
    return [text.get_text() for text in build_week_figure(week).axes[0].texts]


HARD_60 = LegDay(id=1, at=NOW - timedelta(hours=2), is_hard=True, minutes=60, rpe=7)
LIGHT_30 = LegDay(id=2, at=NOW - timedelta(days=1), is_hard=False, minutes=30, rpe=3)


@pytest.mark.parametrize(
    ("leg_days", "runs", "notes"),
    [
        pytest.param([], [], ["Nothing logged this week"], id="nothing logged"),
        # A run with neither minutes nor a distance to estimate them from carries no load.
        pytest.param(
            [],
            [Run(id=1, at=NOW - timedelta(hours=1), run_type=RunType.EASY)],
            ["No load to chart: give your runs minutes"],
            id="a run without minutes",
        ),
        # A load of RPE 1 x 1 minute = 1 is a load: bars, no note.
        pytest.param(
            [],
            [Run(id=1, at=NOW - timedelta(hours=1), run_type=RunType.EASY, minutes=1, rpe=1)],
            [],
            id="a load of 1",
        ),
        # Leg days are logged too: 7 x 60 = 420 alone, and 420 + 3 x 30 = 510 with a light one.
        pytest.param([HARD_60], [], [], id="a hard leg day alone"),
        pytest.param([HARD_60, LIGHT_30], [], [], id="a hard and a light leg day"),
    ],
)
def test_an_empty_week_chart_says_why_it_has_no_bars(
    leg_days: list[LegDay], runs: list[Run], notes: list[str]
) -> None:
    assert week_notes(leg_days, runs) == notes


def history_day_labels(days: int) -> list[str]:
    """/history's x-axis labels for `days` days up to Friday 4 December 2026."""
    now = datetime(2026, 12, 4, 20, tzinfo=UTC)
    span = history_span(days, now, UTC_TZ)
    chart = history_chart(span, [], [], tz=UTC_TZ, units=Units.KM, window=WINDOW)
    return [label.get_text() for label in build_figure(chart).axes[1].get_xticklabels()]


def test_up_to_three_weeks_every_day_is_labelled_with_its_month_where_it_starts() -> None:
    # 14 days: Saturday 21 November to Friday 4 December. The month is written on the first
    # day and on the 1st, where it changes.
    assert history_day_labels(14) == [
        "Sat\n21 Nov",
        *(
            f"{day}\n{n}"
            for day, n in zip(
                ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Mon"],
                range(22, 31),
                strict=True,
            )
        ),
        "Tue\n1 Dec",
        "Wed\n2",
        "Thu\n3",
        "Fri\n4",
    ]
    # 21 days (from Saturday 14 November) are still labelled day by day.
    labels = history_day_labels(21)
    assert (len(labels), labels[0], labels[17]) == (21, "Sat\n14 Nov", "Tue\n1 Dec")


def test_past_three_weeks_only_mondays_are_labelled() -> None:
    # 22 days, from Friday 13 November: its Mondays are 16, 23 and 30 November.
    assert history_day_labels(22) == ["16 Nov", "23 Nov", "30 Nov"]


def test_the_week_chart_reads_as_the_week_it_draws() -> None:
    # This week (Monday 23 to Sunday 29 November 2026): a hard leg day of 60 minutes at RPE
    # 7, a load of 420. Each of the four weeks before had the same: a weekly average of 420,
    # drawn as a daily average of 420 / 7 = 60.
    week_of = week_back(NOW, UTC_TZ, 0)
    leg_days = [
        LegDay(id=n, at=NOW - timedelta(days=7 * n, hours=2), is_hard=True, minutes=60, rpe=7)
        for n in range(5)
    ]
    week = training_week(week_of, leg_days, [], tz=UTC_TZ, rules=AdviceRules(), paces={})
    fig = build_week_figure(week)
    ax = fig.axes[0]
    assert [label.get_text() for label in ax.get_xticklabels()] == [
        "Mon\n23 Nov",
        "Tue\n24",
        "Wed\n25",
        "Thu\n26",
        "Fri\n27",
        "Sat\n28",
        "Sun\n29",
    ]
    assert ax.get_ylabel() == "Load (RPE × minutes)"
    # The scale reads loads as the replies write them.
    assert ax.yaxis.get_major_formatter()(1800.0, 0) == "1,800"
    (average,) = ax.get_lines()
    assert np.asarray(average.get_ydata(), dtype=float).tolist() == [60.0, 60.0]
    labels = legend_labels(fig)
    assert labels[:2] == ["lifting (leg days)", "4-week daily average"], labels
