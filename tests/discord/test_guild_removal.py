"""A club's data after the bot leaves its server: the gateway events, the daily purge, and what
is caught up after a restart. Loop bodies are called directly with the fake clock."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from bot.core.models import MemberRef
from bot.core.shards import ShardSet, shard_of
from bot.discord.cogs.privacy import Privacy
from bot.discord.cogs.schedule import Schedule
from bot.discord.tree import NOT_IN_SERVER_MESSAGE
from bot.store.tables import GUILD_TABLES
from tests.discord.harness import (
    ALICE,
    BOB,
    CAROL,
    DEFAULT_START,
    GUILD_A,
    GUILD_B,
    FakeClock,
    Harness,
    guild_create_payload,
)

T0 = DEFAULT_START
DAY = timedelta(days=1)


def cog(h: Harness) -> Privacy:
    found = h.bot.get_cog("Privacy")
    assert isinstance(found, Privacy)
    return found


async def guild_rows(h: Harness, guild_id: int) -> int:
    total = 0
    for table in GUILD_TABLES:
        row = await h.store.db.one(
            f"SELECT count(*) FROM {table} WHERE guild_id = :guild_id", guild_id=guild_id
        )
        assert row is not None
        total += int(row[0])
    return total


async def removed(h: Harness) -> dict[int, Any]:
    return await h.store.privacy.removed_guilds()


async def kicked(h: Harness, guild_id: int) -> None:
    """GUILD_DELETE without `unavailable`: the bot was removed (not an outage)."""
    async with h.capture():
        h.bot._connection.parsers["GUILD_DELETE"]({"id": str(guild_id)})


async def added_back(h: Harness, guild: Any) -> None:
    """GUILD_CREATE for a guild the bot just joined: no `unavailable` key."""
    payload = guild_create_payload(guild, [], h.clock.now())
    del payload["unavailable"]
    async with h.capture():
        h.bot._connection.parsers["GUILD_CREATE"](payload)


async def club_with_data(h: Harness) -> None:
    await h.invoke("legday", {"exercises": 4})
    await h.invoke("run", {"type": "easy", "distance": 5}, user=BOB)
    await h.invoke("run", {"type": "easy", "distance": 5}, user=CAROL)
    await h.store.db.run(
        "INSERT INTO club_sessions (guild_id, weekday, start_minute, run_type, created_at)"
        " VALUES (:guild_id, 1, 1080, 'tempo', 0)",
        guild_id=GUILD_A.id,
    )


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_removal_is_recorded_and_purged_after_the_kept_days(
    harness: Harness, clock: FakeClock
) -> None:
    await club_with_data(harness)
    clock.advance(DAY)
    removed_at = clock.now()

    await kicked(harness, GUILD_A.id)

    assert await removed(harness) == {GUILD_A.id: removed_at}
    assert GUILD_A.id not in {g.id for g in harness.bot.guilds}
    privacy = cog(harness)
    # Default keep_days_after_removal: 30.
    assert await privacy.purge_removed(removed_at + 30 * DAY - timedelta(seconds=1)) == []
    assert await guild_rows(harness, GUILD_A.id) == 5  # members x2, leg day, run, session

    assert await privacy.purge_removed(removed_at + 30 * DAY) == [GUILD_A.id]

    assert await guild_rows(harness, GUILD_A.id) == 0
    assert await guild_rows(harness, GUILD_B.id) == 2  # Carol's club is untouched
    assert await removed(harness) == {}


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_being_added_back_first_keeps_the_data(harness: Harness, clock: FakeClock) -> None:
    await club_with_data(harness)
    await kicked(harness, GUILD_A.id)
    clock.advance(3 * DAY)

    await added_back(harness, GUILD_A)

    assert await removed(harness) == {}
    assert GUILD_A.id in {g.id for g in harness.bot.guilds}
    assert await cog(harness).purge_removed(clock.now() + 400 * DAY) == []
    assert await guild_rows(harness, GUILD_A.id) == 5
    # And the club carries on where it left off.
    undone = await harness.invoke("undo")
    assert undone.embed["title"] == "Undone: L1"


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_a_command_from_a_club_that_removed_the_bot_adds_nothing_to_its_purge(
    harness: Harness, clock: FakeClock
) -> None:
    # Removing the bot can leave its commands in the server's menus; what a member logs there
    # meanwhile would go in the purge unseen (or, added back, stay in a club they left).
    await club_with_data(harness)
    await kicked(harness, GUILD_A.id)

    logged = await harness.invoke("legday", {"exercises": 4}, user=BOB)
    typed = await harness.autocomplete("delete", {"entry": ""}, focused="entry")

    assert logged.ephemeral
    assert logged.content == NOT_IN_SERVER_MESSAGE
    assert typed.choices == []
    assert await guild_rows(harness, GUILD_A.id) == 5  # as it was: nothing added


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_the_kept_days_come_from_the_config(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    async with make_harness(config={"privacy": {"keep_days_after_removal": 3}}) as h:
        await club_with_data(h)
        await kicked(h, GUILD_A.id)
        assert await cog(h).purge_removed(clock.now() + 2 * DAY) == []
        assert await cog(h).purge_removed(clock.now() + 3 * DAY) == [GUILD_A.id]
        assert await guild_rows(h, GUILD_A.id) == 0


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_the_daily_loop_body_catches_up_and_purges(
    harness: Harness, clock: FakeClock
) -> None:
    await club_with_data(harness)
    gone_while_offline = 910_000_000_000_000_777
    await harness.store.db.run(
        "INSERT INTO members (guild_id, user_id, created_at) VALUES (:guild_id, :user_id, 0)",
        guild_id=gone_while_offline,
        user_id=ALICE.id,
    )
    # A removal recorded before a restart, for a guild the bot is in again (re-added offline).
    await harness.store.privacy.mark_removed(GUILD_A.id, clock.now() - 40 * DAY)

    async with harness.capture():
        await cog(harness).run(clock.now())

    assert await removed(harness) == {gone_while_offline: clock.now()}
    assert await guild_rows(harness, GUILD_A.id) == 5  # not purged: the bot is back
    clock.advance(30 * DAY)
    async with harness.capture():
        await cog(harness).run(clock.now())
    assert await guild_rows(harness, gone_while_offline) == 0
    assert await removed(harness) == {}


async def test_the_loop_body_logs_a_failure_and_does_not_raise(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(removed_before: Any, **kwargs: Any) -> list[int]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(harness.store.privacy, "purge_removed", broken)
    async with harness.capture(expect_errors=True) as cap:
        await cog(harness).run(harness.clock.now())
    assert "daily purge" in cap.log_text()
    assert "disk on fire" in cap.log_text()


async def test_the_purge_is_a_job_of_the_scheduler_due_at_start_then_daily(
    harness: Harness, clock: FakeClock
) -> None:
    purge = cog(harness)
    schedule = harness.bot.get_cog("Schedule")
    assert isinstance(schedule, Schedule) and purge in schedule.jobs
    # The scheduler starts once READY; the purge is due at once, then a day after each run.
    assert await purge.next_due(clock.now()) == clock.now()
    async with harness.capture():
        await purge.run(clock.now())
    assert await purge.next_due(clock.now()) == clock.now() + DAY


async def test_sharded_each_process_catches_up_on_its_own_shards_removals(
    harness: Harness, clock: FakeClock
) -> None:
    # A process of a bot sharded over processes sees its own shards' guilds only: a club with
    # data on one of them that it does not see was removed while the bot was offline; one on
    # another process's shard is that process's to judge. Before, a sharded bot marked none,
    # and such a club's data was kept for good (README, "Your data").
    await harness.invoke("legday", {"exercises": 4})  # a club the bot is in
    mine = ShardSet.of(2, [shard_of(GUILD_A.id, 2)])
    gone = {
        g: shard_of(g, 2) == shard_of(GUILD_A.id, 2) for g in range(910 << 22, 914 << 22, 1 << 22)
    }
    assert set(gone.values()) == {True, False}
    for guild_id in gone:
        await harness.store.members.ensure(
            MemberRef(guild_id=guild_id, user_id=ALICE.id), clock.now()
        )
    privacy = cog(harness)
    privacy.services = dataclasses.replace(privacy.services, shards=mine)
    harness.bot.shard_count = 2

    async with harness.capture():
        await cog(harness).run(clock.now())

    assert await removed(harness) == {g: clock.now() for g, own in gone.items() if own}
    assert GUILD_A.id not in await removed(harness)
