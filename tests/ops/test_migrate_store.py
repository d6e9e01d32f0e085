"""`runclub-bot migrate-store --to URL`: a SQLite store copied into an empty PostgreSQL
database, every member's /mydata export the same before and after, ids kept (and new ones past
them), the printed counts right, and a non-empty target refused naming what it holds."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest

from bot.actions.startup import record_start
from bot.cli import main
from bot.core.clubpost import ClubSession, Weekday
from bot.core.models import LegDay, MemberRef, Run, RunType, TipId, Units, Verdict
from bot.core.races import Race
from bot.core.schedule import Slot
from bot.core.session_events import HeadsUpKey
from bot.core.shards import ShardSet
from bot.store import Store
from bot.store.postgres import PostgresStore
from bot.store.sql.privacy import MemberExport
from bot.store.sqlite import SqliteStore
from tests.discord.harness import Harness
from tests.ops.compose_file import ROOT, container_env, load_compose
from tests.postgres_server import PostgresServer
from tests.storage.checkins import answer


def bot_env() -> dict[str, str]:
    """The environment of a bot process: this one's, without settings a test did not give."""
    drop = ("DISCORD_TOKEN", "RUNCLUB_CONFIG", "DATABASE_URL", "PGPASSWORD")
    return {**{k: v for k, v in os.environ.items() if k not in drop}, "PYTHONPATH": str(ROOT)}


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
    "timers": 3,  # a reminder, a check-in, and the check-in its answer is for
    "checkin_answers": 1,
    "member_notices": 1,
    "meta": 1,
    "clubs": 1,
    "club_sessions": 1,
    "posts": 1,
    "guild_removals": 1,
    "heads_ups": 1,
    "event_interest": 1,
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
    await store.timers.set_checkin(
        ALICE, minute=420, first=lambda _: T0 + timedelta(days=1), now=T0
    )
    await answer(store, ALICE, T0.date(), 5, T0)
    await store.notices.add(ALICE, "dm", "I couldn't DM you: test", now=T0)
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
    key = HeadsUpKey(GUILD, 1, T0, ALICE.user_id)
    await store.heads_ups.claim(key, Verdict.EASY_ONLY, now=T0)
    await store.heads_ups.finish(key, claimed_at=T0, sent=True)
    await store.heads_ups.mark_interested(GUILD, 5, ALICE.user_id, now=T0)


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


@pytest.mark.parametrize(
    "to", ["mysql://x", "sqlite:///{tmp}/other.sqlite3", "postgresq://typo@db/x", "db.example"]
)
def test_the_target_must_be_postgresql_and_the_message_says_only_that(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], to: str
) -> None:
    config = write_config(tmp_path, tmp_path / "club.sqlite3")
    assert main(["migrate-store", "--config", str(config), "--to", to.format(tmp=tmp_path)]) == 2
    err = capsys.readouterr().err
    # One answer, whatever was given: what migrate-store copies into, and nothing it refuses.
    assert err == (
        "runclub-bot migrate-store: --to must be a PostgreSQL url, starting with postgresql://"
        " or postgres://, e.g. postgresql://user:password@host:5432/dbname: migrate-store"
        " copies into PostgreSQL only\n"
    )
    assert not (tmp_path / "club.sqlite3").exists()


async def start_up_as_a_bot_process(
    tmp_path: Path, shards: ShardSet, *, url: str | None = None, db: Path | None = None
) -> None:
    """What a bot process writes as it starts, by the product's own code: the command sync of
    its setup (a logged-in bot on the fake Discord) and the start record `serve()` makes."""
    (tmp_path / "harness").mkdir(exist_ok=True)
    async with Harness(tmp_path / "harness", database_url=url, db_path=db) as harness:
        await record_start(harness.store, shards, T0)


async def meta_rows(store: Store) -> dict[str, str]:
    db: Any = store.db
    return {str(r[0]): str(r[1]) for r in await db.fetchall("SELECT key, value FROM meta")}


@pytest.mark.parametrize("source_backend", ["sqlite", "postgresql"])
def test_a_target_holding_only_start_up_records_is_accepted(
    tmp_path: Path,
    postgres_server: PostgresServer,
    source_backend: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target_url = postgres_server.fresh_database()
    db = tmp_path / "club.sqlite3"
    source_url = postgres_server.fresh_database() if source_backend == "postgresql" else None
    config = tmp_path / "config.toml"
    config.write_text(
        f'[database]\npath = "{db}"\n'
        if source_url is None
        else f"[database]\nurl = '{source_url}'\n",
        encoding="utf-8",
    )

    async def set_up() -> tuple[dict[MemberRef, MemberExport], dict[str, str]]:
        # The source bot ran unsharded; the two shards then started once on the target.
        await start_up_as_a_bot_process(tmp_path, ShardSet.everything(), url=source_url, db=db)
        for shard in (0, 1):
            await start_up_as_a_bot_process(tmp_path, ShardSet.of(2, [shard]), url=target_url)
        opened = SqliteStore.open(db) if source_url is None else PostgresStore.open(source_url)
        async with await opened as store:
            await fill(store)
            return await exports(store), await meta_rows(store)

    exported, source_meta = asyncio.run(set_up())
    assert main(["migrate-store", "--config", str(config), "--to", target_url]) == 0
    out = capsys.readouterr().out
    assert "replaced the target's 3 start-up records (command_tree:" in out
    assert "identify_starts:2:0, identify_starts:2:1) with the source's meta rows" in out
    assert re.search(rf"^meta\s+{len(source_meta)}\s+[0-9a-f]{{16}}\s+yes$", out, re.M)

    async def after() -> None:
        async with await PostgresStore.open(target_url) as store:
            assert await exports(store) == exported
            assert await meta_rows(store) == source_meta

    asyncio.run(after())


def test_the_compose_migrate_service_fills_the_database_the_shards_started_on(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    """compose.yaml's `migrate` service, run as `docker compose run` would run it: its command
    and environment from the file, with the host's ./data folder at its mount point, the
    database's host name resolving to the test server, and a generated (base64) password."""
    compose = load_compose()
    service = compose["services"]["migrate"]
    password = "q8/Zt+Ue3rVw9mK2Lx0=" + secrets.token_urlsafe(6)
    role = f"runclub_{secrets.token_hex(4)}"
    postgres_server.psql(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    name = postgres_server.fresh_database().rsplit("/", 1)[1]
    postgres_server.psql(f"ALTER DATABASE {name} OWNER TO {role}")
    postgres_server.psql(f"GRANT ALL ON SCHEMA public TO {role}", database=name)
    postgres_server.psql(f"ALTER SCHEMA public OWNER TO {role}", database=name)
    # Where compose's network and mount put them for the container.
    mounted = tmp_path / "data"
    mounted.mkdir()
    [mount] = service["volumes"]
    here = {"@db:5432/runclub": f"@127.0.0.1:{postgres_server.port}/{name}", "runclub@": f"{role}@"}

    def as_here(value: str) -> str:
        value = value.replace(mount["target"], str(mounted))
        for there, local in here.items():
            value = value.replace(there, local)
        return value

    host_env = {"POSTGRES_PASSWORD": password}
    env = {key: as_here(value) for key, value in container_env(service, host_env).items()}
    command = [as_here(part) for part in service["command"]]
    shard_url = as_here(compose["services"]["shard-0"]["environment"]["DATABASE_URL"])

    async def set_up() -> dict[MemberRef, MemberExport]:
        async with await SqliteStore.open(mounted / "runclub.sqlite3") as store:
            await fill(store)
            exported = await exports(store)
        # `docker compose up` came first: each shard started once on the empty database.
        target = f"postgresql://{role}:{quote(password, safe='')}@{shard_url.split('@', 1)[1]}"
        for shard in (0, 1):
            await start_up_as_a_bot_process(tmp_path, ShardSet.of(2, [shard]), url=target)
        return exported

    exported = asyncio.run(set_up())
    assert command[:2] == ["runclub-bot", "migrate-store"]
    done = subprocess.run(
        [sys.executable, "-m", "bot", *command[1:]],
        check=False,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**bot_env(), **env},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (
        f"copying {mounted / 'runclub.sqlite3'} (SQLite) to postgresql://{role}:***@" in done.stdout
    )
    assert "replaced the target's 3 start-up records" in done.stdout
    for form in (password, quote(password, safe="")):
        assert form not in done.stdout + done.stderr

    async def after() -> None:
        target = f"postgresql://{role}:{quote(password, safe='')}@{shard_url.split('@', 1)[1]}"
        async with await PostgresStore.open(target) as store:
            assert await exports(store) == exported

    asyncio.run(after())
