"""The one scheduler (bot/actions/scheduler.py) over the bot's real jobs, end to end: it sleeps
until the soonest due time, a command that moves a due time wakes it, and an idle daily post
reads nothing.

Nothing sleeps: the scheduler's pause is a `Timeline`, which moves the fake clock to the end of
each pause, or to the next scripted moment, where a command goes in through the harness; the
command's own wake-up ends the pause early, as in the bot. What the bot sends is attributed to
the clock time at which it went out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.actions.scheduler import SLOW_POLL, Job, Scheduler
from bot.core.models import MemberRef
from bot.core.reminders import TimerKind
from bot.discord.cogs.daily_post import DailyPost
from bot.discord.cogs.privacy import Privacy
from bot.discord.cogs.schedule import Schedule
from bot.discord.cogs.upkeep import Upkeep
from bot.discord.services import services_of
from bot.store import Store
from tests.discord.harness import ALICE, DEFAULT_START, GUILD_A, Harness, RecordedRequest
from tests.discord.harness.payloads import dm_channel_id

T0 = DEFAULT_START  # Tuesday 10 March 2026, 09:00 UTC
ME = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
DM_PATH = f"/channels/{dm_channel_id(ALICE.id)}/messages"
TRAINING = GUILD_A.channel_named("training")
POST_PATH = f"/channels/{TRAINING.id}/messages"
CONFIG = {"club": {"timezone": "Europe/London"}}  # GMT in March: London time is UTC


class TimelineOver(Exception):
    """The timeline reached its end: stops the scheduler."""


@dataclass
class Pause:
    at: datetime  # the clock when the scheduler paused
    seconds: float  # how long it asked to sleep
    statements: int  # SQL statements the bot made since the previous pause


@dataclass
class Timeline:
    h: Harness
    until: datetime
    script: list[tuple[datetime, Callable[[], Awaitable[Any]]]] = field(default_factory=list)
    pauses: list[Pause] = field(default_factory=list)
    # Each request the bot sent, with the clock time at which it went out.
    sent: list[tuple[datetime, RecordedRequest]] = field(default_factory=list)
    _seen_requests: int = 0
    _seen_statements: int = 0

    def at(self, moment: datetime, action: Callable[[], Awaitable[Any]]) -> None:
        self.script.append((moment, action))
        self.script.sort(key=lambda item: item[0])

    async def run(self, jobs: list[Job]) -> Scheduler:
        scheduler = Scheduler(
            jobs, self.h.clock, wake=services_of(self.h.bot).wake, pause=self.pause
        )
        self.scheduler = scheduler
        self._seen_statements = statements(self.h.store)
        self._seen_requests = len(self.h.requests)
        async with self.h.capture():
            with pytest.raises(TimelineOver):
                await scheduler.run_forever()
        return scheduler

    def _settle(self) -> None:
        now = self.h.clock.now()
        self.sent += [(now, r) for r in self.h.requests[self._seen_requests :]]
        self._seen_requests = len(self.h.requests)

    async def pause(self, seconds: float) -> None:
        """The scheduler's pause: over at once when a run was in flight (it ends) or a wake-up
        came, as `Scheduler.sleep` is; otherwise the clock jumps to the pause's end."""
        busy = await self._in_flight()
        self._settle()
        now = self.h.clock.now()
        count = statements(self.h.store)
        self.pauses.append(Pause(now, seconds, count - self._seen_statements))
        self._seen_statements = count
        wake = services_of(self.h.bot).wake
        if busy or wake.changed:
            return
        end = now + timedelta(seconds=seconds)
        while self.script and self.script[0][0] <= end:
            moment, action = self.script.pop(0)
            self.h.clock.set(moment)
            await action()
            self._settle()
            self._seen_statements = statements(self.h.store)  # the command's own
            if wake.changed:
                return
        if end > self.until:
            raise TimelineOver
        self.h.clock.set(end)

    async def _in_flight(self) -> bool:
        """Wait for the runs and the daily post's sends started so far (the fake Discord
        answers at once, so they end without the clock moving); whether there were any."""
        busy = self.scheduler.busy
        await self.scheduler.finish_runs()
        while daily_post(self.h)._sending:
            await asyncio.gather(*list(daily_post(self.h)._sending))
        return busy

    def sent_to(self, path: str) -> list[datetime]:
        return [at for at, r in self.sent if r.method == "POST" and r.path == path]


def statements(store: Store) -> int:
    count = getattr(store, "db").statements  # noqa: B009 (each backend's Database wrapper)
    return int(count)


def schedule(h: Harness) -> Schedule:
    cog = h.bot.get_cog("Schedule")
    assert isinstance(cog, Schedule)
    return cog


def daily_post(h: Harness) -> DailyPost:
    cog = h.bot.get_cog("DailyPost")
    assert isinstance(cog, DailyPost)
    return cog


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


# -- reminders and check-ins -------------------------------------------------------------------


async def test_a_checkin_moved_earlier_by_profile_fires_at_its_new_minute(
    harness: Harness,
) -> None:
    # Tokyo (UTC+9): 18:34 there is 09:34 UTC, 34 minutes ahead; the scheduler plans to sleep
    # past 09:04. At 09:01 the member moves to Darwin (UTC+9:30): 18:34 there is 09:04 UTC.
    await harness.invoke("profile", {"timezone": "Asia/Tokyo"})
    await harness.invoke("checkin", {"time": "18:34"})
    [checkin] = await harness.store.timers.pending(ME)
    assert checkin.kind is TimerKind.CHECKIN and checkin.due_at == utc(10, 9, 34)

    timeline = Timeline(harness, until=utc(10, 9, 40))
    timeline.at(utc(10, 9, 1), lambda: harness.invoke("profile", {"timezone": "Australia/Darwin"}))
    await timeline.run(schedule(harness).jobs)

    [first, *_] = timeline.pauses
    assert first.at == T0 and first.seconds == SLOW_POLL.total_seconds()  # 09:34 is further
    woken = [p for p in timeline.pauses if p.at == utc(10, 9, 1)]
    assert [p.seconds for p in woken] == [180]  # woken by /profile: sleeps until 09:04
    assert timeline.sent_to(DM_PATH) == [utc(10, 9, 4)]  # once, at its new minute
    [dm] = [r for _, r in timeline.sent if r.path == DM_PATH]
    assert dm.json["embeds"][0]["title"].startswith("Morning check-in")
    [next_one] = await harness.store.timers.pending(ME)
    assert next_one.due_at == utc(11, 9, 4)  # tomorrow, 18:34 in Darwin


# -- the daily post ----------------------------------------------------------------------------


async def _post_at_18_changed_at_10(
    make_harness: Callable[..., Harness], command: str, options: dict[str, Any]
) -> Timeline:
    """A club posting at 18:00 whose admin runs `command` at 10:00 on the 10th; the scheduler
    runs the daily post until 12:30 on the 11th."""
    async with make_harness(config=CONFIG) as h:
        await h.invoke("club reminder set", {"channel": TRAINING, "time": "18:00"})
        timeline = Timeline(h, until=utc(11, 12, 30))
        timeline.at(utc(10, 10), lambda: h.invoke(command, options))
        await timeline.run([daily_post(h)])
    return timeline


def _reads(timeline: Timeline) -> list[tuple[datetime, int]]:
    """When the scheduler's pauses found statements sent, and how many."""
    return [(p.at, p.statements) for p in timeline.pauses if p.statements]


async def test_the_idle_daily_post_reads_nothing_and_posts_at_a_time_moved_earlier(
    make_harness: Callable[..., Harness],
) -> None:
    # At 10:00 an admin moves the post to 12:00: today's goes out at 12:00, not 18:00.
    moved = {"channel": TRAINING, "time": "12:00"}
    timeline = await _post_at_18_changed_at_10(make_harness, "club reminder set", moved)

    assert timeline.sent_to(POST_PATH) == [utc(10, 12), utc(11, 12)]
    # One read to learn the due time at the start, one after the change, one after each post
    # (its run, the records it wrote); none while nothing was due.
    reads = _reads(timeline)
    assert sorted({at for at, _ in reads}) == [T0, utc(10, 10), utc(10, 12), utc(11, 12)]
    assert reads[0] == (T0, 1) and reads[1] == (utc(10, 10), 1)
    # It still looks at the clock every SLOW_POLL (a clock that jumped), reading nothing.
    assert max(p.seconds for p in timeline.pauses) == SLOW_POLL.total_seconds()
    assert len(timeline.pauses) > 24 * 3600 / SLOW_POLL.total_seconds()


async def test_turning_the_post_off_wakes_the_scheduler_which_then_reads_nothing_at_its_time(
    make_harness: Callable[..., Harness],
) -> None:
    timeline = await _post_at_18_changed_at_10(make_harness, "club reminder off", {})

    assert timeline.sent_to(POST_PATH) == []
    # Read at the start and once after the change, which leaves nothing due: not again at
    # 18:00, the time it would have woken for without being told.
    assert _reads(timeline) == [(T0, 1), (utc(10, 10), 1)]


# -- the purge and the backup ------------------------------------------------------------------


async def test_the_purge_runs_at_start_and_again_a_day_later(harness: Harness) -> None:
    # A club whose data is here though the bot is not in its server: marked removed by the
    # first purge's catch-up, deleted by the first purge at least 30 days after that.
    gone = 555_000_000_000_000_000
    await harness.store.members.ensure(MemberRef(guild_id=gone, user_id=ALICE.id), T0)
    await harness.store.privacy.mark_removed(gone, T0 - timedelta(days=30) + timedelta(hours=1))
    privacy = harness.bot.get_cog("Privacy")
    assert isinstance(privacy, Privacy)

    timeline = Timeline(harness, until=utc(11, 9, 5))
    before: list[set[int]] = []
    timeline.at(
        utc(11, 8, 59),
        lambda: _note(before, harness.store.privacy.guilds_with_data()),
    )
    await timeline.run([privacy])

    assert gone in before[0]  # kept at 09:00 on the 10th: removed 29 days 23 hours before
    assert gone not in await harness.store.privacy.guilds_with_data()  # purged at 09:00 on 11th
    assert await harness.store.privacy.removed_guilds() == {}
    assert await privacy.next_due(utc(11, 9, 5)) == utc(12, 9)


async def _note(into: list[set[int]], read: Awaitable[set[int]]) -> None:
    into.append(await read)


@pytest.mark.sqlite_only
async def test_the_backup_runs_at_start_and_at_each_utc_midnight(
    make_harness: Callable[..., Harness], tmp_path: Path
) -> None:
    backups = tmp_path / "backups"
    async with make_harness(config={"database": {"backup_dir": str(backups)}}) as h:
        upkeep = h.bot.get_cog("Upkeep")
        assert isinstance(upkeep, Upkeep)
        made: dict[str, datetime] = {}

        async def look() -> None:
            for path in backups.iterdir():
                made.setdefault(path.name, h.clock.now())

        second = timedelta(seconds=1)
        timeline = Timeline(h, until=utc(12, 0, 30))
        for moment in (T0, utc(11, 0), utc(12, 0)):
            timeline.at(moment + second, look)
        await timeline.run([upkeep])

    # Each one there a second after its time (and no file of a date can exist before it).
    assert made == {
        "runclub-2026-03-10.sqlite3": T0 + second,
        "runclub-2026-03-11.sqlite3": utc(11, 0) + second,
        "runclub-2026-03-12.sqlite3": utc(12, 0) + second,
    }
    assert {utc(11, 0), utc(12, 0)} <= {p.at for p in timeline.pauses}  # awake at midnight
