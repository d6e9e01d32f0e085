"""The send budget end to end: the daily posts and the reminder DMs the bot sends on its own all
wait for their turn in one budget, at the pace `[discord] requests_per_second` sets, while
interaction replies do not wait. Time is `PacedTime`'s (tests/discord/harness/clock.py): each
request Discord receives carries the moment the budget let it go, and nothing really sleeps.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bot.discord.cogs.daily_post import DailyPost
from bot.discord.cogs.reminders import Reminders
from tests.discord.harness import ALICE, BOB, CAROL, DEFAULT_START, GUILD_A, GUILD_B, Harness
from tests.discord.harness.payloads import FakeUser
from tests.discord.test_reminders import button_ids

PER_SECOND = 4  # the configured pace: one request every quarter of a second
CONFIG = {"discord": {"requests_per_second": PER_SECOND}, "club": {"timezone": "Europe/London"}}


def paced(h: Harness, since: int) -> list[tuple[str, str, float | None]]:
    """The posts, DM opens and DMs Discord received after request `since`, in arrival order."""
    return [
        (r.method, r.path, r.released_at)
        for r in h.requests[since:]
        if r.method == "POST"
        and (r.path.startswith("/channels/") or r.path == "/users/@me/channels")
    ]


async def test_posts_and_dms_share_one_budget_at_the_configured_pace(
    make_harness: Callable[..., Harness],
) -> None:
    async with make_harness(config=CONFIG) as h:
        for admin, guild in ((ALICE, GUILD_A), (CAROL, GUILD_B)):
            await h.invoke(
                "club reminder set",
                {"channel": guild.channel, "time": "09:00"},
                user=admin,
                guild=guild,
            )
        for user in (ALICE, BOB):  # each a hard leg day now, and "remind me when I'm clear"
            await h.invoke("legday", {"exercises": 4}, user=user)
            message, custom_id = await wait_with_button(h, user)
            await h.click(message, custom_id, user=user)
        interactions = paced(h, 0)
        # Thursday 09:00: both clubs' posts and both members' reminders are due together.
        due = DEFAULT_START + timedelta(days=2)
        h.clock.set(due)
        start = len(h.requests)
        posts, dms = h.bot.get_cog("DailyPost"), h.bot.get_cog("Reminders")
        assert isinstance(posts, DailyPost) and isinstance(dms, Reminders)
        async with h.capture():
            await asyncio.gather(posts.runner.tick(due), dms.runner.tick(due))
        sent = paced(h, start)

    # Replies to commands and buttons went out without waiting for the budget.
    assert all(released is None for *_, released in interactions)
    # Two posts, and per DM an open and a send: six requests, each let go by the budget.
    assert sorted(path.endswith("/messages") for _, path, _ in sent).count(True) == 4
    assert [path for _, path, _ in sent].count("/users/@me/channels") == 2
    turns = [released for *_, released in sent]
    assert None not in turns
    moments = sorted(t for t in turns if t is not None)
    # The first goes at once, then one every 1/PER_SECOND s: never two closer than that.
    expected = [due.timestamp() + k / PER_SECOND for k in range(6)]
    assert moments == expected


async def wait_with_button(h: Harness, user: FakeUser) -> tuple[dict[str, Any], str]:
    result = await h.invoke("canirun", {"type": "tempo"}, user=user)
    assert result.embed["title"].startswith("WAIT")
    message = result.created_message
    assert message is not None
    return message, button_ids(message)["Remind me when I'm clear"]


async def test_the_posts_reads_of_the_days_events_wait_their_turn_too(
    make_harness: Callable[..., Harness],
) -> None:
    # Tuesday 10 March: an 18:30 session published as an event, the post at 09:30. Reading the
    # event and its interested list are requests of Discord's global limit like the post: at
    # the minute thousands of clubs share, they must not go out unpaced.
    async with make_harness(config=CONFIG) as h:
        await h.invoke("club reminder set", {"channel": GUILD_A.channel, "time": "09:30"})
        await h.invoke("club session add", {"day": "tuesday", "time": "18:30", "type": "hills"})
        [event] = h.fake.events.in_guild(GUILD_A.id)
        h.fake.events.mark_interested(int(event["id"]), ALICE.id)
        due = DEFAULT_START + timedelta(minutes=30)
        h.clock.set(due)
        start = len(h.requests)
        posts = h.bot.get_cog("DailyPost")
        assert isinstance(posts, DailyPost)
        async with h.capture():
            await posts.runner.tick(due)
        sent = [(r.method, r.path, r.released_at) for r in h.requests[start:]]
    path = f"/guilds/{GUILD_A.id}/scheduled-events/{event['id']}"
    assert [(method, p) for method, p, _ in sent] == [
        ("GET", path),
        ("GET", f"{path}/users"),
        ("POST", f"/channels/{GUILD_A.channel.id}/messages"),
    ]
    assert [released for *_, released in sent] == [
        due.timestamp() + k / PER_SECOND for k in range(3)
    ]
