"""Input a member can get wrong: each gets a short private answer naming the option, and
nothing is stored. `raw=True` sends what a real Discord client would have refused."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.discord.tree import (
    CHANNEL_OPTION_MESSAGE,
    FAILED_MESSAGE,
    GUILD_ONLY_MESSAGE,
    NOT_IN_SERVER_MESSAGE,
)
from tests.discord.harness import (
    ALICE,
    GUILD_A,
    FakeChannel,
    FakeGuild,
    Harness,
    HarnessError,
    Result,
)

TABLES = ("members", "leg_days", "runs")


async def counts(h: Harness) -> dict[str, int]:
    out = {}
    for table in TABLES:
        row = await h.store.db.one(f"SELECT count(*) FROM {table}")
        assert row is not None
        out[table] = int(row[0])
    return out


def check_refusal(result: Result, option: str) -> None:
    assert result.callback_type == 4
    assert result.ephemeral
    assert result.message.get("allowed_mentions") == {"parse": []}
    assert not result.embeds
    assert f"`{option}`" in result.content, result.content
    assert "Traceback" not in result.content


CASES: list[tuple[str, dict[str, Any], bool, str]] = [
    ("legday", {"exercises": 21}, True, "exercises"),
    ("legday", {"exercises": -1}, True, "exercises"),
    ("legday", {"exercises": "three"}, True, "exercises"),
    ("legday", {"exercises": 2, "heaviest": 0}, True, "heaviest"),
    ("legday", {"exercises": 2, "sets": 21}, True, "sets"),
    ("legday", {"exercises": 2, "reps": 51}, True, "reps"),
    ("legday", {"exercises": 2, "when": "blah"}, False, "when"),
    ("legday", {"exercises": 2, "when": "tomorrow 06:00"}, False, "when"),
    ("legday", {"exercises": 2, "when": "25:99"}, False, "when"),
    ("legday", {"exercises": 2, "notes": "x" * 201}, True, "notes"),
    ("run", {"type": "easy", "notes": "x" * 201}, True, "notes"),
    ("run", {"type": "easy", "distance": 0}, True, "distance"),
    ("run", {"type": "easy", "minutes": 1441}, True, "minutes"),
    ("run", {"type": "easy", "rpe": 11}, True, "rpe"),
    ("run", {"type": "easy", "minutes": "long"}, True, "minutes"),
    ("run", {"type": "easy", "when": "in 2h"}, False, "when"),
    ("canirun", {"type": "easy", "when": "2h ago"}, False, "when"),
    ("canirun", {"type": "easy", "when": "in 400d"}, False, "when"),
    ("canirun", {"type": "easy", "soreness": 11}, True, "soreness"),
    ("canirun", {"type": "easy", "minutes": 0}, True, "minutes"),
    ("profile", {"timezone": "Mars/Olympus"}, False, "timezone"),
    ("profile", {"timezone": "../../etc/passwd"}, False, "timezone"),
]


@pytest.mark.parametrize(
    ("command", "options", "raw", "option"),
    CASES,
    ids=[f"{c}-{o}-{i}" for i, (c, _, _, o) in enumerate(CASES)],
)
async def test_bad_input_is_refused_by_name_and_stores_nothing(
    harness: Harness, command: str, options: dict[str, Any], raw: bool, option: str
) -> None:
    await harness.invoke("run", {"type": "easy"})  # a member row and a run exist already
    before = await counts(harness)

    result = await harness.invoke(command, options, raw=raw)

    check_refusal(result, option)
    assert await counts(harness) == before


@pytest.mark.parametrize("command", ["run", "canirun"])
async def test_a_run_type_outside_the_choices_is_refused_by_name(
    harness: Harness, command: str
) -> None:
    before = await counts(harness)
    result = await harness.invoke(command, {"type": "jog"}, raw=True)

    assert result.ephemeral
    assert "jog" in result.content
    assert await counts(harness) == before
    # Names the option and the allowed values, like every other refusal.
    assert "`type`" in result.content, result.content
    assert "sprints" in result.content, result.content


async def test_a_dm_gets_the_guild_only_answer(harness: Harness) -> None:
    result = await harness.invoke_dm("canirun", {"type": "easy"}, stale_command_list=True)

    assert result.callback_type == 4
    assert result.ephemeral
    assert result.content == GUILD_ONLY_MESSAGE
    assert await counts(harness) == {"members": 0, "leg_days": 0, "runs": 0}


async def test_a_dm_autocomplete_gets_no_suggestions(harness: Harness) -> None:
    result = await harness.autocomplete(
        "canirun", {"type": "easy", "when": "tom"}, focused="when", dm=True
    )
    assert result.callback_type == 8
    assert result.choices == []
    assert await counts(harness) == {"members": 0, "leg_days": 0, "runs": 0}


# A server that added the bot's commands alone (the `applications.commands` scope without `bot`):
# Discord sends its members' commands all the same, though the bot is not in it. Alice owns it.
COMMANDS_ONLY = FakeGuild(
    id=910_000_000_000_000_077,
    name="Commands only",
    channels=(FakeChannel(911_000_000_000_000_701, "general"),),
    owner_id=ALICE.id,
    bot_role_id=912_000_000_000_000_077,
)


async def test_a_server_the_bot_is_not_in_is_told_to_add_it_and_nothing_is_stored(
    harness: Harness,
) -> None:
    # The bot could post, DM and publish nothing there, and a club it is not in is purged as
    # removed: a leg day or a session kept there would vanish later without a word.
    logged = await harness.invoke("legday", {"exercises": 4}, guild=COMMANDS_ONLY)
    session = await harness.invoke(
        "club session add",
        {"day": "monday", "time": "06:00", "type": "easy"},
        guild=COMMANDS_ONLY,
    )
    typed = await harness.autocomplete(
        "canirun", {"type": "easy", "when": "tom"}, focused="when", guild=COMMANDS_ONLY
    )

    for result in (logged, session):
        assert result.callback_type == 4
        assert result.ephemeral
        assert result.content == NOT_IN_SERVER_MESSAGE
    assert typed.callback_type == 8
    assert typed.choices == []
    assert await counts(harness) == {"members": 0, "leg_days": 0, "runs": 0}
    assert await harness.store.privacy.guilds_with_data() == set()
    assert [r for r in session.requests if "/scheduled-events" in r.path] == []


async def test_a_current_client_offers_no_guild_command_in_dms(harness: Harness) -> None:
    with pytest.raises(HarnessError, match="not offered in DMs"):
        await harness.invoke_dm("canirun", {"type": "easy"})


@pytest.mark.parametrize(
    ("command", "options", "target"),
    [
        ("canirun", {"type": "easy"}, "bot.actions.context.Context.advice_inputs"),
        ("legday", {"exercises": 3}, "bot.actions.context.Context.profile"),
        ("profile", {}, "bot.actions.context.Context.profile"),
    ],
)
async def test_an_unexpected_failure_is_logged_and_the_member_told(
    harness: Harness,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    options: dict[str, Any],
    target: str,
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database exploded at 0xdeadbeef")

    monkeypatch.setattr(target, broken)
    before = await counts(harness)

    result = await harness.invoke(command, options, expect_errors=True)

    assert result.callback_type == 4
    assert result.ephemeral
    assert result.content == FAILED_MESSAGE
    assert "0xdeadbeef" not in result.content
    assert "Traceback" not in result.content and "RuntimeError" not in result.content
    assert await counts(harness) == before
    assert not result.exceptions
    errors = [r for r in result.logs if r.levelno >= logging.ERROR]
    assert len(errors) == 1, result.log_text()
    (record,) = errors
    assert f"/{command}" in record.getMessage()
    assert str(ALICE.id) in record.getMessage()
    assert record.exc_info is not None
    error = record.exc_info[1]
    chain = [error, getattr(error, "original", None), getattr(error, "__cause__", None)]
    assert any(isinstance(e, RuntimeError) for e in chain)
    assert [r for r in result.logs if r.levelno < logging.ERROR] == []


@pytest.mark.parametrize("typed", ["", "banana", "25:00", "07:00:30"])
async def test_a_checkin_time_not_understood_names_off_too(harness: Harness, typed: str) -> None:
    """`/checkin`'s `time` takes a time or `off`: its refusal names both (found in review: an
    empty time was told only to use HH:MM), and no check-in is stored."""
    result = await harness.invoke("checkin", {"time": typed}, raw=True)
    check_refusal(result, "time")
    assert "HH:MM" in result.content or "hours and minutes only" in result.content
    assert result.content.endswith("; or `off` to stop them.")
    row = await harness.store.db.one("SELECT count(*) AS n FROM timers")
    assert row is not None and row["n"] == 0


# Values discord.py itself converts before any code of the bot's runs: a number that is no
# number, an id that is no id, an attachment Discord did not send, an option with no value. No
# Discord client sends them; a forged one can, and discord.py raised on them outside every error
# handler, so the member got no answer at all ("The application did not respond").
UNREADABLE: list[tuple[str, dict[str, Any], str]] = [
    ("run", {"type": "easy", "distance": " "}, "`distance`: must be a number from 0.1 to 300"),
    ("canirun", {"type": "easy", "distance": "0x10"}, "`distance`: must be a number from 0.1"),
    ("edit", {"entry": "R1", "distance": [5]}, "`distance`: must be a number from 0.1 to 300"),
    ("club reminder set", {"channel": "abc", "time": "07:00"}, CHANNEL_OPTION_MESSAGE),
    ("run", {"type": "easy", "file": "abc"}, "`file`: no file came with it"),
    # An id, but of no attachment the interaction carries: read as a bare id, it reached the
    # options model and was refused as "Input should be an instance of AttachedFile".
    ("run", {"type": "easy", "file": "123"}, "`file`: no file came with it"),
]


@pytest.mark.parametrize(
    ("command", "options", "start"),
    UNREADABLE,
    ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(UNREADABLE)],
)
async def test_a_value_discord_never_sends_is_answered_by_name(
    harness: Harness, command: str, options: dict[str, Any], start: str
) -> None:
    await harness.invoke("run", {"type": "easy", "distance": 5})
    before = await counts(harness)

    result = await harness.invoke(command, options, raw=True)

    assert result.callback_type == 4 and result.ephemeral, result.requests
    assert result.content.startswith(start), result.content
    assert not result.exceptions
    assert await counts(harness) == before


async def test_an_option_without_a_value_is_answered_by_name(harness: Harness) -> None:
    data = harness._command_data("legday", {"exercises": 4}, raw=True, focused=None, guild=GUILD_A)
    del data["options"][0]["value"]

    result = await harness.dispatch(
        harness._guild_payload(2, data, ALICE, GUILD_A, None, None, "en-US")
    )

    assert result.callback_type == 4 and result.ephemeral
    assert result.content.startswith("`exercises`: must be a whole number from 0 to 20")
    assert await counts(harness) == {"members": 0, "leg_days": 0, "runs": 0}


def typing(h: Harness, command: str, options: list[dict[str, Any]]) -> dict[str, Any]:
    """An autocomplete payload with `options` exactly as given (the harness's own builder
    sends only what a client types: one focused option, as text)."""
    data = h._command_data(command, {}, raw=True, focused=None, guild=GUILD_A)
    leaf = data
    while leaf.get("options") and leaf["options"][0]["type"] in (1, 2):
        leaf = leaf["options"][0]
    leaf["options"] = options
    return h._guild_payload(4, data, ALICE, GUILD_A, None, None, "en-US")


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("delete", [{"name": "entry", "type": 3, "value": 5, "focused": True}]),
        ("race remove", [{"name": "race", "type": 3, "value": None, "focused": True}]),
        ("profile", [{"name": "timezone", "type": 3, "value": ["UTC"], "focused": True}]),
        # An option with no suggestions, typed as if it had them.
        ("legday", [{"name": "exercises", "type": 4, "value": 5, "focused": True}]),
        # Nothing being typed.
        ("canirun", [{"name": "when", "type": 3, "value": "tom"}]),
    ],
    ids=["number-typed", "null-typed", "list-typed", "not-suggested", "none-focused"],
)
async def test_typing_discord_never_sends_gets_no_suggestions_and_no_error(
    harness: Harness, command: str, options: list[dict[str, Any]]
) -> None:
    # Answered with no choices (an autocomplete takes nothing else); no error is logged (the
    # harness fails the call on one): discord.py logged each with a traceback, and answered
    # nothing.
    result = await harness.dispatch(typing(harness, command, options))

    assert result.callback_type == 8
    assert result.choices == []
