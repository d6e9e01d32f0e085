"""Time-zone names: which a member may choose, and the suggestions autocomplete offers."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.core.errors import InputError
from bot.core.when.common import MAX_CHOICES, echo

__all__ = ["timezone_suggestions", "valid_timezone"]

_COMMON_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Amsterdam",
    "Europe/Stockholm",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Australia/Perth",
    "Pacific/Auckland",
    "Africa/Johannesburg",
)


@functools.lru_cache(maxsize=1)
def _zones_by_lower_name() -> Mapping[str, str]:
    # Reading the tz database walks the filesystem; once per process is enough. Read-only view so
    # that the cached value cannot be changed by a caller.
    return MappingProxyType({name.lower(): name for name in available_timezones()})


@functools.lru_cache(maxsize=1)
def _sorted_zones() -> tuple[str, ...]:
    return tuple(sorted(_zones_by_lower_name().values()))


def valid_timezone(name: str) -> ZoneInfo:
    """The zone named `name` (case-insensitive IANA name such as "europe/london")."""
    key = (name or "").strip()
    # zoneinfo would otherwise treat these as file paths to open.
    if not key or ".." in key or key.startswith("/") or "\\" in key:
        raise InputError("timezone", _unknown_zone(name))
    canonical = _zones_by_lower_name().get(key.lower())
    if canonical is None:
        raise InputError("timezone", _unknown_zone(name))
    try:
        return ZoneInfo(canonical)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InputError("timezone", _unknown_zone(name)) from None


def _unknown_zone(name: str) -> str:
    return (
        f"unknown timezone '{echo(name or '')}'. Pick one from the list, "
        "e.g. Europe/London, America/New_York or Asia/Kolkata."
    )


def timezone_suggestions(text: str, limit: int = MAX_CHOICES) -> list[str]:
    """IANA names containing `text` (case-insensitive; spaces match underscores), best first.

    Names starting with the text come first, then names with a part ("London" in Europe/London)
    starting with it, then any other match; each group alphabetical. Empty text gives a short
    list of widely used zones.
    """
    limit = max(0, limit)
    needle = "_".join((text or "").lower().split())
    if not needle:
        return list(_COMMON_ZONES[:limit])

    def rank(name: str) -> int:
        lower = name.lower()
        if lower.startswith(needle):
            return 0
        if any(part.startswith(needle) for part in lower.split("/")[1:]):
            return 1
        return 2

    matches = [name for name in _sorted_zones() if needle in name.lower()]
    matches.sort(key=rank)  # stable: alphabetical within each rank
    return matches[:limit]
