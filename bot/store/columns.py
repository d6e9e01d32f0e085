"""The column lists both backends select: a stored row's columns are named as the fields of its
core model (bot.store.sql.codec.model_of reads them back by those names), so a new column is a
new field, added in one place."""

from __future__ import annotations

from pydantic import BaseModel

from bot.core.models import INTENSITY_OF, LegDay, Profile, Run
from bot.core.reminders import Timer
from bot.core.schedule import PostRecord


def columns(model: type[BaseModel]) -> str:
    """The columns that hold `model`'s fields, as a select list."""
    return ", ".join(model.model_fields)


LEG_DAY_COLUMNS = columns(LegDay)
RUN_COLUMNS = columns(Run)
PROFILE_COLUMNS = columns(Profile)
POST_COLUMNS = tuple(PostRecord.model_fields)
TIMER_COLUMNS = columns(Timer)
# A race's date is stored as `race_on`: `on` is a word of SQL.
RACE_COLUMNS = "id, race_on, name, distance"


def prefixed(columns: str, alias: str) -> str:
    """`columns` as `alias.column, ...`, for a query that joins tables."""
    return ", ".join(f"{alias}.{name.strip()}" for name in columns.split(","))


def intensity_case(column: str) -> str:
    """SQL giving a run type's intensity, from the one table in bot.core.models."""
    arms = " ".join(f"WHEN '{t.value}' THEN '{i.value}'" for t, i in INTENSITY_OF.items())
    return f"CASE {column} {arms} END"
