"""/club end to end: registration, the admin gate, reminder set/off, status, preview, sessions.

Alice owns guild A (every permission); Bob is an ordinary member; Carol runs guild B. The club
time zone is Europe/London (GMT in March: UTC+0). Expected values are computed here.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
import pytest

from bot.discord.cogs.daily_post import DailyPost
from tests.discord.harness import (
    ALICE,
    BOB,
    CAROL,
    DEFAULT_START,
    GUILD_A,
    GUILD_B,
    MEMBER_PERMISSIONS,
    NO_PINGS,
    Harness,
    Result,
    discord_ts,
)

T0 = DEFAULT_START  # Tuesday 10 March 2026, 09:00 UTC = 09:00 London
TRAINING = GUILD_A.channel_named("training")
ANNOUNCEMENTS = GUILD_A.channel_named("announcements")  # the bot may not send there
ADMIN_ONLY = discord.Permissions(manage_guild=True).value  # 32
SUBCOMMANDS: list[tuple[str, dict[str, Any]]] = [
    ("club reminder set", {"channel": TRAINING, "time": "07:00"}),
    ("club reminder off", {}),
    ("club status", {}),
    ("club preview", {}),
    ("club session add", {"day": "thursday", "time": "18:30", "type": "hills"}),
    ("club session remove", {"session": "1"}),
    ("club session list", {}),
]


@pytest.fixture
async def club(make_harness: Callable[..., Harness]) -> AsyncIterator[Harness]:
    async with make_harness(config={"club": {"timezone": "Europe/London"}}) as h:
        yield h


# The session commands wait on Discord's scheduled-event routes, and so does a reminder set
# that changes the club's zone (its sessions' events move): they acknowledge first.
SLOW = {"club reminder set", "club session add", "club session remove", "club session list"}


def check_private(result: Result, *, deferred: bool = False) -> None:
    assert result.callback_type == (5 if deferred else 4), result.callback
    assert result.ephemeral
    for message in result.messages:
        assert message.get("allowed_mentions") == NO_PINGS, message


def fields_of(result: Result) -> dict[str, str]:
    return {f["name"]: f["value"] for f in result.embed.get("fields", [])}


async def reminder_rows(h: Harness) -> list[tuple[Any, ...]]:
    rows = await h.store.db.all(
        "SELECT guild_id, channel_id, post_minute, timezone, enabled, paused FROM clubs"
        " ORDER BY guild_id"
    )
    return [tuple(row) for row in rows]


async def session_rows(h: Harness) -> list[tuple[Any, ...]]:
    rows = await h.store.db.all(
        "SELECT guild_id, weekday, start_minute, run_type, name FROM club_sessions ORDER BY id"
    )
    return [tuple(row) for row in rows]


# -- registration and the admin gate ----------------------------------------------------------


def test_club_is_one_admin_group_hidden_from_members(club: Harness) -> None:
    [put] = [r for r in club.login_capture.requests if r.method == "PUT"]
    spec = next(c for c in put.json if c["name"] == "club")
    assert spec["default_member_permissions"] == ADMIN_ONLY
    assert spec["contexts"] == [0]
    top = {o["name"]: o for o in spec["options"]}
    assert {name: o["type"] for name, o in top.items()} == {
        "reminder": 2,
        "session": 2,
        "status": 1,
        "preview": 1,
    }
    assert {o["name"] for o in top["reminder"]["options"]} == {"set", "off"}
    assert {o["name"] for o in top["session"]["options"]} == {"add", "remove", "list"}
    set_ = next(o for o in top["reminder"]["options"] if o["name"] == "set")
    options = {o["name"]: o for o in set_["options"]}
    assert options["channel"]["type"] == 7 and options["channel"]["required"]
    assert set(options["channel"]["channel_types"]) == {0, 5}  # text and announcement
    assert options["timezone"]["autocomplete"] is True
    add = next(o for o in top["session"]["options"] if o["name"] == "add")
    add_options = {o["name"]: o for o in add["options"]}
    assert [c["value"] for c in add_options["day"]["choices"]] == [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    assert len(add_options["type"]["choices"]) == 10
    remove = next(o for o in top["session"]["options"] if o["name"] == "remove")
    assert remove["options"][0]["autocomplete"] is True


@pytest.mark.parametrize(("command", "options"), SUBCOMMANDS, ids=[c for c, _ in SUBCOMMANDS])
async def test_every_subcommand_is_refused_without_manage_server(
    club: Harness, command: str, options: dict[str, Any]
) -> None:
    # A server admin can let everyone see /club; the bot still refuses an ordinary member.
    result = await club.invoke(command, options, user=BOB)
    check_private(result)  # refused before the command acknowledges
    assert "needs the Manage Server permission" in result.content
    assert await reminder_rows(club) == []
    assert await session_rows(club) == []


async def test_manage_server_is_enough_and_required_even_with_other_rights(club: Harness) -> None:
    # Bob as a moderator who may manage channels and messages, but not the server.
    moderator = discord.Permissions(MEMBER_PERMISSIONS.value)
    moderator.update(manage_channels=True, manage_messages=True, kick_members=True)
    refused = await club.invoke("club status", user=BOB, permissions=moderator)
    assert "Manage Server" in refused.content
    manager = discord.Permissions(MEMBER_PERMISSIONS.value)
    manager.update(manage_guild=True)
    allowed = await club.invoke("club status", user=BOB, permissions=manager)
    check_private(allowed)
    assert allowed.embed["title"] == "Daily club post"


async def test_session_autocomplete_shows_members_nothing(club: Harness) -> None:
    await club.invoke(
        "club session add", {"day": "thursday", "time": "18:30", "type": "hills"}, user=ALICE
    )
    assert (await club.autocomplete("club session remove", {"session": ""}, user=BOB)).choices == []
    own = await club.autocomplete("club session remove", {"session": ""}, user=ALICE)
    assert [c["name"] for c in own.choices] == ["Thu 18:30 hills"]


# -- /club reminder --------------------------------------------------------------------------


async def test_reminder_set_turns_the_post_on(club: Harness) -> None:
    result = await club.invoke("club reminder set", {"channel": TRAINING, "time": "07:00"})
    check_private(result, deferred=True)
    text = result.text
    assert f"<#{TRAINING.id}>" in text
    assert "07:00 Europe/London" in text
    # 07:00 today is over at 09:00: the first post is tomorrow, 07:00 GMT.
    assert discord_ts(datetime(2026, 3, 11, 7, 0, tzinfo=UTC)) in text
    assert await reminder_rows(club) == [(GUILD_A.id, TRAINING.id, 7 * 60, None, 1, 0)]
    assert "Read Message History" not in text  # the bot may read the channel: no tip
    first = datetime(2026, 3, 11, 7, 0, tzinfo=UTC)
    assert result.embed["color"] == 0x2ECC71
    assert result.embed["description"].splitlines() == [
        f"The daily club post is on: every day at 07:00 Europe/London (the club's) in"
        f" <#{TRAINING.id}>.",
        f"First post: {discord_ts(first)} ({discord_ts(first, 'R')}).",
        "`/club preview` shows what it will say; `/club status` how it went.",
    ]


async def test_reminder_set_where_the_bot_cannot_read_the_channel_says_what_to_give(
    club: Harness,
) -> None:
    club.deny_bot(GUILD_A, TRAINING, discord.Permissions(read_message_history=True))
    result = await club.invoke("club reminder set", {"channel": TRAINING, "time": "07:00"})
    check_private(result, deferred=True)
    # Set all the same (posting needs no history), with the permission named and why.
    assert result.embed["title"] == "Daily post set"
    assert await reminder_rows(club) == [(GUILD_A.id, TRAINING.id, 7 * 60, None, 1, 0)]
    assert result.embed["description"].splitlines()[-1] == (
        f"Tip: give the bot **Read Message History** in <#{TRAINING.id}> too. If a restart cuts a"
        " post off, it then looks in the channel before sending it again, instead of leaving"
        " that day's post unsure."
    )


async def test_reminder_set_with_its_own_time_zone(club: Harness) -> None:
    result = await club.invoke(
        "club reminder set",
        {"channel": TRAINING, "time": "6:30am", "timezone": "america/new_york"},
    )
    # 06:30 in New York (EDT since 8 March) is 10:30 UTC, still ahead today.
    assert discord_ts(datetime(2026, 3, 10, 10, 30, tzinfo=UTC)) in result.text
    assert await reminder_rows(club) == [
        (GUILD_A.id, TRAINING.id, 6 * 60 + 30, "America/New_York", 1, 0)
    ]


async def test_a_post_zone_of_its_own_is_never_called_the_clubs(club: Harness) -> None:
    """An admin who names the post's zone (the config's [club] timezone left as it was) sees
    members' replies call the config's zone the club's: the post and the session list must not
    call the other one the club's too, or a member reads two club zones."""
    await club.invoke(
        "club reminder set",
        {"channel": TRAINING, "time": "07:00", "timezone": "America/New_York"},
    )
    await club.invoke("club session add", {"day": "thursday", "time": "18:30", "type": "hills"})
    profile = await club.invoke("profile", user=BOB)
    assert "Europe/London (the club's)" in profile.text

    preview = await club.invoke("club preview")
    footer = preview.embed["footer"]["text"]
    assert footer.startswith("Post time zone: America/New_York. Times show in yours."), footer
    listed = await club.invoke("club session list")
    assert listed.embed["footer"]["text"] == (
        "Times are the daily post's (America/New_York), set by `/club reminder set`."
    )
    # The post itself: 07:00 in New York (EDT) is 11:00 UTC.
    sent_at = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)
    club.clock.set(sent_at)
    cog = club.bot.get_cog("DailyPost")
    assert isinstance(cog, DailyPost)
    async with club.capture() as cap:
        await cog.runner.tick(sent_at)
    [sent] = cap.to("POST", f"/channels/{TRAINING.id}/messages")
    assert sent.json["embeds"][0]["footer"]["text"].startswith("Post time zone: America/New_York.")

    # Back on the club's own zone, both say so.
    await club.invoke("club reminder set", {"channel": TRAINING, "time": "07:00"})
    preview = await club.invoke("club preview")
    assert preview.embed["footer"]["text"].startswith("Club time zone: Europe/London.")
    listed = await club.invoke("club session list")
    assert listed.embed["footer"]["text"] == "Times are the club's (Europe/London)."


async def test_setting_the_post_again_after_todays_says_why_it_starts_tomorrow(
    club: Harness,
) -> None:
    """An admin whose first post the channel refused gives the bot its permission back and
    sets the post again for later that day: a date gets one post, refused or not, so the
    first is tomorrow's, and the reply says why rather than leave them waiting for today's."""
    await club.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})
    club.fake.script("POST", f"/channels/{TRAINING.id}/messages", 403, times=1)
    cog = club.bot.get_cog("DailyPost")
    assert isinstance(cog, DailyPost)
    slot = T0 + timedelta(minutes=30)
    club.clock.set(slot)
    async with club.capture(expect_errors=True):
        await cog.runner.tick(slot)

    club.clock.set(T0 + timedelta(hours=1))
    again = await club.invoke("club reminder set", {"channel": TRAINING, "time": "11:00"})
    tomorrow = datetime(2026, 3, 11, 11, 0, tzinfo=UTC)
    assert f"First post: {discord_ts(tomorrow)}" in again.text
    assert (
        "Today's post failed (403 Missing Permissions) and is not sent again: a day gets one"
        " post, so the first at this time is tomorrow's."
    ) in again.text

    # Sent, the same: the new time starts tomorrow.
    slot = datetime(2026, 3, 11, 11, 0, tzinfo=UTC)
    club.clock.set(slot)
    async with club.capture():
        await cog.runner.tick(slot)
    club.clock.set(slot + timedelta(minutes=5))
    moved = await club.invoke("club reminder set", {"channel": TRAINING, "time": "18:00"})
    assert "Today's post went out already: a day gets one post" in moved.text
    # A time still ahead today says nothing of the kind.
    club.clock.set(datetime(2026, 3, 12, 8, 0, tzinfo=UTC))
    ahead = await club.invoke("club reminder set", {"channel": TRAINING, "time": "18:00"})
    assert "Today's post" not in ahead.text


async def test_a_channel_the_bot_cannot_post_in_is_refused_by_name(club: Harness) -> None:
    result = await club.invoke("club reminder set", {"channel": ANNOUNCEMENTS, "time": "07:00"})
    check_private(result, deferred=True)
    assert result.content == (
        f"I cannot post in <#{ANNOUNCEMENTS.id}>: I am missing the Send Messages permission"
        " there. Give the bot's role that permission in the channel settings, or pick another"
        " channel."
    )
    assert "View Channel" not in result.content and "Embed Links" not in result.content
    assert await reminder_rows(club) == []


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"time": "25:00"}, "`time`"),
        ({"time": "soon"}, "`time`"),
        ({"time": "07:00:30"}, "hours and minutes only"),
        ({"time": "07:00", "timezone": "Mars/Olympus"}, "`timezone`"),
    ],
)
async def test_bad_time_or_zone_is_explained(
    club: Harness, options: dict[str, str], expected: str
) -> None:
    result = await club.invoke("club reminder set", {"channel": TRAINING, **options})
    check_private(result, deferred=True)
    assert expected in result.content
    assert await reminder_rows(club) == []


async def test_reminder_off_and_status(club: Harness) -> None:
    off_first = await club.invoke("club reminder off")
    assert "was not on" in off_first.content
    await club.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})

    on = fields_of(await club.invoke("club status"))
    assert on["Status"] == "On"
    assert on["Channel"] == f"<#{TRAINING.id}>"
    assert on["Time"] == "09:30 Europe/London (the club's)"
    slot = T0 + timedelta(minutes=30)
    assert on["Next post"] == f"{discord_ts(slot)} ({discord_ts(slot, 'R')})"
    assert on["Last post"] == "none yet"

    off = await club.invoke("club reminder off")
    assert "is off" in off.content
    status = fields_of(await club.invoke("club status"))
    assert status["Status"].startswith("Off")
    assert status["Next post"] == "none"
    assert await reminder_rows(club) == [(GUILD_A.id, TRAINING.id, 570, None, 0, 0)]


async def test_status_before_any_setup(club: Harness) -> None:
    result = await club.invoke("club status")
    assert "Not set up yet" in result.embed["description"]
    assert result.embed["title"] == "Daily club post" and result.embed["color"] == 0x3498DB
    assert result.embed["description"] == "Not set up yet. `/club reminder set` turns it on."


async def test_status_and_off_in_their_own_words(club: Harness) -> None:
    """What an admin reads: the status's fields in order, short ones side by side."""
    off = await club.invoke("club reminder off")
    assert off.content == "The daily club post was not on; nothing changed."
    await club.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})
    status = await club.invoke("club status")
    slot = T0 + timedelta(minutes=30)
    assert status.embed["title"] == "Daily club post" and status.embed["color"] == 0x3498DB
    assert [(f["name"], f["value"], f.get("inline", False)) for f in status.embed["fields"]] == [
        ("Status", "On", False),
        ("Channel", f"<#{TRAINING.id}>", True),
        ("Time", "09:30 Europe/London (the club's)", True),
        ("Next post", f"{discord_ts(slot)} ({discord_ts(slot, 'R')})", True),
        ("Last post", "none yet", False),
        ("Failures", "None", False),
    ]
    off = await club.invoke("club reminder off")
    assert off.content == "The daily club post is off. `/club reminder set` turns it on again."


async def test_clubs_never_see_each_others_settings(club: Harness) -> None:
    await club.invoke("club reminder set", {"channel": TRAINING, "time": "07:00"})
    theirs = await club.invoke("club status", user=CAROL)
    assert "Not set up yet" in theirs.embed["description"]
    await club.invoke("club reminder off", user=CAROL)
    assert await reminder_rows(club) == [(GUILD_A.id, TRAINING.id, 420, None, 1, 0)]


# -- /club session -----------------------------------------------------------------------------


async def test_sessions_add_list_and_remove(club: Harness) -> None:
    added = await club.invoke(
        "club session add",
        {"day": "thursday", "time": "18:30", "type": "hills", "name": "Hill club"},
    )
    check_private(added, deferred=True)
    assert "Thu 18:30 hills · Hill club" in added.content
    await club.invoke("club session add", {"day": "monday", "time": "6:15", "type": "easy"})
    listed = await club.invoke("club session list")
    check_private(listed, deferred=True)
    events = {e["name"]: e["id"] for e in club.fake.events.in_guild(GUILD_A.id)}
    link = f"https://discord.com/events/{GUILD_A.id}"
    assert listed.embed["description"].splitlines() == [
        f"• Mon 06:15 easy, 60 minutes · [on the calendar]({link}/{events['Mon 06:15 easy']})"
        ", 0 interested",
        "• Thu 18:30 hills · Hill club, 60 minutes · [on the calendar]"
        f"({link}/{events['Thu 18:30 hills · Hill club']}), 0 interested",
    ]
    assert "Europe/London" in listed.embed["footer"]["text"]

    choices = (await club.autocomplete("club session remove", {"session": "hil"})).choices
    assert [c["name"] for c in choices] == ["Thu 18:30 hills · Hill club"]
    removed = await club.invoke("club session remove", {"session": choices[0]["value"]})
    assert "Removed" in removed.content and "Thu 18:30 hills" in removed.content
    assert await session_rows(club) == [(GUILD_A.id, 0, 375, "easy", None)]


async def test_a_duplicate_session_is_refused(club: Harness) -> None:
    options = {"day": "thursday", "time": "18:30", "type": "hills"}
    await club.invoke("club session add", options)
    again = await club.invoke("club session add", options)
    check_private(again, deferred=True)
    assert "already on the club's schedule" in again.content
    assert len(await session_rows(club)) == 1


@pytest.mark.parametrize("typed", ["999999", "abc", "-1", "1e3", "٣", "99999999999999999999999"])
async def test_removing_anything_but_an_own_session_is_not_found(club: Harness, typed: str) -> None:
    result = await club.invoke("club session remove", {"session": typed})
    check_private(result, deferred=True)
    assert "no such session in this club" in result.content


async def test_another_clubs_session_cannot_be_seen_or_removed(club: Harness) -> None:
    await club.invoke(
        "club session add", {"day": "friday", "time": "07:00", "type": "tempo"}, user=CAROL
    )
    [(guild_id, *_)] = await session_rows(club)
    assert guild_id == GUILD_B.id
    row = await club.store.db.one("SELECT id FROM club_sessions")
    assert row is not None
    foreign_id = str(row["id"])
    assert (await club.autocomplete("club session remove", {"session": ""})).choices == []
    result = await club.invoke("club session remove", {"session": foreign_id})
    assert "no such session in this club" in result.content
    assert len(await session_rows(club)) == 1
    assert "No weekly sessions yet" in (await club.invoke("club session list")).embed["description"]


# -- /club preview -----------------------------------------------------------------------------


async def test_preview_is_private_and_has_the_button(club: Harness) -> None:
    result = await club.invoke("club preview")
    check_private(result)
    assert result.embed["title"] == "Run club · Tuesday 10 March 2026"
    [row] = result.message["components"]
    [button] = row["components"]
    assert (button["custom_id"], button["label"]) == ("runclub:canirun:v1", "Can I run today?")


async def test_preview_names_recovering_members_without_pinging(club: Harness) -> None:
    legday = await club.invoke("legday", {"exercises": 4, "when": "2h ago"}, user=BOB)
    assert "HARD" in legday.embed["title"]
    result = await club.invoke("club preview")
    ready = T0 - timedelta(hours=2) + timedelta(hours=48)
    description = result.embed["description"]
    # Thursday's time on a Tuesday post: with its day (issue 18, point 6).
    assert f"<@{BOB.id}>: hard running OK {discord_ts(ready, 'F')} ({discord_ts(ready, 'R')})" in (
        description
    )
    assert "(1)" in description
    assert result.message["allowed_mentions"] == NO_PINGS
    assert not re.search(r"@everyone|@here|<@&", str(result.message))
