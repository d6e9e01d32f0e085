"""A change of `[club] timezone` and the check-ins of members who use the club's zone: after the
restart, each check-in queued in the old zone comes at its minute in the new one, on the day it
was queued for, and every day is asked once across the change (by the day its DM names). A
member with a zone of their own is not moved, and a check-in waiting to be retried keeps its
day. The bot runs as the scheduler runs it: woken whenever the reminders say something is due.
Expected moments are worked out here with zoneinfo, not read from the bot."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.actions.timers import Fired
from tests.discord.harness import ALICE, BOB, FakeClock, Harness, discord_ts
from tests.discord.test_checkin_days import days_asked
from tests.discord.test_reminders import reminders_cog
from tests.discord.test_reminders_delivery import DM_PATH, wake

LONDON = "Europe/London"
NEW_YORK = "America/New_York"  # UTC-4 from 8 March 2026
BERLIN = "Europe/Berlin"  # UTC+1 until 29 March 2026
ABIDJAN = "Africa/Abidjan"  # UTC+0 all year, as London until 29 March 2026 01:00 UTC


def club(zone: str) -> dict[str, Any]:
    return {"club": {"timezone": zone}}


def at(day: int, hh_mm: str, zone: str) -> datetime:
    """`hh_mm` on `day` March 2026 on a clock in `zone`, as UTC."""
    local = datetime.combine(datetime(2026, 3, day).date(), time.fromisoformat(hh_mm))
    return local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


async def run_until(h: Harness, clock: FakeClock, until: datetime) -> None:
    """The bot runs to `until`, woken at each moment its reminders say something is due."""
    runner = reminders_cog(h).runner
    for _ in range(200):
        due = await runner.next_due(clock.now())
        if due is None or due > until:
            clock.set(until)
            return
        clock.set(max(due, clock.now()))
        await wake(h, expect_errors=True)
    raise AssertionError("the reminders never stopped being due")


def dm_times(h: Harness, user_id: int = ALICE.id) -> list[datetime]:
    return [datetime.fromisoformat(m["timestamp"]) for m in h.fake.dm_messages(user_id)]


@dataclass(frozen=True)
class Change:
    """Alice checks in at `time` (the club's zone, `before`); the bot runs to `restart`, and
    starts again with the club on `after`, running on to `until`."""

    before: str
    after: str
    time: str
    restart: datetime
    until: datetime
    # Her check-in DMs, in order: when each came, and the day it names.
    came: list[datetime]
    days: list[str]


CHANGES = {
    # West: Wednesday's came at 07:00 London; Thursday's at 07:00 New York (11:00 UTC).
    "west": Change(
        LONDON,
        NEW_YORK,
        "07:00",
        restart=at(11, "20:00", LONDON),
        until=at(13, "12:00", NEW_YORK),
        came=[at(11, "07:00", LONDON), at(12, "07:00", NEW_YORK), at(13, "07:00", NEW_YORK)],
        days=["Wed 11 Mar", "Thu 12 Mar", "Fri 13 Mar"],
    ),
    # East: Tuesday's came at 07:00 New York; Wednesday's at 07:00 London, four hours earlier
    # than the old zone's.
    "east": Change(
        NEW_YORK,
        LONDON,
        "07:00",
        restart=at(10, "20:00", LONDON),
        until=at(12, "12:00", LONDON),
        came=[at(10, "07:00", NEW_YORK), at(11, "07:00", LONDON), at(12, "07:00", LONDON)],
        days=["Tue 10 Mar", "Wed 11 Mar", "Thu 12 Mar"],
    ),
    # East, back after 07:00 London but before 07:00 New York: Wednesday's comes at once
    # (late, as after an outage), not at the old zone's hour, and Wednesday is not skipped.
    "east, back after the new zone's time": Change(
        NEW_YORK,
        LONDON,
        "07:00",
        restart=at(11, "09:00", LONDON),
        until=at(12, "12:00", LONDON),
        came=[at(10, "07:00", NEW_YORK), at(11, "09:00", LONDON), at(12, "07:00", LONDON)],
        days=["Tue 10 Mar", "Wed 11 Mar", "Thu 12 Mar"],
    ),
    # Near midnight, east: 23:30 London is 00:30 the next day in Berlin; Wednesday still gets
    # its own, at 23:30 Berlin.
    "east, near midnight": Change(
        LONDON,
        BERLIN,
        "23:30",
        restart=at(11, "12:00", LONDON),
        until=at(13, "12:00", BERLIN),
        came=[at(10, "23:30", LONDON), at(11, "23:30", BERLIN), at(12, "23:30", BERLIN)],
        days=["Tue 10 Mar", "Wed 11 Mar", "Thu 12 Mar"],
    ),
    # Near midnight, west: Wednesday's came at 00:30 Berlin (Tuesday 23:30 in London);
    # Thursday's is at 00:30 London, not at 00:30 Berlin.
    "west, near midnight": Change(
        BERLIN,
        LONDON,
        "00:30",
        restart=at(11, "12:00", LONDON),
        until=at(13, "12:00", LONDON),
        came=[at(11, "00:30", BERLIN), at(12, "00:30", LONDON), at(13, "00:30", LONDON)],
        days=["Wed 11 Mar", "Thu 12 Mar", "Fri 13 Mar"],
    ),
    # London's clocks go forward the night after the restart: Sunday's 07:00 is 06:00 UTC,
    # though at the restart London reads as Abidjan does.
    "onto a zone whose clocks change the next night": Change(
        ABIDJAN,
        LONDON,
        "07:00",
        restart=at(28, "20:00", LONDON),
        until=at(30, "12:00", LONDON),
        came=[at(28, "07:00", ABIDJAN), at(29, "07:00", LONDON), at(30, "07:00", LONDON)],
        days=["Sat 28 Mar", "Sun 29 Mar", "Mon 30 Mar"],
    ),
}


async def restarted(
    make_harness: Callable[..., Harness], clock: FakeClock, change: Change
) -> tuple[Harness, str]:
    """The change run through: the harness after the restart (Discord's DMs kept across it),
    and `/remind list`'s answer right after the restart's first wake."""
    first = make_harness(config=club(change.before))
    clock.set(change.came[0] - timedelta(hours=12))
    async with first:
        await first.invoke("checkin", {"time": change.time})
        await run_until(first, clock, change.restart)
    second = make_harness(config=club(change.after))
    second.fake = first.fake
    async with second:
        await wake(second)  # the scheduler's first look at the reminders, on start
        listed = (await second.invoke("remind list")).embed["description"]
        await run_until(second, clock, change.until)
    return second, listed


@pytest.mark.parametrize("name", list(CHANGES))
async def test_after_a_club_zone_change_check_ins_come_at_the_new_zones_time_one_a_day(
    make_harness: Callable[..., Harness], clock: FakeClock, name: str
) -> None:
    change = CHANGES[name]
    after, listed = await restarted(make_harness, clock, change)
    assert dm_times(after) == change.came
    assert days_asked(after) == dict.fromkeys(change.days, 1)
    # /remind list, on start, names the next one's new time.
    following = next(moment for moment in change.came if moment > change.restart)
    assert f"next {discord_ts(following)}" in listed


async def test_a_member_with_a_zone_of_her_own_is_not_moved(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    """Bob chose London himself; Alice uses the club's zone, London until the restart."""
    first = make_harness(config=club(LONDON))
    async with first:
        await first.invoke("profile", {"timezone": LONDON}, user=BOB)
        for user in (ALICE, BOB):
            await first.invoke("checkin", {"time": "07:00"}, user=user)
        await run_until(first, clock, at(11, "20:00", LONDON))
    second = make_harness(config=club(NEW_YORK))
    second.fake = first.fake
    async with second:
        await run_until(second, clock, at(12, "12:00", NEW_YORK))
    assert dm_times(second, BOB.id) == [at(11, "07:00", LONDON), at(12, "07:00", LONDON)]
    assert dm_times(second, ALICE.id) == [at(11, "07:00", LONDON), at(12, "07:00", NEW_YORK)]


async def test_a_check_in_waiting_to_retry_across_the_change_keeps_its_day(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    """Wednesday's check-in, 07:00 London, meets a 503; the bot restarts with the club on New
    York while it waits to be retried. The retry is Wednesday's (it comes at its retry time);
    Thursday's, queued by its first attempt, comes at 07:00 New York."""
    first = make_harness(config=club(LONDON))
    async with first:
        await first.invoke("checkin", {"time": "07:00"})
        await run_until(first, clock, at(11, "06:59", LONDON))
        clock.set(at(11, "07:00", LONDON))
        first.fake.script("POST", DM_PATH, 503, times=1)
        assert list((await wake(first, expect_errors=True)).outcomes.values()) == [Fired.RETRY]
    second = make_harness(config=club(NEW_YORK))
    second.fake = first.fake
    clock.advance(timedelta(seconds=1))  # the restart
    async with second:
        await run_until(second, clock, at(12, "12:00", NEW_YORK))
    [wednesday, thursday] = dm_times(second)
    assert at(11, "07:00", LONDON) < wednesday < at(11, "07:30", LONDON)  # the retry's backoff
    assert thursday == at(12, "07:00", NEW_YORK)
    assert days_asked(second) == {"Wed 11 Mar": 1, "Thu 12 Mar": 1}


async def test_a_check_in_queued_by_a_process_on_the_old_zone_after_the_start_is_moved(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    """A rolling restart: the process on New York is up (its first wake is over) while the one
    on London still answers a /checkin. That check-in, queued at 07:00 London, is moved when
    it comes due, to 07:00 New York, and sent then."""
    clock.set(at(10, "20:00", LONDON))
    async with make_harness(config=club(NEW_YORK)) as new:
        await wake(new)
        async with make_harness(config=club(LONDON)) as old:
            await old.invoke("checkin", {"time": "07:00"})
        await run_until(new, clock, at(12, "12:00", NEW_YORK))
        assert dm_times(new) == [at(11, "07:00", NEW_YORK), at(12, "07:00", NEW_YORK)]
        assert days_asked(new) == {"Wed 11 Mar": 1, "Thu 12 Mar": 1}
