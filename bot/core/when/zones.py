"""Time-zone names: which a member may choose, and the suggestions autocomplete offers."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Mapping
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.core.errors import InputError
from bot.core.when.abbreviations import places_by_abbreviation
from bot.core.when.common import MAX_CHOICES, TIMEZONE_MAX, echo
from bot.core.when.legacy_zones import (
    GEOGRAPHIC_AREAS,
    fixed_offset,
    known_meanings,
    places_at_offset,
    same_rules_as,
)

__all__ = ["is_place", "meant_places", "timezone_suggestions", "valid_timezone"]

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


def is_place(name: str) -> bool:
    """A zone a member may choose: UTC, or a place's canonical Area/Location name."""
    if name == "UTC":
        return True
    area, _, _ = name.partition("/")
    return area in GEOGRAPHIC_AREAS and not known_meanings(name.lower())


@functools.lru_cache(maxsize=1)
def _places() -> tuple[str, ...]:
    return tuple(name for name in _sorted_zones() if is_place(name))


@functools.lru_cache(maxsize=1)
def _abbreviated() -> Mapping[str, tuple[str, ...]]:
    return places_by_abbreviation(_places())


def _using_abbreviation(lower_name: str) -> tuple[str, ...]:
    """The places that show `lower_name` (sast, cest) as their abbreviation, alphabetical."""
    return _abbreviated().get(lower_name, ())


@functools.lru_cache(maxsize=1)
def _places_by_location() -> Mapping[str, tuple[str, ...]]:
    """Each place's last part, lower case ("london", "new_york"), and the places so named."""
    named: dict[str, list[str]] = {}
    for place in _places():
        named.setdefault(place.rpartition("/")[2].lower(), []).append(place)
    return MappingProxyType({location: tuple(places) for location, places in named.items()})


# How alike a typed location and a place's must be (difflib's ratio) to be offered for it:
# one letter left out or swapped in a word of five or more ("Londn", "Sydeny", "Pairs").
SPELLING_CUTOFF = 0.8


def spelled_like(needle: str) -> list[str]:
    """Places whose location is spelt much like the last part of `needle` (lower case,
    underscores for spaces), the closest first: a typo finds no name containing it. difflib
    offers its three closest, which a few letters of a typo never outgrow."""
    located = _places_by_location()
    close = difflib.get_close_matches(needle.rpartition("/")[2], located, cutoff=SPELLING_CUTOFF)
    return [place for location in close for place in located[location]]


def meant_places(name: str) -> tuple[str, ...]:
    """The places an alias (EST, SAST, US/Eastern, Asia/Calcutta, Etc/GMT+5, UTC+1) may mean,
    best first."""
    lower = name.lower()
    if meanings := known_meanings(lower):
        return meanings
    offset = fixed_offset(lower)
    if offset is not None:
        return places_at_offset(offset)
    real = _zones_by_lower_name().get(lower)
    if real is not None and is_place(real):
        return ()
    # An abbreviation the table above does not write out: the tz database's own users of it.
    if abbreviated := _using_abbreviation(lower):
        return abbreviated[:3]
    return () if real is None else same_rules_as(real, is_place)


def valid_timezone(name: str) -> ZoneInfo:
    """The zone of a place named `name` (case-insensitive canonical IANA name such as
    "europe/london"), or UTC. An abbreviation or old alias (EST, US/Eastern) is refused with
    the places it may mean: a zone that is not a place can miss its daylight saving."""
    key = (name or "").strip()
    # zoneinfo would otherwise treat these as file paths to open.
    if not key or ".." in key or key.startswith("/") or "\\" in key or len(key) > 64:
        raise InputError("timezone", _unknown_zone(name))
    canonical = _zones_by_lower_name().get(key.lower())
    if canonical is None or not is_place(canonical):
        meant = meant_places(key)
        if meant:
            raise InputError("timezone", _not_a_place(key, meant))
        raise InputError("timezone", _unknown_zone(name))
    try:
        return ZoneInfo(canonical)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InputError("timezone", _unknown_zone(name)) from None


def _one_of(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _not_a_place(name: str, meant: tuple[str, ...]) -> str:
    return (
        f"{echo(name, TIMEZONE_MAX)}: did you mean {_one_of(meant)}? Use the name of a place"
        " (Area/Location), which follows its daylight saving; abbreviations and old names do not."
    )


_WHAT_IS_ALLOWED = (
    "Type a place's IANA name (Area/Location), e.g. Europe/London, America/New_York or"
    " Asia/Kolkata, or UTC."
)


def _unknown_zone(name: str) -> str:
    if not (name or "").strip():
        # "unknown timezone ''" read as if a zone named nothing were missing from the list.
        return f"is empty. {_WHAT_IS_ALLOWED}"
    close = timezone_suggestions(name, 3) if len(name) <= TIMEZONE_MAX else []
    hint = f"Did you mean {_one_of(tuple(close))}? " if close else ""
    return f"unknown timezone '{echo(name, TIMEZONE_MAX)}'. {hint}{_WHAT_IS_ALLOWED}"


def timezone_suggestions(text: str, limit: int = MAX_CHOICES) -> list[str]:
    """Places' IANA names for what a member typed (case-insensitive; spaces match
    underscores), best first; aliases (EST, US/Eastern) are never offered, the places they
    mean are.

    First the place named exactly; then, for an alias or abbreviation, the places it means
    (those written out for it first, then every place whose clock shows it in winter or in
    summer); then names starting with the text, names with a part ("London" in Europe/London)
    starting with it, and any other name containing it, each group alphabetical. Empty text
    gives a short list of widely used zones.
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

    # The place named exactly starts with the text and sorts before every longer name that
    # does: first among them.
    matches = sorted((name for name in _places() if needle in name.lower()), key=rank)
    ordered = [
        *meant_places(needle),
        *_using_abbreviation(needle),
        *matches,
    ]
    if not ordered:
        # Nothing is named so, means it or contains it: a typo's places, spelt much like it.
        ordered = spelled_like(needle)
    # Each place once, where it first came.
    return list(dict.fromkeys(ordered))[:limit]
