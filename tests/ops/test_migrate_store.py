"""`runclub-bot migrate-store --to URL`: a SQLite store copied into an empty PostgreSQL
database, every member's /mydata export the same before and after, ids kept (and new ones past
them), the printed counts right, and a non-empty target refused naming what it holds."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli import main
from bot.core.clubpost import ClubSession, Weekday
from bot.core.models import LegDay, MemberRef, Run, RunType, TipId, Units
from bot.core.races import Race
from bot.core.schedule import Slot
from bot.store import Store
from bot.store.postgres import PostgresStore
from bot.store.protocols import MemberExport
from bot.store.sqlite import SqliteStore

T0 = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)
GUILD, OTHER = 1_000_000_000_000_000_001, 1_000_000_000_000_000_002
ALICE = MemberRef(guild_id=GUILD, user_id=2_000_000_000_000_000_001)
BOB = MemberRef(guild_id=GUILD, user_id=2_000_000_000_000_000_002)
CAROL = MemberRef(guild_id=OTHER, user_id=2_000_000_000_000_000_003)
MEMBERS = (ALICE, BOB, CAROL)
# What the store holds per table, as the filled database below has it.
EXPECTED_ROWS = {
    "members": 3,
    "leg_days": 4,
    "runs": 3,
    "races": 1,
    "timers": 2,
    "checkin_answers": 1,
    "member_notices": 1,
    "meta": 1,
    "clubs": 1,
    "club_sessions": 1,
    "posts": 1,
    "guild_removals": 1,
}


async def fill(store: Store) -> None:
    await store.members.save_profile(
        ALICE, now=T0, timezone=ZoneInfo("Europe/London"), units=Units.MI, listed=False
    )
    for n, member in enumerate(MEMBERS):
        await store.entries.add_leg_day(
            member,
            LegDay(at=T0 - timedelta(hours=n), is_hard=True, exercises=4, notes=f"squats {n}"),
            now=T0,
        )
        await store.entries.add_run(
            member,
            Run(at=T0 + timedelta(minutes=n), run_type=RunType.TEMPO, distance_km=8.25, rpe=7),
            now=T0,
        )
    light = LegDay(at=T0 - timedelta(days=1), is_hard=False, exercises=1, hard_given=False)
    await store.entries.add_leg_day(ALICE, light, now=T0)
    await store.races.add(
        ALICE, Race(on=date(2026, 4, 12), name="City 10k"), today=T0.date(), now=T0
    )
    await store.timers.add_ready(ALICE, entry_id=1, due_at=T0 + timedelta(days=2), now=T0)
    await store.timers.set_checkin(ALICE, minute=420, due_at=T0 + timedelta(days=1), now=T0)
    await store.timers.save_soreness(ALICE, T0.date(), 5, now=T0)
    await store.timers.add_notice(ALICE, "dm", "I couldn't DM you: test", now=T0)
    await store.meta.set("note", "hello")
    await store.clubs.set_reminder(
        GUILD, channel_id=42, post_time=time(7, 0), timezone=None, now=T0
    )
    await store.club_sessions.add(
        GUILD,
        ClubSession(
            weekday=Weekday.THURSDAY, start=time(18, 30), run_type=RunType.HILLS, name="Hills"
        ),
        now=T0,
    )
    slot = Slot(local_date=date(2026, 3, 11), at=datetime(2026, 3, 11, 7, tzinfo=UTC))
    assert await store.posts.claim(GUILD, slot, channel_id=42, tip_id=TipId.STRETCH, now=T0) == 1
    await store.posts.mark_sent(GUILD, slot.local_date, message_id=99, now=T0)
    await store.privacy.mark_removed(OTHER, T0)


async def exports(store: Store) -> dict[MemberRef, MemberExport]:
    return {member: await store.privacy.export_member(member) for member in MEMBERS}


def write_config(tmp_path: Path, db: Path) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\npath = "{db}"\n', encoding="utf-8")
    return config


def test_migrate_store_round_trips_sqlite_into_postgresql(
    tmp_path: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "club.sqlite3"

    async def before() -> dict[MemberRef, MemberExport]:
        async with await SqliteStore.open(db) as store:
            await fill(store)
            return await exports(store)

    exported = asyncio.run(before())
    assert (
        main(["migrate-store", "--config", str(write_config(tmp_path, db)), "--to", postgres_url])
        == 0
    )
    out = capsys.readouterr().out

    printed = {
        m["table"]: int(m["rows"])
        for m in re.finditer(
            r"^(?P<table>[a-z_]+)\s+(?P<rows>\d+)\s+[0-9a-f]{16}\s+yes$", out, re.M
        )
    }
    assert printed == EXPECTED_ROWS
    assert f"copied {sum(EXPECTED_ROWS.values())} rows in {len(EXPECTED_ROWS)} tables" in out
    assert (
        "***" in out and postgres_url.split(":")[2].split("@", maxsplit=1)[0] not in out
    )  # no password

    async def after() -> None:
        async with await PostgresStore.open(postgres_url) as store:
            assert await exports(store) == exported
            # Ids kept (the entry L2 is the same leg day), and new ones come after them.
            added = await store.entries.add_leg_day(
                BOB, LegDay(at=T0, is_hard=False, exercises=0), now=T0
            )
            assert added.id == 5
            session = await store.club_sessions.add(
                GUILD,
                ClubSession(weekday=Weekday.TUESDAY, start=time(7, 0), run_type=RunType.EASY),
                now=T0,
            )
            assert session.id == 2
            reminder = await store.clubs.get(GUILD)
            assert reminder is not None and reminder.active and reminder.channel_id == 42
            assert (await store.posts.latest(GUILD)) is not None
            assert await store.privacy.removed_guilds() == {OTHER: T0}
            assert await store.meta.get("note") == "hello"

    asyncio.run(after())


def test_a_target_that_is_not_empty_is_refused_naming_what_it_holds(
    tmp_path: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "club.sqlite3"

    async def set_up() -> None:
        async with await SqliteStore.open(db) as store:
            await fill(store)
        async with await PostgresStore.open(postgres_url) as store:
            await store.meta.set("already", "here")
            await store.members.ensure(CAROL, T0)

    asyncio.run(set_up())
    config = write_config(tmp_path, db)
    assert main(["migrate-store", "--config", str(config), "--to", postgres_url]) == 1
    err = capsys.readouterr().err
    assert "not empty" in err and "members (1 rows)" in err and "meta (1 rows)" in err

    async def untouched() -> None:
        async with await PostgresStore.open(postgres_url) as store:
            assert await store.entries.recent(ALICE, 10) == []

    asyncio.run(untouched())


def test_the_target_must_be_postgresql(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, tmp_path / "club.sqlite3")
    target = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    assert main(["migrate-store", "--config", str(config), "--to", target]) == 2
    assert "postgresql://" in capsys.readouterr().err
