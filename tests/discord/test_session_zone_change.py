"""A club's zone changed after its sessions were published, end to end: `/club reminder set
timezone:` moves each session's Discord event to its start in the new zone (the PATCH checked
against Discord's spec by the fake), and the heads-up reads to the new occurrences' heads-up
times; a real database underneath, SQLite or PostgreSQL.

The club starts on the config's zone, UTC. A session on Tuesdays at 18:00 added on Tuesday
10 March 2026 09:00 UTC first starts at 18:00 UTC, its heads-up (3 hours) at 15:00 UTC. Every
expected instant in a new zone is worked out here with zoneinfo, never read from the bot.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.core.schedule import ClubReminder
from bot.core.session_events import ZoneFollowed
from bot.discord.cogs.reminders import Reminders
from bot.render.club import reminder_set_reply
from tests.discord.harness import ALICE, BOB, GUILD_A, FakeClock, Harness, Result, discord_ts
from tests.discord.harness.payloads import dm_channel_id

EVENTS = f"/guilds/{GUILD_A.id}/scheduled-events"
TRAINING = GUILD_A.channel_named("training")
TUESDAY = {"day": "tuesday", "time": "18:00", "type": "easy"}
ADDED = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # a Tuesday
OLD_START = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
OLD_HEADS_UP = OLD_START - timedelta(hours=3)
M = timedelta(minutes=1)


def local(day: datetime, zone: str) -> datetime:
    """18:00 on `day`'s date in `zone`, as a UTC instant (zoneinfo's own answer)."""
    return datetime(day.year, day.month, day.day, 18, 0, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat()


@pytest.fixture
async def club(make_harness: Callable[..., Harness]) -> AsyncIterator[Harness]:
    async with make_harness() as h:  # [club] timezone: UTC, the default
        yield h


async def add(h: Harness) -> int:
    await h.invoke("club session add", TUESDAY)
    [event] = h.fake.events.in_guild(GUILD_A.id)
    return int(event["id"])


async def set_zone(h: Harness, zone: str | None, *, expect_errors: bool = False) -> Result:
    options: dict[str, Any] = {"channel": TRAINING, "time": "07:00"}
    if zone is not None:
        options["timezone"] = zone
    return await h.invoke("club reminder set", options, expect_errors=expect_errors)


def patches(result: Result) -> list[dict[str, Any]]:
    found = [r for r in result.requests if r.method == "PATCH" and r.path.startswith(EVENTS)]
    return [r.json for r in found if r.json is not None]


async def fire(h: Harness) -> Any:
    cog = h.bot.get_cog("Reminders")
    assert isinstance(cog, Reminders)
    async with h.capture() as cap:
        await cog.run(h.clock.now())
    return cap


def heads_ups_to_alice(cap: Any) -> list[dict[str, Any]]:
    path = f"/channels/{dm_channel_id(ALICE.id)}/messages"
    return [r.json for r in cap.requests if r.method == "POST" and r.path == path]


@pytest.mark.parametrize(
    "added",
    [ADDED, datetime(2026, 2, 3, 9, 0, tzinfo=UTC)],
    ids=["EDT", "EST"],
)
async def test_setting_a_zone_moves_the_event_to_the_sessions_start_there(
    club: Harness, clock: FakeClock, added: datetime
) -> None:
    clock.set(added)
    event_id = await add(club)
    [event] = club.fake.events.in_guild(GUILD_A.id)
    assert event["scheduled_start_time"] == iso(added.replace(hour=18))

    result = await set_zone(club, "America/New_York")

    new_start = local(added, "America/New_York")
    assert new_start.hour == (22 if added.month == 3 else 23)  # EDT, EST
    [patch] = patches(result)
    assert patch["scheduled_start_time"] == iso(new_start)
    assert patch["scheduled_end_time"] == iso(new_start + timedelta(minutes=60))
    assert patch["recurrence_rule"]["start"] == iso(new_start)
    [event] = club.fake.events.in_guild(GUILD_A.id)
    assert (int(event["id"]), event["scheduled_start_time"]) == (event_id, iso(new_start))
    assert "1 session event moved to America/New_York time." in result.text
    # The list finds it right, and the same zone again moves nothing.
    assert patches(await club.invoke("club session list")) == []
    again = await set_zone(club, "America/New_York")
    assert patches(again) == [] and "moved" not in again.text


async def test_back_to_the_configs_zone_moves_it_back(club: Harness) -> None:
    await add(club)
    await set_zone(club, "America/New_York")
    result = await set_zone(club, None)  # the daily post's zone falls back to [club] timezone
    [patch] = patches(result)
    assert patch["scheduled_start_time"] == iso(OLD_START)
    assert "1 session event moved to UTC time." in result.text


async def test_an_event_moved_by_hand_is_left_as_it_is_and_not_judged_at_the_sessions_time(
    club: Harness, clock: FakeClock
) -> None:
    clock.set(ADDED - timedelta(days=1))
    event_id = await add(club)
    await club.invoke("profile", {"heads_up": "all"})
    club.fake.events.mark_interested(event_id, ALICE.id)
    club.fake.events.edit_by_hand(event_id, scheduled_start_time="2026-03-10T19:00:00+00:00")
    result = await set_zone(club, "Asia/Tokyo")
    assert patches(result) == []
    assert (
        "1 session event edited by hand in Discord was left as it is." in result.text.splitlines()
    )
    [event] = club.fake.events.in_guild(GUILD_A.id)
    assert event["scheduled_start_time"] == "2026-03-10T19:00:00+00:00"
    # The session itself is at 18:00 in Tokyo now, 09:00 UTC, and its reads from 06:00 UTC;
    # but Alice is interested in an event an admin set to 19:00 UTC, far from them: she is
    # told nothing for 09:00 (hand edits win), at the session's reads or the old ones'.
    heads_up = local(ADDED, "Asia/Tokyo") - timedelta(hours=3)
    told = []
    for moment in (heads_up, heads_up + 5 * M, OLD_HEADS_UP):
        clock.set(moment)
        cap = await fire(club)
        looked = [r for r in cap.requests if r.method == "GET" and r.path == f"{EVENTS}/{event_id}"]
        told.append((len(looked), len(heads_ups_to_alice(cap))))
    # Each read before 09:00 UTC looks at the event; none after, until next week's.
    assert told == [(1, 0), (1, 0), (0, 0)]


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Tokyo"])
async def test_the_heads_up_comes_at_the_new_zones_time_once(
    club: Harness, clock: FakeClock, zone: str
) -> None:
    """West (New York: later the same day) and east (Tokyo: 18:00 there is 09:00 UTC, before
    the old heads-up time, which would then find next week's session and tell it a week
    early)."""
    clock.set(ADDED - timedelta(days=1))  # Monday: Tuesday's heads-up is ahead either way
    event_id = await add(club)
    await club.invoke("profile", {"heads_up": "all"})  # a GO is told too
    club.fake.events.mark_interested(event_id, ALICE.id)
    await set_zone(club, zone)
    start = local(ADDED, zone)
    heads_up = start - timedelta(hours=3)

    told: list[tuple[datetime, dict[str, Any]]] = []
    moments = sorted({OLD_HEADS_UP, heads_up - M, heads_up, heads_up + 5 * M, start - M})
    for moment in moments:
        clock.set(moment)
        told += [(moment, dm) for dm in heads_ups_to_alice(await fire(club))]
    assert [moment for moment, _ in told] == [heads_up]
    [(_, dm)] = told
    assert f"{discord_ts(start)}" in dm["embeds"][0]["description"]


async def test_an_event_discord_would_not_move_is_said_and_moved_by_the_next_list(
    club: Harness,
) -> None:
    event_id = await add(club)
    club.fake.script("PATCH", f"{EVENTS}/{event_id}", 503, times=1)
    result = await set_zone(club, "America/New_York", expect_errors=True)
    assert [r.status for r in result.requests if r.method == "PATCH"] == [503]
    assert (
        "1 session event could not be moved yet (Discord refused or did not answer);"
        " `/club session list` tries again." in result.text
    )
    [patch] = patches(await club.invoke("club session list"))
    assert patch["scheduled_start_time"] == iso(local(ADDED, "America/New_York"))


@asynccontextmanager
async def restarted_on_tokyo(
    make_harness: Callable[..., Harness],
    clock: FakeClock,
    club: dict[str, Any] | None = None,
) -> AsyncIterator[Harness]:
    """The day before `ADDED`, Tuesday's session added on UTC, Alice interested and wanting
    every heads-up; then the bot started again with `[club] timezone` Asia/Tokyo (or the
    `[club]` settings `club`), its fake Discord's calendar carried over."""
    clock.set(ADDED - timedelta(days=1))
    async with make_harness() as first:
        event_id = await add(first)
        await first.invoke("profile", {"heads_up": "all"})
        first.fake.events.mark_interested(event_id, ALICE.id)
        calendar = first.fake.events
    async with make_harness(config={"club": club or {"timezone": "Asia/Tokyo"}}) as second:
        second.fake.events.events.update(calendar.events)
        second.fake.events.interested.update(calendar.interested)
        yield second


async def test_a_config_zone_change_at_a_restart_never_tells_a_week_early(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    """`[club] timezone` changed from UTC to Asia/Tokyo while the bot was down: the read queued
    for 15:00 UTC finds Tuesday's 18:00 in Tokyo (09:00 UTC) started, so the next is a week
    on. It reads nothing then, and tells that occurrence at its own heads-up time, once."""
    async with restarted_on_tokyo(make_harness, clock) as second:
        week_on = local(ADDED + timedelta(days=7), "Asia/Tokyo")
        told: list[tuple[datetime, list[dict[str, Any]]]] = []
        reads = 0
        for moment in (OLD_HEADS_UP, OLD_HEADS_UP + 5 * M, week_on - timedelta(hours=3)):
            clock.set(moment)
            cap = await fire(second)
            reads += sum(1 for r in cap.requests if r.path.endswith("/users"))
            told += [(moment, heads_ups_to_alice(cap))]
    assert [(moment, len(dms)) for moment, dms in told] == [
        (OLD_HEADS_UP, 0),
        (OLD_HEADS_UP + 5 * M, 0),
        (week_on - timedelta(hours=3), 1),
    ]
    assert reads == 1
    assert f"{discord_ts(week_on)}" in told[-1][1][0]["embeds"][0]["description"]


async def test_a_member_told_before_the_change_is_not_told_again_for_that_occurrence(
    club: Harness, clock: FakeClock
) -> None:
    """Told at 15:00 UTC for Tuesday's 18:00 UTC; at 16:00 the club moves to New York, which
    puts Tuesday's session at 22:00 UTC: its reads from 19:00 tell Bob, interested since, and
    not Alice again."""
    event_id = await add(club)
    for user in (ALICE, BOB):
        await club.invoke("profile", {"heads_up": "all"}, user=user)
    club.fake.events.mark_interested(event_id, ALICE.id)
    clock.set(OLD_HEADS_UP)
    assert len(heads_ups_to_alice(await fire(club))) == 1
    clock.set(OLD_HEADS_UP + timedelta(hours=1))
    await set_zone(club, "America/New_York")
    club.fake.events.mark_interested(event_id, BOB.id)
    heads_up = local(ADDED, "America/New_York") - timedelta(hours=3)
    to_alice, to_bob = 0, 0
    bob = f"/channels/{dm_channel_id(BOB.id)}/messages"
    for moment in (heads_up, heads_up + 5 * M):
        clock.set(moment)
        cap = await fire(club)
        to_alice += len(heads_ups_to_alice(cap))
        to_bob += sum(1 for r in cap.requests if r.method == "POST" and r.path == bob)
    assert (to_alice, to_bob) == (0, 1)


async def test_a_stored_zone_unknown_here_is_mended_and_the_events_follow(club: Harness) -> None:
    await add(club)
    await set_zone(club, None)
    # A zone a tzdata update removed, or a hand-edited row.
    await club.store.db.run(
        "UPDATE clubs SET timezone = 'Mars/Olympus' WHERE guild_id = :g", g=GUILD_A.id
    )
    result = await set_zone(club, "America/New_York")
    assert result.embed["title"] == "Daily post set"
    [patch] = patches(result)
    assert patch["scheduled_start_time"] == iso(local(ADDED, "America/New_York"))


def test_what_a_zone_change_did_to_several_events_is_counted_in_words() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    reminder = ClubReminder(
        guild_id=GUILD_A.id,
        channel_id=1,
        post_time=datetime(2026, 3, 10, 7).time(),
        timezone=tokyo,
        effective_at=ADDED,
    )
    reply = reminder_set_reply(reminder, tokyo, None, ZoneFollowed(tokyo, moved=2, edited=2))
    assert (reply.description or "").splitlines()[1:3] == [
        "2 session events moved to Asia/Tokyo time.",
        "2 session events edited by hand in Discord were left as they are.",
    ]
