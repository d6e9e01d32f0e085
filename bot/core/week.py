"""A member's training week, Monday to Sunday in their own time zone, with its load against the
`load_weeks_compared` weeks before it (advice-rules.md, "Training load") and its longest run
against the longest of the `spike_days` before it ("Single-run spike"). Pure: the caller passes
the entries of `week_fetch_range`, the member's paces, the zone and the rules.

The ratio is context only and carries no warning: weekly ratios showed no positive link to
injury in the largest cohort so far (Frandsen et al. 2025). It needs a base: at least
`load_base_weeks` of those weeks with an entry, and an average of `load_base_floor` or more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.core.history import hard_leg_day_windows
from bot.core.leaderboard import Week
from bot.core.load import SessionLoad, leg_day_load, run_load
from bot.core.models import AdviceRules, FrozenModel, Intensity, LegDay, Run, intensity_of
from bot.core.spike import Compared, compare_with_longest, longest_of
from bot.core.when import at_local, local_date

__all__ = [
    "WEEKS_BACK_MAX",
    "IntensityTotals",
    "TrainingWeek",
    "hard_runs_in_windows",
    "training_week",
    "week_back",
    "week_fetch_range",
]

WEEKS_BACK_MAX = 12
INTENSITIES = (Intensity.LOW, Intensity.MODERATE, Intensity.HIGH)


def week_back(now: datetime, tz: ZoneInfo, weeks_back: int) -> Week:
    """The local Monday-to-Sunday week `weeks_back` weeks before the one holding `now`."""
    today = local_date(now, tz)
    monday = today - timedelta(days=today.weekday() + 7 * weeks_back)
    return _week(monday, tz)


def _week(monday: date, tz: ZoneInfo) -> Week:
    return Week(
        monday=monday,
        sunday=monday + timedelta(days=6),
        start=at_local(monday, time(0), tz),
        end=at_local(monday + timedelta(days=7), time(0), tz),
    )


def week_fetch_range(week: Week, tz: ZoneInfo, rules: AdviceRules) -> tuple[datetime, datetime]:
    """What /week reads: the weeks compared before `week` and `week` itself, plus one leg-day
    window before them (a hard leg day on the Sunday before still covers Monday's runs), and
    the `spike_days` before the week for its longest run."""
    first = _week(week.monday - timedelta(days=7 * rules.load_weeks_compared), tz)
    return min(first.start - rules.window, week.start - rules.spike_window), week.end


class IntensityTotals(FrozenModel):
    runs: int = 0
    distance_km: float = 0.0
    minutes: float = 0.0
    # Runs with minutes: `minutes` is theirs alone.
    timed: int = 0


class TrainingWeek(FrozenModel):
    week: Week
    timezone: str
    # LOW, MODERATE, HIGH.
    by_intensity: tuple[IntensityTotals, IntensityTotals, IntensityTotals]
    leg_hard: int
    leg_light: int
    load_running: float
    load_lifting: float
    # Sessions whose load is (partly) estimated, and runs that have no load at all.
    estimated: int
    unloaded_runs: int
    # The average weekly load of the load_weeks_compared weeks before, oldest first; ratio
    # None without a base (fewer than load_base_weeks of them with an entry, or an average
    # below load_base_floor).
    previous_average: float
    previous_weeks: tuple[float, ...]
    # Sessions of those weeks whose load is (partly) estimated: the average is marked.
    previous_estimated: int = 0
    weeks_with_entries: int
    ratio: float | None
    # The week's longest run against the longest of the spike_days before the week; None
    # without a run in the week or one to compare with.
    longest: Run | None = None
    longest_compared: Compared | None = None
    longest_is_spike: bool = False
    # How many runs the spike_days before the week hold: with none, there was nothing to
    # compare with; with some, none shared a measure with the week's longest.
    runs_before: int = 0
    hard_runs_in_window: int
    # Per day Monday..Sunday: (lifting, low, moderate, high) load.
    daily: tuple[tuple[float, float, float, float], ...] = Field(min_length=7, max_length=7)
    # Spans after hard leg days, in days from Monday's midnight, clipped to the week, and the
    # club's window they are (its legend names the hours, as /history's does).
    windows: tuple[tuple[float, float], ...]
    window_hours: float

    @property
    def weeks_compared(self) -> int:
        """How many weeks before it the week is compared with (`load_weeks_compared`)."""
        return len(self.previous_weeks)

    @property
    def load_total(self) -> float:
        return self.load_running + self.load_lifting

    @property
    def runs(self) -> int:
        return sum(t.runs for t in self.by_intensity)

    @property
    def distance_km(self) -> float:
        return sum(t.distance_km for t in self.by_intensity)

    @property
    def minutes(self) -> float:
        return sum(t.minutes for t in self.by_intensity)

    @property
    def timed_runs(self) -> int:
        return sum(t.timed for t in self.by_intensity)


def hard_runs_in_windows(
    runs: Iterable[Run], leg_days: Sequence[LegDay], window: timedelta
) -> list[Run]:
    """HIGH runs that started less than `window` after a hard leg day at or before them."""
    hard_days = sorted(d.at for d in leg_days if d.is_hard)
    inside = []
    for run in runs:
        if intensity_of(run.run_type) is not Intensity.HIGH:
            continue
        if any(at <= run.at < at + window for at in hard_days):
            inside.append(run)
    return inside


def _weekly_loads(
    leg_days: Iterable[LegDay],
    runs: Iterable[Run],
    weeks: Sequence[Week],
    rules: AdviceRules,
    paces: Mapping[Intensity, float],
) -> tuple[list[float], int]:
    """Each week's load, and how many of the sessions in them were (partly) estimated."""
    totals = [0.0] * len(weeks)
    estimated = 0
    sessions: list[tuple[datetime, SessionLoad]] = [
        (d.at, leg_day_load(d, rules)) for d in leg_days
    ]
    for run in runs:
        load = run_load(run, rules, paces)
        if load is not None:
            sessions.append((run.at, load))
    for at, session in sessions:
        for i, week in enumerate(weeks):
            if week.start <= at < week.end:
                totals[i] += session.load
                estimated += session.estimated
    return totals, estimated


def training_week(
    week: Week,
    leg_days: Sequence[LegDay],
    runs: Sequence[Run],
    *,
    tz: ZoneInfo,
    rules: AdviceRules,
    paces: Mapping[Intensity, float],
) -> TrainingWeek:
    """The week's summary. `leg_days` and `runs` cover `week_fetch_range`; entries outside it
    are ignored."""
    weeks = rules.load_weeks_compared
    before = [_week(week.monday - timedelta(days=7 * n), tz) for n in range(weeks, 0, -1)]
    previous, previous_estimated = _weekly_loads(leg_days, runs, before, rules, paces)
    in_week_days = [d for d in leg_days if week.start <= d.at < week.end]
    in_week_runs = [r for r in runs if week.start <= r.at < week.end]

    totals = {i: [0, 0.0, 0.0, 0] for i in INTENSITIES}
    daily = [[0.0, 0.0, 0.0, 0.0] for _ in range(7)]
    load_running = load_lifting = 0.0
    estimated = unloaded = 0
    for run in in_week_runs:
        intensity = intensity_of(run.run_type)
        slot = totals[intensity]
        slot[0] += 1
        slot[1] += run.distance_km or 0.0
        slot[2] += run.minutes or 0.0
        slot[3] += bool(run.minutes)
        load = run_load(run, rules, paces)
        if load is None:
            unloaded += 1
            continue
        estimated += load.estimated
        load_running += load.load
        day = (local_date(run.at, tz) - week.monday).days
        daily[day][1 + INTENSITIES.index(intensity)] += load.load
    for leg_day in in_week_days:
        load = leg_day_load(leg_day, rules)
        estimated += load.estimated
        load_lifting += load.load
        daily[(local_date(leg_day.at, tz) - week.monday).days][0] += load.load

    average = sum(previous) / weeks
    total = load_running + load_lifting
    moments = [d.at for d in leg_days] + [r.at for r in runs]
    held = sum(any(w.start <= at < w.end for at in moments) for w in before)
    has_base = held >= rules.load_base_weeks and average >= rules.load_base_floor and average > 0
    longest = longest_of(in_week_runs)
    window = [r for r in runs if week.start - rules.spike_window <= r.at < week.start]
    compared = None
    if longest is not None:
        compared = compare_with_longest(longest.distance_km, longest.minutes, window)
    return TrainingWeek(
        week=week,
        timezone=tz.key,
        by_intensity=tuple(
            IntensityTotals(runs=int(t[0]), distance_km=t[1], minutes=t[2], timed=int(t[3]))
            for t in (totals[i] for i in INTENSITIES)
        ),
        leg_hard=sum(d.is_hard for d in in_week_days),
        leg_light=sum(not d.is_hard for d in in_week_days),
        load_running=load_running,
        load_lifting=load_lifting,
        estimated=estimated,
        unloaded_runs=unloaded,
        previous_average=average,
        previous_weeks=tuple(previous),
        previous_estimated=previous_estimated,
        weeks_with_entries=held,
        ratio=total / average if has_base else None,
        longest=longest,
        longest_compared=compared,
        longest_is_spike=compared is not None and compared.is_spike(rules),
        runs_before=len(window),
        hard_runs_in_window=len(hard_runs_in_windows(in_week_runs, leg_days, rules.window)),
        daily=tuple((a, b, c, d) for a, b, c, d in daily),
        windows=hard_leg_day_windows(leg_days, week.monday, 7, tz, rules.window),
        window_hours=rules.window_hours,
    )
