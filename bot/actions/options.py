"""Validated command options. Discord's client enforces ranges, discord.py does not, and the
console sends plain strings: every front end goes through these models.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from bot.core.clubpost import SESSION_NAME_MAX, Weekday
from bot.core.errors import InputError
from bot.core.history import DAYS_DEFAULT, DAYS_MAX
from bot.core.models import Experience, Focus, RunType, Units

WHEN_MAX = 100
NOTES_MAX = 200


class Options(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class LegDayOptions(Options):
    exercises: int = Field(ge=0, le=20)
    heaviest: int | None = Field(default=None, ge=1, le=100)
    sets: int | None = Field(default=None, ge=1, le=20)
    reps: int | None = Field(default=None, ge=1, le=50)
    hard: bool | None = None
    when: str | None = Field(default=None, max_length=WHEN_MAX)
    notes: str | None = Field(default=None, max_length=NOTES_MAX)


class RunOptions(Options):
    type: RunType
    # In the member's units (km or mi), converted to km before it is stored.
    distance: float | None = Field(default=None, ge=0.1, le=300)
    minutes: int | None = Field(default=None, ge=1, le=1440)
    rpe: int | None = Field(default=None, ge=1, le=10)
    when: str | None = Field(default=None, max_length=WHEN_MAX)
    notes: str | None = Field(default=None, max_length=NOTES_MAX)


class CanIRunOptions(Options):
    type: RunType
    when: str | None = Field(default=None, max_length=WHEN_MAX)
    minutes: int | None = Field(default=None, ge=1, le=600)
    soreness: int | None = Field(default=None, ge=0, le=10)


class ProfileOptions(Options):
    timezone: str | None = Field(default=None, max_length=64)
    experience: Experience | None = None
    focus: Focus | None = None
    units: Units | None = None
    listed: bool | None = None


class NoOptions(Options):
    """Commands without options: /undo, /help, /leaderboard, /mydata export|delete."""


class HistoryOptions(Options):
    days: int = Field(default=DAYS_DEFAULT, ge=1, le=DAYS_MAX)


class DeleteOptions(Options):
    # Free text: autocomplete only suggests. Any shape is accepted here and answered with the
    # same "no entry X of yours", so a malformed id reveals no more than a foreign one.
    entry: str


# /club (admins). Times are wall-clock HH:MM in the club's time zone.
CLOCK_MAX = 16


class ReminderSetOptions(Options):
    channel_id: int = Field(gt=0)
    time: str = Field(max_length=CLOCK_MAX)
    timezone: str | None = Field(default=None, max_length=64)


class SessionAddOptions(Options):
    day: Weekday
    time: str = Field(max_length=CLOCK_MAX)
    type: RunType
    name: str | None = Field(default=None, min_length=1, max_length=SESSION_NAME_MAX)


class SessionRemoveOptions(Options):
    # Free text like DeleteOptions: a session id from the autocomplete, checked against the
    # club's own sessions.
    session: str = Field(max_length=100)


OptionsT = TypeVar("OptionsT", bound=Options)


def parse_options(model: type[OptionsT], raw: Mapping[str, Any]) -> OptionsT:
    """Validate raw option values; the first problem becomes an InputError naming the option."""
    given = {key: value for key, value in raw.items() if value is not None}
    try:
        return model.model_validate(given)
    except ValidationError as exc:
        error = exc.errors()[0]
        option = str(error["loc"][0]) if error["loc"] else None
        raise InputError(option, _explain(model, option, error)) from None


def bounds(field: FieldInfo) -> tuple[Any, Any, int | None]:
    """An option's `ge`, `le` and `max_length` (None where it has none), for messages."""
    low = high = max_length = None
    for item in field.metadata:
        low = getattr(item, "ge", low)
        high = getattr(item, "le", high)
        max_length = getattr(item, "max_length", max_length)
    return low, high, max_length


def _explain(model: type[Options], option: str | None, error: ErrorDetails) -> str:
    if error["type"] == "extra_forbidden":
        known = ", ".join(model.model_fields) or "none"
        return f"is not an option of this command (its options: {known})"
    if error["type"] == "missing":
        # Discord's client never omits a required option; the offline console can.
        return "is required"
    if option is None or option not in model.model_fields:
        return str(error["msg"])
    field = model.model_fields[option]
    low, high, max_length = bounds(field)
    annotation = str(field.annotation)
    if max_length is not None and error["type"] == "string_too_long":
        return f"at most {max_length} characters, please"
    if max_length is not None and error["type"] == "string_too_short":
        # Blank after trimming, e.g. a session name of spaces.
        return f"{error.get('ctx', {}).get('min_length', 1)} to {max_length} characters, please"
    if low is not None and high is not None:
        kind = "a number" if "float" in annotation else "a whole number"
        return f"must be {kind} from {low:g} to {high:g}"
    if "ctx" in error and "expected" in error["ctx"]:
        return f"{str(error['input'])[:40]!r} is not allowed; choose {error['ctx']['expected']}"
    if error["type"].startswith("bool"):
        return "must be true or false"
    return str(error["msg"])
