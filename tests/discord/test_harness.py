"""The harness itself: it must refuse what Discord refuses and carry what discord.py sends."""

from __future__ import annotations

import io
import logging
import re
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.discord.reply import send_reply
from bot.render.reply import Attachment, Reply
from tests.discord.harness import (
    APP_ID,
    BOB,
    GUILD_A,
    Harness,
    HarnessError,
)

# Nothing here depends on the storage backend: SQLite only keeps the suite quick.
pytestmark = pytest.mark.sqlite_only


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


@pytest.mark.parametrize(
    ("command", "options", "why"),
    [
        ("legday", {"exercises": 21}, "above max_value"),
        ("legday", {"exercises": -1}, "below min_value"),
        ("legday", {"exercises": "3"}, "not an integer"),
        ("legday", {"exercises": True}, "not an integer"),
        ("legday", {}, "required option"),
        ("legday", {"exercises": 3, "bogus": 1}, "no option"),
        ("legday", {"exercises": 3, "notes": "x" * 201}, "longer than 200"),
        ("legday", {"exercises": 3, "when": ""}, "shorter than 1"),
        ("legday", {"exercises": 3, "hard": "yes"}, "not a boolean"),
        ("run", {"type": "jog"}, "not one of the choices"),
        ("run", {"type": "easy", "distance": 0.05}, "below min_value"),
        ("canirun", {"type": "easy", "soreness": 11}, "above max_value"),
        ("nosuchcommand", {}, "no command"),
        ("canirun sub", {"type": "easy"}, "no subcommand"),
    ],
)
async def test_refuses_what_a_discord_client_never_sends(
    harness: Harness, command: str, options: dict[str, Any], why: str
) -> None:
    with pytest.raises(HarnessError, match=why):
        await harness.invoke(command, options)
    assert not [r for r in harness.requests if "/interactions/" in r.path]


async def test_autocomplete_needs_an_autocomplete_option(harness: Harness) -> None:
    with pytest.raises(HarnessError, match="has no autocomplete"):
        await harness.autocomplete("legday", {"exercises": 3}, focused="exercises")


async def test_options_carry_the_registered_types(harness: Harness) -> None:
    result = await harness.invoke(
        "run", {"type": "easy", "distance": 5, "minutes": 30, "notes": "nice"}
    )
    sent = {o["name"]: (o["type"], o["value"]) for o in result.payload["data"]["options"]}
    assert sent == {
        "type": (3, "easy"),
        "distance": (10, 5),
        "minutes": (4, 30),
        "notes": (3, "nice"),
    }
    assert result.payload["member"]["user"]["id"] == str(harness.alice.id)
    assert result.payload["guild_id"] == str(GUILD_A.id)


async def test_unexpected_log_records_fail_the_test(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("bot.actions.context.Context.advice_inputs", broken)
    with pytest.raises(HarnessError, match="unexpected warnings/errors"):
        await harness.invoke("canirun", {"type": "easy"})


async def test_a_reply_is_recorded_as_discord_receives_it(harness: Harness) -> None:
    result = await harness.invoke("canirun", {"type": "easy"})
    request = result.callback_request
    assert request is not None
    assert request.params == {"with_response": "1"}
    assert request.headers["Content-Type"] == "application/json"
    assert result.created_message is not None
    assert result.created_message["flags"] & 64
    assert result.created_message["embeds"] == result.embeds


async def test_guild_cache_and_permissions_resolve(harness: Harness) -> None:
    guild = harness.bot.get_guild(GUILD_A.id)
    assert guild is not None and guild.me is not None
    general = guild.get_channel(GUILD_A.channel.id)
    announcements = guild.get_channel(GUILD_A.channel_named("announcements").id)
    assert isinstance(general, discord.TextChannel)
    assert isinstance(announcements, discord.TextChannel)
    assert general.permissions_for(guild.me).send_messages
    assert general.permissions_for(guild.me).embed_links
    assert not announcements.permissions_for(guild.me).send_messages


async def test_channel_posts_with_files_are_parsed_from_the_multipart_body(
    harness: Harness,
) -> None:
    channel = harness.bot.get_channel(GUILD_A.channel.id)
    assert isinstance(channel, discord.TextChannel)
    async with harness.capture() as cap:
        sent = await channel.send(
            "hello @everyone",
            embed=discord.Embed(title="Chart").set_image(url="attachment://chart.png"),
            file=discord.File(io.BytesIO(PNG), filename="chart.png", description="a chart"),
        )
    (request,) = cap.to("POST", f"/channels/{channel.id}/messages")
    assert request.headers.get("Content-Type") is None  # aiohttp sets the multipart boundary
    assert request.json["content"] == "hello @everyone"
    assert request.json["allowed_mentions"] == {"parse": []}  # the client-wide default
    assert request.json["attachments"] == [
        {"id": 0, "filename": "chart.png", "description": "a chart"}
    ]
    (file,) = request.files
    assert (file.filename, file.data) == ("chart.png", PNG)
    assert sent.attachments[0].filename == "chart.png"
    assert sent.attachments[0].size == len(PNG)


async def test_scripted_and_permission_errors_reach_the_caller(harness: Harness) -> None:
    guild = harness.bot.get_guild(GUILD_A.id)
    assert guild is not None
    announcements = guild.get_channel(GUILD_A.channel_named("announcements").id)
    training = guild.get_channel(GUILD_A.channel_named("training").id)
    assert isinstance(announcements, discord.TextChannel)
    assert isinstance(training, discord.TextChannel)
    harness.fake.script("POST", f"/channels/{training.id}/messages", 403, times=1)
    async with harness.capture():
        with pytest.raises(discord.Forbidden) as denied:
            await announcements.send("hi")
        assert denied.value.code == 50013
        with pytest.raises(discord.Forbidden):
            await training.send("hi")
        await training.send("hi again")  # the script was used up
    assert [r.status for r in harness.requests[-3:]] == [403, 403, 200]


async def test_deferred_replies_followups_and_files(harness: Harness) -> None:
    @app_commands.command(name="chart", description="Test-only: a deferred reply with a file")
    async def chart(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        reply = Reply(
            title="Your week",
            files=(Attachment(filename="week.png", data=PNG, description="km per day"),),
        )
        await send_reply(interaction, reply)
        await interaction.followup.send("and one more", ephemeral=True)

    harness.bot.tree.add_command(chart)
    result = await harness.invoke("chart")

    assert result.callback_type == 5
    assert result.ephemeral
    assert len(result.followups) == 2
    first = result.message
    assert first["embeds"][0]["image"]["url"] == "attachment://week.png"
    assert [(f.filename, f.data) for f in result.files] == [("week.png", PNG)]
    assert result.followups[1]["content"] == "and one more"
    assert all(r.path == f"/webhooks/{APP_ID}/{result.token}" for r in result.followup_requests)


async def test_subcommand_groups_nest_as_discord_sends_them(harness: Harness) -> None:
    seen: dict[str, Any] = {}
    club = app_commands.Group(name="club", description="Test-only group")
    reminder = app_commands.Group(name="reminder", description="Test-only subgroup", parent=club)

    @reminder.command(name="set", description="Test-only subcommand")
    @app_commands.describe(hour="Hour of the day")
    async def set_(
        interaction: discord.Interaction[Any], hour: app_commands.Range[int, 0, 23]
    ) -> None:
        seen["hour"] = hour
        await interaction.response.send_message("ok", ephemeral=True)

    # override: the real bot has a /club group of its own.
    harness.bot.tree.add_command(club, override=True)
    with pytest.raises(HarnessError, match="above max_value"):
        await harness.invoke("club reminder set", {"hour": 24})
    with pytest.raises(HarnessError, match="needs a subcommand"):
        await harness.invoke("club reminder", {})

    result = await harness.invoke("club reminder set", {"hour": 7})

    assert seen == {"hour": 7}
    (group,) = result.payload["data"]["options"]
    assert (group["name"], group["type"]) == ("reminder", 2)
    (sub,) = group["options"]
    assert (sub["name"], sub["type"]) == ("set", 1)
    assert sub["options"] == [{"name": "hour", "type": 4, "value": 7}]


async def test_persistent_buttons_can_be_clicked(harness: Harness) -> None:
    clicks: list[int] = []

    class Join(discord.ui.View):
        def __init__(self) -> None:
            super().__init__(timeout=None)

        @discord.ui.button(label="Join", custom_id="test:join")
        async def join(
            self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]
        ) -> None:
            clicks.append(interaction.user.id)
            await interaction.response.send_message("joined", ephemeral=True)

    harness.bot.add_view(Join())
    channel = harness.bot.get_channel(GUILD_A.channel.id)
    assert isinstance(channel, discord.TextChannel)
    async with harness.capture() as cap:
        await channel.send("Sunday long run", view=Join())
    message = cap.requests[0].response
    assert message["components"][0]["components"][0]["custom_id"] == "test:join"

    result = await harness.click(message, "test:join", user=BOB)

    assert clicks == [BOB.id]
    assert result.content == "joined"
    assert result.payload["type"] == 3


async def test_ready_dispatches_on_ready(harness: Harness) -> None:
    await harness.ready()
    assert harness.bot.is_ready()
    assert {g.id for g in harness.bot.guilds} == {GUILD_A.id, harness.guild_b.id}


async def test_unknown_routes_are_reported(harness: Harness) -> None:
    async with harness.capture():
        with pytest.raises(discord.NotFound):
            await harness.bot.fetch_guild(GUILD_A.id)
    assert harness.fake.unhandled
    harness.fake.unhandled.clear()  # otherwise teardown fails this test


async def test_warning_logs_are_returned_when_expected(harness: Harness) -> None:
    async with harness.capture(expect_errors=True) as cap:
        logging.getLogger("bot.test").warning("heads up")
    assert [r.getMessage() for r in cap.logs] == ["heads up"]
    assert re.search("WARNING bot.test: heads up", cap.log_text())


async def test_a_message_read_back_from_history_carries_no_nonce(harness: Harness) -> None:
    """As Discord: the nonce comes back with the message's creation only, so a look for a
    message a crash cut off must tell it by what it shows."""
    channel = await harness.bot.create_dm(discord.Object(BOB.id))
    sent = await channel.send("hello", nonce="attempt-1")
    assert sent.nonce == "attempt-1"
    read = [m async for m in channel.history(limit=10, after=discord.Object(1))]
    assert [(m.id, m.content, m.nonce) for m in read] == [(sent.id, "hello", None)]
