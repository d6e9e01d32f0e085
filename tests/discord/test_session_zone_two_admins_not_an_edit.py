"""Two admins set the club's zone at once, Alice to Asia/Tokyo and Bob to
America/New_York; Alice's move has read its session (anchored at 18:00 UTC) and is about to
read the event from Discord when Bob's whole move lands (the event to 22:00 UTC, New York's
18:00 on EDT). Alice's read then finds the event off the weekly grid of the anchor she read,
takes Bob's move for an admin's edit by hand, and records the session EDITED: the bot leaves
its event alone from then on (no drift check, no zone change moves it again), and Alice's
reply says "1 session event edited by hand in Discord was left as it is." though nobody edited
it (found in review; failed before the fix: `refresh` compares the event with the session as
stored after reading it). Expected instants from zoneinfo."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import discord

from bot.core.clubpost import EventState
from tests.discord.harness import BOB, GUILD_A, FakeClock, Harness
from tests.discord.test_session_zone_change import ADDED, TRAINING, add, iso, local, set_zone


async def test_another_admins_move_is_not_taken_for_a_hand_edit(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    async with make_harness() as club:  # [club] timezone: UTC
        clock.set(ADDED - timedelta(days=1))  # Monday: Tuesday's session ahead in every zone
        await add(club)
        on_its_way, let_go = asyncio.Event(), asyncio.Event()
        sessions = club.store.club_sessions
        read_sessions = sessions.for_club

        async def for_club(guild_id: int) -> Any:
            found = await read_sessions(guild_id)
            if not on_its_way.is_set():
                on_its_way.set()  # Alice's move has read the sessions: it waits here
                await let_go.wait()
            return found

        sessions.for_club = for_club  # type: ignore[method-assign]
        alices = asyncio.create_task(set_zone(club, "Asia/Tokyo"))
        await on_its_way.wait()
        await club.invoke(
            "club reminder set",
            {"channel": TRAINING, "time": "07:00", "timezone": "America/New_York"},
            user=BOB,
            permissions=discord.Permissions(manage_guild=True),
        )
        let_go.set()
        alice = await alices
        sessions.for_club = read_sessions  # type: ignore[method-assign]

        reminder = await club.store.clubs.get(GUILD_A.id)
        assert reminder is not None and reminder.timezone is not None
        assert reminder.timezone.key == "America/New_York"  # Bob's, set last
        [event] = club.fake.events.in_guild(GUILD_A.id)
        assert event["scheduled_start_time"] == iso(local(ADDED, "America/New_York"))
        [session] = await club.store.club_sessions.for_club(GUILD_A.id)
        assert session.event_state is EventState.PUBLISHED
        assert "edited by hand" not in alice.text, alice.text
