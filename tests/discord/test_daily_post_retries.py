"""A daily post whose earlier attempt may have made it (a send cut off, or answered with an
error): once Discord may have forgotten the nonce, the channel that attempt went to is read from
when the earliest such attempt began, through whatever comes between (reads that fail for now,
a retry's claim cut off during its read, a second process, an admin moving the post or deleting
its channel); within the nonce's memory, the attempt goes to that same channel."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.actions.daily_post import DailyPostRunner
from bot.actions.post_send import Outcome, PostSender
from bot.core.models import TipId
from bot.core.schedule import PostStatus, Slot
from bot.render.reply import Reply
from tests.discord.harness import BOT_USER, GUILD_A, Harness, discord_ts
from tests.discord.test_daily_post import (
    GENERAL,
    SLOT,
    TRAINING,
    club,
    daily_post,
    history_reads,
    posts_to,
    tick,
    tick_cut_off_after_discord,
)

__all__ = ["club"]  # the fixture, used by name


def bot_posts(h: Harness, channel_id: int) -> list[dict[str, Any]]:
    """The bot's messages in the channel, as Discord holds them."""
    return [
        m
        for m in h.fake.messages.values()
        if m["channel_id"] == str(channel_id) and m["author"]["id"] == str(BOT_USER.id)
    ]


async def first_attempt_made_answer_lost(club: Harness) -> None:
    """The slot's first attempt: Discord makes the post, and its answer is lost (a retry)."""
    club.fake.lose_answer("POST", f"/channels/{TRAINING.id}/messages", made=True)
    outcomes, _ = await tick(club, SLOT, expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.RETRY}


async def test_a_retry_whose_look_failed_twice_still_finds_the_post_the_first_attempt_made(
    club: Harness,
) -> None:
    await first_attempt_made_answer_lost(club)
    # Discord's reads fail for now twice (an outage that the post's 5xx was part of). The
    # retries come past the nonce's 2 minutes from the first attempt (the process was busy).
    club.fake.script("GET", f"/channels/{TRAINING.id}/messages", 503, {"message": "down"}, times=2)
    outcomes, _ = await tick(club, SLOT + timedelta(minutes=2), expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.RETRY}
    outcomes, _ = await tick(club, SLOT + timedelta(minutes=4), expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.RETRY}
    record = await club.store.posts.get(GUILD_A.id, SLOT.date())
    assert record is not None and record.retry_at == SLOT + timedelta(minutes=8)
    # Reads work again: the post the first attempt made is still the day's post.
    outcomes, back = await tick(club, SLOT + timedelta(minutes=8), expect_errors=True)
    assert len(history_reads(back)) == 1
    assert posts_to(back, TRAINING.id) == []
    assert len(bot_posts(club, TRAINING.id)) == 1
    assert outcomes == {GUILD_A.id: Outcome.FOUND}


async def test_a_retry_claim_cut_off_during_its_look_is_not_sent_blind_after_a_restart(
    club: Harness,
) -> None:
    await first_attempt_made_answer_lost(club)
    # The retry, 5 minutes on (Discord has forgotten the first attempt's nonce): the process
    # claims the date as the runner does (retry -> sending) and dies during the channel read.
    retry_at = SLOT + timedelta(minutes=5)
    slot = Slot(local_date=SLOT.date(), at=SLOT)
    assert await club.store.posts.claim(
        GUILD_A.id, slot, channel_id=TRAINING.id, tip_id=TipId.CARBS, now=retry_at
    )
    # The restart, 30 s later.
    outcomes, back = await tick(club, retry_at + timedelta(seconds=30), expect_errors=True)
    assert posts_to(back, TRAINING.id) == [], f"sent blind: {outcomes}"
    assert len(bot_posts(club, TRAINING.id)) == 1


class BlockedLook:
    """The bot's sender, whose channel read waits until the test lets it answer."""

    def __init__(self, sender: PostSender) -> None:
        self._sender = sender
        self.reading = asyncio.Event()
        self.answer = asyncio.Event()

    async def send(self, guild_id: int, channel_id: int, reply: Reply, *, nonce: str) -> int:
        return await self._sender.send(guild_id, channel_id, reply, nonce=nonce)

    async def find(
        self, guild_id: int, channel_id: int, reply: Reply, *, after: datetime
    ) -> int | None:
        self.reading.set()
        await self.answer.wait()
        return await self._sender.find(guild_id, channel_id, reply, after=after)


async def test_two_processes_a_retry_looked_for_by_one_is_not_sent_blind_by_the_other(
    club: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await first_attempt_made_answer_lost(club)
    first = daily_post(club).runner
    # A second process on the same database, with its own runner (same settings, Discord).
    second = DailyPostRunner(club.store, first._settings, first._sender)
    blocked = BlockedLook(first._sender)
    monkeypatch.setattr(first, "_sender", blocked)
    retry_at = SLOT + timedelta(minutes=5)  # Discord has forgotten the first nonce
    club.clock.set(retry_at)
    async with club.capture(expect_errors=True) as cap:
        run = await first.start(retry_at)
        await blocked.reading.wait()  # the first process claimed the retry and reads
        # The second process woke at the same retry time; the first claim won, so its
        # scheduler sees a 'sending' claim it does not hold, due now, and ticks again.
        assert await second.next_due(retry_at) == retry_at
        other = await second.tick(retry_at)
        blocked.answer.set()
        mine = await run.finish()
    assert (mine, other) != ({}, {})
    assert posts_to(cap, TRAINING.id) == [], f"{mine=} {other=}"
    assert len(bot_posts(club, TRAINING.id)) == 1


async def test_a_retry_found_in_the_channel_it_went_to_records_that_channel(
    club: Harness,
) -> None:
    await first_attempt_made_answer_lost(club)
    [made] = bot_posts(club, TRAINING.id)
    # Before the retry, an admin moves the post to #general.
    await club.invoke("club reminder set", {"channel": GENERAL, "time": "09:30"})
    outcomes, back = await tick(club, SLOT + timedelta(minutes=2), expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.FOUND}  # looked for in #training, where it went
    assert posts_to(back, GENERAL.id) == []
    record = await club.store.posts.get(GUILD_A.id, SLOT.date())
    assert record is not None and record.status is PostStatus.SENT
    assert record.message_id == int(made["id"])
    # The message is in #training: the record, and /club status's link, must say so.
    assert record.channel_id == TRAINING.id
    status = await club.invoke("club status")
    assert f"https://discord.com/channels/{GUILD_A.id}/{TRAINING.id}/{made['id']}" in status.text


async def test_a_post_moved_after_a_cut_off_send_is_not_posted_again_by_a_quick_restart(
    club: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The slot's send reaches Discord (the post is in #training) and is cut off before its
    # answer is recorded; an admin moves the post to #general; the bot is back within the
    # 2 minutes in which Discord dedups the nonce (in #training: a nonce is a channel's).
    [made] = posts_to(await tick_cut_off_after_discord(club, monkeypatch, SLOT), TRAINING.id)
    await club.invoke("club reminder set", {"channel": GENERAL, "time": "09:30"})
    outcomes, back = await tick(club, SLOT + timedelta(minutes=1), expect_errors=True)
    assert posts_to(back, GENERAL.id) == [], f"posted in both channels: {outcomes}"
    assert [m["embeds"] for m in bot_posts(club, TRAINING.id)] == [made["embeds"]]
    # Only the admin's command's reply (type 20) is the bot's in #general: no post (type 0).
    assert [m for m in bot_posts(club, GENERAL.id) if m["type"] == 0] == []


async def test_a_cut_off_post_whose_channel_was_deleted_since_goes_to_the_new_channel(
    club: Harness,
) -> None:
    # The cut-off send went to a channel an admin has deleted since (with its messages), and
    # the admin set #general for the post: nothing can be there twice, so the day's post is
    # owed and goes to #general.
    gone = 911_000_000_000_000_999
    slot = Slot(local_date=SLOT.date(), at=SLOT)
    await club.store.posts.claim(GUILD_A.id, slot, channel_id=gone, tip_id=TipId.CARBS, now=SLOT)
    await club.invoke("club reminder set", {"channel": GENERAL, "time": "09:30"})
    outcomes, back = await tick(club, SLOT + timedelta(minutes=5), expect_errors=True)
    assert len(posts_to(back, GENERAL.id)) == 1, f"no post that day: {outcomes}"


def status_field(result_embed: dict[str, object], name: str) -> str:
    fields = result_embed["fields"]
    assert isinstance(fields, list)
    [value] = [f["value"] for f in fields if f["name"] == name]
    return str(value)


async def test_club_status_promises_no_retry_after_the_days_retries_end(
    make_harness: Callable[..., Harness],
) -> None:
    # A 21:00 post on a night Discord cannot be reached: tried at 21:00, then after 1, 2, 4, 8
    # and 16 minutes, then every 30 minutes "until the club's day ends" (README), which with
    # the default catch_up_hours (3) is midnight. The try at 23:31 fails too; a next one at
    # 00:01 would be after the day's retries end, so none comes.
    async with make_harness(config={"club": {"timezone": "Europe/London"}}) as h:
        await h.invoke("club reminder set", {"channel": TRAINING, "time": "21:00"})
        slot = datetime(2026, 3, 10, 21, 0, tzinfo=UTC)
        tries = [slot]
        for minutes in (1, 2, 4, 8, 16, 30, 30, 30, 30):
            tries.append(tries[-1] + timedelta(minutes=minutes))
        assert tries[-1] == datetime(2026, 3, 10, 23, 31, tzinfo=UTC)
        for at in tries:
            h.fake.lose_answer("POST", f"/channels/{TRAINING.id}/messages", made=False)
            outcomes, _ = await tick(h, at, expect_errors=True)
            assert outcomes == {GUILD_A.id: Outcome.RETRY}

        never = datetime(2026, 3, 11, 0, 1, tzinfo=UTC)
        h.clock.set(datetime(2026, 3, 10, 23, 40, tzinfo=UTC))
        status = await h.invoke("club status")
        # The admin is told of no retry at 00:01 (none will come): the next post is
        # tomorrow's, at 21:00.
        assert discord_ts(never, "R") not in status.text
        assert status_field(status.embed, "Next post").startswith(
            discord_ts(datetime(2026, 3, 11, 21, 0, tzinfo=UTC))
        )

        # And indeed, at 00:01 nothing is tried.
        _, cap = await tick(h, never, expect_errors=True)
        assert posts_to(cap, TRAINING.id) == []
