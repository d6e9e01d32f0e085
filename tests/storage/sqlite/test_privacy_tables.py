"""Export, member deletion, removal records and the purge, against a real SQLite file."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.core.models import LegDay, MemberRef, Run, RunType, Verdict
from bot.core.races import Race, RaceDistance
from bot.core.session_events import HeadsUpKey
from bot.store.sql.codec import from_epoch, is_time_column
from bot.store.sqlite import SqliteStore as Store
from bot.store.tables import GUILD_TABLES, MEMBER_TABLES
from tests.storage.checkins import answer
from tests.storage.conftest import ALICE, ALICE_ELSEWHERE, BOB, T0

H = timedelta(hours=1)
DAY = timedelta(days=1)


def _columns(path: Path) -> dict[str, list[str]]:
    with sqlite3.connect(path) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: [row[1] for row in conn.execute(f"PRAGMA table_info({t})")] for t in tables}


async def test_the_table_lists_match_the_migrated_schema(store: Store, db_path: Path) -> None:
    """A new table with club or member data must be added to the lists, or it would survive
    a purge or a /mydata delete."""
    columns = _columns(db_path)
    with_guild = {t for t, cols in columns.items() if "guild_id" in cols} - {"guild_removals"}
    with_user = {t for t, cols in columns.items() if "user_id" in cols}
    assert set(GUILD_TABLES) == with_guild
    assert set(MEMBER_TABLES) == with_user
    assert set(MEMBER_TABLES) <= set(GUILD_TABLES)
    # Every moment column follows the naming rule that the export relies on.
    for table, cols in columns.items():
        for col in cols:
            if col in ("at", "created_at", "removed_at", "updated_at"):
                assert is_time_column(col), (table, col)


async def _rows(store: Store, table: str, member: MemberRef) -> list[dict[str, Any]]:
    rows = await store.db.fetchall(
        f"SELECT * FROM {table} WHERE guild_id = ? AND user_id = ? ORDER BY rowid",
        (member.guild_id, member.user_id),
    )
    return [dict(row) for row in rows]


async def _fill(store: Store, member: MemberRef) -> None:
    await store.members.save_profile(
        member, now=T0, timezone=ZoneInfo("Europe/London"), listed=False
    )
    await store.entries.add_leg_day(
        member,
        LegDay(at=T0, is_hard=True, exercises=4, heaviest=80, sets=3, reps=5, notes="squats"),
        now=T0 + H,
    )
    await store.entries.add_run(
        member,
        Run(at=T0 + DAY, run_type=RunType.TEMPO, distance_km=8.0, minutes=40, rpe=7),
        now=T0 + DAY,
    )
    await store.races.add(
        member,
        Race(on=(T0 + 9 * DAY).date(), name="City 10k", distance=RaceDistance.TEN_K),
        today=T0.date(),
        now=T0,
    )
    await store.entries.add_run(member, Run(at=T0 + 2 * DAY, run_type=RunType.EASY), now=T0)
    # Issue 14's reminders and check-ins: a reminder, a check-in, an answer and a notice.
    await store.timers.add_ready(member, entry_id=1, due_at=T0 + 2 * DAY, now=T0)
    await store.timers.set_checkin(member, minute=420, first=lambda _: T0 + DAY, now=T0)
    await answer(store, member, T0.date(), 5, T0 + H)
    await store.notices.add(member, "dm", "I couldn't DM you: test", now=T0)
    # Issue 22: a heads-up before a session, and the console's "Interested" mark.
    key = HeadsUpKey(member.guild_id, 1, T0 + DAY, member.user_id)
    await store.heads_ups.claim(key, Verdict.WAIT, now=T0)
    await store.heads_ups.finish(key, claimed_at=T0, sent=True)
    await store.heads_ups.mark_interested(member.guild_id, 3, member.user_id, now=T0)


@pytest.mark.sqlite_only
async def test_export_has_every_row_and_column_with_times_as_utc(store: Store) -> None:
    await _fill(store, ALICE)
    await _fill(store, BOB)
    await _fill(store, ALICE_ELSEWHERE)

    exported = await store.privacy.export_member(ALICE)

    assert set(exported) == set(MEMBER_TABLES)
    for table in MEMBER_TABLES:
        raw = await _rows(store, table, ALICE)
        assert len(exported[table]) == len(raw) > 0
        for got, stored in zip(exported[table], raw, strict=True):
            assert set(got) == set(stored)
            for key, value in stored.items():
                if is_time_column(key) and value is None:
                    assert got[key] is None, (table, key)  # a pending timer's attempted_at
                elif is_time_column(key):
                    moment = got[key]
                    assert isinstance(moment, datetime) and moment == from_epoch(value)
                    assert moment.utcoffset() == timedelta(0)
                else:
                    assert got[key] == value, (table, key)
    assert {row["user_id"] for rows in exported.values() for row in rows} == {ALICE.user_id}
    assert {row["guild_id"] for rows in exported.values() for row in rows} == {ALICE.guild_id}


async def test_export_of_a_member_with_nothing_stored(store: Store) -> None:
    assert await store.privacy.export_member(ALICE) == {t: [] for t in MEMBER_TABLES}


async def _count(store: Store, table: str, member: MemberRef) -> int:
    return len(await _rows(store, table, member))


@pytest.mark.sqlite_only
async def test_delete_member_leaves_nothing_of_them_and_everything_else(store: Store) -> None:
    for member in (ALICE, BOB, ALICE_ELSEWHERE):
        await _fill(store, member)
    others = (BOB, ALICE_ELSEWHERE)
    before = {m: {t: await _rows(store, t, m) for t in MEMBER_TABLES} for m in others}

    deleted = await store.privacy.delete_member(ALICE)

    # Profile, leg day, two runs, a race, three timers (the check-in its answer is for among
    # them), an answer, a notice, a heads-up and an "Interested" mark.
    assert deleted == 12
    for table in MEMBER_TABLES:
        assert await _count(store, table, ALICE) == 0
    after = {m: {t: await _rows(store, t, m) for t in MEMBER_TABLES} for m in others}
    assert after == before


@pytest.mark.sqlite_only
async def test_delete_member_is_all_or_nothing(store: Store) -> None:
    await _fill(store, ALICE)
    # The profile row goes last (children first); failing there comes after the leg days and
    # runs were deleted, which must come back.
    await store.db.execute(
        "CREATE TRIGGER refuse BEFORE DELETE ON members BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    with pytest.raises(sqlite3.IntegrityError):
        await store.privacy.delete_member(ALICE)
    for table in MEMBER_TABLES:
        assert await _count(store, table, ALICE) > 0, table


async def _guild_rows(store: Store, guild_id: int) -> dict[str, int]:
    counts = {}
    for table in GUILD_TABLES:
        row = await store.db.fetchone(
            f"SELECT count(*) FROM {table} WHERE guild_id = ?", (guild_id,)
        )
        assert row is not None
        counts[table] = int(row[0])
    return counts


async def _fill_club(store: Store, guild_id: int) -> None:
    """A row in every guild table, members included, as issue 3's club post writes them."""
    await _fill(store, MemberRef(guild_id=guild_id, user_id=ALICE.user_id))
    epoch = int(T0.timestamp())
    await store.db.execute(
        "INSERT INTO clubs (guild_id, channel_id, post_minute, enabled, effective_at, updated_at)"
        " VALUES (?, 5, 420, 1, ?, ?)",
        (guild_id, epoch, epoch),
    )
    await store.db.execute(
        "INSERT INTO club_sessions (guild_id, weekday, start_minute, run_type, created_at)"
        " VALUES (?, 1, 1080, 'tempo', ?)",
        (guild_id, epoch),
    )
    await store.db.execute(
        "INSERT INTO posts (guild_id, local_date, slot_at, status, updated_at)"
        " VALUES (?, '2024-03-04', ?, 'sent', ?)",
        (guild_id, epoch, epoch),
    )


async def test_removal_records_keep_the_first_time_and_clear(store: Store) -> None:
    await store.privacy.mark_removed(1, T0)
    await store.privacy.mark_removed(1, T0 + DAY)  # a duplicate event
    await store.privacy.mark_removed(2, T0 + H)
    assert await store.privacy.removed_guilds() == {1: T0, 2: T0 + H}
    assert await store.privacy.clear_removed(1) is True
    assert await store.privacy.clear_removed(1) is False
    assert await store.privacy.removed_guilds() == {2: T0 + H}


@pytest.mark.sqlite_only
async def test_purge_deletes_every_guild_table_of_removed_clubs_only(store: Store) -> None:
    gone, kept, re_added = ALICE.guild_id, ALICE_ELSEWHERE.guild_id, 777
    for guild_id in (gone, kept, re_added):
        await _fill_club(store, guild_id)
    assert all(n > 0 for n in (await _guild_rows(store, gone)).values())
    await store.privacy.mark_removed(gone, T0)
    await store.privacy.mark_removed(re_added, T0)
    await store.privacy.clear_removed(re_added)
    kept_before = await _guild_rows(store, kept)

    # The cutoff is inclusive: removed at T0, purged by a cutoff of T0.
    assert await store.privacy.purge_removed(T0 - timedelta(seconds=1)) == []
    assert await store.privacy.purge_removed(T0) == [gone]

    assert await _guild_rows(store, gone) == dict.fromkeys(GUILD_TABLES, 0)
    assert await _guild_rows(store, kept) == kept_before
    assert all(n > 0 for n in (await _guild_rows(store, re_added)).values())
    assert await store.privacy.removed_guilds() == {}
    assert await store.privacy.purge_removed(T0 + 365 * DAY) == []


@pytest.mark.sqlite_only
async def test_guilds_with_data(store: Store) -> None:
    assert await store.privacy.guilds_with_data() == set()
    await _fill(store, ALICE)
    await store.db.execute(
        "INSERT INTO club_sessions (guild_id, weekday, start_minute, run_type, created_at)"
        " VALUES (55, 1, 1080, 'tempo', 0)"
    )
    assert await store.privacy.guilds_with_data() == {ALICE.guild_id, 55}
