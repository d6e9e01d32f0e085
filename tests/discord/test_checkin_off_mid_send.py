"""`/checkin time:off` while a check-in DM is on its way to Discord: the stop cancels that
check-in too, so a send that then fails for now is not retried. A send that succeeds made a DM
the member got, and the record (`/mydata export`) says so; nothing is sent after the stop.
Alice's check-in is at 07:00 UTC (the club's zone), the 11th March 2026."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp

from bot.actions.timers import Fired
from tests.discord.harness import ALICE, FakeClock, Harness
from tests.discord.test_reminders import reminders_cog
from tests.discord.test_reminders_delivery import CHECKIN_DUE, DM_PATH, M, wake


async def off_while_on_its_way(h: Harness, clock: FakeClock, *, made: bool) -> dict[int, Fired]:
    """The 07:00 check-in's DM request held on its way while Alice turns check-ins off; then
    Discord makes the DM (`made`) or the connection drops before it. Returns the tick's
    outcomes."""
    await h.invoke("checkin", {"time": "07:00"})
    clock.set(CHECKIN_DUE)
    on_its_way, let_go = asyncio.Event(), asyncio.Event()
    real_handle = h.fake.handle

    async def handle(method: str, url: str, **kwargs: Any) -> Any:
        if method == "POST" and url.endswith(DM_PATH):
            on_its_way.set()
            await let_go.wait()
            if not made:
                raise aiohttp.ClientConnectionError("connection reset by peer")
        return await real_handle(method, url, **kwargs)

    h.fake.handle = handle  # type: ignore[method-assign]
    tick = asyncio.create_task(reminders_cog(h).runner.tick(clock.now()))
    await on_its_way.wait()
    off = await h.invoke("checkin", {"time": "off"})
    assert off.content == "Morning check-ins are off."
    let_go.set()
    outcomes = await tick
    h.fake.handle = real_handle  # type: ignore[method-assign]
    return outcomes


async def exported_checkins(h: Harness) -> list[tuple[str, str]]:
    """(due_at, state) of Alice's check-ins in her `/mydata export`, oldest first."""
    result = await h.invoke("mydata export")
    document = json.loads(result.files[0].data)
    return [(t["due_at"], t["state"]) for t in document["timers"] if t["kind"] == "checkin"]


async def test_a_check_in_sent_while_time_off_came_is_recorded_sent(
    harness: Harness, clock: FakeClock
) -> None:
    outcomes = await off_while_on_its_way(harness, clock, made=True)
    assert list(outcomes.values()) == [Fired.SENT]
    assert len(harness.fake.dm_messages(ALICE.id)) == 1
    # The DM she got is 'sent'; the next day's, chained at the claim, is cancelled.
    assert [state for _, state in await exported_checkins(harness)] == ["sent", "cancelled"]
    for _ in range(3):  # the next day's check-in time and after: nothing more
        clock.advance(12 * 60 * M)
        assert (await wake(harness)).sent == []
    assert len(harness.fake.dm_messages(ALICE.id)) == 1


async def test_a_check_in_whose_send_failed_for_now_after_time_off_is_not_retried(
    harness: Harness, clock: FakeClock
) -> None:
    outcomes = await off_while_on_its_way(harness, clock, made=False)
    assert harness.fake.dm_messages(ALICE.id) == []
    # The runner would have retried it; the stop left nothing to retry.
    assert list(outcomes.values()) == [Fired.RETRY]
    assert [state for _, state in await exported_checkins(harness)] == ["cancelled"] * 2
    for step in (M, 5 * M, 30 * M, 24 * 60 * M):  # the retries' times, and the next day's
        clock.advance(step)
        assert (await wake(harness, expect_errors=True)).sent == []
    assert harness.fake.dm_messages(ALICE.id) == []
