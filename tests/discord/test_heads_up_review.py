"""Review of the heads-up look after a crash (a cut-off claim looked for in the member's DMs by
its opening line): cases the first tests left out. Same harness, instants and helpers as
tests/discord/test_heads_up.py (whose module docstring works the instants out by hand)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.core.models import Verdict
from bot.core.session_events import HeadsUpKey
from tests.discord.harness import ALICE, CAROL, GUILD_A, GUILD_B, FakeClock, Harness, discord_ts
from tests.discord.test_heads_up import (
    HEADS_UP,
    HILLS,
    LEG_DAY,
    LONDON,
    START,
    M,
    fire,
)


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
    second = make_harness(config=LONDON)
    second.fake = crashed.fake
    async with second:
        # The first read after the restart: guild A's interested list cannot be read for now
        # (its read is chained on), guild B's heads-up goes out.
        second.fake.script(
            "GET", f"/guilds/{GUILD_A.id}/scheduled-events/{event_a}/users", 403, times=1
        )
        clock.set(HEADS_UP + 5 * M)
        await fire(second, expect_errors=True)
        assert len(heads_ups_for(second, event_b)) == 1
        # Guild A's next read settles the cut-off claim.
        clock.set(HEADS_UP + 10 * M)
        await fire(second, expect_errors=True)
    opening = f"Heads-up for Thu 18:30 hills, {discord_ts(START)}"
    assert all(
        m["embeds"][0]["description"].startswith(opening) for m in second.fake.dm_messages(ALICE.id)
    )
    # One heads-up per club: guild A's was never made, so it is owed still (the look took guild
    # B's DM for it and recorded guild A's claim as sent).
    assert len(heads_ups_for(second, event_a)) == 1
