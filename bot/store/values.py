"""Stored values read back into core types, the same way for every backend."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from bot.core.clubweek import MemberEntries
from bot.core.models import LegDay, Run, TipId


def stored_tip(value: str | None) -> TipId | None:
    """A post's tip as stored. A tip a later version dropped must not make every club's
    record unreadable: the loop reads all clubs' latest records in one go."""
    try:
        return None if value is None else TipId(value)
    except ValueError:
        return None


class _Row(Protocol):
    """A row as either driver returns it: read by column name."""

    def __getitem__(self, key: str, /) -> Any: ...


RowT = TypeVar("RowT", bound=_Row)


def entries_by_member(
    leg_rows: Iterable[RowT],
    run_rows: Iterable[RowT],
    leg_day_of: Callable[[RowT], LegDay],
    run_of: Callable[[RowT], Run],
) -> list[MemberEntries]:
    """Club-wide rows (each with `user_id` and `listed`) gathered per member, by user id;
    each backend reads a row into a model with its own `leg_day_of` / `run_of`."""
    listed: dict[int, bool] = {}
    leg_days: dict[int, list[LegDay]] = {}
    runs: dict[int, list[Run]] = {}
    for row in leg_rows:
        listed[row["user_id"]] = bool(row["listed"])
        leg_days.setdefault(row["user_id"], []).append(leg_day_of(row))
    for row in run_rows:
        listed[row["user_id"]] = bool(row["listed"])
        runs.setdefault(row["user_id"], []).append(run_of(row))
    return [
        MemberEntries(
            user_id=user_id,
            listed=listed[user_id],
            leg_days=tuple(leg_days.get(user_id, ())),
            runs=tuple(runs.get(user_id, ())),
        )
        for user_id in sorted(listed)
    ]
