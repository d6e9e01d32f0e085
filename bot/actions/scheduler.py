"""One scheduler for everything that happens at a time: the daily post, reminders and check-ins,
the purge of departed clubs, the backup.

Each timed job says when it is next due (`Job.next_due(now)`, read from the store or worked out
by a pure function) and does what is due (`Job.run(now)`). The scheduler keeps every job's due
time, sleeps until the soonest, and starts the jobs that are due side by side (a slow one holds
no other up; a job still running is not started again). It asks a job for its due time again
only when that time may have moved:

- once the job's run is over;
- when woken: this process changed a due time. Every action that writes one (a `/club reminder
  set`, a `/checkin`, a press, a `/profile` zone change, a leg day a reminder follows) calls
  `Context.due_changed`, which is `Wake.due_changed` of the scheduler's `Wake` (`Services.wake`
  on Discord, the console's own);
- for a job whose due times another process can change too (`Job.polled`, the reminders and
  check-ins), at least every `slow_poll`.

So a job with nothing due soon costs nothing: the daily post reads the store when it posts and
when a due time changes, not on a timer. The scheduler still looks at the clock at least every
`slow_poll`, so a clock that jumped is noticed. No discord import; the clock and the pause are
passed in, so tests drive it with chosen times and never sleep.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from datetime import datetime, timedelta
from typing import Protocol

from bot.actions.tasks import cancel_and_wait
from bot.clock import Clock
from bot.store import StoreUnavailable

log = logging.getLogger(__name__)

# How soon another process's change of a polled job's due time is seen, at the latest.
SLOW_POLL = timedelta(minutes=5)
# A job whose due time could not be read, or that is still due right after it ran (a failure,
# or another shard's reminder), is looked at again after this.
RETRY_AFTER = timedelta(seconds=30)

Pause = Callable[[float], Awaitable[None]]


class Job(Protocol):
    @property
    def polled(self) -> bool:
        """True when another process can move this job's due times (it is asked every
        slow_poll); False when only this process can, which then wakes the scheduler."""
        ...

    async def next_due(self, now: datetime) -> datetime | None:
        """The first moment from `now` on at which `run` has something to do; None: nothing
        is scheduled. Never later than that moment; earlier only costs a `run` doing nothing."""
        ...

    async def run(self, now: datetime) -> None:
        """Do what is due at `now`. Should not raise; an exception is logged."""
        ...


class Wake:
    """What ends the scheduler's sleep early: a due time that may have moved (every job's is
    read again), or a job's run that ended. One event, so the sleep creates no task."""

    def __init__(self) -> None:
        self.event = asyncio.Event()
        self.changed = False

    def due_changed(self) -> None:
        self.changed = True
        self.event.set()

    def run_ended(self) -> None:
        self.event.set()

    def take(self) -> bool:
        """Whether a due time changed since the last take; clears both."""
        changed, self.changed = self.changed, False
        self.event.clear()
        return changed


class Scheduler:
    def __init__(
        self,
        jobs: Sequence[Job],
        clock: Clock,
        *,
        wake: Wake | None = None,
        pause: Pause | None = None,
        slow_poll: timedelta = SLOW_POLL,
    ) -> None:
        self._jobs = list(jobs)
        self._clock = clock
        self.wake = wake if wake is not None else Wake()
        self._pause = pause if pause is not None else self.sleep
        self._slow_poll = slow_poll
        self._due: dict[int, datetime | None] = {}
        self._asked: dict[int, datetime] = {}
        # The jobs running now, and when each run started.
        self._running: dict[int, tuple[asyncio.Task[None], datetime]] = {}

    async def run_forever(self) -> None:
        try:
            while True:
                await self._pause(await self.step())
        finally:
            await self.stop()

    async def step(self) -> float:
        """Start every job due now; the seconds until there may be something to do."""
        woken = self.wake.take()
        now = self._clock()
        asked = set()
        for i, (task, started) in list(self._running.items()):
            if task.done():
                del self._running[i]
                await self._ask(i, now, still_due_by=started)
                asked.add(i)
        for i, job in enumerate(self._jobs):
            if i in self._running:
                continue
            unread = i not in self._asked
            polled_due = job.polled and not unread and now >= self._asked[i] + self._slow_poll
            if i not in asked and (woken or unread or polled_due):
                await self._ask(i, now)
            due = self._due[i]
            if due is not None and due <= now:
                task = asyncio.create_task(
                    self._run(job, now), name=f"runclub-{type(job).__name__}"
                )
                task.add_done_callback(lambda _: self.wake.run_ended())
                self._running[i] = (task, now)
        return self._seconds_to_next(now)

    def _seconds_to_next(self, now: datetime) -> float:
        moments = [now + self._slow_poll]
        for i, job in enumerate(self._jobs):
            if i in self._running:
                continue
            due = self._due[i]
            if due is not None:
                moments.append(due)
            if job.polled:
                moments.append(self._asked[i] + self._slow_poll)
        return max((min(moments) - now).total_seconds(), 0.0)

    async def _ask(self, i: int, now: datetime, *, still_due_by: datetime | None = None) -> None:
        """Read job `i`'s due time. After a run that started at `still_due_by`, a due time not
        after that start is what the run could not do (a failure, another shard's reminder):
        it is looked at again after RETRY_AFTER, not at once."""
        job = self._jobs[i]
        try:
            due = await job.next_due(now)
        except StoreUnavailable as exc:
            log.warning("%s: %s; trying again in %s", type(job).__name__, exc, RETRY_AFTER)
            due = now + RETRY_AFTER
        except Exception:
            log.exception("%s: reading when it is due failed", type(job).__name__)
            due = now + RETRY_AFTER
        if still_due_by is not None and due is not None and due <= still_due_by:
            due = now + RETRY_AFTER
        self._due[i] = due
        self._asked[i] = now

    async def _run(self, job: Job, now: datetime) -> None:
        try:
            await job.run(now)
        except Exception:
            log.exception("%s failed; trying again when it is next due", type(job).__name__)

    async def sleep(self, seconds: float) -> None:
        """The pause between steps: `seconds`, or until woken or a job's run is over."""
        with suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self.wake.event.wait()

    @property
    def busy(self) -> bool:
        """A job's run is in flight (not over yet)."""
        return any(not task.done() for task, _ in self._running.values())

    async def finish_runs(self) -> None:
        """Wait for the runs in flight (tests: nothing in them sleeps)."""
        await asyncio.gather(*(task for task, _ in self._running.values()))

    async def stop(self) -> None:
        """Cancel the runs in flight and wait until they have stopped."""
        await cancel_and_wait(task for task, _ in self._running.values())
