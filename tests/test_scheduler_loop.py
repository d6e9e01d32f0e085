"""The scheduler's own rules (bot/actions/scheduler.py), over small in-memory jobs: when it asks
a job for its due time again, that a running job holds no other up, and what a failure costs.
The bot's real jobs through it: tests/discord/test_scheduler.py."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

import pytest

from bot.actions.scheduler import RETRY_AFTER, SLOW_POLL, Scheduler
from tests.discord.harness import FakeClock

T0 = datetime.fromisoformat("2026-03-10T09:00:00+00:00")
MINUTE = timedelta(minutes=1)


class Job:
    """Due at the times in `due` (the first one left), with every question and run noted."""

    def __init__(self, *due: datetime, polled: bool = False) -> None:
        self.polled = polled
        self.due = list(due)
        self.asked: list[datetime] = []
        self.ran: list[datetime] = []
        self.hold: asyncio.Event | None = None  # a run waits for it when set up

    async def next_due(self, now: datetime) -> datetime | None:
        self.asked.append(now)
        return self.due[0] if self.due else None

    async def run(self, now: datetime) -> None:
        self.ran.append(now)
        if self.hold is not None:
            await self.hold.wait()
        self.due = [d for d in self.due if d > now]


async def test_an_unpolled_job_is_asked_once_until_it_runs_or_is_woken() -> None:
    clock = FakeClock(T0)
    job = Job(T0 + 60 * MINUTE)
    scheduler = Scheduler([job], clock)
    assert await scheduler.step() == SLOW_POLL.total_seconds()  # the clock is looked at anyway
    for _ in range(5):
        clock.advance(SLOW_POLL)
        await scheduler.step()
    assert job.asked == [T0]
    scheduler.wake.due_changed()
    await scheduler.step()
    assert job.asked == [T0, T0 + 5 * SLOW_POLL]


async def test_a_polled_job_is_asked_again_every_slow_poll() -> None:
    clock = FakeClock(T0)
    job = Job(polled=True)
    scheduler = Scheduler([job], clock)
    await scheduler.step()
    clock.advance(SLOW_POLL - timedelta(seconds=1))
    await scheduler.step()
    clock.advance(timedelta(seconds=1))
    await scheduler.step()
    assert job.asked == [T0, T0 + SLOW_POLL]


async def test_a_running_job_holds_no_other_up_and_is_not_started_twice() -> None:
    clock = FakeClock(T0)
    slow, other = Job(T0), Job(T0 + MINUTE)
    slow.hold = asyncio.Event()
    scheduler = Scheduler([slow, other], clock)
    assert await scheduler.step() == 60  # `slow` started; `other` is due in a minute
    await asyncio.sleep(0)  # let the run start
    clock.advance(MINUTE)
    await scheduler.step()
    await asyncio.sleep(0)
    assert other.ran == [T0 + MINUTE] and slow.ran == [T0]  # slow still running, not restarted
    slow.hold.set()
    await scheduler.finish_runs()
    await scheduler.step()
    assert slow.asked == [T0, T0 + MINUTE]  # asked again once its run was over
    await scheduler.stop()


async def test_still_due_after_its_run_means_looked_at_again_after_retry_after() -> None:
    clock = FakeClock(T0)
    stuck = Job()
    stuck.due = [T0]

    async def fails(now: datetime) -> None:
        stuck.ran.append(now)  # does nothing: what was due stays due

    stuck.run = fails  # type: ignore[method-assign]
    scheduler = Scheduler([stuck], clock)
    await scheduler.step()
    await scheduler.finish_runs()
    assert await scheduler.step() == RETRY_AFTER.total_seconds()
    clock.advance(RETRY_AFTER)
    await scheduler.step()
    await scheduler.finish_runs()
    assert stuck.ran == [T0, T0 + RETRY_AFTER]


async def test_a_failing_read_is_logged_and_tried_again_after_retry_after(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = FakeClock(T0)
    job = Job(T0 + 60 * MINUTE)
    reads = 0

    async def broken(now: datetime) -> datetime | None:
        nonlocal reads
        reads += 1
        raise RuntimeError("disk on fire")

    job.next_due = broken  # type: ignore[method-assign]
    scheduler = Scheduler([job], clock)
    with caplog.at_level(logging.ERROR, logger="bot.actions.scheduler"):
        assert await scheduler.step() == RETRY_AFTER.total_seconds()
    assert "disk on fire" in caplog.text
    clock.advance(RETRY_AFTER)
    await scheduler.step()  # due then: it runs, and is asked again after
    await scheduler.finish_runs()
    await scheduler.step()
    assert job.ran == [T0 + RETRY_AFTER] and reads == 2
