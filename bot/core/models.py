"""Plain domain models shared by the advice core, the store and the renderers.

Every datetime in these models is timezone-aware UTC; local time only exists at the edges
(parsing what a member typed, and Discord timestamps rendered by each reader's client).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Self
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator


def _require_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("datetime must be timezone-aware")
    return value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_require_utc)]


class RunType(StrEnum):
    RECOVERY = "recovery"
    EASY = "easy"
    STEADY = "steady"
    LONG = "long"
    TEMPO = "tempo"
    INTERVALS = "intervals"
    HILLS = "hills"
    SPRINTS = "sprints"
    HIIT = "hiit"
    RACE = "race"


class RunSource(StrEnum):
    """Where a run's numbers came from: typed in, or read from a watch file."""

    TYPED = "typed"
    FIT = "fit"
    GPX = "gpx"
    TCX = "tcx"


class Intensity(StrEnum):
    LOW = "LOW"
    MODERATE = "MODERATE"
    HIGH = "HIGH"


INTENSITY_OF: dict[RunType, Intensity] = {
    RunType.RECOVERY: Intensity.LOW,
    RunType.EASY: Intensity.LOW,
    RunType.STEADY: Intensity.MODERATE,
    RunType.LONG: Intensity.MODERATE,
    RunType.TEMPO: Intensity.HIGH,
    RunType.INTERVALS: Intensity.HIGH,
    RunType.HILLS: Intensity.HIGH,
    RunType.SPRINTS: Intensity.HIGH,
    RunType.HIIT: Intensity.HIGH,
    RunType.RACE: Intensity.HIGH,
}


def intensity_of(run_type: RunType) -> Intensity:
    return INTENSITY_OF[run_type]


class Experience(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Focus(StrEnum):
    ENDURANCE = "endurance"
    BALANCED = "balanced"
    STRENGTH = "strength"


class Units(StrEnum):
    KM = "km"
    MI = "mi"


class LegDayClass(StrEnum):
    HARD = "HARD"
    LIGHT = "LIGHT"


class Verdict(StrEnum):
    GO = "GO"
    EASY_ONLY = "EASY-ONLY"
    WAIT = "WAIT"


class HeadsUp(StrEnum):
    """Which heads-ups before a club session a member gets (`/profile heads_up`)."""

    ALL = "all"
    NOT_GO = "not-go"
    OFF = "off"

    def wants(self, verdict: Verdict) -> bool:
        if self is HeadsUp.OFF:
            return False
        return self is HeadsUp.ALL or verdict is not Verdict.GO


class FrozenModel(BaseModel):
    """The base of every core model: immutable, and strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# Pairs of rules whose first must not be above the second: a bound and the one beyond it, or
# what is assumed for a lighter session and for a harder one.
_ORDERED_RULES = (
    ("easy_alternative_min_minutes", "easy_minutes_max"),
    ("soreness_threshold", "pain_soreness"),
    ("run_rpe_low", "run_rpe_moderate"),
    ("run_rpe_moderate", "run_rpe_high"),
    ("leg_rpe_light", "leg_rpe_hard"),
    ("leg_minutes_light", "leg_minutes_hard"),
    ("hr_low_below_percent", "hr_high_above_percent"),
    ("speed_low_up_to", "speed_moderate_up_to"),
    ("min_easy_runs", "recent_easy_runs"),
    ("load_base_weeks", "load_weeks_compared"),
)


# What a member may say about a leg day and a planned run: the one home of these ranges, which
# /legday's and /canirun's options (bot/actions/options.py) refer to.
EXERCISES_MAX = 20
LOAD_PERCENT_MAX = 100
SETS_MAX = 20
REPS_MAX = 50
PLANNED_MINUTES_MAX = 600
LEG_MINUTES_MAX = 300
RPE_MAX = 10
SORENESS_MAX = 10
# A member's maximum heart rate (/profile max_hr), for the heart-rate zones of watch files.
MAX_HR_MIN = 100
MAX_HR_MAX = 230


class AdviceRules(FrozenModel):
    """The tunable numbers of advice-rules.md; a club may override them in `[advice]`."""

    window_hours: float = Field(default=48, gt=0, le=168)
    # From 1: soreness 0 means "no soreness", and a soreness not given must never meet a rule.
    # The thresholds' ranges are the values a member may give (the constants above).
    soreness_threshold: int = Field(default=4, ge=1, le=SORENESS_MAX)
    pain_soreness: int = Field(default=8, ge=1, le=SORENESS_MAX)
    # Soreness describes the legs now: it counts for a plan starting within this many hours.
    soreness_hours: int = Field(default=24, ge=1, le=168)
    easy_minutes_max: int = Field(default=30, ge=1, le=PLANNED_MINUTES_MAX)
    easy_alternative_min_minutes: int = Field(default=15, ge=1, le=PLANNED_MINUTES_MAX)
    hard_exercises: int = Field(default=3, ge=1, le=EXERCISES_MAX)
    heavy_load_percent: int = Field(default=75, ge=1, le=LOAD_PERCENT_MAX)
    heavy_min_sets: int = Field(default=2, ge=1, le=SETS_MAX)
    heavy_min_reps: int = Field(default=2, ge=1, le=REPS_MAX)
    easy_run_rpe_warning: int = Field(default=7, ge=1, le=RPE_MAX)
    # Training load (session RPE x minutes) and what stands in for a missing RPE or duration.
    # /week sets the week's load against the average of the `load_weeks_compared` weeks before
    # it; with fewer than `load_base_weeks` of them holding an entry, or an average below
    # `load_base_floor`, it shows no ratio.
    load_weeks_compared: int = Field(default=4, ge=1, le=12)
    load_base_weeks: int = Field(default=3, ge=1, le=12)
    load_base_floor: float = Field(default=100, ge=0, le=10000)
    run_rpe_low: int = Field(default=3, ge=1, le=RPE_MAX)
    run_rpe_moderate: int = Field(default=5, ge=1, le=RPE_MAX)
    run_rpe_high: int = Field(default=8, ge=1, le=RPE_MAX)
    # A member's usual pace of an intensity: the median of their latest this many runs of it
    # with both a distance and minutes; without one, the default pace.
    pace_runs: int = Field(default=10, ge=1, le=50)
    default_pace_min_per_km: float = Field(default=6, ge=2, le=30)
    leg_rpe_hard: int = Field(default=7, ge=1, le=RPE_MAX)
    leg_rpe_light: int = Field(default=4, ge=1, le=RPE_MAX)
    leg_minutes_hard: int = Field(default=60, ge=1, le=LEG_MINUTES_MAX)
    leg_minutes_light: int = Field(default=30, ge=1, le=LEG_MINUTES_MAX)
    # Single-run spike: a run more than `spike_percent` longer than the longest of the
    # `spike_days` days before it gets a note (advice-rules.md, "Single-run spike").
    spike_percent: float = Field(default=10, gt=0, le=100)
    spike_days: int = Field(default=30, ge=1, le=365)
    # Races: a HARD leg day this many days or fewer before a race gets a note.
    race_taper_days: int = Field(default=7, ge=1, le=60)
    # The intensity of a run read from a watch file ("Heart-rate zones"): its average heart
    # rate in % of the member's max, below the first LOW, up to the second MODERATE, above HIGH.
    hr_low_below_percent: int = Field(default=75, ge=1, le=100)
    hr_high_above_percent: int = Field(default=85, ge=1, le=100)
    # Without one: its speed against the median of the member's last `recent_easy_runs` easy or
    # recovery runs (at least `min_easy_runs` of them), up to the first ratio LOW, up to the
    # second MODERATE, above HIGH. From 1: a run at the usual easy speed is easy.
    speed_low_up_to: float = Field(default=1.05, ge=1, le=2)
    speed_moderate_up_to: float = Field(default=1.15, ge=1, le=2)
    recent_easy_runs: int = Field(default=10, ge=1, le=50)
    min_easy_runs: int = Field(default=3, ge=1, le=50)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        value = self.model_dump()
        wrong = [
            f"{low} = {value[low]} must not be more than {high} = {value[high]}"
            for low, high in _ORDERED_RULES
            if value[low] > value[high]
        ]
        if self.easy_run_rpe_warning <= self.run_rpe_low:
            wrong.append(
                f"easy_run_rpe_warning = {self.easy_run_rpe_warning} must be more than"
                f" run_rpe_low = {self.run_rpe_low}, the RPE an easy run is taken to have"
            )
        if wrong:
            raise ValueError("; ".join(wrong))
        return self

    @property
    def window(self) -> timedelta:
        return timedelta(hours=self.window_hours)

    @property
    def soreness_horizon(self) -> timedelta:
        return timedelta(hours=self.soreness_hours)

    @property
    def spike_window(self) -> timedelta:
        return timedelta(days=self.spike_days)


class LegDayInput(FrozenModel):
    """What a member says about a leg-day session; ranges are the contract of /legday."""

    exercises: int = Field(ge=0, le=EXERCISES_MAX)
    heaviest: int | None = Field(default=None, ge=1, le=LOAD_PERCENT_MAX)
    sets: int | None = Field(default=None, ge=1, le=SETS_MAX)
    reps: int | None = Field(default=None, ge=1, le=REPS_MAX)
    hard: bool | None = None


class Classification(FrozenModel):
    klass: LegDayClass
    reason_code: str
    reason: str


class LegDay(FrozenModel):
    """A stored leg day. `is_hard` is the classification made when it was logged."""

    id: int | None = None
    at: UtcDatetime
    is_hard: bool
    exercises: int = 0
    heaviest: int | None = None
    sets: int | None = None
    reps: int | None = None
    hard_given: bool | None = None
    notes: str | None = None
    # How long and how hard it felt (session RPE); None when not given.
    minutes: int | None = Field(default=None, ge=1, le=LEG_MINUTES_MAX)
    rpe: int | None = Field(default=None, ge=1, le=RPE_MAX)


class Run(FrozenModel):
    """A logged run. A run read from a watch file also carries the file's summary: moving and
    elapsed seconds, heart rate and climb (`minutes` is then the moving time, rounded)."""

    id: int | None = None
    at: UtcDatetime
    run_type: RunType
    distance_km: float | None = None
    minutes: float | None = None
    rpe: int | None = None
    notes: str | None = None
    moving_seconds: int | None = Field(default=None, ge=0)
    elapsed_seconds: int | None = Field(default=None, ge=0)
    avg_hr: int | None = Field(default=None, gt=0)
    max_hr: int | None = Field(default=None, gt=0)
    elevation_gain_m: int | None = Field(default=None, ge=0)
    source: RunSource = RunSource.TYPED


class Profile(FrozenModel):
    # The member's own zone; None: the club's (bot.actions.context.member_zone resolves it).
    timezone: ZoneInfo | None = None
    experience: Experience = Experience.INTERMEDIATE
    focus: Focus = Focus.BALANCED
    units: Units = Units.KM
    listed: bool = True
    # For the heart-rate zones of runs read from watch files; None: not set.
    max_hr: int | None = Field(default=None, ge=MAX_HR_MIN, le=MAX_HR_MAX)
    heads_up: HeadsUp = HeadsUp.NOT_GO


class PlannedRun(FrozenModel):
    run_type: RunType
    at: UtcDatetime
    minutes: int | None = Field(default=None, ge=1, le=PLANNED_MINUTES_MAX)
    soreness: int | None = Field(default=None, ge=0, le=SORENESS_MAX)


class TipId(StrEnum):
    STRETCH = "stretch"
    CARBS = "carbs"
    RECOVERY_RUN = "recovery_run"
    ENDURANCE_FOCUS = "endurance_focus"
    STRENGTH_FOCUS = "strength_focus"
    TALK_TEST = "talk_test"
    OVERTRAINING = "overtraining"
    HURTS_NORMAL = "hurts_normal"


class Tip(FrozenModel):
    id: TipId
    text: str


class Reason(FrozenModel):
    code: str
    text: str


class Advice(FrozenModel):
    verdict: Verdict
    intensity: Intensity
    reasons: tuple[Reason, ...]
    ready_at: UtcDatetime | None = None
    alternative: str | None = None
    tips: tuple[Tip, ...] = ()
    last_hard: UtcDatetime | None = None
    pain_warning: str | None = None


class MemberRef(FrozenModel):
    """Whose data: always taken from the interaction, never from a command option."""

    guild_id: int
    user_id: int
