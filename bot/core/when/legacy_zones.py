"""Zone names a member may type that are not a place: abbreviations (EST, CET), old names
(US/Eastern, Asia/Calcutta) and fixed offsets (Etc/GMT+5, UTC+1), with the places they may mean.

An abbreviation names only half of a place's year: EST is New York in winter, and a runner in
New York who chose it would be an hour off all summer. So the bot takes places only and
answers these with the places to pick from.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Callable, Mapping
from datetime import timedelta
from importlib.resources.abc import Traversable
from types import MappingProxyType
from zoneinfo import ZoneInfo

from bot.core.when.abbreviations import SAMPLE_DAYS

__all__ = [
    "GEOGRAPHIC_AREAS",
    "fixed_offset",
    "fixed_offset_hours",
    "known_meanings",
    "places_at_offset",
    "same_rules_as",
]

# The first part of every place's name (Area/Location) in the tz database. Everything else
# (Etc/, US/, Canada/, Brazil/, GB, EST...) is an alias kept for old systems.
GEOGRAPHIC_AREAS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)

_NEW_YORK = ("America/New_York", "America/Toronto")
_CHICAGO = ("America/Chicago", "America/Mexico_City")
_DENVER = ("America/Denver", "America/Phoenix")
_LOS_ANGELES = ("America/Los_Angeles", "America/Vancouver")
_LONDON = ("Europe/London", "UTC")
_CENTRAL_EUROPE = ("Europe/Paris", "Europe/Berlin", "Europe/Madrid")
_EASTERN_EUROPE = ("Europe/Athens", "Europe/Helsinki", "Europe/Bucharest")

# Lower-case alias -> the places it usually means, most likely first. Written out for the
# common ones, where the tz database's own link would be no help (EST links to Panama).
_MEANINGS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "est": _NEW_YORK,
        "edt": _NEW_YORK,
        "est5edt": _NEW_YORK,
        "us/eastern": ("America/New_York",),
        "us/east-indiana": ("America/Indiana/Indianapolis",),
        "cst": (*_CHICAGO, "Asia/Shanghai"),
        "cdt": _CHICAGO,
        "cst6cdt": _CHICAGO,
        "us/central": ("America/Chicago",),
        "mst": _DENVER,
        "mdt": ("America/Denver",),
        "mst7mdt": ("America/Denver",),
        "us/mountain": ("America/Denver",),
        "us/arizona": ("America/Phoenix",),
        "pst": _LOS_ANGELES,
        "pdt": _LOS_ANGELES,
        "pst8pdt": _LOS_ANGELES,
        "us/pacific": ("America/Los_Angeles",),
        "akst": ("America/Anchorage",),
        "us/alaska": ("America/Anchorage",),
        "hst": ("Pacific/Honolulu",),
        "us/hawaii": ("Pacific/Honolulu",),
        "canada/eastern": ("America/Toronto",),
        "canada/central": ("America/Winnipeg",),
        "canada/mountain": ("America/Edmonton",),
        "canada/pacific": ("America/Vancouver",),
        "gmt": _LONDON,
        "bst": ("Europe/London",),
        "gb": ("Europe/London",),
        "europe/belfast": ("Europe/London",),
        "ist": ("Asia/Kolkata", "Europe/Dublin"),
        "eire": ("Europe/Dublin",),
        "wet": ("Europe/Lisbon",),
        "west": ("Europe/Lisbon",),
        "cet": _CENTRAL_EUROPE,
        "cest": _CENTRAL_EUROPE,
        "met": _CENTRAL_EUROPE,
        "eet": _EASTERN_EUROPE,
        "eest": _EASTERN_EUROPE,
        "msk": ("Europe/Moscow",),
        "jst": ("Asia/Tokyo",),
        "japan": ("Asia/Tokyo",),
        "kst": ("Asia/Seoul",),
        "hkt": ("Asia/Hong_Kong",),
        "sgt": ("Asia/Singapore",),
        "aest": ("Australia/Sydney", "Australia/Brisbane"),
        "aedt": ("Australia/Sydney",),
        "awst": ("Australia/Perth",),
        "nzst": ("Pacific/Auckland",),
        "nzdt": ("Pacific/Auckland",),
        "nz": ("Pacific/Auckland",),
        "iceland": ("Atlantic/Reykjavik",),
        "utc": ("UTC",),
        "etc/utc": ("UTC",),
        "etc/gmt": ("UTC",),
        "etc/universal": ("UTC",),
        "universal": ("UTC",),
        "zulu": ("UTC",),
    }
)

# Old names of places: the links of the tz database's `backward` file (2025b) whose name looks
# like a place but is in neither zone.tab nor zone1970.tab, to the place (a zone.tab name where
# the link's own target is another country's city).
_BACKWARD: Mapping[str, str] = MappingProxyType(
    {
        "africa/asmera": "Africa/Asmara",
        "africa/timbuktu": "Africa/Bamako",
        "america/argentina/comodrivadavia": "America/Argentina/Catamarca",
        "america/atka": "America/Adak",
        "america/buenos_aires": "America/Argentina/Buenos_Aires",
        "america/catamarca": "America/Argentina/Catamarca",
        "america/coral_harbour": "America/Atikokan",
        "america/cordoba": "America/Argentina/Cordoba",
        "america/ensenada": "America/Tijuana",
        "america/fort_wayne": "America/Indiana/Indianapolis",
        "america/godthab": "America/Nuuk",
        "america/indianapolis": "America/Indiana/Indianapolis",
        "america/jujuy": "America/Argentina/Jujuy",
        "america/knox_in": "America/Indiana/Knox",
        "america/louisville": "America/Kentucky/Louisville",
        "america/mendoza": "America/Argentina/Mendoza",
        "america/montreal": "America/Toronto",
        "america/nipigon": "America/Toronto",
        "america/pangnirtung": "America/Iqaluit",
        "america/porto_acre": "America/Rio_Branco",
        "america/rainy_river": "America/Winnipeg",
        "america/rosario": "America/Argentina/Cordoba",
        "america/santa_isabel": "America/Tijuana",
        "america/shiprock": "America/Denver",
        "america/thunder_bay": "America/Toronto",
        "america/virgin": "America/Puerto_Rico",
        "america/yellowknife": "America/Edmonton",
        "antarctica/south_pole": "Pacific/Auckland",
        "asia/ashkhabad": "Asia/Ashgabat",
        "asia/calcutta": "Asia/Kolkata",
        "asia/choibalsan": "Asia/Ulaanbaatar",
        "asia/chongqing": "Asia/Shanghai",
        "asia/chungking": "Asia/Shanghai",
        "asia/dacca": "Asia/Dhaka",
        "asia/harbin": "Asia/Shanghai",
        "asia/istanbul": "Europe/Istanbul",
        "asia/kashgar": "Asia/Urumqi",
        "asia/katmandu": "Asia/Kathmandu",
        "asia/macao": "Asia/Macau",
        "asia/rangoon": "Asia/Yangon",
        "asia/saigon": "Asia/Ho_Chi_Minh",
        "asia/tel_aviv": "Asia/Jerusalem",
        "asia/thimbu": "Asia/Thimphu",
        "asia/ujung_pandang": "Asia/Makassar",
        "asia/ulan_bator": "Asia/Ulaanbaatar",
        "atlantic/faeroe": "Atlantic/Faroe",
        "atlantic/jan_mayen": "Arctic/Longyearbyen",
        "australia/act": "Australia/Sydney",
        "australia/canberra": "Australia/Sydney",
        "australia/currie": "Australia/Hobart",
        "australia/lhi": "Australia/Lord_Howe",
        "australia/nsw": "Australia/Sydney",
        "australia/north": "Australia/Darwin",
        "australia/queensland": "Australia/Brisbane",
        "australia/south": "Australia/Adelaide",
        "australia/tasmania": "Australia/Hobart",
        "australia/victoria": "Australia/Melbourne",
        "australia/west": "Australia/Perth",
        "australia/yancowinna": "Australia/Broken_Hill",
        "europe/belfast": "Europe/London",
        "europe/kiev": "Europe/Kyiv",
        "europe/nicosia": "Asia/Nicosia",
        "europe/tiraspol": "Europe/Chisinau",
        "europe/uzhgorod": "Europe/Kyiv",
        "europe/zaporozhye": "Europe/Kyiv",
        "pacific/enderbury": "Pacific/Kanton",
        "pacific/johnston": "Pacific/Honolulu",
        "pacific/ponape": "Pacific/Pohnpei",
        "pacific/samoa": "Pacific/Pago_Pago",
        "pacific/truk": "Pacific/Chuuk",
        "pacific/yap": "Pacific/Chuuk",
    }
)

# Etc/GMT+5 is UTC-5: POSIX signs, the reverse of what most people expect.
_ETC_OFFSET = re.compile(r"etc/gmt([+-])(\d{1,2})", re.ASCII)
# An offset as a member types it, with ISO 8601's sign (UTC+1 is an hour ahead of UTC, where
# Etc/GMT+1 is an hour behind): "UTC+1", "GMT-5", "utc+05:30", "+09:00".
_TYPED_OFFSET = re.compile(r"(?:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?", re.ASCII)
# Places named when a fixed offset is typed: one or two widely known ones per offset.
_BY_OFFSET_CANDIDATES = (
    "Pacific/Honolulu",
    "America/Anchorage",
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Bogota",
    "America/Halifax",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Paris",
    "Africa/Lagos",
    "Europe/Athens",
    "Africa/Johannesburg",
    "Europe/Moscow",
    "Asia/Dubai",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Bangkok",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
)


def known_meanings(lower_name: str) -> tuple[str, ...]:
    """The places written out for an alias, or ()."""
    if lower_name in _BACKWARD:
        return (_BACKWARD[lower_name],)
    return _MEANINGS.get(lower_name, ())


def fixed_offset_hours(lower_name: str) -> int | None:
    """UTC offset in hours of "etc/gmt+5" style names (-5 there), else None."""
    match = _ETC_OFFSET.fullmatch(lower_name)
    if match is None:
        return None
    hours = int(match[2])
    return -hours if match[1] == "+" else hours


def fixed_offset(lower_name: str) -> timedelta | None:
    """The UTC offset a fixed-offset name stands for ("etc/gmt+5", or typed as "utc+1" or
    "+05:30"), else None."""
    hours = fixed_offset_hours(lower_name)
    if hours is not None:
        return timedelta(hours=hours)
    match = _TYPED_OFFSET.fullmatch("".join(lower_name.replace("_", " ").split()))
    if match is None:
        return None
    offset = timedelta(hours=int(match[2]), minutes=int(match[3] or 0))
    return -offset if match[1] == "-" else offset


def places_at_offset(offset: timedelta) -> tuple[str, ...]:
    """Well-known places whose standard time is `offset` from UTC."""
    found = []
    for name in _BY_OFFSET_CANDIDATES:
        zone = ZoneInfo(name)
        # Standard time, the lesser of the two: Etc/GMT-1 is Paris in winter, not London in
        # summer.
        standard = min(day.astimezone(zone).utcoffset() or timedelta() for day in SAMPLE_DAYS)
        if standard == offset:
            found.append(name)
    return tuple(found[:3])


@functools.lru_cache(maxsize=1)
def _zone_files() -> Mapping[str, bytes]:
    """Every zone file of the tzdata package by name. A link is a copy of its target's file
    there, so equal bytes find the place an old alias points to. Read once per process, and
    only when someone types an alias the table above does not know."""
    try:
        root = importlib.resources.files("tzdata.zoneinfo")
    except ModuleNotFoundError:
        return MappingProxyType({})
    files: dict[str, bytes] = {}

    def walk(folder: Traversable, prefix: str) -> None:
        for item in folder.iterdir():
            if item.is_dir():
                walk(item, f"{prefix}{item.name}/")
            elif not item.name.startswith("_") and not item.name.endswith(".py"):
                files[f"{prefix}{item.name}"] = item.read_bytes()

    walk(root, "")
    return MappingProxyType(files)


def same_rules_as(name: str, is_place: Callable[[str], bool]) -> tuple[str, ...]:
    """Places whose zone file is `name`'s (the tz database's link target), at most three."""
    files = _zone_files()
    data = files.get(name)
    if data is None:
        return ()
    same = sorted(n for n, d in files.items() if d == data and n != name and is_place(n))
    return tuple(same[:3])
