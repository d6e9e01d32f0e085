"""A club's stored zone this system's tz database does not know (removed in a tzdata
update, or a hand-edited row; see `test_a_stored_zone_unknown_here_is_mended...`) must cost
only that club, as the daily post's loop makes sure. Here club A's row holds such a zone while
the bot is down; club B's session is on `[club] timezone` (UTC), Tuesday 18:00, its heads-up
(3 hours) at 15:00 UTC, and Carol, in club B, is interested. After the restart Carol still gets
her heads-up at 15:00 UTC, once. The start's look at the heads-up reads decoded every club's
zone at once, and failed at every tick: no timer of any club fired (found in review; failed
before the fix). A real database underneath, SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from bot.discord.cogs.reminders import Reminders
from tests.discord.harness import CAROL, GUILD_A, GUILD_B, FakeClock, Harness
from tests.discord.harness.payloads import dm_channel_id
from tests.discord.test_session_zone_change import (
    ADDED,
    OLD_HEADS_UP,
    OLD_START,
    TUESDAY,
    add,
    set_zone,
)


async def heads_ups_to_carol(h: Harness) -> int:
    """Run the reminders once; how many DMs went to Carol. Club A's zone may be said to be
    unknown in the logs (as the daily post's loop says it): that is allowed."""
    cog = h.bot.get_cog("Reminders")
    assert isinstance(cog, Reminders)
    async with h.capture(expect_errors=True) as cap:
        await cog.run(h.clock.now())
    path = f"/channels/{dm_channel_id(CAROL.id)}/messages"
    return sum(1 for r in cap.requests if r.method == "POST" and r.path == path)


async def test_an_unknown_zone_in_one_club_leaves_the_other_clubs_heads_ups(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    clock.set(ADDED - timedelta(days=1))
    async with make_harness() as first:
        await add(first)  # club A: a session, so a pending read
        await set_zone(first, None)  # club A's row, following [club] timezone
        await first.invoke("club session add", TUESDAY, user=CAROL, guild=GUILD_B)
        [event] = first.fake.events.in_guild(GUILD_B.id)
        await first.invoke("profile", {"heads_up": "all"}, user=CAROL, guild=GUILD_B)
        first.fake.events.mark_interested(int(event["id"]), CAROL.id)
        calendar = first.fake.events
        await first.store.db.run(
            "UPDATE clubs SET timezone = 'Mars/Olympus' WHERE guild_id = :g", g=GUILD_A.id
        )
    async with make_harness() as second:
        second.fake.events.events.update(calendar.events)
        second.fake.events.interested.update(calendar.interested)
        told = 0
        moment = OLD_HEADS_UP - timedelta(minutes=5)
        while moment < OLD_START:
            clock.set(moment)
            told += await heads_ups_to_carol(second)
            moment += timedelta(minutes=5)
    assert told == 1
