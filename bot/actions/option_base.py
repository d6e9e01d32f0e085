"""What every option model shares: the base model, the marks that tell a front end where to
find suggestions (Discord's autocomplete) or what kind of value an option takes, the limits
several commands share, and the parser that turns raw values into a model or one clear
InputError naming the option."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from itertools import islice
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails, PydanticCustomError

from bot.core.errors import InputError
from bot.core.when.common import CHOICE_LIMIT
from bot.core.wording import typed_inline

NOTES_MAX = 200
# An id picked from a list (an entry, session, race or reminder): free text, suggested from
# the member's own or the club's; an unknown one is quoted back whole up to this.
PICKED_ID_MAX = 100
DISTANCE_MIN = 0.1
DISTANCE_MAX = 300
RUN_MINUTES_MAX = 1440
# Letters, symbols and marks that show as nothing: the Hangul fillers, the blank Braille
# pattern, the combining grapheme joiner and the variation selectors (which only choose how the
# character before them looks). The format characters (zero-width spaces and joiners, the word
# joiner) are found by category.
_BLANK_SIGNS = frozenset(
    "\u115f\u1160\u3164\uffa0\u2800\u034f\u180b\u180c\u180d\u180f"
    + "".join(map(chr, [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]))
)


def _shows_nothing(text: str) -> bool:
    return all(c.isspace() or c in _BLANK_SIGNS or unicodedata.category(c) == "Cf" for c in text)


def matching(pairs: Iterable[tuple[str, str]], typed: str, limit: int) -> list[tuple[str, str]]:
    """The first `limit` (label, value) suggestions whose label holds what the member typed
    (any case, any spacing on either side), or whose value is exactly it."""

    def squeezed(text: str) -> str:
        return " ".join(text.split()).casefold()

    needle = squeezed(typed)
    found = (
        (label, value)
        for label, value in pairs
        if needle in squeezed(label) or needle == value.casefold()
    )
    return list(islice(found, limit))


class Suggest(Enum):
    """Where a front end finds values to suggest while the member types (Discord's
    autocomplete). Suggestions only: the value typed is free text, checked again."""

    # A moment already past (a log) or still ahead (a plan): the same words read differently.
    WHEN = "when"
    PLANNED_WHEN = "planned_when"
    # A day ahead, with no time of day (a race's).
    DAY = "day"
    TIMEZONE = "timezone"
    ENTRY = "entry"
    SESSION = "session"
    RACE = "race"
    REMINDER = "reminder"

    @property
    def picks(self) -> bool:
        """The value names one of the listed things by its id: anything else is not found."""
        return self in (Suggest.ENTRY, Suggest.SESSION, Suggest.RACE, Suggest.REMINDER)


@dataclass(frozen=True, slots=True)
class TextChannel:
    """Marks an option whose value is a text channel of the server, by id: only a front end
    that knows the server's channels (Discord) can offer it."""


TEXT_CHANNEL = TextChannel()


@dataclass(frozen=True, slots=True)
class FileOption:
    """Marks an option whose value is a file the member attaches (an `AttachedFile`): Discord
    sends an attachment, the console a local path."""


FILE = FileOption()
# Discord takes one attachment per option: /run has `file` and `file2` ... `file10`.
FILES_MAX = 10


class Options(BaseModel):
    """A command's options. Each field is the one declaration of an option: its name, type,
    range or length, choices (an enum) and, in `description`, the text members read."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        # Text of nothing visible (zero-width characters) is blank text, as spaces are: a
        # name of it is refused and notes of it are none, instead of an invisible one shown.
        if isinstance(value, str) and _shows_nothing(value):
            return ""
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        # PostgreSQL cannot store U+0000 in text (and a SQLite file holding it could not move
        # there): refused by name on every backend, as a lone surrogate is.
        if isinstance(value, str) and "\x00" in value:
            raise PydanticCustomError("text_nul", "has a NUL character (U+0000); leave it out")
        return value


def suggestion(field: FieldInfo) -> Suggest | None:
    return next((item for item in field.metadata if isinstance(item, Suggest)), None)


def is_text_channel(field: FieldInfo) -> bool:
    return any(isinstance(item, TextChannel) for item in field.metadata)


def is_file(field: FieldInfo) -> bool:
    return any(isinstance(item, FileOption) for item in field.metadata)


OptionsT = TypeVar("OptionsT", bound=Options)


def parse_options(model: type[OptionsT], raw: Mapping[str, Any]) -> OptionsT:
    """Validate raw option values; the first problem becomes an InputError naming the option."""
    given = {key: value for key, value in raw.items() if value is not None}
    try:
        return model.model_validate(given)
    except ValidationError as exc:
        errors = exc.errors()
        # An option the command does not have is named first: a mistyped one (`Exercises:3`)
        # is often why a required option is missing, and "is required" alone hides the typo.
        error = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
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


def range_rule(low: float, high: float, *, whole: bool) -> str:
    """What a numeric option takes, as a refusal says it."""
    kind = "a whole number" if whole else "a number"
    return f"must be {kind} from {low:g} to {high:g}"


def _explain(model: type[Options], option: str | None, error: ErrorDetails) -> str:
    if error["type"] == "extra_forbidden":
        known = ", ".join(model.model_fields) or "none"
        lower = (option or "").lower()
        hint = (
            f"; did you mean {lower}? Options are in lower case"
            if lower in model.model_fields
            else ""
        )
        return f"is not an option of this command{hint} (its options: {known})"
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
        return range_rule(low, high, whole="float" not in annotation)
    if "ctx" in error and "expected" in error["ctx"]:
        # Quoted whole up to a choice's own limit: the member's words come back as typed.
        typed = typed_inline(str(error["input"]), CHOICE_LIMIT)
        return f"'{typed}' is not allowed; choose {error['ctx']['expected']}"
    if error["type"].startswith("bool"):
        return "must be true or false"
    return str(error["msg"])


def optional_like(model: type[Options], name: str, **changes: Any) -> Any:
    """`model`'s declaration of option `name` (range, length, description, suggestions) with
    no value required: /edit and /race edit take the options of /legday, /run and /race set,
    each one only if it is to change."""
    return FieldInfo.merge_field_infos(model.model_fields[name], default=None, **changes)
