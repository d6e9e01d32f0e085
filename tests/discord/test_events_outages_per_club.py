"""The daily post with sessions' events when Discord fails one club's reads: what that club,
and the batch's other clubs, go without (found by an independent review; each test failed
before its fix)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.discord.harness import ALICE, DEFAULT_START, GUILD_A, GUILD_B, Harness, discord_ts
from tests.discord.test_events_outages_and_lost_answers import (
    CONFIG,
    clubs_with_a_session,
    discord_sleeps,
    post_tick,
)


@pytest.mark.parametrize(
    ("status", "body", "headers", "tries"),
    [
        (500, None, None, 1 + 3 + 5 + 7 + 9),
        # The route's own limit for this guild: each of the club's reads would wait the same.
        (
            429,
            {"message": "You are being rate limited.", "retry_after": 30, "global": False},
            {"Via": "1.1 google"},
            5 * 30,
        ),
    ],
)
async def test_an_events_outage_holds_a_clubs_post_for_one_reads_tries_not_one_per_session(
    make_harness: Callable[..., Harness],
    monkeypatch: pytest.MonkeyPatch,
    status: int,
    body: Any,
    headers: dict[str, str] | None,
    tries: int,
) -> None:
    # Tuesday: club A has three sessions with events (07:00, 12:00, 18:30) and posts at 09:30;
    # Discord answers every event read with a 500. discord.py tries each read five times
    # (1 + 3 + 5 + 7 + 9 s). Once one read is left unanswered the batch's other clubs go
    # without their events (README: "rather than each waiting the same"), but the club's own
    # further sessions are each read again, five tries each: 75 s for three sessions, up to
    # 25 x 25 s (MAX_SESSIONS on one day) before any post of the batch goes out.
    async with make_harness(config=CONFIG) as h:
        options = {"channel": GUILD_A.channel, "time": "09:30"}
        await h.invoke("club reminder set", options, user=ALICE, guild=GUILD_A)
        for clock in ("07:00", "12:00", "18:30"):
            session = {"day": "tuesday", "time": clock, "type": "hills"}
            await h.invoke("club session add", session, user=ALICE, guild=GUILD_A)
        for event in h.fake.events.in_guild(GUILD_A.id):
            path = f"/guilds/{GUILD_A.id}/scheduled-events/{event['id']}"
            h.fake.script("GET", path, status, body, headers=headers, times=10)
        slept = discord_sleeps(monkeypatch)
        sent = await post_tick(h)
    event_reads = [r for r in sent if r.method == "GET" and "/scheduled-events/" in r.path]
    assert len(event_reads) == 5  # one read's five tries, not five per session
    assert sum(slept) == tries
    post = f"/channels/{GUILD_A.channel.id}/messages"
    assert [r.path for r in sent if r.method == "POST"].count(post) == 1


async def test_one_lost_answer_costs_the_batchs_other_clubs_only_what_it_cost(
    make_harness: Callable[..., Harness],
) -> None:
    # Tuesday 10 March (GMT): clubs A and B each have an 18:30 session with an event and post
    # at 09:30; club B's admin cancelled today's occurrence in Discord. Club A's event read
    # ends with no answer, a connection reset: discord.py does not retry it, so it failed at
    # once, with no waiting to spare the batch. The batch's other clubs still go without their
    # events (README: "discord.py has tried it five times by then: 25 s for a 5xx"), so club
    # B's post lists and judges the session its admin cancelled: one lost answer, not an
    # outage, costs every later club of the batch its calendar.
    today = DEFAULT_START.replace(hour=18, minute=30)
    async with make_harness(config=CONFIG) as h:
        paths = await clubs_with_a_session(h, GUILD_A, GUILD_B)
        [b_event] = h.fake.events.in_guild(GUILD_B.id)
        h.fake.events.change_occurrence_by_hand(int(b_event["id"]), today, canceled=True)
        path = paths[GUILD_A.id]
        h.fake.lose_answer("GET", path, made=True)
        sent = await post_tick(h)
    reads = [r.path for r in sent if r.method == "GET" and "/scheduled-events/" in r.path]
    assert reads[0] == path  # club A's read came first in the batch
    [b_post] = [
        r.json
        for r in sent
        if r.method == "POST" and r.path == f"/channels/{GUILD_B.channel.id}/messages"
    ]
    description = b_post["embeds"][0]["description"]
    assert discord_ts(today, "t") not in description, description


async def test_the_list_says_why_a_session_discord_refused_is_off_the_calendar(
    harness: Harness,
) -> None:
    # Discord answers the event's create with a 400 (REFUSED): the add's reply says "Discord
    # refused its event". /club session list then says the session is "not on the calendar
    # (the bot needed Manage Events, or Discord was down)": neither is why.
    harness.fake.script(
        "POST",
        f"/guilds/{GUILD_A.id}/scheduled-events",
        400,
        {"message": "Invalid Form Body", "code": 50035},
    )
    options = {"day": "tuesday", "time": "18:30", "type": "hills"}
    added = await harness.invoke("club session add", options, expect_errors=True)
    assert "Discord refused its event" in added.text
    listed = await harness.invoke("club session list")
    assert "not on the calendar" in listed.text
    assert "refused" in listed.text, listed.text


async def test_one_clubs_rate_limit_leaves_the_other_clubs_of_the_batch_their_events(
    make_harness: Callable[..., Harness], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As above, but club A's event read is answered with a 429 that is not global (30 s, five
    # times): Discord's rate limit of that route for club A's guild (guild_id is a major
    # parameter: every guild's events route has its own bucket). Club B's read would not wait
    # at all, yet the batch's other clubs go without their events ("rather than each waiting
    # the same"), so club B's post lists and judges the session its admin cancelled.
    today = DEFAULT_START.replace(hour=18, minute=30)
    limited = {"message": "You are being rate limited.", "retry_after": 30, "global": False}
    async with make_harness(config=CONFIG) as h:
        paths = await clubs_with_a_session(h, GUILD_A, GUILD_B)
        [b_event] = h.fake.events.in_guild(GUILD_B.id)
        h.fake.events.change_occurrence_by_hand(int(b_event["id"]), today, canceled=True)
        path = paths[GUILD_A.id]
        h.fake.script("GET", path, 429, limited, headers={"Via": "1.1 google"}, times=10)
        discord_sleeps(monkeypatch)
        sent = await post_tick(h)
    reads = [r.path for r in sent if r.method == "GET" and "/scheduled-events/" in r.path]
    assert reads[0] == path  # club A's read came first in the batch
    [b_post] = [
        r.json
        for r in sent
        if r.method == "POST" and r.path == f"/channels/{GUILD_B.channel.id}/messages"
    ]
    description = b_post["embeds"][0]["description"]
    assert discord_ts(today, "t") not in description, description
