"""The hand-written request shapes (harness/event_schema.py) against Discord's published OpenAPI
description, and the fake's use of them.

Discord's spec is not in this repository. Point DISCORD_API_SPEC at a copy of
discord/discord-api-spec's specs/openapi.json (event_schema.SPEC_COMMIT names the commit the
shapes were written from) to compare them; without it that test is skipped.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
import pytest
from discord.http import Route

from tests.discord.harness import GUILD_A, FakeClock, Harness
from tests.discord.harness.event_schema import (
    EMBED_AUTHOR,
    EXCEPTION_CREATE,
    EXTERNAL_CREATE,
    EXTERNAL_PATCH,
    GET_EVENT_QUERY,
    LIST_EVENTS_QUERY,
    LIST_USERS_QUERY,
    RECURRENCE_RULE,
    SPEC_COMMIT,
    Prop,
    Shape,
    query_violations,
    recurrence_limitations,
    violations,
)

SPEC_ENV = "DISCORD_API_SPEC"
EVENTS = "/guilds/{guild_id}/scheduled-events"
EVENT = EVENTS + "/{guild_scheduled_event_id}"

GOOD = {
    "name": "Thu 18:30 hills",
    "description": "Hills",
    "privacy_level": 2,
    "entity_type": 3,
    "entity_metadata": {"location": "Park gates"},
    "scheduled_start_time": "2026-03-12T18:30:00+00:00",
    "scheduled_end_time": "2026-03-12T19:30:00+00:00",
    "recurrence_rule": {
        "start": "2026-03-12T18:30:00+00:00",
        "frequency": 2,
        "interval": 1,
        "by_weekday": [3],
    },
}


# -- the shapes against the spec ---------------------------------------------------------------


class _Spec:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.schemas: dict[str, Any] = data["components"]["schemas"]

    def ref(self, node: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        name = node["$ref"].rsplit("/", 1)[1]
        return name, self.schemas[name]

    def prop(self, node: dict[str, Any]) -> tuple[Any, ...]:
        """A spec property as the comparable tuple `_prop` makes of a hand-written Prop."""
        types: set[str] = set()
        enum: frozenset[int] | None = None
        fmt: str | None = None
        shape: str | None = None
        items: tuple[Any, ...] | None = None
        options = node.get("oneOf") if "type" not in node else None
        for option in options or [node]:
            if option.get("type") == "null":
                types.add("null")
                continue
            target = option
            if "$ref" in option:
                name, target = self.ref(option)
                if target.get("type") == "object":
                    shape = name
            kind = target.get("type")
            types.update([kind] if isinstance(kind, str) else kind or [])
            if "oneOf" in target and all("const" in o for o in target["oneOf"]):
                enum = frozenset(o["const"] for o in target["oneOf"])
            if "enum" in option:
                enum = frozenset(option["enum"])
            fmt = target.get("format") if target.get("format") != "int32" else fmt
            if option.get("contentEncoding") == "base64":
                fmt = "base64"
            if "items" in target:
                items = self.prop(target["items"])
        if items is None and "items" in node:
            items = self.prop(node["items"])
        return (
            frozenset(types),
            node.get("maxLength"),
            enum,
            fmt,
            node.get("minimum"),
            node.get("maximum"),
            node.get("maxItems"),
            bool(node.get("uniqueItems")),
            items,
            shape,
        )

    def parameters(self, path: str, method: str) -> dict[str, dict[str, Any]]:
        return {p["name"]: p["schema"] for p in self.data["paths"][path][method]["parameters"]}


def _prop(prop: Prop) -> tuple[Any, ...]:
    return (
        prop.types,
        prop.max_length,
        prop.enum,
        prop.format,
        prop.minimum,
        prop.maximum,
        prop.max_items,
        prop.unique_items,
        None if prop.items is None else _prop(prop.items),
        None if prop.shape is None else prop.shape.name,
    )


def _compare(spec: _Spec, shape: Shape) -> list[str]:
    theirs = spec.schemas[shape.name]
    problems = []
    if set(theirs["properties"]) != set(shape.props):
        problems.append(f"{shape.name}: properties {sorted(theirs['properties'])}")
    if frozenset(theirs.get("required", [])) != shape.required:
        problems.append(f"{shape.name}: required {sorted(theirs.get('required', []))}")
    for key, prop in shape.props.items():
        if key in theirs["properties"]:
            expected = spec.prop(theirs["properties"][key])
            if expected != _prop(prop):
                problems.append(f"{shape.name}.{key}: spec {expected}, ours {_prop(prop)}")
        if prop.shape is not None:
            problems += _compare(spec, prop.shape)
        if prop.items is not None and prop.items.shape is not None:
            problems += _compare(spec, prop.items.shape)
    return problems


def _compare_query(spec: _Spec, path: str, shape: Shape) -> list[str]:
    theirs = spec.parameters(path, "get")
    if set(theirs) != set(shape.props):
        return [f"{shape.name}: parameters {sorted(theirs)}"]
    return [
        f"{shape.name}.{key}: spec {spec.prop(theirs[key])}, ours {_prop(prop)}"
        for key, prop in shape.props.items()
        if spec.prop(theirs[key]) != _prop(prop)
    ]


def test_the_hand_written_shapes_match_discords_openapi_description() -> None:
    location = os.environ.get(SPEC_ENV)
    if not location:
        pytest.skip(f"set {SPEC_ENV} to discord-api-spec's openapi.json (commit {SPEC_COMMIT})")
    spec = _Spec(json.loads(Path(location).read_text(encoding="utf-8")))
    paths = spec.data["paths"]

    def body_refs(path: str, method: str) -> set[str]:
        schema = paths[path][method]["requestBody"]["content"]["application/json"]["schema"]
        options = schema.get("oneOf") or schema.get("anyOf")
        return {option["$ref"].rsplit("/", 1)[1] for option in options}

    assert EXTERNAL_CREATE.name in body_refs(EVENTS, "post")
    assert EXTERNAL_PATCH.name in body_refs(EVENT, "patch")
    problems = _compare(spec, EXTERNAL_CREATE) + _compare(spec, EXTERNAL_PATCH)
    # A DM's embed author, as a message's embeds take it (RichEmbed.author).
    author = spec.schemas["RichEmbed"]["properties"]["author"]
    assert {"$ref": f"#/components/schemas/{EMBED_AUTHOR.name}"} in author["oneOf"]
    problems += _compare(spec, EMBED_AUTHOR)
    exceptions = EVENT + "/exceptions"
    schema = paths[exceptions]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": f"#/components/schemas/{EXCEPTION_CREATE.name}"}
    problems += _compare(spec, EXCEPTION_CREATE)
    problems += _compare_query(spec, EVENT + "/users", LIST_USERS_QUERY)
    problems += _compare_query(spec, EVENT, GET_EVENT_QUERY)
    problems += _compare_query(spec, EVENTS, LIST_EVENTS_QUERY)
    assert problems == []
    # The routes the fake answers are the spec's, with the methods the bot uses.
    assert {"get", "post"} <= set(paths[EVENTS])
    assert {"get", "patch", "delete"} <= set(paths[EVENT])
    assert "post" in paths[EVENT + "/exceptions"]
    assert "get" in paths[EVENT + "/users"]


# -- the validator itself --------------------------------------------------------------------


def test_a_body_that_follows_the_spec_passes() -> None:
    assert violations(EXTERNAL_CREATE, GOOD) == []
    assert recurrence_limitations(GOOD["recurrence_rule"], GOOD["scheduled_start_time"]) == []  # type: ignore[arg-type]
    assert violations(EXTERNAL_PATCH, {"name": "x"}) == []


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"name": "x" * 101}, "body.name: 101 characters, more than 100"),
        ({"description": "x" * 1001}, "body.description: 1001 characters, more than 1000"),
        ({"entity_metadata": {"location": "x" * 101}}, "body.entity_metadata.location: 101"),
        ({"entity_metadata": {}}, "body.entity_metadata.location: required"),
        ({"entity_type": 2}, "body.entity_type: 2 is not one of [3]"),
        ({"privacy_level": 1}, "body.privacy_level: 1 is not one of [2]"),
        ({"scheduled_start_time": "2026-03-12 18:30"}, "is not a date-time"),
        ({"channel_id": 123}, "body.channel_id: integer where the spec allows"),
        ({"recurrence": {}}, "body.recurrence: not a property"),
        ({"recurrence_rule": {"start": GOOD["scheduled_start_time"]}}, "frequency: required"),
        ({"recurrence_rule": {**GOOD["recurrence_rule"], "by_weekday": [7]}}, "[0]: 7 is not"),  # type: ignore[dict-item]
        ({"recurrence_rule": {**GOOD["recurrence_rule"], "by_weekday": [3, 3]}}, "repeat"),  # type: ignore[dict-item]
        ({"recurrence_rule": {**GOOD["recurrence_rule"], "weekday": 3}}, "not a property"),  # type: ignore[dict-item]
    ],
)
def test_each_spec_violation_is_named(change: dict[str, Any], complaint: str) -> None:
    found = violations(EXTERNAL_CREATE, {**GOOD, **change})
    assert any(complaint in problem for problem in found), found


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"frequency": 3}, "only sends WEEKLY"),
        ({"interval": 4}, "take 1 or 2"),
        ({"by_weekday": [3, 4]}, "exactly one day"),
        ({"by_weekday": [2]}, "not the start's (UTC) weekday"),
        ({"count": 10}, "count: not accepted"),
        ({"by_month": [1]}, "by_month: not accepted"),
        ({"start": "2026-03-19T18:30:00+00:00"}, "differs from scheduled_start_time"),
    ],
)
def test_rules_discord_does_not_accept_are_named(change: dict[str, Any], complaint: str) -> None:
    rule = {**GOOD["recurrence_rule"], **change}  # type: ignore[dict-item]
    found = recurrence_limitations(rule, str(GOOD["scheduled_start_time"]))
    assert any(complaint in problem for problem in found), found


def test_an_embed_authors_link_must_be_a_web_address() -> None:
    good = {"name": "Riverside Runners", "url": "https://discord.com/channels/1"}
    assert violations(EMBED_AUTHOR, good) == []
    assert violations(EMBED_AUTHOR, {**good, "url": "discord.com/channels/1"}) == [
        "body.url: 'discord.com/channels/1' is not a uri"
    ]
    assert violations(EMBED_AUTHOR, {**good, "name": "x" * 257}) == [
        "body.name: 257 characters, more than 256"
    ]


def test_query_parameters_are_checked_as_text() -> None:
    assert query_violations(LIST_USERS_QUERY, {"limit": "100", "after": "0"}) == []
    assert query_violations(LIST_USERS_QUERY, {"limit": "101"}) == ["query.limit: 101 is above 100"]
    assert query_violations(LIST_USERS_QUERY, {"page": "2"})[0].startswith("query.page: not")


def test_the_recurrence_rule_shape_lists_every_field_of_the_spec_by_name() -> None:
    # Spelled out here as well, so a typo in the shape fails without the spec at hand.
    assert set(RECURRENCE_RULE.props) == {
        "start",
        "end",
        "frequency",
        "interval",
        "by_weekday",
        "by_n_weekday",
        "by_month",
        "by_month_day",
        "by_year_day",
        "count",
    }


# -- the fake refuses and records what breaks the spec ---------------------------------------


@pytest.mark.sqlite_only
async def test_the_fake_answers_a_bad_body_with_discords_400_and_records_it(
    harness: Harness, clock: FakeClock
) -> None:
    route = Route("POST", EVENTS, guild_id=GUILD_A.id)
    bad = {**GOOD, "recurrence_rule": {**GOOD["recurrence_rule"], "by_weekday": [9]}}  # type: ignore[dict-item]
    with pytest.raises(discord.HTTPException) as err:
        await harness.bot.http.request(route, json=bad)
    assert err.value.status == 400 and err.value.code == 50035
    assert harness.fake.events.in_guild(GUILD_A.id) == []
    [problem] = [p for p in harness.fake.events.violations if "by_weekday[0]" in p]
    assert problem.startswith(f"POST /guilds/{GUILD_A.id}/scheduled-events: ")
    # Cleared, or closing the harness fails the test: that is how a bad request fails one.
    harness.fake.events.violations.clear()


# -- the fake moves on with the clock as Discord does -------------------------------------------


@pytest.mark.sqlite_only
async def test_the_fake_runs_an_external_event_and_steps_a_weekly_one_on_as_discord_does(
    harness: Harness, clock: FakeClock
) -> None:
    """Discord's "Status Update Automation": an external event is ACTIVE from its start and
    ends at its end; a weekly one then shows its next occurrence, a one-off is COMPLETED and
    leaves the guild's list (which holds the SCHEDULED and ACTIVE events only)."""
    http, create = harness.bot.http, Route("POST", EVENTS, guild_id=GUILD_A.id)
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    weekly = await http.request(create, json=GOOD)
    once = await http.request(create, json={**GOOD, "recurrence_rule": None})

    async def shown(event: dict[str, Any]) -> tuple[int, str]:
        route = Route("GET", EVENT, guild_id=GUILD_A.id, guild_scheduled_event_id=event["id"])
        data = await http.request(route)
        return data["status"], data["scheduled_start_time"]

    clock.set(datetime(2026, 3, 12, 19, 0, tzinfo=UTC))
    assert await shown(weekly) == (2, "2026-03-12T18:30:00+00:00")
    clock.set(datetime(2026, 3, 12, 19, 30, tzinfo=UTC))
    assert await shown(weekly) == (1, "2026-03-19T18:30:00+00:00")
    assert await shown(once) == (3, "2026-03-12T18:30:00+00:00")
    listed = await http.request(Route("GET", EVENTS, guild_id=GUILD_A.id))
    assert [e["id"] for e in listed] == [weekly["id"]]


@pytest.mark.sqlite_only
async def test_the_fake_refuses_an_external_event_without_an_end(
    harness: Harness, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    route = Route("POST", EVENTS, guild_id=GUILD_A.id)
    with pytest.raises(discord.HTTPException) as err:
        await harness.bot.http.request(route, json={**GOOD, "scheduled_end_time": None})
    assert err.value.status == 400
    assert harness.fake.events.in_guild(GUILD_A.id) == []
    [problem] = harness.fake.events.violations
    assert problem.endswith("an external event without an end")
    harness.fake.events.violations.clear()
