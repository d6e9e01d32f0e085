"""Time-zone abbreviations as the tz database itself writes them (EST, CEST, IST, SAST): which
places use each, read from the zones at two instants, one in each half of the year, so that a
member who types the letters their clock shows is offered the places behind them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from zoneinfo import ZoneInfo

__all__ = ["SAMPLE_DAYS", "places_by_abbreviation"]

# Two days that see both halves of the year, north and south, clear of every clock change.
SAMPLE_DAYS = (datetime(2026, 1, 15, tzinfo=UTC), datetime(2026, 7, 15, tzinfo=UTC))


def places_by_abbreviation(places: Iterable[str]) -> Mapping[str, tuple[str, ...]]:
    """Lower-case abbreviation -> the `places` that show it on one of SAMPLE_DAYS, in the
    order given. Names without a letter ("+03", "-0330"), which the tz database gives zones
    that have no abbreviation in common use, are offsets, not abbreviations, and left out."""
    found: dict[str, list[str]] = {}
    for name in places:
        zone = ZoneInfo(name)
        shown = {day.astimezone(zone).tzname() or "" for day in SAMPLE_DAYS}
        for abbreviation in shown:
            if any(char.isalpha() for char in abbreviation):
                found.setdefault(abbreviation.lower(), []).append(name)
    return MappingProxyType({key: tuple(names) for key, names in found.items()})
