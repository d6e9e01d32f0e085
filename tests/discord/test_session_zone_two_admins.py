"""Two admins set the club's zone at the same moment: Alice to Asia/Tokyo, and Bob back to the
config's zone (UTC) while Alice's move of the session's event is still on its way to Discord.
The club ends on UTC, as Bob set it last, and so must its session: its event at Tuesday's
18:00 UTC, its heads-up read at 15:00 UTC. Alice's move, landing after Bob's reply, left them
on Tokyo's times (found in review; failed before the fix). Expected instants from zoneinfo."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import discord

from tests.discord.harness import BOB, GUILD_A, FakeClock, Harness, Result
from tests.discord.test_session_zone_change import (
    ADDED,
    EVENTS,
    OLD_HEADS_UP,
    OLD_START,
    TRAINING,
    add,
    iso,
    set_zone,
)


async def while_alices_move_waits(
    club: Harness, clock: FakeClock, meanwhile: Callable[[], Awaitable[object]]
) -> Result:
    """Tuesday's session added on Monday (ahead in every zone); Alice sets Asia/Tokyo, and
    while Discord's answer to her event's move waits, `meanwhile` runs. Alice's result."""
    clock.set(ADDED - timedelta(days=1))
    await add(club)
    on_its_way, let_go = asyncio.Event(), asyncio.Event()
    real_handle = club.fake.handle

    async def handle(method: str, url: str, **kwargs: Any) -> Any:
        if method == "PATCH" and EVENTS in url and not let_go.is_set():
            on_its_way.set()
            await let_go.wait()
        return await real_handle(method, url, **kwargs)

    club.fake.handle = handle  # type: ignore[method-assign]
    alices = asyncio.create_task(set_zone(club, "Asia/Tokyo"))
    await on_its_way.wait()
    await meanwhile()
    let_go.set()
    result = await alices
    club.fake.handle = real_handle  # type: ignore[method-assign]
    return result


async def test_the_session_ends_on_the_zone_set_last(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    async with make_harness() as club:  # [club] timezone: UTC
        bobs: list[Result] = []

        async def bob_sets_it_back() -> None:
            bobs.append(
                await club.invoke(
                    "club reminder set",
                    {"channel": TRAINING, "time": "07:00"},
                    user=BOB,
                    permissions=discord.Permissions(manage_guild=True),
                )
            )

        await while_alices_move_waits(club, clock, bob_sets_it_back)
        assert "UTC" in bobs[0].text
        reminder = await club.store.clubs.get(GUILD_A.id)
        assert reminder is not None and reminder.timezone is None  # Bob's: the config's zone
        [event] = club.fake.events.in_guild(GUILD_A.id)
        assert event["scheduled_start_time"] == iso(OLD_START)
        reads = await club.store.zone_moves.heads_up_reads("UTC", 180, [])  # no spans: all
        assert [read.due_at for read in reads] == [OLD_HEADS_UP]


async def test_a_zone_unknown_here_set_meanwhile_elsewhere_leaves_the_reply_whole(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    """While Alice's move to Tokyo is on its way, another process (on a newer tz database)
    stores a zone this one does not know: her re-check cannot follow it, and she still gets
    her reply, the move she made counted, instead of an error after her change was saved."""
    async with make_harness() as club:

        async def another_process_sets_an_unknown_zone() -> None:
            await club.store.db.run(
                "UPDATE clubs SET timezone = 'Mars/Olympus' WHERE guild_id = :g", g=GUILD_A.id
            )

        alice = await while_alices_move_waits(club, clock, another_process_sets_an_unknown_zone)
    assert "1 session event moved to Asia/Tokyo time." in alice.text, alice.text
