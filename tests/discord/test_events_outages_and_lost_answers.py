"""Restarts, crashes and scale with the club sessions' events in the timed work (found by an
independent review; each test failed before its fix)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import discord
import discord.http
import pytest

from bot.discord.cogs.daily_post import DailyPost
from tests.discord.harness import (
    ALICE,
    CAROL,
    DEFAULT_START,
    GUILD_A,
    GUILD_B,
    FakeClock,
    FakeGuild,
    Harness,
    RecordedRequest,
)
from tests.discord.test_heads_up_event_drift import (
    ADDED,
    FIRST_START,
    SECOND_HEADS_UP,
    SECOND_START,
    interested_into_the_bst_week,
)
from tests.discord.test_session_zone_change import EVENTS, fire, heads_ups_to_alice, iso

CONFIG = {"club": {"timezone": "Europe/London"}}


def discord_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The seconds discord.py's HTTP client sleeps between its own tries (a 5xx, a 429's
    retry-after), noted and not slept: time that passes for the bot, not for the test."""
    slept: list[float] = []

    async def sleep(seconds: float, result: Any = None) -> Any:
        slept.append(seconds)
        await asyncio.sleep(0)
        return result

    shim = SimpleNamespace(**{name: getattr(asyncio, name) for name in dir(asyncio)})
    shim.sleep = sleep
    monkeypatch.setattr(discord.http, "asyncio", shim)
    return slept


async def clubs_with_a_session(h: Harness, *guilds: FakeGuild) -> dict[int, str]:
    """Each guild's club posting at 09:30 with a Tuesday 18:30 hills session published: the
    path of each one's event, by guild id."""
    paths = {}
    for admin, guild in zip((ALICE, CAROL), guilds, strict=False):
        options = {"channel": guild.channel, "time": "09:30"}
        await h.invoke("club reminder set", options, user=admin, guild=guild)
        session = {"day": "tuesday", "time": "18:30", "type": "hills"}
        await h.invoke("club session add", session, user=admin, guild=guild)
        [event] = h.fake.events.in_guild(guild.id)
        paths[guild.id] = f"/guilds/{guild.id}/scheduled-events/{event['id']}"
    return paths


async def post_tick(h: Harness) -> list[RecordedRequest]:
    """The daily posts' tick at Tuesday 09:30, Discord's answers allowed to fail: the requests
    it made."""
    due = DEFAULT_START + timedelta(minutes=30)
    h.clock.set(due)
    posts = h.bot.get_cog("DailyPost")
    assert isinstance(posts, DailyPost)
    start = len(h.requests)
    async with h.capture(expect_errors=True):  # discord.py's own warnings of 429s
        await posts.runner.tick(due)
    return h.requests[start:]


@pytest.mark.parametrize(
    ("status", "body", "headers", "tries"),
    [
        (500, None, None, 1 + 3 + 5 + 7 + 9),
        (
            429,
            {"message": "You are being rate limited.", "retry_after": 30, "global": True},
            {"Via": "1.1 google", "X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"},
            5 * 30,
        ),
    ],
)
async def test_an_events_outage_holds_a_batch_of_posts_for_one_clubs_tries_only(
    make_harness: Callable[..., Harness],
    monkeypatch: pytest.MonkeyPatch,
    status: int,
    body: Any,
    headers: dict[str, str] | None,
    tries: int,
) -> None:
    # Tuesday: clubs A and B each have an 18:30 session with an event, both post at 09:30, and
    # Discord answers every event read with a 500 (the events endpoint down) or a global 429
    # asking to wait 30 s (the bot's limit on every request: another guild's would wait too).
    # discord.py tries each read five times, sleeping between tries (1, 3, 5, 7, 9 s for a
    # 500; the retry-after for a 429). Once one club's read is left unanswered, the
    # batch's other clubs are built without their events (every member counted): an outage
    # costs a batch one club's tries, not one per club (200 to a batch: 83 minutes for a 500).
    async with make_harness(config=CONFIG) as h:
        paths = await clubs_with_a_session(h, GUILD_A, GUILD_B)
        for path in paths.values():
            h.fake.script("GET", path, status, body, headers=headers, times=10)
        slept = discord_sleeps(monkeypatch)
        sent = await post_tick(h)
    event_reads = [r for r in sent if r.method == "GET" and "/scheduled-events/" in r.path]
    assert len(event_reads) == 5  # one club's five tries; the other club's event not read
    assert sum(slept) == tries
    for guild in (GUILD_A, GUILD_B):
        post = f"/channels/{guild.channel.id}/messages"
        assert [r.path for r in sent if r.method == "POST"].count(post) == 1


async def test_a_cancelled_occurrence_stays_cancelled_when_the_moves_answer_was_lost(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    # The admin cancelled the first BST Tuesday alone. The heads-up read before it moves the
    # event to 17:00 UTC; Discord makes the move (and, its rule moved, drops the admin's
    # cancellation) but the answer is lost on the way (a connection reset). The bot counts the
    # move as failed for now and returns before making the cancellation again; the re-read 5
    # minutes later finds the event moved and no cancellation left to keep. The README: the
    # bot makes each change still ahead again after its move, "a Tuesday cancelled for a
    # holiday stays cancelled"; a change Discord will not take is lost "and the bot's log
    # says so". Here it is lost unlogged, the calendar shows the session on, and Alice, who
    # is interested, gets a heads-up for a session that is off.
    clock.set(ADDED)
    async with make_harness(config=CONFIG) as h:
        event_id = await interested_into_the_bst_week(h, clock)
        by_the_rule = FIRST_START + timedelta(days=7)  # 31 March 18:00 UTC
        h.fake.events.change_occurrence_by_hand(event_id, by_the_rule, canceled=True)
        h.fake.lose_answer("PATCH", f"{EVENTS}/{event_id}", made=True)
        clock.set(SECOND_HEADS_UP)
        first = await fire(h)
        clock.set(SECOND_HEADS_UP + timedelta(minutes=5))
        again = await fire(h)
        [event] = h.fake.events.in_guild(GUILD_A.id)
    assert event["scheduled_start_time"] == iso(SECOND_START)  # moved
    cancelled = [
        discord.utils.snowflake_time(int(e["event_exception_id"]))
        for e in event["guild_scheduled_event_exceptions"]
        if e["is_canceled"]
    ]
    assert heads_ups_to_alice(first) + heads_ups_to_alice(again) == []
    assert cancelled == [SECOND_START]
