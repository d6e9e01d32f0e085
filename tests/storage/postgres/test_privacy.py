"""Export, deletion and purge on PostgreSQL: the counterparts of the `sqlite_only` privacy tests,
plus one that holds both backends' exports side by side."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from bot.core.models import LegDay, MemberRef, Run, RunType, Verdict
from bot.core.races import Race, RaceDistance
from bot.core.session_events import HeadsUpKey
from bot.store import Store
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SqliteStore
from bot.store.tables import GUILD_TABLES, MEMBER_TABLES
from tests.storage.checkins import answer
from tests.storage.conftest import ALICE, ALICE_ELSEWHERE, BOB, T0

H = timedelta(hours=1)
DAY = timedelta(days=1)


async def _fill(store: Store | PostgresStore, member: MemberRef) -> None:
    await store.members.save_profile(
        member, now=T0, timezone=ZoneInfo("Europe/London"), listed=False
    )
    await store.entries.add_leg_day(
        member,
        LegDay(
            at=T0,
            is_hard=True,
            exercises=4,
            heaviest=80,
            sets=3,
            reps=5,
            notes="squats",
            minutes=50,
            rpe=8,
        ),
        now=T0 + H,
    )
    await store.entries.add_run(
        member,
        Run(at=T0 + DAY, run_type=RunType.TEMPO, distance_km=8.0, minutes=40, rpe=7),
        now=T0 + DAY,
    )
    await store.entries.add_run(member, Run(at=T0 + 2 * DAY, run_type=RunType.EASY), now=T0)
    await store.races.add(
        member,
        Race(on=(T0 + 9 * DAY).date(), name="City 10k", distance=RaceDistance.TEN_K),
        today=T0.date(),
        now=T0,
    )
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


async def _rows(pg: PostgresStore, table: str, member: MemberRef) -> list[dict[str, Any]]:
    rows = await pg.db.fetchall(
        f"SELECT * FROM {table} WHERE guild_id = $1 AND user_id = $2 ORDER BY 1, 2, 3",
        member.guild_id,
        member.user_id,
    )
    return [dict(row.items()) for row in rows]


async def test_the_table_lists_match_the_schema_and_the_sqlite_ones(pg: PostgresStore) -> None:
    rows = await pg.db.fetchall(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = 'public'"
    )
    columns: dict[str, set[str]] = {}
    for row in rows:
        columns.setdefault(row["table_name"], set()).add(row["column_name"])
    with_guild = {t for t, cols in columns.items() if "guild_id" in cols} - {"guild_removals"}
    assert set(GUILD_TABLES) == with_guild
    assert set(MEMBER_TABLES) == {t for t, cols in columns.items() if "user_id" in cols}


async def test_export_is_the_same_on_both_backends(pg: PostgresStore, tmp_path: Path) -> None:
    async with await SqliteStore.open(tmp_path / "same.sqlite3") as lite:
        for store in (lite, pg):
            for member in (ALICE, BOB, ALICE_ELSEWHERE):
                await _fill(store, member)
        expected = await lite.privacy.export_member(ALICE)
    exported = await pg.privacy.export_member(ALICE)
    assert exported == expected
    assert {type(v) for rows in exported.values() for r in rows for v in r.values()} <= {
        int,
        float,
        str,
        type(None),
        type(T0),
    }
    created = [r["created_at"] for r in exported["runs"]]
    assert all(isinstance(c, datetime) and c.utcoffset() == timedelta(0) for c in created)


async def test_export_of_a_member_with_nothing_stored(pg: PostgresStore) -> None:
    assert await pg.privacy.export_member(ALICE) == {t: [] for t in MEMBER_TABLES}


async def test_delete_member_leaves_nothing_of_them_and_everything_else(
    pg: PostgresStore,
) -> None:
    for member in (ALICE, BOB, ALICE_ELSEWHERE):
        await _fill(pg, member)
    others = (BOB, ALICE_ELSEWHERE)
    before = {m: {t: await _rows(pg, t, m) for t in MEMBER_TABLES} for m in others}

    # + a race, three timers (the check-in its answer is for among them), an answer, a
    # notice, a heads-up and an "Interested" mark
    assert await pg.privacy.delete_member(ALICE) == 12

    for table in MEMBER_TABLES:
        assert await _rows(pg, table, ALICE) == []
    assert {m: {t: await _rows(pg, t, m) for t in MEMBER_TABLES} for m in others} == before


async def test_delete_member_is_all_or_nothing(pg: PostgresStore) -> None:
    await _fill(pg, ALICE)
    await pg.db.execute(
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql"
        " AS $$ BEGIN RAISE EXCEPTION 'no'; END $$"
    )
    await pg.db.execute(
        "CREATE TRIGGER refuse BEFORE DELETE ON members FOR EACH ROW EXECUTE FUNCTION refuse()"
    )
    with pytest.raises(asyncpg.RaiseError):
        await pg.privacy.delete_member(ALICE)
    for table in MEMBER_TABLES:
        assert await _rows(pg, table, ALICE), table


async def _guild_rows(pg: PostgresStore, guild_id: int) -> dict[str, int]:
    counts = {}
    for table in GUILD_TABLES:
        row = await pg.db.fetchone(f"SELECT count(*) FROM {table} WHERE guild_id = $1", guild_id)
        assert row is not None
        counts[table] = int(row[0])
    return counts


async def _fill_club(pg: PostgresStore, guild_id: int) -> None:
    from bot.core.clubpost import ClubSession, Weekday  # noqa: PLC0415
    from bot.core.models import TipId  # noqa: PLC0415
    from bot.core.schedule import Slot  # noqa: PLC0415

    await _fill(pg, MemberRef(guild_id=guild_id, user_id=ALICE.user_id))
    await pg.clubs.set_reminder(guild_id, channel_id=5, post_time=T0.time(), timezone=None, now=T0)
    await pg.club_sessions.add(
        guild_id,
        ClubSession(weekday=Weekday.TUESDAY, start=T0.time(), run_type=RunType.TEMPO),
        now=T0,
    )
    slot = Slot(local_date=T0.date(), at=T0)
    await pg.posts.claim(guild_id, slot, channel_id=5, tip_id=TipId.CARBS, now=T0)


async def test_purge_deletes_every_guild_table_of_removed_clubs_only(pg: PostgresStore) -> None:
    gone, kept, re_added = ALICE.guild_id, ALICE_ELSEWHERE.guild_id, 777
    for guild_id in (gone, kept, re_added):
        await _fill_club(pg, guild_id)
    assert all(n > 0 for n in (await _guild_rows(pg, gone)).values())
    await pg.privacy.mark_removed(gone, T0)
    await pg.privacy.mark_removed(re_added, T0)
    await pg.privacy.clear_removed(re_added)
    kept_before = await _guild_rows(pg, kept)

    assert await pg.privacy.purge_removed(T0 - timedelta(seconds=1)) == []
    assert await pg.privacy.purge_removed(T0) == [gone]

    assert await _guild_rows(pg, gone) == dict.fromkeys(GUILD_TABLES, 0)
    assert await _guild_rows(pg, kept) == kept_before
    assert all(n > 0 for n in (await _guild_rows(pg, re_added)).values())
    assert await pg.privacy.removed_guilds() == {}
    assert await pg.privacy.purge_removed(T0 + 365 * DAY) == []


async def test_guilds_with_data(pg: PostgresStore) -> None:
    assert await pg.privacy.guilds_with_data() == set()
    await _fill(pg, ALICE)
    await pg.db.execute(
        "INSERT INTO club_sessions (guild_id, weekday, start_minute, run_type, created_at)"
        " VALUES (55, 1, 1080, 'tempo', now())"
    )
    assert await pg.privacy.guilds_with_data() == {ALICE.guild_id, 55}
