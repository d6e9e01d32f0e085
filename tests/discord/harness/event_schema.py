"""The request shapes of the scheduled-event routes the bot uses, and of the part of a message it
fills in beyond discord.py's defaults (a DM's embed author), written by hand from Discord's
published OpenAPI description (github.com/discord/discord-api-spec, commit `SPEC_COMMIT`,
specs/openapi.json). The spec itself is not part of this repository;
tests/discord/test_event_schema.py compares these shapes with it when DISCORD_API_SPEC points at
a copy.

`FakeDiscord` validates every scheduled-event request against these shapes and answers a
violation with Discord's 400 (50035 Invalid Form Body) *and* records it, so the test fails.
Only what the spec states is here; Discord's documented system limitations on recurrence rules
(which the spec cannot express) are in `recurrence_limitations`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

SPEC_COMMIT = "74fda0fad044407ea280043a03ffc9bc64c4e49e"

SNOWFLAKE = re.compile(r"^(0|[1-9][0-9]*)$")
# RFC 3339 as Python writes it: a date, a T, a time, an offset (Z or +hh:mm).
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@dataclass(frozen=True)
class Prop:
    """One property: its JSON types (as the spec's `type`, "null" when nullable) and limits."""

    types: frozenset[str]
    max_length: int | None = None
    enum: frozenset[int] | None = None
    format: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    items: Prop | None = None
    shape: Shape | None = None


@dataclass(frozen=True)
class Shape:
    """An object schema: the spec's component name, its properties and the required ones."""

    name: str
    props: Mapping[str, Prop]
    required: frozenset[str] = field(default_factory=frozenset)


def _t(*types: str, **limits: Any) -> Prop:
    return Prop(types=frozenset(types), **limits)


WEEKDAYS = frozenset(range(7))  # RecurrenceRuleWeekdays: MONDAY 0 .. SUNDAY 6
MONTHS = frozenset(range(1, 13))  # RecurrenceRuleMonths: JANUARY 1 .. DECEMBER 12
FREQUENCIES = frozenset(range(4))  # RecurrenceRuleFrequencies: YEARLY 0 .. DAILY 3
PRIVACY_LEVELS = frozenset({2})  # GuildScheduledEventPrivacyLevels: GUILD_ONLY
STATUSES = frozenset({1, 2, 3, 4})  # GuildScheduledEventStatuses
EXTERNAL = frozenset({3})  # entity_type of the External* requests

BY_N_WEEKDAY = Shape(
    "ByNWeekday",
    {
        "n": _t("integer", minimum=1, maximum=5),
        "day": _t("integer", enum=WEEKDAYS),
    },
    frozenset({"n", "day"}),
)

RECURRENCE_RULE = Shape(
    "RecurrenceRule",
    {
        "start": _t("string", format="date-time"),
        "end": _t("string", "null", format="date-time"),
        "frequency": _t("integer", enum=FREQUENCIES),
        "interval": _t("integer", "null"),
        "by_weekday": _t(
            "array", "null", max_items=7, unique_items=True, items=_t("integer", enum=WEEKDAYS)
        ),
        "by_n_weekday": _t("array", "null", max_items=7, items=_t("object", shape=BY_N_WEEKDAY)),
        "by_month": _t(
            "array", "null", max_items=12, unique_items=True, items=_t("integer", enum=MONTHS)
        ),
        "by_month_day": _t(
            "array",
            "null",
            max_items=33,
            unique_items=True,
            items=_t("integer", minimum=-1, maximum=31),
        ),
        "by_year_day": _t(
            "array",
            "null",
            max_items=367,
            unique_items=True,
            items=_t("integer", minimum=-1, maximum=365),
        ),
        "count": _t("integer", "null"),
    },
    frozenset({"start", "frequency"}),
)

ENTITY_METADATA_EXTERNAL = Shape(
    "EntityMetadataExternal",
    {"location": _t("string", max_length=100)},
    frozenset({"location"}),
)

_COMMON: dict[str, Prop] = {
    "name": _t("string", max_length=100),
    "description": _t("string", "null", max_length=1000),
    "image": _t("string", "null", format="base64"),
    "scheduled_start_time": _t("string", format="date-time"),
    "scheduled_end_time": _t("string", "null", format="date-time"),
    "privacy_level": _t("integer", enum=PRIVACY_LEVELS),
    "channel_id": _t("string", "null", format="snowflake"),
    "recurrence_rule": _t("object", "null", shape=RECURRENCE_RULE),
    "entity_metadata": _t("object", shape=ENTITY_METADATA_EXTERNAL),
}

EXTERNAL_CREATE = Shape(
    "ExternalScheduledEventCreateRequest",
    {**_COMMON, "entity_type": _t("integer", enum=EXTERNAL)},
    frozenset({"name", "scheduled_start_time", "privacy_level", "entity_type", "entity_metadata"}),
)

EXTERNAL_PATCH = Shape(
    "ExternalScheduledEventPatchRequestPartial",
    {
        **_COMMON,
        "entity_type": _t("integer", "null", enum=EXTERNAL),
        "status": _t("integer", "null", enum=STATUSES),
    },
)

# One occurrence cancelled or moved (Discord's event exception).
EXCEPTION_CREATE = Shape(
    "GuildScheduledEventExceptionCreateRequest",
    {
        "scheduled_start_time": _t("string", "null", format="date-time"),
        "scheduled_end_time": _t("string", "null", format="date-time"),
        "original_scheduled_start_time": _t("string", format="date-time"),
        "is_canceled": _t("boolean", "null"),
    },
    frozenset({"original_scheduled_start_time"}),
)

# A DM's embed author: the server it is for, linked to it (bot/discord/dm_club.py).
EMBED_AUTHOR = Shape(
    "RichEmbedAuthor",
    {
        "name": _t("string", "null", max_length=256),
        "url": _t("string", "null", max_length=2048, format="uri"),
        "icon_url": _t("string", "null", max_length=2048, format="uri"),
    },
)

# Query parameters, as shapes over the strings discord.py puts in the url.
LIST_USERS_QUERY = Shape(
    "list_guild_scheduled_event_users",
    {
        "with_member": _t("boolean"),
        "limit": _t("integer", minimum=1, maximum=100),
        "before": _t("string", format="snowflake"),
        "after": _t("string", format="snowflake"),
    },
)
GET_EVENT_QUERY = Shape("get_guild_scheduled_event", {"with_user_count": _t("boolean")})
LIST_EVENTS_QUERY = Shape("list_guild_scheduled_events", {"with_user_count": _t("boolean")})


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _check_format(fmt: str, value: str) -> bool:
    if fmt == "date-time":
        return DATE_TIME.match(value) is not None
    if fmt == "snowflake":
        return SNOWFLAKE.match(value) is not None
    if fmt == "uri":
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.netloc)
    return True


def _check(prop: Prop, value: Any, where: str) -> list[str]:
    kind = _type_of(value)
    if kind not in prop.types:
        return [f"{where}: {kind} where the spec allows {sorted(prop.types)}"]
    if value is None:
        return []
    errors: list[str] = []
    if prop.max_length is not None and len(value) > prop.max_length:
        errors.append(f"{where}: {len(value)} characters, more than {prop.max_length}")
    if prop.enum is not None and value not in prop.enum:
        errors.append(f"{where}: {value!r} is not one of {sorted(prop.enum)}")
    if prop.format is not None and isinstance(value, str) and not _check_format(prop.format, value):
        errors.append(f"{where}: {value!r} is not a {prop.format}")
    if prop.minimum is not None and value < prop.minimum:
        errors.append(f"{where}: {value} is below {prop.minimum}")
    if prop.maximum is not None and value > prop.maximum:
        errors.append(f"{where}: {value} is above {prop.maximum}")
    if isinstance(value, list):
        if prop.max_items is not None and len(value) > prop.max_items:
            errors.append(f"{where}: {len(value)} items, more than {prop.max_items}")
        if prop.unique_items and len({repr(v) for v in value}) != len(value):
            errors.append(f"{where}: items repeat")
        if prop.items is not None:
            for index, item in enumerate(value):
                errors += _check(prop.items, item, f"{where}[{index}]")
    if isinstance(value, dict) and prop.shape is not None:
        errors += violations(prop.shape, value, where)
    return errors


def violations(shape: Shape, body: Any, where: str = "body") -> list[str]:
    """Every way `body` breaks `shape`; a key the spec does not name counts as one (Discord
    ignores it, so the bot would believe it sent something it did not)."""
    if not isinstance(body, dict):
        return [f"{where}: {_type_of(body)} where {shape.name} is an object"]
    errors = [f"{where}.{key}: required by {shape.name}" for key in shape.required - body.keys()]
    for key, value in body.items():
        prop = shape.props.get(key)
        if prop is None:
            errors.append(f"{where}.{key}: not a property of {shape.name}")
            continue
        errors += _check(prop, value, f"{where}.{key}")
    return errors


def query_violations(shape: Shape, params: Mapping[str, str]) -> list[str]:
    """The same for a query string, whose values all arrive as text."""
    errors = []
    for key, text in params.items():
        prop = shape.props.get(key)
        if prop is None:
            errors.append(f"query.{key}: not a parameter of {shape.name}")
        elif "boolean" in prop.types:
            if text not in ("true", "false", "True", "False", "0", "1"):
                errors.append(f"query.{key}: {text!r} is not a boolean")
        elif "integer" in prop.types:
            if not text.lstrip("-").isdigit():
                errors.append(f"query.{key}: {text!r} is not an integer")
            else:
                errors += _check(prop, int(text), f"query.{key}")
        else:
            errors += _check(prop, text, f"query.{key}")
    return errors


def recurrence_limitations(rule: Mapping[str, Any], start: str | None) -> list[str]:
    """Discord's documented system limitations on recurrence rules, beyond the spec's types:
    the bot's weekly shape must be WEEKLY with exactly one weekday, an interval of 1 or 2,
    none of the monthly or yearly fields, no `count` or `end`, and the weekday must be the UTC
    weekday of the rule's start. That the rule starts at the event's start is the bot's own
    invariant (the event is always anchored at the next occurrence), checked here as well."""
    errors = []
    if rule.get("frequency") != 2:
        errors.append("recurrence_rule.frequency: the bot only sends WEEKLY (2)")
    if rule.get("interval", 1) not in (1, 2):
        errors.append("recurrence_rule.interval: weekly rules take 1 or 2")
    weekdays = rule.get("by_weekday") or []
    if len(weekdays) != 1:
        errors.append("recurrence_rule.by_weekday: a weekly rule takes exactly one day")
    for key in ("by_n_weekday", "by_month", "by_month_day", "by_year_day", "count", "end"):
        if rule.get(key) is not None:
            errors.append(f"recurrence_rule.{key}: not accepted with a weekly rule")
    rule_start = rule.get("start")
    if start is not None and rule_start != start:
        errors.append("recurrence_rule.start: differs from scheduled_start_time")
    if isinstance(rule_start, str) and DATE_TIME.match(rule_start) and len(weekdays) == 1:
        utc_weekday = datetime.fromisoformat(rule_start).utctimetuple().tm_wday
        if weekdays[0] != utc_weekday:
            errors.append("recurrence_rule.by_weekday: not the start's (UTC) weekday")
    return errors
