"""Validated command options of a member's own log: /legday, /run, /canirun, /profile, /history,
/week, /leaderboard, /delete and /edit. Discord's client enforces ranges, discord.py does not, and
the console sends plain strings: every front end goes through these models. A feature with a
module of its own (/race, /club, /remind and /checkin) declares its options there, beside its
action; each option is still declared once, and the shared pieces are in `option_base`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from bot.actions.file_reader import AttachedFile
from bot.actions.option_base import (
    DISTANCE_MAX,
    DISTANCE_MIN,
    FILE,
    FILES_MAX,
    NOTES_MAX,
    PICKED_ID_MAX,
    RUN_MINUTES_MAX,
    Options,
    Suggest,
    is_file,
    optional_like,
)
from bot.activity_files.model import MAX_FILE_BYTES
from bot.core.history import DAYS_DEFAULT, DAYS_MAX
from bot.core.leaderboard import BoardBy
from bot.core.models import (
    EXERCISES_MAX,
    LEG_MINUTES_MAX,
    LOAD_PERCENT_MAX,
    MAX_HR_MAX,
    MAX_HR_MIN,
    PLANNED_MINUTES_MAX,
    REPS_MAX,
    RPE_MAX,
    SETS_MAX,
    SORENESS_MAX,
    Experience,
    Focus,
    HeadsUp,
    Profile,
    RunType,
    Units,
)
from bot.core.week import WEEKS_BACK_MAX

# The time options' limits are their parsers' (bot/core/when): one place for each.
from bot.core.when import TIMEZONE_MAX, WHEN_MAX

_LOGGED_WHEN = "When it happened, in your time zone: now, 2h ago, yesterday 18:00, 2026-11-20 18:30"
_NOTES = f"Anything to remember (up to {NOTES_MAX} characters)"
_RUN_TYPE = "What kind of run"
# /run's distance and /canirun's, in the member's units.
_DISTANCE_RANGE = f"{DISTANCE_MIN}-{DISTANCE_MAX}"


class LegDayOptions(Options):
    exercises: int = Field(
        ge=0, le=EXERCISES_MAX, description=f"Weighted leg exercises you did (0-{EXERCISES_MAX})"
    )
    heaviest: int | None = Field(
        default=None,
        ge=1,
        le=LOAD_PERCENT_MAX,
        description=f"Heaviest working load as % of your max (1-{LOAD_PERCENT_MAX})",
    )
    sets: int | None = Field(
        default=None, ge=1, le=SETS_MAX, description=f"Working sets at that load (1-{SETS_MAX})"
    )
    reps: int | None = Field(
        default=None, ge=1, le=REPS_MAX, description=f"Reps per set (1-{REPS_MAX})"
    )
    hard: bool | None = Field(
        default=None, description="Say outright whether it was hard; overrides the rest"
    )
    minutes: int | None = Field(
        default=None,
        ge=1,
        le=LEG_MINUTES_MAX,
        description=f"How long the session took, in minutes (1-{LEG_MINUTES_MAX})",
    )
    rpe: int | None = Field(
        default=None,
        ge=1,
        le=RPE_MAX,
        description=f"How hard it felt overall, 1 (very easy) to {RPE_MAX} (all out)",
    )
    when: Annotated[str | None, Suggest.WHEN] = Field(
        default=None, max_length=WHEN_MAX, description=_LOGGED_WHEN
    )
    notes: str | None = Field(default=None, max_length=NOTES_MAX, description=_NOTES)


_FILE = f"A FIT, GPX or TCX file from your watch or its app (up to {MAX_FILE_BYTES // 2**20} MB)"
_MORE_FILE = f"Another watch file (up to {FILES_MAX} in all)"
_FILE_FIELD = Annotated[AttachedFile | None, FILE]


class RunOptions(Options):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    # Required without a file; with one, the file's heart rate or pace picks it.
    type: RunType | None = Field(
        default=None, description=f"{_RUN_TYPE} (needed unless you attach a file)"
    )
    # In the member's units (km or mi), converted to km before it is stored.
    distance: float | None = Field(
        default=None,
        ge=DISTANCE_MIN,
        le=DISTANCE_MAX,
        description=f"Distance in your units (km or mi, set in /profile), {_DISTANCE_RANGE}",
    )
    minutes: int | None = Field(
        default=None,
        ge=1,
        le=RUN_MINUTES_MAX,
        description=f"Duration in minutes (1-{RUN_MINUTES_MAX})",
    )
    rpe: int | None = Field(
        default=None,
        ge=1,
        le=RPE_MAX,
        description=f"How hard it felt, 1 (very easy) to {RPE_MAX} (all out)",
    )
    when: Annotated[str | None, Suggest.WHEN] = Field(
        default=None, max_length=WHEN_MAX, description=_LOGGED_WHEN
    )
    notes: str | None = Field(default=None, max_length=NOTES_MAX, description=_NOTES)
    file: _FILE_FIELD = Field(default=None, description=_FILE)
    file2: _FILE_FIELD = Field(default=None, description=_MORE_FILE)
    file3: _FILE_FIELD = Field(default=None, description=_MORE_FILE)
    file4: _FILE_FIELD = Field(default=None, description=_MORE_FILE)
    file5: _FILE_FIELD = Field(default=None, description=_MORE_FILE)
    file6: _FILE_FIELD = Field(default=None, description=_MORE_FILE)
    file7: _FILE_FIELD = Field(default=None, description=_MORE_FILE)
    file8: _FILE_FIELD = Field(default=None, description=_MORE_FILE)
    file9: _FILE_FIELD = Field(default=None, description=_MORE_FILE)
    file10: _FILE_FIELD = Field(default=None, description=_MORE_FILE)

    @property
    def files(self) -> list[AttachedFile]:
        """The attached files, in option order."""
        return [
            value
            for name in RUN_FILE_OPTIONS
            if isinstance(value := getattr(self, name), AttachedFile)
        ]

    @model_validator(mode="after")
    def _type_or_file(self) -> RunOptions:
        files = self.files
        if not files and self.type is None:
            raise PydanticCustomError(
                "type_required",
                "`type` is missing: say what kind of run it was (or attach your watch's file"
                " with `file`, and its heart rate or pace picks the type)",
            )
        corrections = [
            name for name in ("distance", "minutes", "when") if getattr(self, name) is not None
        ]
        if len(files) > 1 and corrections:
            raise PydanticCustomError(
                "one_file_only",
                f"`{corrections[0]}` corrects the run of one file; with {len(files)} files"
                " attached, log them without it and correct a run afterwards",
            )
        return self


# /run's file options, in option order: read once from the model, not field by field on
# every look at `files` (its validator and the answer each look).
RUN_FILE_OPTIONS = tuple(name for name, field in RunOptions.model_fields.items() if is_file(field))


class CanIRunOptions(Options):
    type: RunType = Field(description="The run you have in mind")
    when: Annotated[str | None, Suggest.PLANNED_WHEN] = Field(
        default=None,
        max_length=WHEN_MAX,
        description="When you plan to run, in your time zone: now, in 3h, tomorrow 06:00",
    )
    minutes: int | None = Field(
        default=None,
        ge=1,
        le=PLANNED_MINUTES_MAX,
        description=f"How long you plan to run (1-{PLANNED_MINUTES_MAX})",
    )
    # In the member's units, as /run's `distance`: the single-run spike compares it.
    distance: float | None = Field(
        default=None,
        ge=DISTANCE_MIN,
        le=DISTANCE_MAX,
        description=f"How far you plan to run, in your units (km or mi), {_DISTANCE_RANGE}",
    )
    soreness: int | None = Field(
        default=None,
        ge=0,
        le=SORENESS_MAX,
        description=f"How sore your legs are, 0 (not at all) to {SORENESS_MAX} (very)",
    )


# The one a member has until they choose is Profile's default, named from there.
_HEADS_UP_CHOICES = ", ".join(
    f"{choice.value} (default)" if choice is Profile().heads_up else choice.value
    for choice in HeadsUp
)


class ProfileOptions(Options):
    timezone: Annotated[str | None, Suggest.TIMEZONE] = Field(
        default=None,
        max_length=TIMEZONE_MAX,
        description="Your IANA time zone, e.g. Europe/London (default: the club's)",
    )
    experience: Experience | None = Field(
        default=None, description="How long you have been running"
    )
    focus: Focus | None = Field(default=None, description="What your training is built around")
    units: Units | None = Field(
        default=None, description="Kilometres or miles, for everything you enter and see"
    )
    listed: bool | None = Field(
        default=None, description="May the daily club post name you? (you are always counted)"
    )
    max_hr: int | None = Field(
        default=None,
        ge=MAX_HR_MIN,
        le=MAX_HR_MAX,
        description=f"Your maximum heart rate ({MAX_HR_MIN}-{MAX_HR_MAX}), to judge watch files",
    )
    heads_up: HeadsUp | None = Field(
        default=None,
        description=f"A DM before club sessions you're interested in: {_HEADS_UP_CHOICES}",
    )


class NoOptions(Options):
    """Commands without options: /undo, /help, /mydata export|delete, and the lists and
    switches of /race, /remind and /club."""


class HistoryOptions(Options):
    days: int = Field(
        default=DAYS_DEFAULT,
        ge=1,
        le=DAYS_MAX,
        description=f"How many days back, today included (1-{DAYS_MAX}, default {DAYS_DEFAULT})",
    )


class WeekOptions(Options):
    weeks_back: int = Field(
        default=0,
        ge=0,
        le=WEEKS_BACK_MAX,
        description=f"0 for this week, 1 for last week... (0-{WEEKS_BACK_MAX}, default 0)",
    )


class LeaderboardOptions(Options):
    by: BoardBy = Field(
        default=BoardBy.DISTANCE, description="What the board is sorted by (default distance)"
    )


class DeleteOptions(Options):
    # Free text: autocomplete only suggests. Any shape is accepted here and answered with the
    # same "no entry X of yours", so a malformed id reveals no more than a foreign one.
    entry: Annotated[str, Suggest.ENTRY] = Field(
        max_length=PICKED_ID_MAX,
        description="The entry to delete: pick from your recent ones, e.g. R12",
    )


class EditOptions(Options):
    """/edit: the entry, then any of /legday's or /run's options, declared there once."""

    entry: Annotated[str, Suggest.ENTRY] = Field(
        max_length=PICKED_ID_MAX,
        description="The entry to change: pick from your recent ones, e.g. R12",
    )
    # A leg day's.
    exercises: int | None = optional_like(LegDayOptions, "exercises")
    heaviest: int | None = optional_like(LegDayOptions, "heaviest")
    sets: int | None = optional_like(LegDayOptions, "sets")
    reps: int | None = optional_like(LegDayOptions, "reps")
    hard: bool | None = optional_like(LegDayOptions, "hard")
    # A run's.
    type: RunType | None = optional_like(RunOptions, "type", description=_RUN_TYPE)
    distance: float | None = optional_like(RunOptions, "distance")
    # Both kinds': one option each, with a run's range; a leg day's lower cap is checked by
    # /edit itself.
    minutes: int | None = optional_like(
        RunOptions,
        "minutes",
        description=(
            f"Duration in minutes (1-{RUN_MINUTES_MAX}; a leg day up to {LEG_MINUTES_MAX})"
        ),
    )
    rpe: int | None = optional_like(RunOptions, "rpe")
    when: str | None = optional_like(LegDayOptions, "when")
    notes: str | None = optional_like(LegDayOptions, "notes")
