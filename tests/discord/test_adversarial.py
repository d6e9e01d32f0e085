"""Attacks on the bot through the real discord.py, as a hostile or confused client would send them.

Every test here sends something a member should not be able to use against the bot or another
member: values at and past the registered bounds, wrong types, huge or invisible text, mention
and markdown injection, other members' and other clubs' ids, admin commands without the right,
DMs, stale clients, simultaneous presses, and a full session at DEBUG logging with the token.
The expected answers are written out here, not read back from the bot.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.core.models import MemberRef
from bot.discord.cogs.daily_post import CANIRUN_CUSTOM_ID, DailyPost
from bot.discord.tree import FAILED_MESSAGE, GUILD_ONLY_MESSAGE, STALE_COMMAND_MESSAGE
from bot.logs import REDACTED, setup_logging
from bot.render.mydata import NOT_YOUR_BUTTON
from tests.discord.harness import (
    ALICE,
    APP_ID,
    BOB,
    CAROL,
    DEFAULT_START,
    GUILD_A,
    GUILD_B,
    MEMBER_PERMISSIONS,
    NO_PINGS,
    TOKEN,
    FakeChannel,
    FakeClock,
    FakeGuild,
    FakeUser,
    Harness,
    Result,
)

TRAINING = GUILD_A.channel_named("training")
ADMIN = discord.Permissions(manage_guild=True).value
TABLES = ("members", "leg_days", "runs", "clubs", "club_sessions", "posts")
# What an attacker types to ping: none of it may reach Discord able to ping or look like a ping.
PINGS = "@everyone @here <@&555> <@666>"
RAW_PINGS = ("@everyone", "@here", "<@&555>", "<@666>")
EVIL_LINK = "[click](https://evil.example)"


# -- helpers ----------------------------------------------------------------------------------


async def counts(h: Harness) -> dict[str, int]:
    out = {}
    for table in TABLES:
        row = await h.store.db.one(f"SELECT count(*) FROM {table}")
        assert row is not None
        out[table] = int(row[0])
    return out


# Where a message body goes: followups and edits of an answer, and channel posts and edits.
_MESSAGE_PATHS = re.compile(
    rf"/webhooks/{APP_ID}/[^/]+(/messages/[^/]+)?|/channels/\d+/messages(/\d+)?"
)


def message_bodies(requests: list[Any]) -> list[dict[str, Any]]:
    """Every message body the bot sent: answers, updates, followups, edits, channel posts."""
    bodies = []
    for request in requests:
        body = request.json or {}
        if request.method not in ("POST", "PATCH"):
            continue
        if request.path.endswith("/callback"):
            if body.get("type") in (4, 7):
                bodies.append(body.get("data") or {})
        elif _MESSAGE_PATHS.fullmatch(request.path):
            bodies.append(body)
    return bodies


def texts_of(body: Mapping[str, Any]) -> list[str]:
    parts = [str(body.get("content") or "")]
    for embed in body.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        for item in embed.get("fields") or []:
            parts += [item.get("name", ""), item.get("value", "")]
        parts.append((embed.get("footer") or {}).get("text", ""))
    return parts


def check_defused(requests: list[Any]) -> None:
    """No message may ping, and no member-typed ping or masked link may survive in its text."""
    bodies = message_bodies(requests)
    assert bodies, f"no message was sent: {requests}"
    for body in bodies:
        assert body.get("allowed_mentions") == NO_PINGS, body
        for text in texts_of(body):
            for raw in RAW_PINGS:
                assert raw not in text, text
            assert "](https://evil" not in text, text


def check_refusal(result: Result, start: str) -> None:
    """A short private answer that starts as expected; no traceback, no embed, no pings."""
    assert result.callback_type in (4, 5), result.callback
    assert result.ephemeral
    assert not result.embeds
    text = result.content
    assert text.startswith(start), text
    assert len(text) < 400, text
    assert "Traceback" not in text and "Error" not in text
    assert all(b.get("allowed_mentions") == NO_PINGS for b in result.messages)


def press_payload(
    h: Harness, message: Mapping[str, Any], custom_id: str, user: FakeUser, guild: FakeGuild
) -> dict[str, Any]:
    """What `h.click` sends, built without sending it (to send several at once)."""
    data = {"custom_id": custom_id, "component_type": 2}
    channel = next((c for c in guild.channels if str(c.id) == message.get("channel_id")), None)
    payload = h._guild_payload(3, data, user, guild, channel, None, "en-US")
    payload["message"] = dict(message)
    return payload


def command_payload(
    h: Harness, command: str, options: Mapping[str, Any], user: FakeUser = ALICE
) -> dict[str, Any]:
    guild = h.home_guild(user)
    data = h._command_data(command, options, raw=False, focused=None, guild=guild)
    return h._guild_payload(2, data, user, guild, None, None, "en-US")


async def simultaneous(h: Harness, *payloads: dict[str, Any]) -> list[Result]:
    """Feed several interactions to the gateway parser before any of them runs."""
    async with h.capture() as cap:
        for payload in payloads:
            h.fake.interactions[int(payload["id"])] = payload
            h.bot._connection.parsers["INTERACTION_CREATE"](payload)
    return [Result(requests=cap.requests, payload=p) for p in payloads]


def buttons(result: Result) -> dict[str, str]:
    [row] = result.message["components"]
    return {b["label"]: b["custom_id"] for b in row["components"]}


def leaf_commands(h: Harness) -> list[str]:
    return sorted(
        c.qualified_name for c in h.bot.tree.walk_commands() if isinstance(c, app_commands.Command)
    )


def autocomplete_options(h: Harness) -> list[tuple[str, str]]:
    """(command path, option) of every option with an autocomplete, from the registered JSON."""
    found: list[tuple[str, str]] = []

    def walk(path: str, node: Mapping[str, Any]) -> None:
        for option in node.get("options", []):
            if option["type"] in (1, 2):
                walk(f"{path} {option['name']}", option)
            elif option.get("autocomplete"):
                found.append((path, option["name"]))

    for name in {c.split()[0] for c in leaf_commands(h)}:
        walk(name, h.command_json(name))
    return sorted(found)


async def autocomplete_as(
    h: Harness, command: str, options: Mapping[str, Any], user: FakeUser, permissions: int
) -> Result:
    """`h.autocomplete` with chosen member permissions (it always sends a member's)."""
    focused = next(iter(options))
    data = h._command_data(command, options, raw=False, focused=focused, guild=GUILD_A)
    return await h.dispatch(h._guild_payload(4, data, user, GUILD_A, None, permissions, "en-US"))


def daily_post(h: Harness) -> DailyPost:
    cog = h.bot.get_cog("DailyPost")
    assert isinstance(cog, DailyPost)
    return cog


# -- numbers: at the registered bounds, just past them, and nonsense ----------------------------

# Every option with a numeric range, with what its command needs besides.
BOUNDED: dict[tuple[str, str], dict[str, int | str]] = {
    ("legday", "exercises"): {},
    ("legday", "heaviest"): {"exercises": 2},
    ("legday", "sets"): {"exercises": 2},
    ("legday", "reps"): {"exercises": 2},
    ("legday", "minutes"): {"exercises": 2},
    ("legday", "rpe"): {"exercises": 2},
    ("run", "distance"): {"type": "easy"},
    ("run", "minutes"): {"type": "easy"},
    ("run", "rpe"): {"type": "easy"},
    ("canirun", "distance"): {"type": "easy"},
    ("canirun", "minutes"): {"type": "easy"},
    ("canirun", "soreness"): {"type": "easy"},
    ("history", "days"): {},
    # /edit reuses the logging options' declarations, ranges included.
    ("edit", "exercises"): {"entry": "L1"},
    ("edit", "heaviest"): {"entry": "L1"},
    ("edit", "sets"): {"entry": "L1"},
    ("edit", "reps"): {"entry": "L1"},
    ("edit", "distance"): {"entry": "R1"},
    ("edit", "minutes"): {"entry": "R1"},
    ("edit", "rpe"): {"entry": "R1"},
    ("profile", "max_hr"): {},
    ("week", "weeks_back"): {},
    ("club session add", "minutes"): {"day": "monday", "time": "18:30", "type": "easy"},
}
NUMBER = 10


def range_message(option: Mapping[str, Any]) -> str:
    kind = "a number" if option["type"] == NUMBER else "a whole number"
    return (
        f"`{option['name']}`: must be {kind} from {option['min_value']:g}"
        f" to {option['max_value']:g}"
    )


def registered_options(h: Harness, command: str) -> list[dict[str, Any]]:
    """The registered options of `command`, a subcommand's ("club session add") included."""
    first, *path = command.split()
    node = h.command_json(first)
    for name in path:
        node = next(o for o in node["options"] if o["name"] == name)
    options: list[dict[str, Any]] = node.get("options", [])
    return options


def registered_option(h: Harness, command: str, name: str) -> dict[str, Any]:
    return next(o for o in registered_options(h, command) if o["name"] == name)


async def test_the_bounded_options_are_all_attacked(harness: Harness) -> None:
    found = set()
    for command in leaf_commands(harness):
        for option in registered_options(harness, command):
            if "min_value" in option or "max_value" in option:
                found.add((command, option["name"]))
    assert found == set(BOUNDED)


@pytest.mark.parametrize(("command", "option"), list(BOUNDED), ids="-".join)
async def test_bounds_hold_exactly_where_discord_was_told(
    harness: Harness, command: str, option: str
) -> None:
    spec = registered_option(harness, command, option)
    low, high = spec["min_value"], spec["max_value"]
    step = 1 if spec["type"] != NUMBER else 0.001
    base = BOUNDED[(command, option)]
    for inside in (low, high):
        before = await counts(harness)
        result = await harness.invoke(command, {**base, option: inside})
        assert result.ephemeral
        assert f"`{option}`" not in result.text, (inside, result.text)
        after = await counts(harness)
        if command in ("legday", "run"):
            table = "leg_days" if command == "legday" else "runs"
            assert after[table] == before[table] + 1
            assert result.embed["title"].startswith(("Leg day logged", "Run logged"))
    for outside in (low - step, high + step):
        before = await counts(harness)
        result = await harness.invoke(command, {**base, option: outside}, raw=True)
        check_refusal(result, range_message(spec))
        assert await counts(harness) == before


NONSENSE: list[tuple[str, str, Any]] = [
    ("legday", "exercises", 2**70),
    ("legday", "exercises", -(2**70)),
    ("legday", "exercises", 3.5),
    ("legday", "exercises", "three"),
    ("legday", "exercises", ""),
    ("legday", "exercises", "null"),
    ("legday", "heaviest", float("inf")),
    ("run", "distance", "NaN"),
    ("run", "distance", float("nan")),
    ("run", "distance", "inf"),
    ("run", "distance", "-inf"),
    ("run", "distance", "1e400"),
    ("run", "distance", -0.0),
    ("run", "minutes", -0.0),
    ("run", "minutes", 2**70),
    ("run", "rpe", "10 out of 10"),
    ("canirun", "soreness", 10.5),
    ("canirun", "minutes", 2**63),
    ("history", "days", "@everyone"),
    ("history", "days", 2**70),
    # JSON's true is no number: read as 1, it logged a leg day of 1 exercise, 1% of max.
    ("legday", "exercises", True),
    ("legday", "heaviest", True),
    ("run", "distance", True),
    ("canirun", "soreness", True),
    ("history", "days", True),
]


@pytest.mark.parametrize(
    ("command", "option", "value"),
    NONSENSE,
    ids=[f"{c}-{o}-{i}" for i, (c, o, _) in enumerate(NONSENSE)],
)
async def test_numbers_that_are_not_in_range_are_refused_by_name(
    harness: Harness, command: str, option: str, value: Any
) -> None:
    spec = registered_option(harness, command, option)
    before = await counts(harness)
    result = await harness.invoke(command, {**BOUNDED[(command, option)], option: value}, raw=True)
    check_refusal(result, range_message(spec))
    assert await counts(harness) == before


async def test_negative_zero_is_zero(harness: Harness) -> None:
    # -0.0 is a float equal to 0: a legal leg day of no weighted exercises, stored as 0.
    result = await harness.invoke("legday", {"exercises": -0.0}, raw=True)
    assert result.embed["title"] == "Leg day logged: LIGHT"
    rows = await harness.store.db.all("SELECT exercises FROM leg_days")
    assert [row[0] for row in rows] == [0]


# -- text: too long, blank, invisible, foreign scripts ----------------------------------------

LONG = "x" * 10_000
TOO_LONG: list[tuple[str, dict[str, Any], str]] = [
    ("legday", {"exercises": 2, "notes": LONG}, "`notes`: at most 200 characters, please"),
    ("legday", {"exercises": 2, "when": LONG}, "`when`: at most 100 characters, please"),
    ("run", {"type": "easy", "notes": LONG}, "`notes`: at most 200 characters, please"),
    ("canirun", {"type": "easy", "when": LONG}, "`when`: at most 100 characters, please"),
    ("profile", {"timezone": LONG}, "`timezone`: at most 64 characters, please"),
    ("delete", {"entry": LONG}, "`entry`: at most 100 characters, please"),
    ("run", {"type": LONG}, "`type`: 'xxxx"),
]


@pytest.mark.parametrize(
    ("command", "options", "start"),
    TOO_LONG,
    ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(TOO_LONG)],
)
async def test_ten_thousand_characters_get_a_short_answer(
    harness: Harness, command: str, options: dict[str, Any], start: str
) -> None:
    before = await counts(harness)
    result = await harness.invoke(command, options, raw=True)
    check_refusal(result, start)
    assert await counts(harness) == before


ADMIN_TOO_LONG: list[tuple[str, dict[str, Any], str]] = [
    (
        "club session add",
        {"day": "monday", "time": "18:30", "type": "easy", "name": LONG},
        "`name`: at most 50 characters, please",
    ),
    (
        "club session add",
        {"day": "monday", "time": LONG, "type": "easy"},
        "`time`: at most 16 characters, please",
    ),
    ("club session add", {"day": LONG, "time": "18:30", "type": "easy"}, "`day`: 'xxxx"),
    ("club session remove", {"session": LONG}, "`session`: at most 100 characters, please"),
    (
        "club reminder set",
        {"channel": TRAINING, "time": "07:00", "timezone": LONG},
        "`timezone`: at most 64 characters, please",
    ),
]


@pytest.mark.parametrize(
    ("command", "options", "start"),
    ADMIN_TOO_LONG,
    ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(ADMIN_TOO_LONG)],
)
async def test_ten_thousand_characters_to_an_admin_command_get_a_short_answer(
    harness: Harness, command: str, options: dict[str, Any], start: str
) -> None:
    result = await harness.invoke(command, options, user=BOB, permissions=ADMIN, raw=True)
    check_refusal(result, start)
    assert await counts(harness) == dict.fromkeys(TABLES, 0)


# Every text option, with what its command needs besides: held at its registered length.
SESSION = {"day": "monday", "time": "18:30", "type": "easy"}
LENGTHS: dict[tuple[str, str], dict[str, Any]] = {
    ("legday", "when"): {"exercises": 2},
    ("legday", "notes"): {"exercises": 2},
    ("run", "when"): {"type": "easy"},
    ("run", "notes"): {"type": "easy"},
    ("canirun", "when"): {"type": "easy"},
    ("profile", "timezone"): {},
    ("delete", "entry"): {},
    ("edit", "entry"): {"notes": "x"},
    ("edit", "when"): {"entry": "R1"},
    ("edit", "notes"): {"entry": "R1"},
    ("race set", "date"): {"name": "x"},
    ("race set", "name"): {"date": "2026-03-20"},
    ("race edit", "race"): {"name": "x"},
    ("race edit", "date"): {"race": "1"},
    ("race edit", "name"): {"race": "1"},
    ("race remove", "race"): {},
    ("remind cancel", "reminder"): {},
    ("checkin", "time"): {},
    ("club reminder set", "time"): {"channel": TRAINING},
    ("club reminder set", "timezone"): {"channel": TRAINING, "time": "07:00"},
    ("club session add", "time"): {key: v for key, v in SESSION.items() if key != "time"},
    ("club session add", "name"): SESSION,
    ("club session add", "place"): SESSION,
    ("club session remove", "session"): {},
}


async def test_the_text_options_are_all_attacked(harness: Harness) -> None:
    found = {
        (command, option["name"])
        for command in leaf_commands(harness)
        for option in registered_options(harness, command)
        if "max_length" in option
    }
    assert found == set(LENGTHS)


@pytest.mark.parametrize(("command", "option"), list(LENGTHS), ids="-".join)
async def test_text_one_past_its_length_is_refused_by_name(
    harness: Harness, command: str, option: str
) -> None:
    longest = registered_option(harness, command, option)["max_length"]
    await harness.invoke("run", {"type": "easy", "distance": 5})
    await harness.invoke("race set", {"date": "2026-03-20", "name": "r"})
    given = LENGTHS[(command, option)]

    at_limit = await harness.invoke(command, {**given, option: "7" * longest})
    before = await counts(harness)
    past = await harness.invoke(command, {**given, option: "7" * (longest + 1)}, raw=True)

    assert "characters, please" not in at_limit.text, at_limit.text
    check_refusal(past, f"`{option}`: at most {longest} characters, please")
    assert await counts(harness) == before


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_blank_text_is_no_text(harness: Harness) -> None:
    # Blank notes store nothing; a blank time is no moment (issue 18, point 11) and is refused;
    # a blank session name is refused.
    blank_time = await harness.invoke("legday", {"exercises": 2, "when": " "}, raw=True)
    check_refusal(blank_time, "`when`: is empty, and empty is not a moment")
    legday = await harness.invoke("legday", {"exercises": 2, "notes": "   "}, raw=True)
    assert legday.embed["title"] == "Leg day logged: LIGHT"
    assert "Notes" not in [f["name"] for f in legday.embed["fields"]]
    rows = await harness.store.db.all("SELECT notes, at FROM leg_days")
    assert [tuple(row) for row in rows] == [(None, int(DEFAULT_START.timestamp()))]

    for name in ("", "   ", "\t\n"):
        result = await harness.invoke(
            "club session add",
            {"day": "monday", "time": "18:30", "type": "easy", "name": name},
            raw=True,
        )
        check_refusal(result, "`name`: 1 to 50 characters, please")
    for time in ("", "   "):
        result = await harness.invoke(
            "club session add", {"day": "monday", "time": time, "type": "easy"}, raw=True
        )
        check_refusal(result, "`time`: is empty, and empty is not a moment. Use HH:MM")
    assert (await counts(harness))["club_sessions"] == 0


# Characters that show as nothing: zero-width space, joiner and no-break space, word joiner,
# the Hangul filler, the blank Braille pattern, variation selectors (an emoji's, U+FE0F, and
# one of the supplement's), the combining grapheme joiner. Text of only these is blank text.
INVISIBLE = "\u200b\u200d\ufeff\u2060\u3164\u2800\ufe0f\U000e0100\u034f"


async def test_text_of_invisible_characters_is_no_text(harness: Harness) -> None:
    # As a client sends it: a name of nothing visible is refused as a blank one is, before
    # anything is written, and such notes are no notes.
    race = await harness.invoke("race set", {"date": "2026-03-15", "name": INVISIBLE})
    session = await harness.invoke(
        "club session add", {"day": "monday", "time": "18:30", "type": "easy", "name": INVISIBLE}
    )
    for result in (race, session):
        check_refusal(result, "`name`: 1 to 50 characters, please")
    listed = await harness.invoke("race list")
    assert listed.embed["description"] == "No races ahead. Add one: `/race set`."
    legday = await harness.invoke("legday", {"exercises": 2, "notes": f" {INVISIBLE} "})
    assert legday.embed["title"] == "Leg day logged: LIGHT"
    assert "Notes" not in [f["name"] for f in legday.embed.get("fields", [])]
    history = await harness.invoke("history")
    assert INVISIBLE not in history.text
    assert (await counts(harness))["club_sessions"] == 0
    # An emoji made of joined characters and a variation selector shows: it is a name.
    runner = "\U0001f3c3\u200d\u2640\ufe0f"
    named = await harness.invoke("race set", {"date": "2026-03-15", "name": runner})
    assert named.embed["description"].startswith(f"{runner}, Sun 15 Mar")


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_invisible_and_right_to_left_text_is_kept_as_typed(harness: Harness) -> None:
    # (A NUL is refused: tests/discord/test_privacy_edges.py.)
    notes = "\u202eyad gel\u202c zero\u200bwidth \u2066isolate\u2069 e\u0301 🦵"
    result = await harness.invoke("run", {"type": "easy", "notes": notes}, raw=True)
    assert result.embed["title"].startswith("Run logged")
    rows = await harness.store.db.all("SELECT notes FROM runs")
    assert [row[0] for row in rows] == [notes]


async def test_typed_direction_controls_cannot_turn_the_rest_of_a_line_around(
    harness: Harness, clock: FakeClock
) -> None:
    # An override (U+202E) or isolate (U+2067) left open in a race name would run on over the
    # bot's words after it on the line, in the member's own replies and in the club's post:
    # "(10k), Sun 15 Mar: in 5 days" shown backwards. Stored as typed, shown without them.
    name = "\u202eFun \u2067run\u202c \u202dx\u202a\u202b\u2066\u2068"
    await harness.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})
    race = await harness.invoke("race set", {"date": "2026-03-15", "name": name, "distance": "10k"})
    listed = await harness.invoke("race list")
    clock.advance(timedelta(minutes=30))
    async with harness.capture() as cap:
        await daily_post(harness).runner.tick(clock.now())

    shown = "Fun run x (10k), Sun 15 Mar: in 5 days"
    assert race.embed["description"] == shown
    assert listed.embed["description"] == f"• `1` {shown}"
    [post] = cap.to("POST", f"/channels/{TRAINING.id}/messages")
    fields = {f["name"]: f["value"] for f in post.json["embeds"][0]["fields"]}
    assert fields["Racing in the next 7 days"] == f"<@{ALICE.id}>: {shown}"
    rows = await harness.store.races.upcoming(
        MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id), date(2026, 3, 10)
    )
    assert [r.name for r in rows] == [name]


@pytest.mark.parametrize("command", ["delete", "edit"])
async def test_a_typed_id_quoted_back_loses_its_direction_controls(
    harness: Harness, command: str
) -> None:
    # The id quoted inside the refusal's line: an override left open in it turned "of yours.
    # Pick one from the list ..." around.
    result = await harness.invoke(command, {"entry": "\u202eR9\u2067"})
    check_refusal(result, "No entry `R9` of yours. Pick one from the list")


@pytest.mark.parametrize(
    ("command", "options", "start"),
    [
        # Other scripts' digits look like times and ids; they are not.
        ("legday", {"exercises": 2, "when": "１８:３０"}, "`when`: could not understand"),
        ("legday", {"exercises": 2, "when": "١٨:٣٠"}, "`when`: could not understand"),
        ("profile", {"timezone": "Ｅurope/London"}, "`timezone`: unknown timezone"),
        ("profile", {"timezone": "Europe/London\x00"}, "`timezone`: has a NUL character"),
        ("profile", {"timezone": "../../../etc/localtime"}, "`timezone`: unknown timezone"),
        ("delete", {"entry": "R１"}, "No entry `R１` of yours."),
        # A lone surrogate cannot be stored as UTF-8: refused before anything is written.
        ("legday", {"exercises": 2, "notes": "a\ud800b"}, "`notes`:"),
    ],
)
async def test_lookalike_and_broken_text_is_refused(
    harness: Harness, command: str, options: dict[str, Any], start: str
) -> None:
    result = await harness.invoke(command, options, raw=True)
    check_refusal(result, start)
    assert await counts(harness) == dict.fromkeys(TABLES, 0)


# -- mention and markdown injection -----------------------------------------------------------

# Where a member's text is quoted back in a refusal; each must name the option and be defused.
ECHOED: list[tuple[str, dict[str, Any], str]] = [
    ("legday", {"exercises": 2, "when": PINGS}, "`when`: could not understand '@\u200beveryone"),
    ("run", {"type": "easy", "when": PINGS}, "`when`: could not understand '@\u200beveryone"),
    ("canirun", {"type": "easy", "when": PINGS}, "`when`: could not understand '@\u200beveryone"),
    ("run", {"type": PINGS}, "`type`: '@\u200beveryone"),
    ("canirun", {"type": PINGS}, "`type`: '@\u200beveryone"),
    ("profile", {"timezone": PINGS}, "`timezone`: unknown timezone '@\u200beveryone"),
    ("profile", {"units": PINGS}, "`units`: '@\u200beveryone"),
    ("profile", {"experience": PINGS}, "`experience`: '@\u200beveryone"),
    ("profile", {"focus": PINGS}, "`focus`: '@\u200beveryone"),
    ("delete", {"entry": PINGS}, "No entry `@\u200beveryone"),
    ("delete", {"entry": "<@666>"}, "No entry `<\u200b@\u200b666>`"),
]


@pytest.mark.parametrize(
    ("command", "options", "start"),
    ECHOED,
    ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(ECHOED)],
)
async def test_a_refusal_quoting_member_text_cannot_ping(
    harness: Harness, command: str, options: dict[str, Any], start: str
) -> None:
    result = await harness.invoke(command, options, raw=True)
    check_refusal(result, start)
    check_defused(result.requests)


ADMIN_ECHOED: list[tuple[str, dict[str, Any], str]] = [
    ("club session add", {"day": PINGS, "time": "18:30", "type": "easy"}, "`day`: '@\u200b"),
    (
        "club session add",
        {"day": "monday", "time": "18:30", "type": "<@&555>"},
        # Quoted whole, defused and with no markdown of its own, as every echoed value is.
        "`type`: '<\u200b@\u200b&555\\>' is not allowed",
    ),
    ("club session add", {"day": "monday", "time": PINGS[:16], "type": "easy"}, "`time`: could"),
    ("club session remove", {"session": PINGS}, "`session`: no such session in this club."),
    (
        "club reminder set",
        {"channel": TRAINING, "time": "07:00", "timezone": PINGS},
        "`timezone`: unknown timezone '@\u200beveryone",
    ),
]


@pytest.mark.parametrize(
    ("command", "options", "start"),
    ADMIN_ECHOED,
    ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(ADMIN_ECHOED)],
)
async def test_an_admin_refusal_quoting_typed_text_cannot_ping(
    harness: Harness, command: str, options: dict[str, Any], start: str
) -> None:
    result = await harness.invoke(command, options, raw=True)
    check_refusal(result, start)
    check_defused(result.requests)
    assert await counts(harness) == dict.fromkeys(TABLES, 0)


async def test_a_duplicate_session_name_is_quoted_without_pinging(harness: Harness) -> None:
    options = {"day": "monday", "time": "18:30", "type": "easy", "name": "x` @everyone `y"}
    added = await harness.invoke("club session add", options)
    again = await harness.invoke("club session add", options)
    check_defused(added.requests + again.requests)
    assert "@\u200beveryone" in again.content and "already on the club's schedule" in again.content
    assert (await counts(harness))["club_sessions"] == 1


async def test_a_duplicate_sessions_name_is_quoted_as_typed_text_is_elsewhere(
    harness: Harness,
) -> None:
    # The refusal put the name inside a code span as it was: its backtick closed the span (the
    # rest rendered as markdown) and its override turned "is already on ..." around.
    options = {"day": "monday", "time": "18:30", "type": "easy", "name": "\u202ex` **b** `y"}
    await harness.invoke("club session add", options)
    again = await harness.invoke("club session add", options)
    shown = "Mon 18:30 easy · x\\` \\*\\*b\\*\\* \\`y"
    assert again.content == f"{shown} is already on the club's schedule."


INJECTED_NOTES = f"{PINGS} {EVIL_LINK}\n# HEADING\n**bold** <#777> `code`"


@pytest.fixture
async def public(make_harness: Callable[..., Harness]) -> AsyncIterator[Harness]:
    async with make_harness(config={"club": {"public_logs": True}}) as h:
        yield h


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("legday", {"exercises": 3, "notes": INJECTED_NOTES}),
        ("run", {"type": "tempo", "distance": 8, "notes": INJECTED_NOTES}),
    ],
)
async def test_notes_in_a_public_log_are_plain_text_on_one_line(
    public: Harness, command: str, options: dict[str, Any]
) -> None:
    result = await public.invoke(command, options)

    assert not result.ephemeral  # the whole channel reads it
    check_defused(result.requests)
    notes = next(f["value"] for f in result.embed["fields"] if f["name"] == "Notes")
    assert "\n" not in notes
    # Markdown shows as the characters typed: escaped, so no link, heading or bold.
    assert "\\[click\\]\\(https://evil.example\\)" in notes
    assert "\\# HEADING" in notes and "\\*\\*bold\\*\\*" in notes
    assert "<\u200b\\#777\\>" in notes
    assert "@\u200beveryone @\u200bhere" in notes
    # The one mention in the message is the member who logged it, shown, never pinged.
    assert re.findall(r"<@!?&?\d+>", result.embed["description"]) == [f"<@{ALICE.id}>"]
    table = "leg_days" if command == "legday" else "runs"
    rows = await public.store.db.all(f"SELECT notes FROM {table}")
    assert [row[0] for row in rows] == [INJECTED_NOTES]


async def test_notes_in_history_and_the_public_board_stay_defused(public: Harness) -> None:
    await public.invoke("run", {"type": "easy", "distance": 5, "notes": INJECTED_NOTES})
    await public.invoke("run", {"type": "easy", "distance": 3, "notes": PINGS}, user=BOB)
    history = await public.invoke("history")
    board = await public.invoke("leaderboard")

    check_defused(history.requests + board.requests)
    assert not board.ephemeral
    assert re.findall(r"<@!?&?\d+>", board.embed["description"]) == [
        f"<@{ALICE.id}>",
        f"<@{BOB.id}>",
    ]


async def test_the_daily_post_shows_session_names_as_plain_text(
    harness: Harness, clock: FakeClock
) -> None:
    name = "@everyone [x](https://evil.example) **go**"
    assert len(name) <= 50
    await harness.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})
    await harness.invoke(
        "club session add", {"day": "tuesday", "time": "18:00", "type": "hills", "name": name}
    )
    listed = await harness.invoke("club session list")
    preview = await harness.invoke("club preview")
    await harness.invoke("legday", {"exercises": 4, "notes": PINGS}, user=BOB)
    clock.advance(timedelta(minutes=30))
    async with harness.capture() as cap:
        await daily_post(harness).runner.tick(clock.now())

    [post] = cap.to("POST", f"/channels/{TRAINING.id}/messages")
    check_defused([post, *listed.requests, *preview.requests])
    description = post.json["embeds"][0]["description"]
    assert "@\u200beveryone \\[x\\]\\(https://evil.example\\) \\*\\*go\\*\\*" in description
    # Bob, recovering, is named as a mention that cannot ping: the only mention in the post.
    assert re.findall(r"<@!?&?\d+>", description) == [f"<@{BOB.id}>"]


# -- other members' and other clubs' data -----------------------------------------------------


@pytest.fixture
async def logged(harness: Harness) -> Harness:
    """L1 Alice (A), R1 Bob (A), R2 Carol (B), R3 Alice in B, R4 Alice (A), L2 Bob (A)."""
    await harness.invoke("legday", {"exercises": 4})
    await harness.invoke("run", {"type": "easy", "distance": 5}, user=BOB)
    await harness.invoke("run", {"type": "easy", "distance": 6}, user=CAROL)
    await harness.invoke("run", {"type": "easy", "distance": 7}, guild=GUILD_B)
    await harness.invoke("run", {"type": "tempo", "distance": 8})
    await harness.invoke("legday", {"exercises": 1}, user=BOB)
    return harness


async def entries(h: Harness) -> list[tuple[str, int, int, int]]:
    rows = await h.store.db.all(
        "SELECT 'L', id, guild_id, user_id FROM leg_days UNION ALL"
        " SELECT 'R', id, guild_id, user_id FROM runs ORDER BY 1, 2"
    )
    return [tuple(row) for row in rows]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("R1", "R1"),  # Bob's, same club
        ("L2", "L2"),  # Bob's, same club
        ("R2", "R2"),  # Carol's, another club
        ("R3", "R3"),  # Alice's own, but in another club
        ("L0", "L0"),
        ("R-1", "R-1"),
        ("L99999999999999999999", "L99999999999999999999"),
        ("R 1; DROP TABLE runs", "R 1; DROP TABLE runs"),
        ("' OR 1=1 --", "' OR 1=1 --"),
        ("X1", "X1"),
        ("R1.5", "R1.5"),
    ],
)
async def test_delete_touches_nothing_that_is_not_the_members_own(
    logged: Harness, typed: str, shown: str
) -> None:
    before = await entries(logged)
    result = await logged.invoke("delete", {"entry": typed})
    check_refusal(result, f"No entry `{shown}` of yours.")
    assert await entries(logged) == before


@pytest.mark.parametrize(("typed", "deleted"), [("l1", "L1"), (" R4 ", "R4"), ("r 4", "R4")])
async def test_delete_takes_loose_spellings_of_the_members_own_ids(
    logged: Harness, typed: str, deleted: str
) -> None:
    before = await entries(logged)
    result = await logged.invoke("delete", {"entry": typed})
    assert result.embed["title"] == f"Deleted: {deleted}"
    gone = (deleted[0], int(deleted[1:]), GUILD_A.id, ALICE.id)
    assert await entries(logged) == [e for e in before if e != gone]


async def test_delete_autocomplete_offers_only_the_members_own_entries_here(
    logged: Harness,
) -> None:
    # Newest first; a run before a leg day logged in the same second.
    for user, guild, expected in [
        (ALICE, GUILD_A, ["R4", "L1"]),
        (BOB, GUILD_A, ["R1", "L2"]),
        (ALICE, GUILD_B, ["R3"]),
        (CAROL, GUILD_B, ["R2"]),
    ]:
        result = await logged.autocomplete("delete", {"entry": ""}, user=user, guild=guild)
        assert [c["value"] for c in result.choices] == expected, (user, guild)
    # Typing another member's id, or another club's, finds nothing.
    for typed in ("R1", "L2", "R2", "R3"):
        result = await logged.autocomplete("delete", {"entry": typed}, user=ALICE)
        assert result.choices == [], typed
    own = await logged.autocomplete("delete", {"entry": "r4"}, user=ALICE)
    assert [c["value"] for c in own.choices] == ["R4"]


async def test_undo_takes_back_only_the_members_own_latest(logged: Harness) -> None:
    # Bob logged L2 last of all; Alice's undo takes her own R4, in guild A only.
    before = await entries(logged)
    result = await logged.invoke("undo")
    assert result.embed["title"] == "Undone: R4"
    assert await entries(logged) == [e for e in before if e[:2] != ("R", 4)]


async def test_two_undos_at_once_delete_two_different_entries(logged: Harness) -> None:
    first, second = await simultaneous(
        logged, command_payload(logged, "undo", {}), command_payload(logged, "undo", {})
    )
    titles = sorted([first.embed["title"], second.embed["title"]])
    assert titles == ["Undone: L1", "Undone: R4"]
    mine = [e for e in await entries(logged) if e[2:] == (GUILD_A.id, ALICE.id)]
    assert mine == []
    assert ("R", 3, GUILD_B.id, ALICE.id) in await entries(logged)
    third = await logged.invoke("undo")
    assert third.content.startswith("Nothing to undo")


async def test_two_leg_days_at_once_both_land(harness: Harness) -> None:
    results = await simultaneous(
        harness,
        command_payload(harness, "legday", {"exercises": 1}),
        command_payload(harness, "legday", {"exercises": 5}),
    )
    footers = sorted(r.embed["footer"]["text"] for r in results)
    assert footers == ["Entry L1", "Entry L2"]
    rows = await harness.store.db.all("SELECT exercises FROM leg_days ORDER BY exercises")
    assert [row[0] for row in rows] == [1, 5]


async def test_the_same_session_added_twice_at_once_is_stored_once(harness: Harness) -> None:
    options = {"day": "friday", "time": "07:00", "type": "tempo"}
    results = await simultaneous(
        harness,
        command_payload(harness, "club session add", options),
        command_payload(harness, "club session add", options),
    )
    texts = sorted(r.content for r in results)
    assert texts[0].startswith("Added to the club's week: Fri 07:00 tempo")
    assert texts[1] == "Fri 07:00 tempo is already on the club's schedule."
    assert (await counts(harness))["club_sessions"] == 1


async def test_another_clubs_session_cannot_be_seen_or_removed(harness: Harness) -> None:
    carol = await harness.invoke(
        "club session add", {"day": "friday", "time": "07:00", "type": "tempo"}, user=CAROL
    )
    assert carol.content.startswith("Added")
    row = await harness.store.db.one("SELECT id FROM club_sessions")
    assert row is not None
    foreign = int(row[0])
    choices = await harness.autocomplete("club session remove", {"session": ""})
    assert choices.choices == []
    for typed in (str(foreign), f" {foreign} ", f"0{foreign}", f"{foreign}.0", f"-{foreign}"):
        result = await harness.invoke("club session remove", {"session": typed})
        check_refusal(result, "`session`: no such session in this club.")
    assert (await counts(harness))["club_sessions"] == 1


async def test_a_mydata_delete_button_answers_only_its_member_in_its_club(
    logged: Harness,
) -> None:
    question = await logged.invoke("mydata delete")
    message = question.created_message
    assert message is not None
    confirm = buttons(question)["Delete all my data"]
    before = await entries(logged)

    for user, guild in [(BOB, GUILD_A), (CAROL, GUILD_B), (ALICE, GUILD_B)]:
        refused = await logged.click(message, confirm, user=user, guild=guild)
        check_refusal(refused, NOT_YOUR_BUTTON)
    assert await entries(logged) == before

    done = await logged.click(message, confirm)
    assert done.callback_type == 7
    assert await entries(logged) == [e for e in before if e[2:] != (GUILD_A.id, ALICE.id)]
    check_defused(question.requests + done.requests)


async def test_two_presses_of_delete_at_once_delete_once(logged: Harness) -> None:
    question = await logged.invoke("mydata delete")
    message = question.created_message
    assert message is not None
    confirm = buttons(question)["Delete all my data"]
    before = await entries(logged)

    first, second = await simultaneous(
        logged,
        press_payload(logged, message, confirm, ALICE, GUILD_A),
        press_payload(logged, message, confirm, ALICE, GUILD_A),
    )

    # The first press deletes and says how much; the second is acknowledged (type 6) and
    # leaves that answer on the message, rather than replacing it with "nothing".
    assert sorted(r.callback_type or 0 for r in (first, second)) == [6, 7]
    [update] = [r.callback for r in (first, second) if r.callback_type == 7]
    assert update is not None
    assert "your profile, 1 leg day and 1 run" in update["data"]["embeds"][0]["description"]
    assert logged.fake.messages[int(message["id"])]["embeds"] == update["data"]["embeds"]
    assert await entries(logged) == [e for e in before if e[2:] != (GUILD_A.id, ALICE.id)]


async def test_cancel_and_delete_pressed_at_once_do_one_thing(logged: Harness) -> None:
    question = await logged.invoke("mydata delete")
    message = question.created_message
    assert message is not None
    ids = buttons(question)
    before = await entries(logged)

    cancel, confirm = await simultaneous(
        logged,
        press_payload(logged, message, ids["Cancel"], ALICE, GUILD_A),
        press_payload(logged, message, ids["Delete all my data"], ALICE, GUILD_A),
    )

    assert (cancel.callback_type, confirm.callback_type) == (7, 6)
    assert cancel.callback is not None
    assert cancel.callback["data"]["embeds"][0]["title"] == "Nothing was deleted"
    assert await entries(logged) == before


async def test_the_post_button_answers_from_the_pressers_own_club(harness: Harness) -> None:
    # Alice's hard leg day is in club A; pressed from club B, the button knows nothing of it.
    await harness.invoke("legday", {"exercises": 4})
    preview = await harness.invoke("club preview")
    message = preview.created_message
    assert message is not None

    in_a = await harness.click(message, CANIRUN_CUSTOM_ID)
    in_b = await harness.click(message, CANIRUN_CUSTOM_ID, user=ALICE, guild=GUILD_B)
    carol = await harness.click(message, CANIRUN_CUSTOM_ID, user=CAROL, guild=GUILD_B)

    assert [f["name"] for f in in_a.embed["fields"]][:2] == [
        "GO: run as planned",
        "WAIT: not a hard run yet",
    ]
    for result in (in_b, carol):
        assert result.ephemeral
        assert [f["name"] for f in result.embed["fields"]][:2] == ["GO: run as planned"] * 2
    assert (await counts(harness))["members"] == 1  # pressing wrote nothing
    check_defused(in_a.requests + in_b.requests + carol.requests)


# -- the admin gate ---------------------------------------------------------------------------

CLUB: list[tuple[str, dict[str, Any]]] = [
    ("club reminder set", {"channel": TRAINING, "time": "07:00"}),
    ("club reminder off", {}),
    ("club status", {}),
    ("club preview", {}),
    ("club session add", {"day": "thursday", "time": "18:30", "type": "hills"}),
    ("club session remove", {"session": "1"}),
    ("club session list", {}),
]
NOT_ADMIN = {
    "nothing": 0,
    "member": MEMBER_PERMISSIONS.value,
    "moderator": discord.Permissions(
        manage_messages=True,
        manage_channels=True,
        manage_roles=True,
        kick_members=True,
        ban_members=True,
        moderate_members=True,
        mention_everyone=True,
        manage_webhooks=True,
    ).value,
}


async def test_every_club_command_is_attacked(harness: Harness) -> None:
    assert sorted(c for c, _ in CLUB) == [c for c in leaf_commands(harness) if c.startswith("club")]


@pytest.mark.parametrize("who", list(NOT_ADMIN))
@pytest.mark.parametrize(("command", "options"), CLUB, ids=[c for c, _ in CLUB])
async def test_club_is_refused_at_run_time_without_manage_server(
    harness: Harness, command: str, options: dict[str, Any], who: str
) -> None:
    await harness.invoke(
        "club session add", {"day": "monday", "time": "06:00", "type": "easy"}
    )  # by Alice, the owner
    before = await counts(harness)
    result = await harness.invoke(command, options, user=BOB, permissions=NOT_ADMIN[who])
    check_refusal(result, "This command needs the Manage Server permission.")
    assert await counts(harness) == before
    # Nor does the session picker show such a member anything.
    listing = await autocomplete_as(
        harness, "club session remove", {"session": ""}, BOB, NOT_ADMIN[who]
    )
    assert listing.choices == []


@pytest.mark.parametrize(("command", "options"), CLUB, ids=[c for c, _ in CLUB])
async def test_administrator_alone_is_enough(
    harness: Harness, command: str, options: dict[str, Any]
) -> None:
    # Discord gives an Administrator every permission, whatever the other bits say.
    administrator = discord.Permissions(administrator=True).value
    await harness.invoke("club session add", {"day": "monday", "time": "06:00", "type": "easy"})
    result = await harness.invoke(command, options, user=BOB, permissions=administrator)
    assert result.ephemeral
    assert "permission" not in result.text, result.text
    if command == "club session add":
        assert (await counts(harness))["club_sessions"] == 2
    if command == "club session remove":
        assert (await counts(harness))["club_sessions"] == 0
    listing = await autocomplete_as(
        harness, "club session remove", {"session": ""}, BOB, administrator
    )
    assert len(listing.choices) == (await counts(harness))["club_sessions"]


async def test_admin_rights_in_one_club_do_not_carry_to_another(harness: Harness) -> None:
    # Carol owns club B; in club A she is nobody, and the permissions come per interaction.
    ok = await harness.invoke("club status", user=CAROL)
    assert ok.embed["title"] == "Daily club post"
    for command, options in CLUB:
        result = await harness.invoke(command, options, user=CAROL, guild=GUILD_A)
        check_refusal(result, "This command needs the Manage Server permission.")
    assert await counts(harness) == dict.fromkeys(TABLES, 0)


@pytest.mark.parametrize(
    "channel",
    [
        GUILD_B.channel,  # another server's channel, sent as if it were this one's
        FakeChannel(911_000_000_000_000_009, "voice", type=2),
        FakeChannel(911_000_000_000_000_010, "category", type=4),
    ],
    ids=["other-guild", "voice", "category"],
)
async def test_reminder_set_refuses_a_channel_that_is_not_a_text_channel_here(
    harness: Harness, channel: FakeChannel
) -> None:
    result = await harness.invoke(
        "club reminder set", {"channel": channel, "time": "07:00"}, raw=True
    )
    check_refusal(result, "Pick a text channel of this server from the list.")
    assert "AppCommandChannel" not in result.content
    assert await counts(harness) == dict.fromkeys(TABLES, 0)


# -- DMs and stale clients --------------------------------------------------------------------


async def test_every_command_in_a_dm_gets_the_guild_only_answer(harness: Harness) -> None:
    commands = leaf_commands(harness)
    assert len(commands) >= 18
    for command in commands:
        result = await harness.invoke_dm(command, stale_command_list=True, raw=True)
        check_refusal(result, GUILD_ONLY_MESSAGE)
    assert await counts(harness) == dict.fromkeys(TABLES, 0)


async def test_every_autocomplete_in_a_dm_offers_nothing(harness: Harness) -> None:
    options = autocomplete_options(harness)
    assert {o for _, o in options} >= {"when", "timezone", "entry", "session"}
    for command, option in options:
        result = await harness.autocomplete(command, {option: "e"}, focused=option, dm=True)
        assert result.callback_type == 8
        assert result.choices == []


async def test_the_post_button_pressed_outside_a_guild_gets_the_guild_only_answer(
    harness: Harness,
) -> None:
    preview = await harness.invoke("club preview")
    assert preview.created_message is not None
    payload = harness._dm_payload(3, {"custom_id": CANIRUN_CUSTOM_ID, "component_type": 2}, BOB)
    payload["message"] = dict(preview.created_message)

    result = await harness.dispatch(payload)  # no error logged: not a bug, a stray press

    check_refusal(result, GUILD_ONLY_MESSAGE)
    assert await counts(harness) == dict.fromkeys(TABLES, 0)


@pytest.mark.parametrize(
    "typed",
    ["", LONG, PINGS, "\u202e\u200b", "R１", "%", "_", "'; DROP TABLE runs; --", "\x00"],
    ids=["empty", "long", "pings", "invisible", "fullwidth", "percent", "underscore", "sql", "nul"],
)
async def test_every_autocomplete_answers_whatever_is_typed(logged: Harness, typed: str) -> None:
    await logged.invoke("club session add", {"day": "monday", "time": "06:00", "type": "easy"})
    before = await counts(logged)
    for command, option in autocomplete_options(logged):
        # The harness checks Discord's limits: at most 25 choices of at most 100 characters.
        result = await logged.autocomplete(command, {option: typed}, focused=option)
        assert result.callback_type == 8, (command, option)
        for choice in result.choices:
            assert "@everyone" not in choice["name"]
    assert await counts(logged) == before


@pytest.mark.parametrize(
    ("data", "name"),
    [
        ({"name": "nosuchcommand", "type": 1, "options": []}, "nosuchcommand"),
        (
            {"name": "club", "type": 1, "options": [{"name": "nuke", "type": 1, "options": []}]},
            "nuke",
        ),
        ({"name": "legday", "type": 1, "options": [{"name": "x", "type": 1}]}, "x"),
    ],
    ids=["command", "subcommand", "subcommand-of-a-plain-command"],
)
async def test_an_unknown_command_from_a_stale_client_gets_an_answer(
    harness: Harness, data: dict[str, Any], name: str, caplog: pytest.LogCaptureFixture
) -> None:
    payload = harness._guild_payload(
        2, {"id": "930000000000000999", **data}, ALICE, GUILD_A, None, None, "en-US"
    )
    with caplog.at_level(logging.INFO, logger="bot.discord.tree"):
        # The harness fails on any warning or error: an old client is not a bug of ours.
        result = await harness.dispatch(payload)
    check_refusal(result, STALE_COMMAND_MESSAGE)
    assert any(name in r.getMessage() for r in caplog.records if r.name == "bot.discord.tree")


async def test_an_unknown_commands_autocomplete_gets_no_choices(harness: Harness) -> None:
    data = {
        "id": "930000000000000999",
        "name": "nosuchcommand",
        "type": 1,
        "options": [{"name": "x", "type": 3, "value": "a", "focused": True}],
    }
    payload = harness._guild_payload(4, data, ALICE, GUILD_A, None, None, "en-US")
    result = await harness.dispatch(payload)
    # An autocomplete can only be answered with choices (type 8), never with a message.
    assert result.callback_type == 8
    assert result.choices == []


async def test_a_button_nobody_knows_is_ignored_without_harm(harness: Harness) -> None:
    preview = await harness.invoke("club preview")
    assert preview.created_message is not None
    result = await harness.click(preview.created_message, "runclub:forged:v9", expect_errors=True)
    # discord.py answers no component it has no view for; nothing fails and nothing is logged.
    assert result.requests == []
    assert result.logs == [] and result.exceptions == []


# -- the token --------------------------------------------------------------------------------


class _Everything(logging.Handler):
    """Every record at every level, before any redaction, formatted with its traceback."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        self.texts.append(text)


@pytest.fixture
def debug_logs() -> Iterator[tuple[io.StringIO, _Everything]]:
    """The product's own logging at DEBUG, as `runclub-bot run` sets it up with its token."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    stream = io.StringIO()
    setup_logging("DEBUG", secrets=[TOKEN], stream=stream)
    everything = _Everything()
    root.addHandler(everything)
    try:
        yield stream, everything
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)


async def test_the_token_is_never_logged_at_debug(
    tmp_path: Path,
    debug_logs: tuple[io.StringIO, _Everything],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream, everything = debug_logs
    async with Harness(tmp_path) as h:  # logs in with TOKEN, syncs the commands
        await h.ready()
        await h.invoke("legday", {"exercises": 4, "notes": "token?"})
        await h.invoke("history")
        await h.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})
        h.clock.advance(timedelta(minutes=30))
        async with h.capture():
            await daily_post(h).runner.tick(h.clock.now())

        async def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("the database went away")

        monkeypatch.setattr("bot.actions.context.Context.advice_inputs", broken)
        failed = await h.invoke("canirun", {"type": "easy"}, expect_errors=True)
        assert failed.content == FAILED_MESSAGE

        # Nothing the bot or discord.py logged carried the token, even before redaction.
        assert len(everything.texts) > 20  # DEBUG really was on: discord.py's HTTP lines
        assert any("the database went away" in t for t in everything.texts)
        assert not [t for t in everything.texts if TOKEN in t]

        # And a failure whose text does carry it (a library echoing it) is redacted.
        async def leaky(*args: object, **kwargs: object) -> None:
            raise RuntimeError(f"Improper token has been passed: {TOKEN}")

        monkeypatch.setattr("bot.actions.context.Context.advice_inputs", leaky)
        leaked = await h.invoke("canirun", {"type": "easy"}, expect_errors=True)
        assert leaked.content == FAILED_MESSAGE
        assert all(TOKEN not in t for b in message_bodies(h.requests) for t in texts_of(b))

    written = stream.getvalue()
    assert TOKEN not in written
    assert f"Improper token has been passed: {REDACTED}" in written
    assert "DEBUG" in written and "discord.http" in written


# -- a full tour: every message the bot sends is unable to ping ---------------------------------


async def test_every_message_of_a_full_session_allows_no_pings(
    public: Harness, clock: FakeClock
) -> None:
    h = public
    await h.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})
    await h.invoke("club session add", {"day": "tuesday", "time": "18:00", "type": "hills"})
    await h.invoke("profile", {"timezone": "Europe/London", "units": "mi"})
    await h.invoke("legday", {"exercises": 4, "notes": INJECTED_NOTES})
    await h.invoke("run", {"type": "easy", "distance": 3, "notes": PINGS}, user=BOB)
    await h.invoke("canirun", {"type": "sprints"})
    await h.invoke("history")
    await h.invoke("leaderboard")
    await h.invoke("help")
    await h.invoke("club status")
    await h.invoke("club preview")
    await h.invoke("club session list")
    await h.invoke("mydata export", user=BOB)
    await h.invoke("legday", {"exercises": 99}, raw=True)
    await h.invoke("delete", {"entry": PINGS})
    await h.invoke("club status", user=BOB)
    clock.advance(timedelta(minutes=30))
    async with h.capture() as cap:
        await daily_post(h).runner.tick(clock.now())
    [post] = cap.to("POST", f"/channels/{TRAINING.id}/messages")
    await h.click(post.response, CANIRUN_CUSTOM_ID, user=BOB)
    question = await h.invoke("mydata delete")
    assert question.created_message is not None
    cancelled = await h.invoke("mydata delete", user=BOB)
    assert cancelled.created_message is not None
    await h.click(question.created_message, buttons(question)["Delete all my data"])
    await h.click(cancelled.created_message, buttons(cancelled)["Cancel"], user=BOB)
    await h.invoke_dm("help", stale_command_list=True)

    bodies = message_bodies(h.requests)
    assert len(bodies) >= 22
    check_defused(h.requests)
    assert any(r.path == f"/channels/{TRAINING.id}/messages" for r in h.requests)
    assert any(r.path.endswith("/callback") and (r.json or {}).get("type") == 7 for r in h.requests)
