"""What the bot registers with Discord: the JSON of the sync PUT, and when it syncs at all."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from bot.discord.sync import sync_if_changed
from tests.discord.harness import APP_ID, GUILD_A, Harness, RecordedRequest

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
        assert run_type["required"] is True
        assert {c["value"] for c in run_type["choices"]} == RUN_TYPES
        # The choice label tells the member the intensity it counts as.
        labels = {c["value"]: c["name"] for c in run_type["choices"]}
        assert "high" in labels["sprints"].lower()
        assert "low" in labels["easy"].lower()


@pytest.mark.parametrize(
    ("command", "name", "kind", "low", "high", "required"),
    [
        ("legday", "exercises", 4, 0, 20, True),
        ("legday", "heaviest", 4, 1, 100, False),
        ("legday", "sets", 4, 1, 20, False),
        ("legday", "reps", 4, 1, 50, False),
        ("run", "distance", 10, 0.1, 300, False),
        ("run", "minutes", 4, 1, 1440, False),
        ("run", "rpe", 4, 1, 10, False),
        ("canirun", "minutes", 4, 1, 600, False),
        ("canirun", "soreness", 4, 0, 10, False),
    ],
)
def test_numeric_option_ranges(
    synced: list[dict[str, Any]],
    command: str,
    name: str,
    kind: int,
    low: float,
    high: float,
    required: bool,
) -> None:
    item = option(by_name(synced)[command], name)
    assert item["type"] == kind
    assert item["min_value"] == low
    assert item["max_value"] == high
    assert item.get("required", False) is required


@pytest.mark.parametrize(
    ("command", "name", "max_length", "autocomplete"),
    [
        ("legday", "when", 100, True),
        ("legday", "notes", 200, False),
        ("run", "when", 100, True),
        ("run", "notes", 200, False),
        ("canirun", "when", 100, True),
        ("profile", "timezone", 64, True),
    ],
)
def test_text_options(
    synced: list[dict[str, Any]], command: str, name: str, max_length: int, autocomplete: bool
) -> None:
    item = option(by_name(synced)[command], name)
    assert item["type"] == 3
    assert item["max_length"] == max_length
    assert item.get("min_length", 0) <= 1
    assert item.get("autocomplete", False) is autocomplete


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
