"""The /history chart: a PNG drawn by matplotlib's Agg canvas on an explicit `Figure`.

No pyplot: its global figure registry is shared state that worker threads would race on, and a
bot never shows a window. `history_png` is slow (tens of milliseconds to a few hundred), so
callers run it in a worker thread (`asyncio.to_thread`); everything it touches is local to the
call.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import offset_copy

from bot.core.history import HistoryChart
from bot.core.units import format_load
from bot.core.week import TrainingWeek
from bot.core.wording import MONTHS, WEEKDAYS, days_label, plural

__all__ = [
    "DPI",
    "SIZE_INCHES",
    "WINDOW_ALPHA",
    "WINDOW_COLOUR",
    "build_figure",
    "figure_png",
    "history_png",
    "week_png",
]

SIZE_INCHES = (10.0, 5.6)
DPI = 110

# Light to dark: the harder the run, the darker its part of the bar.
INTENSITY_COLOURS = ("#a9cce3", "#3498db", "#1a5276")
INTENSITY_NAMES = ("easy / recovery", "steady / long", "hard (tempo, intervals...)")
MINUTES_COLOUR = "#f0b27a"
HARD_COLOUR = "#c0392b"
LIGHT_COLOUR = "#17a589"
WINDOW_COLOUR = "#e74c3c"
WINDOW_ALPHA = 0.15
BACKGROUND = "#ffffff"

# Up to this many days every day gets a label and leg days are written out as HARD / LIGHT;
# beyond it labels go weekly (Mondays) and leg days become symbols explained by the legend.
_DAILY_UNTIL = 21


def _day_label(day: date, daily: bool, first: bool) -> str:
    if daily:
        month = f" {MONTHS[day.month - 1]}" if first or day.day == 1 else ""
        return f"{WEEKDAYS[day.weekday()]}\n{day.day}{month}"
    return f"{day.day} {MONTHS[day.month - 1]}"


def _x_axis(ax: Axes, chart: HistoryChart) -> None:
    days = chart.day_dates
    daily = chart.days <= _DAILY_UNTIL
    ax.set_xlim(0, chart.days)
    ax.set_xticks([i + 0.5 for i in range(chart.days)], minor=True)
    if daily:
        picked = list(range(chart.days))
    else:
        # Mondays, so the weeks read at a glance and labels never crowd at 90 days.
        picked = [i for i, day in enumerate(days) if day.weekday() == 0]
    ax.set_xticks(
        [i + 0.5 for i in picked],
        [_day_label(days[i], daily, first=n == 0) for n, i in enumerate(picked)],
    )
    ax.tick_params(axis="x", which="major", labelsize=8 if daily else 9)
    ax.tick_params(axis="x", which="minor", length=2)


def _shade_windows(ax: Axes, chart: HistoryChart) -> None:
    for start, end in chart.windows:
        ax.axvspan(start, end, color=WINDOW_COLOUR, alpha=WINDOW_ALPHA, linewidth=0, zorder=0)


def _bars(ax: Axes, chart: HistoryChart) -> list[Patch]:
    """Distance bars (stacked by intensity) on `ax`; minutes-only bars on a second axis."""
    has_minutes = any(chart.minutes_only)
    # Hatching tells the minutes bars apart in print and for colour-blind readers; at ten
    # pixels a bar it is only noise.
    hatch = "//" if chart.days <= _DAILY_UNTIL else None
    # With a minutes axis, each day slot is split: distance on the left, minutes on the right,
    # so neither bar hides the other and each is read against its own axis.
    width = 0.38 if has_minutes else 0.7
    offset = -0.2 if has_minutes else 0.0
    xs = [i + 0.5 + offset for i in range(chart.days)]
    bottoms = [0.0] * chart.days
    handles: list[Patch] = []
    for slot, (colour, name) in enumerate(zip(INTENSITY_COLOURS, INTENSITY_NAMES, strict=True)):
        heights = [day[slot] for day in chart.distance]
        if any(heights):
            ax.bar(xs, heights, width=width, bottom=bottoms, color=colour, zorder=2)
            handles.append(Patch(color=colour, label=f"{name} ({chart.units.value})"))
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    top = max(bottoms, default=0.0)
    ax.set_ylim(0, top * 1.18 if top > 0 else 1.0)
    ax.set_ylabel(f"Distance ({chart.units.value})")
    ax.grid(axis="y", color="#e5e8e8", linewidth=0.8, zorder=1)
    ax.set_axisbelow(True)

    if has_minutes:
        right = ax.twinx()
        right.bar(
            [i + 0.5 + 0.2 for i in range(chart.days)],
            chart.minutes_only,
            width=width,
            color=MINUTES_COLOUR,
            hatch=hatch,
            edgecolor="#ba6a2a",
            linewidth=0,
            zorder=2,
        )
        peak = max(chart.minutes_only)
        right.set_ylim(0, peak * 1.18)
        right.set_ylabel("Minutes (runs without a distance)", color="#ba6a2a")
        right.tick_params(axis="y", colors="#ba6a2a")
        handles.append(
            Patch(
                facecolor=MINUTES_COLOUR,
                edgecolor="#ba6a2a",
                hatch=hatch,
                label="no distance: minutes (right axis)",
            )
        )
    return handles


def _leg_day_strip(strip: Axes, chart: HistoryChart, fig: Figure) -> list[Line2D]:
    strip.set_ylim(0, 1)
    strip.set_yticks([])
    strip.set_ylabel("Leg\ndays", rotation=0, ha="right", va="center", fontsize=9)
    for side in ("top", "right", "left"):
        strip.spines[side].set_visible(False)
    strip.tick_params(axis="x", which="both", bottom=False, labelbottom=False)
    written = chart.days <= _DAILY_UNTIL
    last_x = -10.0
    row = 0
    for mark in chart.leg_days:
        colour = HARD_COLOUR if mark.hard else LIGHT_COLOUR
        # Two leg days close together are put on two rows rather than on top of each other.
        row = 1 - row if mark.x - last_x < (0.9 if written else 0.5) else 0
        last_x = mark.x
        y = 0.32 if row else 0.68
        if written:
            # A label is about a day wide: near either edge it hangs inward, its rounded box
            # (3 points of padding) clear of the edge, rather than over it.
            ha, nudge = "center", 0
            if mark.x < 0.5:
                ha, nudge = "left", 3
            elif mark.x > chart.days - 0.5:
                ha, nudge = "right", -3
            strip.text(
                mark.x,
                y,
                "HARD" if mark.hard else "LIGHT",
                transform=offset_copy(strip.transData, fig, x=nudge, units="points"),
                ha=ha,
                va="center",
                fontsize=7,
                fontweight="bold",
                color="white",
                bbox={"boxstyle": "round,pad=0.25", "facecolor": colour, "linewidth": 0},
                clip_on=True,
            )
        else:
            # Unclipped: a mark on the first or last day's edge shows whole.
            strip.plot(
                [mark.x],
                [y],
                marker="v" if mark.hard else "o",
                color=colour,
                markersize=6,
                clip_on=False,
            )
    # The legend shows each leg day the way the strip draws it: a labelled box or a symbol.
    handles: list[Line2D] = []
    if any(m.hard for m in chart.leg_days):
        handles.append(_marker_handle("s" if written else "v", HARD_COLOUR, "HARD leg day"))
    if any(not m.hard for m in chart.leg_days):
        handles.append(_marker_handle("s" if written else "o", LIGHT_COLOUR, "LIGHT leg day"))
    return handles


def _window_handle(hours: float) -> Patch:
    """The legend's entry for the shaded spans after hard leg days: /history and /week shade
    the same thing, so they say it in the same words, with the club's hours."""
    label = f"{hours:g} h after a hard leg day: no hard running"
    return Patch(color=WINDOW_COLOUR, alpha=WINDOW_ALPHA, label=label)


def _marker_handle(marker: str, colour: str, label: str) -> Line2D:
    return Line2D([], [], linestyle="none", marker=marker, color=colour, label=label)


def _legend(fig: Figure, handles: list[Patch | Line2D]) -> None:
    """Below the plot, where it covers no bar: both charts' keys read alike."""
    if handles:
        fig.legend(
            handles=handles,
            loc="outside lower center",
            ncols=min(4, len(handles)),
            fontsize=8,
            frameon=False,
        )


def build_figure(chart: HistoryChart) -> Figure:
    """The chart as a Figure: a thin strip of leg days above the daily bars, shared x axis."""
    fig = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained", facecolor=BACKGROUND)
    FigureCanvasAgg(fig)
    strip, ax = fig.subplots(2, 1, sharex=True, height_ratios=(1, 6))
    for axes in (strip, ax):
        axes.set_facecolor(BACKGROUND)
        _shade_windows(axes, chart)
    _x_axis(ax, chart)
    handles: list[Patch | Line2D] = [*_bars(ax, chart), *_leg_day_strip(strip, chart, fig)]
    if chart.windows:
        handles.append(_window_handle(chart.window_hours))
    fig.suptitle(chart.title, fontsize=13, fontweight="bold")
    strip.set_title(f"Days in {chart.timezone} · newest on the right", fontsize=9, loc="left")
    _legend(fig, handles)
    return fig


def figure_png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor=BACKGROUND)
    return buffer.getvalue()


def history_png(chart: HistoryChart) -> bytes:
    """The chart as PNG bytes. Blocking and GIL-heavy: called through bot.render.chart_pool."""
    return figure_png(build_figure(chart))


LIFTING_COLOUR = "#8e44ad"
AVERAGE_COLOUR = "#2c3e50"


def _empty_week_note(week: TrainingWeek, top: float) -> str | None:
    """What an empty chart says instead of bars, so it never reads as a scale of nothing."""
    if week.runs == 0 and week.leg_hard + week.leg_light == 0:
        return "Nothing logged this week"
    if top <= 0:
        return "No load to chart: give your runs minutes"
    return None


def _estimated(sessions: int) -> str:
    """An estimate is marked wherever shown (README, "Training load"), as /week's text does."""
    return f" ({plural(sessions, 'session')} estimated)" if sessions else ""


def build_week_figure(week: TrainingWeek) -> Figure:
    """/week's chart: each day's load stacked (lifting, then the three run intensities), the
    weeks it is compared with as a daily-average line, the windows after hard leg days shaded."""
    fig = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained", facecolor=BACKGROUND)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.set_facecolor(BACKGROUND)
    for start, end in week.windows:
        ax.axvspan(start, end, color=WINDOW_COLOUR, alpha=WINDOW_ALPHA, linewidth=0, zorder=0)
    xs = [i + 0.5 for i in range(7)]
    bottoms = [0.0] * 7
    handles: list[Patch | Line2D] = []
    colours = (LIFTING_COLOUR, *INTENSITY_COLOURS)
    names = ("lifting (leg days)", *INTENSITY_NAMES)
    for slot, (colour, name) in enumerate(zip(colours, names, strict=True)):
        heights = [day[slot] for day in week.daily]
        if any(heights):
            ax.bar(xs, heights, width=0.7, bottom=bottoms, color=colour, zorder=2)
            handles.append(Patch(color=colour, label=name))
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    # A week with no load yet draws no average either: a dashed line alone would give an empty
    # chart a scale of nothing (the reply's text still compares with the weeks before).
    average = week.previous_average / 7 if max(bottoms) > 0 else 0.0
    if average > 0:
        ax.axhline(average, color=AVERAGE_COLOUR, linestyle="--", linewidth=1.6, zorder=3)
        handles.append(
            Line2D(
                [],
                [],
                color=AVERAGE_COLOUR,
                linestyle="--",
                label=(
                    f"{week.weeks_compared}-week daily average{_estimated(week.previous_estimated)}"
                ),
            )
        )
    if week.windows:
        handles.append(_window_handle(week.window_hours))
    top = max([*bottoms, average])
    ax.set_xlim(0, 7)
    ax.set_ylim(0, top * 1.18 if top > 0 else 1.0)
    # Loads as every reply writes them ("1,800"); with no load at all, no scale to read.
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: format_load(value)))
    if top <= 0:
        ax.set_yticks([])
    empty = _empty_week_note(week, top)
    if empty:
        ax.text(3.5, 0.5, empty, ha="center", va="center", fontsize=13, color="#7f8c8d", zorder=4)
    days = [week.week.monday + timedelta(days=i) for i in range(7)]
    ax.set_xticks(xs, [_day_label(day, True, first=i == 0) for i, day in enumerate(days)])
    ax.set_ylabel("Load (RPE × minutes)")
    ax.grid(axis="y", color="#e5e8e8", linewidth=0.8, zorder=1)
    ax.set_axisbelow(True)
    # The week's days as the reply's title names them: a chart shared alone still says which.
    span = days_label(week.week.monday, week.week.sunday)
    title = f"Your week: {span}, load {format_load(week.load_total)}"
    title += _estimated(week.estimated)
    fig.suptitle(title, fontsize=13, fontweight="bold")
    ax.set_title(f"Days in {week.timezone}", fontsize=9, loc="left")
    _legend(fig, handles)
    return fig


def week_png(week: TrainingWeek) -> bytes:
    """/week's chart as PNG bytes. Blocking: called through bot.render.chart_pool."""
    return figure_png(build_week_figure(week))
