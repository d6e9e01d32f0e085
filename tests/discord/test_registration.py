"""What the bot registers with Discord: the JSON of the sync PUT, and when it syncs at all."""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Iterator
from enum import Enum
from typing import Any

import pytest
from pydantic.fields import FieldInfo

from bot.actions.catalog import CommandSpec, all_commands, groups
from bot.actions.option_base import bounds, is_file, is_text_channel, suggestion
from bot.discord.commands.admin import ADMIN
from bot.discord.sync import sync_if_changed
from tests.discord.harness import APP_ID, GUILD_A, Harness, RecordedRequest

# Nothing here depends on the storage backend: SQLite only keeps the suite quick.
pytestmark = pytest.mark.sqlite_only


GLOBAL_PUT = f"/applications/{APP_ID}/commands"
GUILD_PUT = f"/applications/{APP_ID}/guilds/{GUILD_A.id}/commands"

# Discord's rule for chat-input names, lower-case only (upper case is refused for slash commands).
NAME = re.compile(r"^[-_'\w]{1,32}$")
RUN_TYPES = {
    "recovery",
    "easy",
    "steady",
    "long",
    "tempo",
    "intervals",
    "hills",
    "sprints",
    "hiit",
    "race",
}
EXPECTED_COMMANDS = {"legday", "run", "canirun", "profile"}


def only_put(requests: list[RecordedRequest], path: str) -> list[dict[str, Any]]:
    puts = [r for r in requests if r.method == "PUT" and r.path == path]
    assert len(puts) == 1, f"expected one PUT {path}, got {puts}"
    body = puts[0].json
    assert isinstance(body, list)
    return body


def walk(options: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for option in options:
        yield option
        yield from walk(option.get("options", []))


def by_name(commands: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in commands}


def option(command: dict[str, Any], name: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [o for o in command.get("options", []) if o["name"] == name]
    assert len(found) == 1, f"/{command['name']} has no single option {name!r}"
    return found[0]


def command_chars(command: dict[str, Any]) -> int:
    """Discord caps one command's name, description, option and choice texts at 4000 chars."""
    total = len(command["name"]) + len(command["description"])
    for item in walk(command.get("options", [])):
        total += len(item["name"]) + len(item["description"])
        for choice in item.get("choices", []):
            total += len(choice["name"]) + len(str(choice["value"]))
    return total


@pytest.fixture
def synced(harness: Harness) -> list[dict[str, Any]]:
    return only_put(harness.login_capture.requests, GLOBAL_PUT)


def test_login_syncs_the_global_commands_once(harness: Harness) -> None:
    login = harness.login_capture.requests
    assert [(r.method, r.path) for r in login] == [
        ("GET", "/users/@me"),
        ("GET", "/oauth2/applications/@me"),
        ("PUT", GLOBAL_PUT),
    ]
    assert all(r.headers.get("Authorization") == "Bot test-token" for r in login)


def test_every_expected_command_is_registered_once(synced: list[dict[str, Any]]) -> None:
    names = [c["name"] for c in synced]
    assert len(names) == len(set(names)), f"duplicate command names: {names}"
    assert set(names) >= EXPECTED_COMMANDS
    assert len(synced) <= 100


def test_names_descriptions_and_counts_fit_discord_limits(synced: list[dict[str, Any]]) -> None:
    for command in synced:
        assert command.get("type", 1) == 1
        assert NAME.fullmatch(command["name"]) and command["name"] == command["name"].lower()
        assert 1 <= len(command["description"]) <= 100, command["name"]
        assert len(command.get("options", [])) <= 25
        assert command_chars(command) <= 4000
        seen_optional = False
        names = [o["name"] for o in command.get("options", [])]
        assert len(names) == len(set(names)), f"/{command['name']} repeats an option"
        for item in command.get("options", []):
            # Discord refuses a required option after an optional one.
            if item.get("required"):
                assert not seen_optional, f"/{command['name']}: required {item['name']} is late"
            else:
                seen_optional = True
        for item in walk(command.get("options", [])):
            where = f"/{command['name']} {item['name']}"
            assert NAME.fullmatch(item["name"]) and item["name"] == item["name"].lower(), where
            assert 1 <= len(item["description"]) <= 100, where
            assert len(item.get("options", [])) <= 25, where
            choices = item.get("choices", [])
            assert len(choices) <= 25, where
            for choice in choices:
                assert 1 <= len(choice["name"]) <= 100, where
                assert len(str(choice["value"])) <= 100, where
            if choices:
                assert not item.get("autocomplete"), f"{where}: choices and autocomplete"


def test_commands_are_guild_only_and_guild_installed(synced: list[dict[str, Any]]) -> None:
    for command in synced:
        assert command["contexts"] == [0], command["name"]
        assert command["dm_permission"] is False, command["name"]
        assert command["integration_types"] == [0], command["name"]


def test_run_type_options_offer_the_ten_run_types(synced: list[dict[str, Any]]) -> None:
    commands = by_name(synced)
    for name in ("run", "canirun"):
        run_type = option(commands[name], "type")
        assert run_type["type"] == 3
        # /run takes a watch file instead; its options model asks for a type without one.
        assert run_type["required"] is (name == "canirun")
        assert {c["value"] for c in run_type["choices"]} == RUN_TYPES
        # The choice label tells the member the intensity it counts as.
        labels = {c["value"]: c["name"] for c in run_type["choices"]}
        assert "high" in labels["sprints"].lower()
        assert "low" in labels["easy"].lower()


def test_edit_options_speak_of_the_logged_entry_not_a_plan_or_a_file(
    synced: list[dict[str, Any]],
) -> None:
    # /edit borrows /run's and /legday's declarations; what Discord shows under /edit must
    # fit an entry already logged, with no file attached.
    for item in by_name(synced)["edit"]["options"]:
        found = re.search(r"\b(plan|attach|file)", item["description"], re.IGNORECASE)
        assert found is None, (item["name"], item["description"])


def synced_node(synced: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """The JSON of a command, subcommand or group by its full name, e.g. "club session add"."""
    first, *rest = name.split()
    node = by_name(synced)[first]
    for word in rest:
        node = option(node, word)
    return node


def expected_option(name: str, field: FieldInfo) -> dict[str, Any]:
    """What Discord must be told about one option, read straight from its options model."""
    kinds = [field.annotation, *typing.get_args(field.annotation)]
    enum = next((k for k in kinds if isinstance(k, type) and issubclass(k, Enum)), None)
    base = next(k for k in kinds if isinstance(k, type) and k is not type(None))
    low, high, max_length = bounds(field)
    min_length = next((m.min_length for m in field.metadata if hasattr(m, "min_length")), None)
    suggested = suggestion(field) is not None
    expected: dict[str, Any] = {
        "name": name,
        "description": field.description,
        "required": field.is_required(),
    }
    if is_text_channel(field):
        # A text channel: discord.py offers announcement channels (5) along with text (0).
        expected |= {"type": 7, "channel_types": [0, 5]}
    elif is_file(field):
        expected["type"] = 11  # an attachment
    elif enum is not None:
        expected |= {"type": 3, "choices": [str(member.value) for member in enum]}
    elif base is bool:
        expected["type"] = 5
    elif base in (int, float):
        expected |= {"type": 4 if base is int else 10, "min_value": low, "max_value": high}
    else:
        # Discord sends no empty text; a suggested value is a choice, at most 100 characters.
        expected |= {
            "type": 3,
            "min_length": min_length or 1,
            "max_length": max_length or (100 if suggested else None),
        }
    if suggested:
        expected["autocomplete"] = True
    return {key: value for key, value in expected.items() if value is not None}


def actual_option(item: dict[str, Any]) -> dict[str, Any]:
    keys = ("name", "description", "type", "min_value", "max_value", "min_length", "max_length")
    actual = {key: item[key] for key in keys if key in item}
    actual["required"] = item.get("required", False)
    if "choices" in item:
        actual["choices"] = [choice["value"] for choice in item["choices"]]
    if "channel_types" in item:
        actual["channel_types"] = item["channel_types"]
    if item.get("autocomplete"):
        actual["autocomplete"] = True
    return actual


@pytest.mark.parametrize("spec", all_commands(), ids=lambda spec: spec.name)
def test_every_command_is_registered_as_its_spec_and_options_model_say(
    synced: list[dict[str, Any]], spec: CommandSpec
) -> None:
    node = synced_node(synced, spec.name)
    assert node.get("type", 1) == 1
    assert node["description"] == (spec.description or spec.summary)
    fields = spec.options.model_fields
    options = node.get("options", [])
    assert [o["name"] for o in options] == sorted(
        fields, key=lambda name: not fields[name].is_required()
    )
    for item in options:
        assert actual_option(item) == expected_option(item["name"], fields[item["name"]])


def test_every_synced_command_has_a_spec_and_every_group_its_text(
    synced: list[dict[str, Any]],
) -> None:
    leaves: set[str] = set()
    group_texts: dict[str, str] = {}

    def visit(prefix: str, node: dict[str, Any]) -> None:
        subcommands = [o for o in node.get("options", []) if o["type"] in (1, 2)]
        if not subcommands:
            leaves.add(prefix)
            return
        group_texts[prefix] = node["description"]
        for sub in subcommands:
            visit(f"{prefix} {sub['name']}", sub)

    for command in synced:
        visit(command["name"], command)
    assert leaves == {spec.name for spec in all_commands()}
    assert group_texts == {group.name: group.description for group in groups()}


@pytest.mark.parametrize("spec", all_commands(), ids=lambda spec: spec.name)
def test_numbers_in_option_texts_are_the_models_limits(spec: CommandSpec) -> None:
    """A range or length written in a description is the one the model enforces."""
    for name, field in spec.options.model_fields.items():
        text = field.description or ""
        low, high, max_length = bounds(field)
        ranges = r"(?<![\d-])(\d+(?:\.\d+)?)(?:-| \(\w[\w ]*\) to )(\d+)(?![\d-])"
        for found in re.finditer(ranges, text):
            assert (float(found[1]), float(found[2])) == (low, high), f"/{spec.name} {name}"
        for found in re.finditer(r"up to (\d+) characters", text):
            assert int(found[1]) == max_length, f"/{spec.name} {name}"


def test_admin_groups_are_hidden_from_members(synced: list[dict[str, Any]]) -> None:
    commands = by_name(synced)
    for group in groups():
        if " " not in group.name:
            permissions = commands[group.name].get("default_member_permissions")
            expected = str(ADMIN.value) if group.admin else None
            assert (None if permissions is None else str(permissions)) == expected, group.name


def test_profile_choices_are_lower_case(synced: list[dict[str, Any]]) -> None:
    profile = by_name(synced)["profile"]
    expected = {
        "experience": {"beginner", "intermediate", "advanced"},
        "focus": {"endurance", "balanced", "strength"},
        "units": {"km", "mi"},
    }
    for name, values in expected.items():
        choices = option(profile, name)["choices"]
        assert {c["value"] for c in choices} == values
        assert {c["name"] for c in choices} == values
    assert option(profile, "listed")["type"] == 5
    assert not any(o.get("required") for o in profile["options"])


async def test_restart_with_an_unchanged_tree_does_not_sync(
    make_harness: Callable[..., Harness],
) -> None:
    async with make_harness() as first:
        assert len(first.login_capture.to("PUT", GLOBAL_PUT)) == 1
    async with make_harness() as second:
        assert not [r for r in second.requests if r.method == "PUT"]
        # Commands still work: the tree is there, only the registration was skipped.
        result = await second.invoke("canirun", {"type": "easy"})
        assert result.embed["title"].startswith("GO")


async def test_a_dev_guild_syncs_to_that_guild_only(
    make_harness: Callable[..., Harness],
) -> None:
    async with make_harness():
        pass
    config = {"discord": {"dev_guild_id": GUILD_A.id}}
    async with make_harness(config=config) as dev:
        puts = [r for r in dev.requests if r.method == "PUT"]
        assert [r.path for r in puts] == [GUILD_PUT]
        assert {c["name"] for c in puts[0].json} >= EXPECTED_COMMANDS
        # A command in the dev guild arrives as a guild command and still works.
        result = await dev.invoke("canirun", {"type": "easy"}, guild=GUILD_A)
        assert result.payload["data"]["guild_id"] == str(GUILD_A.id)
        assert result.embed["title"].startswith("GO")
    async with make_harness(config=config) as again:
        assert not [r for r in again.requests if r.method == "PUT"]


async def test_a_dev_guild_given_up_has_its_copy_of_the_commands_removed_once(
    make_harness: Callable[..., Harness],
) -> None:
    # Left there, Discord would show every command twice in that server: the guild's copy
    # beside the global one.
    config = {"discord": {"dev_guild_id": GUILD_A.id}}
    async with make_harness(config=config) as dev:
        assert [r.path for r in dev.requests if r.method == "PUT"] == [GUILD_PUT]
    async with make_harness() as released:
        puts = [r for r in released.requests if r.method == "PUT"]
        assert [r.path for r in puts] == [GUILD_PUT, GLOBAL_PUT]
        assert puts[0].json == []
        assert {c["name"] for c in puts[1].json} >= EXPECTED_COMMANDS
    async with make_harness() as later:
        assert not [r for r in later.requests if r.method == "PUT"]
    # Named again, the guild gets the commands again: its old digest no longer counts.
    async with make_harness(config=config) as back:
        puts = [r for r in back.requests if r.method == "PUT"]
        assert [r.path for r in puts] == [GUILD_PUT]
        assert {c["name"] for c in puts[0].json} >= EXPECTED_COMMANDS


async def test_forcing_a_sync_syncs_an_unchanged_tree(make_harness: Callable[..., Harness]) -> None:
    async with make_harness():
        pass
    async with make_harness() as h:
        assert not [r for r in h.requests if r.method == "PUT"]
        async with h.capture() as cap:
            assert await sync_if_changed(h.bot) is False
        assert not cap.requests
        async with h.capture() as cap:
            assert await sync_if_changed(h.bot, force=True) is True
        assert len(cap.to("PUT", GLOBAL_PUT)) == 1


async def test_a_changed_tree_syncs_again(make_harness: Callable[..., Harness]) -> None:
    async with make_harness():
        pass
    async with make_harness(sync_on_start=False) as h:
        h.bot.tree.remove_command("profile")
        async with h.capture() as cap:
            assert await sync_if_changed(h.bot) is True
        body = cap.to("PUT", GLOBAL_PUT)[0].json
        assert "profile" not in {c["name"] for c in body}


async def test_the_event_options_default_is_not_stated_as_a_fixed_yes(
    make_harness: Callable[..., Harness],
) -> None:
    """`/club session add event`'s default is the bot's `[club] session_events`: a club that set
    it to false must not be told, in Discord's own picker, that leaving it out publishes."""
    async with make_harness(config={"club": {"session_events": False}}) as h:
        club = by_name(only_put(h.login_capture.requests, GLOBAL_PUT))["club"]
        session = next(o for o in club["options"] if o["name"] == "session")
        event = option(option(session, "add"), "event")
        assert "default" in event["description"]
        assert "yes" not in event["description"].lower()
