"""Losing the database while the bot runs: members get a short private answer instead of
"failed on our side", the log gets one warning line per failure (no traceback), and the daily
post is neither lost nor doubled: an outage before its claim is tried again on a later tick;
one after the send never sends it twice.

Each test runs a PostgreSQL server of its own (`own_postgres`) and stops it mid-run.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.actions.post_send import Outcome
from bot.core.schedule import PostStatus
from bot.core.shards import ShardSet, shard_of
from bot.discord.cogs.daily_post import CANIRUN_CUSTOM_ID, DailyPost
from bot.discord.tree import FAILED_MESSAGE, UNAVAILABLE_MESSAGE
from tests.discord.harness import BOB, DEFAULT_START, GUILD_A, Capture, FakeClock, Harness
from tests.discord.test_buttons import checkin_dm
from tests.discord.test_reminders import button_ids
from tests.postgres_server import PostgresServer

SLOT = DEFAULT_START + timedelta(minutes=30)
TRAINING = GUILD_A.channel_named("training")
CONFIG = {"club": {"timezone": "Europe/London"}}


@pytest.fixture
async def club(own_postgres: PostgresServer, tmp_path: Path) -> AsyncIterator[Harness]:
    url = own_postgres.fresh_database()
    async with Harness(tmp_path, clock=FakeClock(), database_url=url, config=CONFIG) as h:
        await h.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})
        yield h


def daily_post(h: Harness) -> DailyPost:
    cog = h.bot.get_cog("DailyPost")
    assert isinstance(cog, DailyPost)
    return cog


def posts(cap: Capture) -> list[Any]:
    return cap.to("POST", f"/channels/{TRAINING.id}/messages")


def one_line_warnings(cap: Capture) -> None:
    assert cap.logs, "the outage was not logged"
    for record in cap.logs:
        assert record.levelno == logging.WARNING, record.getMessage()
        assert record.exc_info is None, "an outage is logged without a traceback"
    assert "couldn't reach the database" in cap.log_text()


async def test_commands_buttons_and_typing_during_an_outage(
    club: Harness, own_postgres: PostgresServer
) -> None:
    club.clock.set(SLOT)
    async with club.capture() as cap:
        await daily_post(club).run(SLOT)
    message = posts(cap)[0].response

    own_postgres.stop("fast")
    try:
        command = await club.invoke("canirun", {"type": "tempo"}, expect_errors=True)
        assert command.ephemeral
        assert UNAVAILABLE_MESSAGE in command.text and FAILED_MESSAGE not in command.text
        one_line_warnings(command)

        button = await club.click(message, CANIRUN_CUSTOM_ID, user=BOB, expect_errors=True)
        assert button.ephemeral and UNAVAILABLE_MESSAGE in button.text
        one_line_warnings(button)

        typed = await club.autocomplete(
            "delete", {"entry": "R"}, focused="entry", expect_errors=True
        )
        assert typed.choices == []  # answered at once, with nothing to pick
        one_line_warnings(typed)
    finally:
        own_postgres.start()

    # The same bot, not restarted: the pool reconnects by itself.
    again = await club.invoke("canirun", {"type": "tempo"})
    assert again.embed["title"].startswith("GO")


async def test_a_dm_button_of_a_club_another_process_serves_during_an_outage(
    club: Harness, own_postgres: PostgresServer
) -> None:
    # Sharded over processes, Discord sends every DM to shard 0, whose process asks the
    # database whether the club's own process recorded the bot's removal before it takes a
    # press. An outage then left the press unanswered and logged a traceback, where every
    # other button says the database is away.
    checkin = await checkin_dm(club)
    others = ShardSet.of(2, [1 - shard_of(GUILD_A.id, 2)])
    club.bot._services = dataclasses.replace(club.bot.services, shards=others)
    guild = club.bot.get_guild(GUILD_A.id)
    assert guild is not None
    club.bot._connection._remove_guild(guild)

    own_postgres.stop("fast")
    try:
        pressed = await club.click_dm(checkin, button_ids(checkin)["5"], expect_errors=True)
        assert pressed.ephemeral and UNAVAILABLE_MESSAGE in pressed.text
        one_line_warnings(pressed)
    finally:
        own_postgres.start()

    answered = await club.click_dm(checkin, button_ids(checkin)["5"])
    assert "soreness 5" in answered.content, answered.content


async def test_an_outage_at_the_post_time_posts_on_a_later_tick(
    club: Harness, own_postgres: PostgresServer
) -> None:
    own_postgres.stop("fast")
    try:
        club.clock.set(SLOT)
        async with club.capture(expect_errors=True) as down:
            await daily_post(club).run(SLOT)  # the job's body: never raises
        assert posts(down) == []
        one_line_warnings(down)
    finally:
        own_postgres.start()

    later = SLOT + timedelta(seconds=30)
    club.clock.set(later)
    async with club.capture() as back:
        outcomes = await daily_post(club).runner.tick(later)
    assert outcomes == {GUILD_A.id: Outcome.SENT}
    assert len(posts(back)) == 1
    async with club.capture() as after:
        await daily_post(club).runner.tick(later + timedelta(minutes=20))
    assert posts(after) == []


async def test_an_outage_just_before_the_claim_loses_nothing(
    club: Harness, own_postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = club.store.posts
    real_claim = repository.claim_many

    async def claim_after_the_server_died(*args: Any, **kwargs: Any) -> dict[int, int]:
        own_postgres.stop("fast")  # the database goes away right as the claim is written
        return await real_claim(*args, **kwargs)

    monkeypatch.setattr(repository, "claim_many", claim_after_the_server_died)
    try:
        club.clock.set(SLOT)
        async with club.capture(expect_errors=True) as down:
            outcomes = await daily_post(club).runner.tick(SLOT)
        assert outcomes == {GUILD_A.id: Outcome.ERROR}
        assert posts(down) == []
        one_line_warnings(down)
    finally:
        monkeypatch.undo()
        own_postgres.start()

    later = SLOT + timedelta(minutes=1)
    club.clock.set(later)
    async with club.capture() as back:
        assert await daily_post(club).runner.tick(later) == {GUILD_A.id: Outcome.SENT}
    assert len(posts(back)) == 1
    record = await club.store.posts.latest(GUILD_A.id)
    assert record is not None and record.status is PostStatus.SENT


@pytest.mark.parametrize("back_after", [1, 3], ids=["back-within-2-minutes", "back-later"])
async def test_an_outage_right_after_the_send_never_sends_twice(
    club: Harness, own_postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch, back_after: int
) -> None:
    reminders = daily_post(club).runner
    sender = reminders._sender

    class DiesAfterSending:
        async def send(self, guild_id: int, channel_id: int, reply: Any, *, nonce: str) -> int:
            message_id = await sender.send(guild_id, channel_id, reply, nonce=nonce)
            own_postgres.stop("fast")  # Discord has the post; its record cannot be written
            return message_id

    monkeypatch.setattr(reminders, "_sender", DiesAfterSending())
    try:
        club.clock.set(SLOT)
        async with club.capture(expect_errors=True) as down:
            await reminders.tick(SLOT)
        [first] = posts(down)
        one_line_warnings(down)
    finally:
        monkeypatch.undo()
        own_postgres.start()

    # The committed claim survived the (clean) shutdown. Back within 2 minutes, the post is
    # sent again with its nonce and Discord answers with the post it has; later, it may have
    # forgotten the nonce, so the bot reads the channel since the claim, finds the post there
    # and records it.
    for minutes in (back_after, 11, 60):
        later = SLOT + timedelta(minutes=minutes)
        club.clock.set(later)
        async with club.capture(expect_errors=True) as back:
            await reminders.tick(later)
        looks = back.to("GET", f"/channels/{TRAINING.id}/messages")
        if minutes == 1:
            [again] = posts(back)
            assert again.json["nonce"] == first.json["nonce"] and again.json["enforce_nonce"]
            assert again.response["id"] == first.response["id"]  # the same message
            assert looks == []
        else:
            assert posts(back) == []
            if minutes == back_after:
                [look] = looks
                assert [m["id"] for m in look.response] == [first.response["id"]]
            else:
                assert looks == []
    in_channel = [m for m in club.fake.messages.values() if m["channel_id"] == str(TRAINING.id)]
    assert len(in_channel) == 1
    record = await club.store.posts.latest(GUILD_A.id)
    assert record is not None
    assert record.status is PostStatus.SENT
    assert record.message_id == int(first.response["id"])


async def test_an_outage_right_after_the_claim_still_sends_that_days_post(
    club: Harness, own_postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Everything the post says is read before the claim, so a claim that is committed is
    # always followed by the send: it never stands for a post that did not go out.
    repository = club.store.posts
    real_claim = repository.claim_many

    async def server_dies_after_the_claim(*args: Any, **kwargs: Any) -> dict[int, int]:
        attempts = await real_claim(*args, **kwargs)
        own_postgres.stop("fast")
        return attempts

    monkeypatch.setattr(repository, "claim_many", server_dies_after_the_claim)
    try:
        club.clock.set(SLOT)
        async with club.capture(expect_errors=True) as down:
            await daily_post(club).runner.tick(SLOT)
        assert len(posts(down)) == 1
    finally:
        monkeypatch.undo()
        own_postgres.start()
    later = SLOT + timedelta(minutes=30)
    club.clock.set(later)
    async with club.capture(expect_errors=True) as back:
        await daily_post(club).runner.tick(later)
    assert posts(back) == []
    record = await club.store.posts.latest(GUILD_A.id)
    assert record is not None and record.status is PostStatus.SENT
