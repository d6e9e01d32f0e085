"""A tick that finds posts an earlier tick built, still waiting for their turn to be sent,
leaves them be: they are not read, built or claimed again."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta

from bot.actions.daily_post import CONCURRENT_CLUBS, DailyPostRunner
from bot.actions.post_send import Outcome
from bot.config import Settings
from bot.render.reply import Reply
from bot.store import Store
from tests.post_senders import NeverLooks

from .conftest import T0
from .test_club_batches import statements


class GatedSender(NeverLooks):
    """Holds every send until `gate` opens; `full` is set once CONCURRENT_CLUBS wait."""

    def __init__(self) -> None:
        self.sent: list[int] = []
        self.waiting = 0
        self.gate = asyncio.Event()
        self.full = asyncio.Event()

    async def send(self, guild_id: int, channel_id: int, reply: Reply, *, nonce: str) -> int:
        del channel_id, reply, nonce
        self.waiting += 1
        if self.waiting == CONCURRENT_CLUBS:
            self.full.set()
        await self.gate.wait()
        self.sent.append(guild_id)
        return len(self.sent)


async def test_a_later_tick_does_not_build_again_the_posts_waiting_to_be_sent(
    store: Store,
) -> None:
    clubs = range(3000, 3000 + CONCURRENT_CLUBS + 3)
    for guild_id in clubs:
        await store.clubs.set_reminder(
            guild_id, channel_id=guild_id, post_time=time(7, 0), timezone=None, now=T0
        )
    now = datetime.combine(T0.date() + timedelta(days=1), time(7, 0, 10), tzinfo=UTC)
    sender = GatedSender()
    runner = DailyPostRunner(store, Settings(), sender)

    first = await runner.start(now)
    async with asyncio.timeout(60):  # a guard against a hang, not a measurement
        await sender.full.wait()
    # CONCURRENT_CLUBS posts are being sent; three more are built, claimed as the next group
    # (CLAIM_GROUP) once those have their places, and wait for a turn: the store alone would
    # call their claims cut off and send them again.
    async with asyncio.timeout(60):  # a guard against a hang, not a measurement
        while None in [await store.posts.get(g, now.date()) for g in clubs]:  # noqa: ASYNC110
            await asyncio.sleep(0)
    # Nothing is due for the scheduler meanwhile: the end of the sends wakes it. (It was "now"
    # for the posts waiting unclaimed, so the post started again and again, each time reading
    # every club, until the last send was over.)
    assert await runner.next_due(now + timedelta(seconds=20)) is None
    before = statements(store)
    second = await runner.start(now + timedelta(seconds=30))
    assert statements(store) - before == 1  # the clubs and their records; nothing else
    assert second.sending is None
    assert second.outcomes == dict.fromkeys(clubs, Outcome.NOTHING)

    sender.gate.set()
    assert await first.finish() == dict.fromkeys(clubs, Outcome.SENT)
    assert sorted(sender.sent) == list(clubs)
    # Through their sends, they are the store's to tell: done for the day.
    before = statements(store)
    assert await runner.tick(now + timedelta(seconds=60)) == dict.fromkeys(clubs, Outcome.NOTHING)
    assert statements(store) - before == 1
