"""Stored IANA zone keys back to `ZoneInfo`, the same way for every backend."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)

RowT = TypeVar("RowT")
ItemT = TypeVar("ItemT")


def stored_zone(key: str | None) -> ZoneInfo | None:
    """The zone a row holds; NULL means none was chosen (a default applies above the store)."""
    return None if key is None else ZoneInfo(key)


def zone_key(zone: ZoneInfo | None) -> str | None:
    return None if zone is None else zone.key


def readable_clubs(
    rows: Iterable[RowT],
    read: Callable[[RowT], ItemT],
    guild_and_zone: Callable[[RowT], tuple[object, object]],
) -> list[ItemT]:
    """`read` every row, leaving out (loudly) a club whose stored zone this system's tz
    database does not know (removed in a tzdata update, or a hand-edited row): every other
    club still gets its post."""
    readable = []
    for row in rows:
        try:
            readable.append(read(row))
        except ZoneInfoNotFoundError:
            guild, zone = guild_and_zone(row)
            log.error(
                "daily post for guild %s skipped: its time zone %r is unknown here; "
                "an admin can set it again with /club reminder set",
                guild,
                zone,
            )
    return readable
