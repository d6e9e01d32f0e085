"""Heads-ups a crash cut off (claimed, never recorded), end to end: the next read of the
interested list looks in the member's DMs, records one found, sends one missing once, lets go of
one no longer wanted; a send that failed for now is looked for the same way; another club's or
another session's heads-up is never taken for it; and a claim another process took over is
theirs. Same harness, instants and helpers as tests/discord/test_heads_up.py (whose module
docstring works the instants out by hand)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from bot.actions.heads_up import HeadsUpReader
from bot.core.models import Verdict
from bot.core.resend import heads_up_nonce
from bot.core.session_events import HeadsUpKey
from bot.discord.cogs.reminders import DiscordDmSender, Reminders
from bot.discord.scheduled_events import DiscordCalendar
from tests.discord.harness import ALICE, CAROL, GUILD_A, GUILD_B, FakeClock, Harness, discord_ts
from tests.discord.harness.payloads import dm_channel_id
from tests.discord.test_heads_up import (
    HEADS_UP,
    HILLS,
    LEG_DAY,
    LONDON,
    START,
    M,
    add_session,
    dms_to,
    fire,
    hard_leg_day,
    user_reads,
)

S = timedelta(seconds=1)
ALICE_DMS = f"/channels/{dm_channel_id(ALICE.id)}/messages"


# -- a crash between a heads-up's claim and its record ------------------------------------------


async def crash_mid_heads_up(
    make_harness: Callable[..., Harness], clock: FakeClock, *, reached_discord: bool
) -> Harness:
    """A process that claimed Alice's heads-up (committed) at the heads-up time and died before
    recording it: after Discord made the DM, or before. Returns that process's harness (closed);
    its fake Discord, events included, is the one the restarted process talks to."""
    async with make_harness(config=LONDON) as crashed:
        event_id = await add_session(crashed, HILLS)
        await hard_leg_day(crashed, clock, ALICE)
        crashed.fake.events.mark_interested(event_id, ALICE.id)
        clock.set(HEADS_UP)
        if reached_discord:
            assert len(dms_to(await fire(crashed))[ALICE.id]) == 1
            # What the crash left: the claim, never recorded as sent.
            assert await crashed.store.db.run("UPDATE heads_ups SET state = 'sending'") == 1
        else:
            key = HeadsUpKey(GUILD_A.id, 1, START, ALICE.id)
            assert await crashed.store.heads_ups.claim(key, Verdict.WAIT, now=HEADS_UP)
    return crashed


async def heads_up_rows(h: Harness) -> list[tuple[str, str, datetime]]:
    rows = await h.store.db.all("SELECT state, verdict, created_at FROM heads_ups")
    return [(r["state"], r["verdict"], moment_of(r["created_at"])) for r in rows]


def moment_of(value: int | datetime) -> datetime:
    """A stored moment: epoch seconds on SQLite, timestamptz on PostgreSQL."""
    return value if isinstance(value, datetime) else datetime.fromtimestamp(value, UTC)


@pytest.mark.parametrize("reached_discord", [True, False], ids=["reached", "lost"])
async def test_a_heads_up_cut_off_by_a_crash_is_looked_for_at_the_next_read_and_sent_once(
    make_harness: Callable[..., Harness], clock: FakeClock, reached_discord: bool
) -> None:
    crashed = await crash_mid_heads_up(make_harness, clock, reached_discord=reached_discord)
    clock.set(HEADS_UP + 5 * M)  # the next read; Discord has forgotten the nonce by now
    second = make_harness(config=LONDON)
    second.fake = crashed.fake
    async with second:
        cap = await fire(second, expect_errors=True)
        [look] = cap.to("GET", ALICE_DMS)
        # Alice's DMs since the claim (less 30 s for clock skew), one page: a snowflake is
        # milliseconds since 2015-01-01 shifted left 22 bits; `after` is that millisecond's last.
        since_ms = int((HEADS_UP - 30 * S).timestamp() * 1000) - 1_420_070_400_000
        assert look.params == {"after": str((since_ms << 22) + (1 << 22) - 1), "limit": "100"}
        assert len(dms_to(cap).get(ALICE.id, [])) == (0 if reached_discord else 1)
        logs = " ".join(r.getMessage() for r in cap.logs)
        assert ("a cut-off DM is not in their DMs; sending it" in logs) is not reached_discord
        # Recorded, and dated from the send when there was one.
        sent_at = HEADS_UP if reached_discord else HEADS_UP + 5 * M
        assert await heads_up_rows(second) == [("sent", "WAIT", sent_at)]
        clock.set(HEADS_UP + 10 * M)
        again = await fire(second)
        assert len(user_reads(again)) == 1 and again.to("GET", ALICE_DMS) == []
        assert dms_to(again) == {}
    [dm] = second.fake.dm_messages(ALICE.id)  # one DM, whichever process made it
    assert dm["embeds"][0]["title"].startswith("Heads-up · WAIT")
    assert f"Heads-up for Thu 18:30 hills, {discord_ts(START)}" in dm["embeds"][0]["description"]
    assert dm["nonce"] == heads_up_nonce(GUILD_A.id, 1, START, ALICE.id)


async def test_a_heads_up_look_that_fails_for_now_waits_for_the_next_read_and_sends_once(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    crashed = await crash_mid_heads_up(make_harness, clock, reached_discord=False)
    clock.set(HEADS_UP + 5 * M)
    second = make_harness(config=LONDON)
    second.fake = crashed.fake
    async with second:
        second.fake.script("GET", ALICE_DMS, 503, {"message": "down"}, times=1)
        down = await fire(second, expect_errors=True)
        assert dms_to(down) == {}
        assert "could not read their DMs for now" in down.log_text()
        assert [row[:2] for row in await heads_up_rows(second)] == [("sending", "WAIT")]
        clock.set(HEADS_UP + 10 * M)
        back = await fire(second, expect_errors=True)
        assert len(back.to("GET", ALICE_DMS)) == 1 and len(dms_to(back)[ALICE.id]) == 1
        assert [row[:2] for row in await heads_up_rows(second)] == [("sent", "WAIT")]
    assert len(second.fake.dm_messages(ALICE.id)) == 1


async def test_a_cut_off_heads_up_no_longer_wanted_is_let_go_not_sent(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    crashed = await crash_mid_heads_up(make_harness, clock, reached_discord=False)
    second = make_harness(config=LONDON)
    second.fake = crashed.fake
    async with second:
        await second.invoke("profile", {"heads_up": "off"})  # after the crash, before the read
        clock.set(HEADS_UP + 5 * M)
        cap = await fire(second, expect_errors=True)
        assert len(cap.to("GET", ALICE_DMS)) == 1 and dms_to(cap) == {}
        assert await heads_up_rows(second) == []  # no claim left: nothing went out
    assert second.fake.dm_messages(ALICE.id) == []


async def test_a_cut_off_heads_up_is_found_though_the_member_closed_their_dms_since(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    crashed = await crash_mid_heads_up(make_harness, clock, reached_discord=True)
    crashed.fake.closed_dms.add(ALICE.id)  # new DMs refused; the bot still reads its own
    clock.set(HEADS_UP + 5 * M)
    second = make_harness(config=LONDON)
    second.fake = crashed.fake
    async with second:
        cap = await fire(second, expect_errors=True)
        assert len(cap.to("GET", ALICE_DMS)) == 1 and dms_to(cap) == {}
        assert [row[:2] for row in await heads_up_rows(second)] == [("sent", "WAIT")]
        said = await second.invoke("remind list")  # no "I couldn't DM you" notice
        assert not any("I couldn't DM you" in str(r.json) for r in said.requests)
    assert len(second.fake.dm_messages(ALICE.id)) == 1  # the one made before the crash


# -- told apart, and taken over -----------------------------------------------------------------


async def leg_day_in(h: Harness, clock: FakeClock, guild: Any) -> None:
    back = clock.now()
    clock.set(LEG_DAY)
    await h.invoke("legday", {"exercises": 4}, user=ALICE, guild=guild)
    clock.set(back)


async def session_in(h: Harness, guild: Any) -> int:
    owner = ALICE if guild is GUILD_A else CAROL  # each guild's owner adds its session
    await h.invoke("club session add", HILLS, user=owner, guild=guild)
    [event] = h.fake.events.in_guild(guild.id)
    return int(event["id"])


def heads_ups_for(h: Harness, event_id: int) -> list[dict[str, Any]]:
    return [
        m
        for m in h.fake.dm_messages(ALICE.id)
        if m["embeds"] and f"/{event_id}" in m["embeds"][0]["description"]
    ]


async def others_first_then_the_cut_off(
    crashed: Harness, make_harness: Callable[..., Harness], clock: FakeClock, cut_off_event: int
) -> tuple[Harness, list[dict[str, Any]]]:
    """The restart on the crashed process's Discord: the first read of the cut-off claim's
    event fails for now (403; its next read is chained on), so the other session's heads-up
    goes out first, after the claim; the read 5 minutes later settles the cut-off claim.
    Returns the restarted harness (closed) and the DMs the first reads made."""
    second = make_harness(config=LONDON)
    second.fake = crashed.fake
    async with second:
        users = f"/guilds/{GUILD_A.id}/scheduled-events/{cut_off_event}/users"
        second.fake.script("GET", users, 403, times=1)
        clock.set(HEADS_UP + 5 * M)
        await fire(second, expect_errors=True)
        first = list(second.fake.dm_messages(ALICE.id))
        clock.set(HEADS_UP + 10 * M)
        await fire(second, expect_errors=True)
    return second, first


async def test_a_cut_off_heads_up_is_not_taken_for_another_clubs_heads_up_of_the_same_label(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    """Alice runs with two clubs (guilds) that both meet Thursdays at 18:30 for hills, in the
    same zone: their heads-ups open with the same line. Guild A's is cut off by a crash before
    reaching Discord; guild B's goes out after that claim. Guild A's look must not count guild
    B's DM (another club, another event, perhaps another verdict) as its own."""
    async with make_harness(config=LONDON) as crashed:
        event_a = await session_in(crashed, GUILD_A)
        event_b = await session_in(crashed, GUILD_B)
        await leg_day_in(crashed, clock, GUILD_A)
        await leg_day_in(crashed, clock, GUILD_B)
        crashed.fake.events.mark_interested(event_a, ALICE.id)
        crashed.fake.events.mark_interested(event_b, ALICE.id)
        # The crash: guild A's heads-up claimed at its time, never sent.
        key = HeadsUpKey(GUILD_A.id, 1, START, ALICE.id)
        assert await crashed.store.heads_ups.claim(key, Verdict.WAIT, now=HEADS_UP)
    # Guild A's first read after the restart fails for now; guild B's heads-up goes out.
    second, first = await others_first_then_the_cut_off(crashed, make_harness, clock, event_a)
    assert len([m for m in first if f"/{event_b}" in m["embeds"][0]["description"]]) == 1
    opening = f"Heads-up for Thu 18:30 hills, {discord_ts(START)}"
    assert all(
        m["embeds"][0]["description"].startswith(opening) for m in second.fake.dm_messages(ALICE.id)
    )
    # One heads-up per club: guild A's was never made, so it is owed still (the look took guild
    # B's DM for it and recorded guild A's claim as sent).
    assert len(heads_ups_for(second, event_a)) == 1


async def test_a_heads_up_taken_over_is_not_let_go_by_the_send_it_was_taken_from(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    """Two processes on one database (a rolling restart): process A claimed Alice's heads-up
    and its request is still on the way; process B's read finds the claim 'sending', looks in
    Alice's DMs (nothing yet), takes the claim over and sends the DM. While B's request is on
    its way, A's fails without reaching Discord (a connection reset: 'failed for now') and A
    gives the claim back; then B's DM is made. A must not have undone B's claim: Alice has her
    heads-up, and the read after must not send her a second one (Discord forgot the nonce by
    then)."""
    async with make_harness(config=LONDON) as h:
        event_id = await add_session(h, HILLS)
        await hard_leg_day(h, clock, ALICE)
        h.fake.events.mark_interested(event_id, ALICE.id)
        clock.set(HEADS_UP)

        # The DM requests to Alice: A's held on its way, then lost; B's held, then made.
        a_on_its_way, a_let_go = asyncio.Event(), asyncio.Event()
        b_on_its_way, b_let_go = asyncio.Event(), asyncio.Event()
        real_handle = h.fake.handle
        posts: list[str] = []

        async def handle(method: str, url: str, **kwargs: Any) -> Any:
            if method == "POST" and url.endswith(ALICE_DMS):
                posts.append(url)
                if len(posts) == 1:
                    a_on_its_way.set()
                    await a_let_go.wait()
                    raise aiohttp.ClientConnectionError("connection reset by peer")
                if len(posts) == 2:
                    b_on_its_way.set()
                    await b_let_go.wait()
            return await real_handle(method, url, **kwargs)

        h.fake.handle = handle  # type: ignore[method-assign]
        cog_a = h.bot.get_cog("Reminders")
        assert isinstance(cog_a, Reminders)
        process_a = asyncio.create_task(cog_a.run(clock.now()))
        await a_on_its_way.wait()

        # Process B: another bot on the same database and the same Discord (its own HTTP
        # client), reading 30 s later.
        other = make_harness(config=LONDON)
        other.fake = h.fake
        async with other:
            cog = other.bot.get_cog("Reminders")
            assert isinstance(cog, Reminders)
            services = cog.services
            process_b = HeadsUpReader(
                other.store,
                services.settings,
                DiscordDmSender(other.bot, services.send_budget),
                DiscordCalendar(other.bot.http),
            )
            [session] = await other.store.club_sessions.for_club(GUILD_A.id)
            clock.set(HEADS_UP + 30 * S)
            tell = process_b.tell(GUILD_A.id, session, START, [ALICE.id], clock.now())
            process_b_read = asyncio.create_task(tell)
            await b_on_its_way.wait()
            a_let_go.set()
            await process_a
            b_let_go.set()
            await process_b_read
        assert len(h.fake.dm_messages(ALICE.id)) == 1  # B's DM, made
        # Alice was told (A's give-back deleted B's claim, and B's record then found no row).
        rows = await h.store.db.all("SELECT state FROM heads_ups")
        clock.set(HEADS_UP + 5 * M)  # the next read
        await fire(h, expect_errors=True)
    assert len(h.fake.dm_messages(ALICE.id)) == 1, [r["state"] for r in rows]  # only B's


@pytest.mark.parametrize(
    ("cut_off_name", "other_name"),
    [
        # One label the start of the other's: "Thu 18:30 hills" and "Thu 18:30 hills · Track".
        (None, "Track"),
        # Two sessions (the duplicate check compares names as typed) whose labels, which show
        # a name on one line with its spaces collapsed, read alike.
        ("Track  Tuesday", "Track Tuesday"),
    ],
    ids=["label-a-prefix", "labels-alike"],
)
async def test_a_cut_off_heads_up_is_not_taken_for_another_sessions_at_the_same_time(
    make_harness: Callable[..., Harness],
    clock: FakeClock,
    cut_off_name: str | None,
    other_name: str,
) -> None:
    async with make_harness(config=LONDON) as crashed:
        named = {} if cut_off_name is None else {"name": cut_off_name}
        await crashed.invoke("club session add", {**HILLS, **named})
        await crashed.invoke("club session add", {**HILLS, "name": other_name})
        cut_off, other = (int(e["id"]) for e in crashed.fake.events.in_guild(GUILD_A.id))
        await hard_leg_day(crashed, clock, ALICE)
        crashed.fake.events.mark_interested(cut_off, ALICE.id)
        crashed.fake.events.mark_interested(other, ALICE.id)
        key = HeadsUpKey(GUILD_A.id, 1, START, ALICE.id)  # the first session's, cut off
        assert await crashed.store.heads_ups.claim(key, Verdict.WAIT, now=HEADS_UP)
    second, first = await others_first_then_the_cut_off(crashed, make_harness, clock, cut_off)
    assert len([m for m in first if f"/{other}" in m["embeds"][0]["description"]]) == 1
    [owed] = heads_ups_for(second, cut_off)  # it was never made: sent now, once
    assert owed["embeds"][0]["description"].startswith("Heads-up for Thu 18:30 hills")


@pytest.mark.parametrize("made", [True, False], ids=["made-answer-lost", "not-made"])
async def test_a_heads_up_whose_send_failed_for_now_is_looked_for_first_and_sent_once(
    make_harness: Callable[..., Harness], clock: FakeClock, made: bool
) -> None:
    """The DM request fails with no answer (a connection reset): Discord may or may not have
    made the DM. The claim stays, and the next read, past the nonce's 2 minutes, looks first."""
    async with make_harness(config=LONDON) as h:
        event_id = await add_session(h, HILLS)
        await hard_leg_day(h, clock, ALICE)
        h.fake.events.mark_interested(event_id, ALICE.id)
        h.fake.lose_answer("POST", ALICE_DMS, made=made)
        clock.set(HEADS_UP)
        failed = await fire(h, expect_errors=True)
        assert "the next read looks for it first" in failed.log_text()
        assert [row[:2] for row in await heads_up_rows(h)] == [("sending", "WAIT")]
        clock.set(HEADS_UP + 5 * M)
        back = await fire(h, expect_errors=True)
        assert len(back.to("GET", ALICE_DMS)) == 1
        assert len(dms_to(back).get(ALICE.id, [])) == (0 if made else 1)
        assert [row[:2] for row in await heads_up_rows(h)] == [("sent", "WAIT")]
    assert len(h.fake.dm_messages(ALICE.id)) == 1
