"""Issue 11's table, "fast under a crowd", measured in one run on both backends.

The real bot runs through the test harness (discord.py's own code; only the network is fake
and answers at once), so what is timed is the bot's own cost. Every figure is a ratio against
something measured in the same run on the same machine, because absolute times on a shared
2-core box mean little. Each backend gets: SQLite on a file, and a throwaway PostgreSQL server
started the way the tests start one (tests/postgres_server.py).

    make bench                        # the full table (a few minutes on 2 cores)
    .venv/bin/python scripts/bench.py --quick
    .venv/bin/python scripts/bench.py --backend sqlite
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.actions.daily_post import BATCH_CLUBS, DailyPostRunner, Outcome
from bot.config import DatabaseSettings, Settings
from bot.gcpause import settle_after_startup
from bot.render.reply import Reply
from bot.store import Store, open_store
from scripts.bench_watchfiles import watch_file_line
from tests.discord.harness import FakeClock, FakeUser, Harness
from tests.postgres_server import find_bindir, running_server

HERE = Path(__file__).resolve().parent.parent
GUILD = Harness.guild_a.id


# -- probes --------------------------------------------------------------------------------------


class LoopLag:
    """How late a 5 ms sleep wakes up: the event loop's responsiveness (worst case)."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            self.worst = max(self.worst, time.perf_counter() - before - 0.005)

    async def __aenter__(self) -> LoopLag:
        self._task = asyncio.get_running_loop().create_task(self._run())
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.__exit__()

    # Also a plain context manager, for code that starts the probe without awaiting.
    def __enter__(self) -> LoopLag:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


@contextmanager
def gc_pauses() -> Iterator[list[float]]:
    """Every collection's duration while the block runs (gc.callbacks)."""
    pauses: list[float] = []
    started = [0.0]

    def callback(phase: str, info: dict[str, Any]) -> None:
        del info
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            pauses.append(time.perf_counter() - started[0])

    gc.callbacks.append(callback)
    try:
        yield pauses
    finally:
        gc.callbacks.remove(callback)


def statements(store: Store) -> int:
    count = getattr(store, "db").statements  # noqa: B009 (each backend's Database wrapper)
    return int(count)


def rss_mib(pid: int) -> float:
    """Resident memory of `pid` and all its descendants, from /proc."""
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        total += next(
            int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")
        )
        for task in Path(f"/proc/{current}/task").iterdir():
            children = (task / "children").read_text().split()
            todo.extend(int(c) for c in children)
    return total / 1024


# -- seeding with bulk SQL -----------------------------------------------------------------------


async def bulk(
    store: Store, backend: str, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert rows without going through commands: executemany / COPY."""
    db: Any = getattr(store, "db")  # noqa: B009
    if backend == "sqlite":

        def plain(value: Any) -> Any:
            if isinstance(value, datetime):
                return int(value.timestamp())
            if isinstance(value, bool):
                return int(value)
            return value

        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        for first in range(0, len(rows), 50_000):
            async with db.transaction() as tx:
                await tx.executemany(
                    sql, [tuple(plain(v) for v in row) for row in rows[first : first + 50_000]]
                )
    else:
        async with db.connection() as conn:
            await conn.copy_records_to_table(table, records=rows, columns=list(columns))


def member_rows(guild_id: int, users: range, now: datetime) -> list[tuple[Any, ...]]:
    return [(guild_id, user_id, now) for user_id in users]


MEMBER_COLUMNS = ("guild_id", "user_id", "created_at")
LEG_COLUMNS = ("guild_id", "user_id", "at", "exercises", "is_hard", "created_at")
RUN_COLUMNS = ("guild_id", "user_id", "at", "run_type", "distance_km", "minutes", "created_at")


async def seed_history(
    store: Store, backend: str, rows: int, now: datetime, base: int = 10_000
) -> None:
    """`rows` leg days and runs over many members of guild A (Alice among them), old ones
    mostly: what a big club's database holds."""
    users = range(base, base + max(1, rows // 1000))
    await bulk(store, backend, "members", MEMBER_COLUMNS, member_rows(GUILD, users, now))
    legs = [
        (GUILD, users[i % len(users)], now - timedelta(hours=1 + i % 20_000), 4, True, now)
        for i in range(rows // 2)
    ]
    runs = [
        (
            GUILD,
            users[i % len(users)],
            now - timedelta(hours=1 + i % 20_000),
            "easy",
            5.0,
            30.0,
            now,
        )
        for i in range(rows - rows // 2)
    ]
    await bulk(store, backend, "leg_days", LEG_COLUMNS, legs)
    await bulk(store, backend, "runs", RUN_COLUMNS, runs)


# -- the measurements ----------------------------------------------------------------------------


async def timed(call: Awaitable[Any]) -> float:
    start = time.perf_counter()
    await call
    return time.perf_counter() - start


def tick_clock(h: Harness) -> None:
    """One fake millisecond per interaction: the fake's ids carry the time, and only 4,096
    fit in one millisecond."""
    h.clock.advance(timedelta(milliseconds=1))


async def median_cost(h: Harness, command: str, options: dict[str, Any], n: int) -> float:
    samples = []
    for _ in range(n):
        tick_clock(h)
        samples.append(await timed(h.invoke(command, options)))
    return statistics.median(samples)


async def canirun_vs_help(h: Harness, n: int) -> tuple[float, float]:
    # Interleaved rounds, so a busy neighbour on the machine hits both alike.
    canirun, helps = [], []
    for _ in range(5):
        canirun.append(await median_cost(h, "canirun", {"type": "tempo", "soreness": 3}, n // 5))
        helps.append(await median_cost(h, "help", {}, n // 5))
    return statistics.median(canirun), statistics.median(helps)


@dataclass
class Burst:
    wall: float
    slowest: float
    lag: float
    gc_max: float


async def burst(h: Harness, interactions: int, members: int) -> Burst:
    users = [FakeUser(930_000_000_000_000_000 + i, f"m{i}") for i in range(members)]

    def call(i: int) -> Awaitable[Any]:
        user = users[i % members]
        guild = Harness.guild_a
        tick_clock(h)
        match i % 4:
            case 0:
                return h.invoke(
                    "legday", {"exercises": i % 6, "when": "1h ago"}, user=user, guild=guild
                )
            case 1:
                return h.invoke(
                    "run", {"type": "easy", "distance": 5, "minutes": 30}, user=user, guild=guild
                )
            case 2:
                return h.invoke("canirun", {"type": "tempo"}, user=user, guild=guild)
            case _:
                return h.invoke("help", {}, user=user, guild=guild)

    async with LoopLag() as lag:
        with gc_pauses() as pauses:
            start = time.perf_counter()

            # Each member sends their commands one after another: `members` in flight at once.
            async def member(first: int) -> list[float]:
                return [await timed(call(i)) for i in range(first, interactions, members)]

            each = [s for m in await asyncio.gather(*map(member, range(members))) for s in m]
            wall = time.perf_counter() - start
    return Burst(wall, max(each), lag.worst, max(pauses, default=0.0))


class InstantSender:
    def __init__(self) -> None:
        self.sent = 0

    async def send(self, guild_id: int, channel_id: int, reply: Reply, *, nonce: str) -> int:
        del guild_id, channel_id, reply, nonce
        self.sent += 1
        return self.sent


@dataclass
class DailyPost:
    seconds: float
    statements: int
    batches: int
    lag: float
    gc_max: float


async def daily_post(
    database: DatabaseSettings, backend: str, clubs: int, members: int
) -> DailyPost:
    now = datetime(2026, 6, 10, 7, 0, 10, tzinfo=UTC)
    store = await open_store(database)
    try:
        club_ids = range(5_000, 5_000 + clubs)
        await bulk(
            store,
            backend,
            "clubs",
            (
                "guild_id",
                "channel_id",
                "post_minute",
                "timezone",
                "enabled",
                "paused",
                "failed_days",
                "effective_at",
                "updated_at",
            ),
            [(g, g, 7 * 60, None, True, False, 0, now - timedelta(days=1), now) for g in club_ids],
        )
        users = range(1, members + 1)
        await bulk(
            store,
            backend,
            "members",
            MEMBER_COLUMNS,
            [r for g in club_ids for r in member_rows(g, users, now)],
        )
        # Every member had a leg day yesterday evening; every other one a hard one.
        await bulk(
            store,
            backend,
            "leg_days",
            LEG_COLUMNS,
            [
                (g, u, now - timedelta(hours=14), 4 if u % 2 else 1, bool(u % 2), now)
                for g in club_ids
                for u in users
            ],
        )
        await bulk(
            store,
            backend,
            "club_sessions",
            ("guild_id", "weekday", "start_minute", "run_type", "created_at"),
            [
                (g, now.weekday(), 18 * 60 + 30, kind, now)
                for g in club_ids
                for kind in ("hills", "easy")
            ],
        )
        gc.collect()
        sender = InstantSender()
        reminders = DailyPostRunner(store, Settings(), sender)
        before = statements(store)
        async with LoopLag() as lag:
            with gc_pauses() as pauses:
                start = time.perf_counter()
                outcomes = await reminders.tick(now)
                seconds = time.perf_counter() - start
        assert set(outcomes.values()) == {Outcome.SENT} and sender.sent == clubs, outcomes
        return DailyPost(
            seconds,
            statements(store) - before,
            -(-clubs // BATCH_CLUBS),
            lag.worst,
            max(pauses, default=0.0),
        )
    finally:
        await store.close()


def start_up_ratio(database: DatabaseSettings, tmp: Path) -> tuple[float, float]:
    """Seconds from process start to a ready bot, and to `import discord`, median of 3."""
    python = sys.executable
    env = {**os.environ, "PYTHONPATH": str(HERE)}
    imports, starts = [], []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([python, "-c", "import discord"], check=True, env=env)
        imports.append(time.perf_counter() - t)
        t = time.perf_counter()
        proc = subprocess.Popen(
            [
                python,
                __file__,
                "--child",
                "startup",
                "--child-db",
                str(database.url),
                "--child-tmp",
                str(tmp),
            ],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()
        starts.append(time.perf_counter() - t)
        assert line.strip() == "ready", line
        proc.wait(timeout=60)
    return statistics.median(starts), statistics.median(imports)


def memory(database: DatabaseSettings, tmp: Path) -> float:
    python = sys.executable
    env = {**os.environ, "PYTHONPATH": str(HERE)}
    out = subprocess.run(
        [
            python,
            __file__,
            "--child",
            "memory",
            "--child-db",
            str(database.url),
            "--child-tmp",
            str(tmp),
        ],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return float(out.stdout.strip().splitlines()[-1])


async def child(kind: str, database: DatabaseSettings, tmp: Path) -> None:
    """The bot in a process of its own: for start-up time and memory."""
    config = {"database": database.model_dump(exclude_none=True, include={"url"})}
    async with Harness(
        Path(tempfile.mkdtemp(dir=tmp)), config=config, clock=FakeClock(), timeout=300
    ) as h:
        await h.ready()
        settle_after_startup()  # what setup_hook does in production (create_bot(settle_gc=True))
        if kind == "startup":
            print("ready", flush=True)
            return
        for _ in range(20):  # a few commands, no chart
            await h.invoke("canirun", {"type": "tempo"})
            await h.invoke("legday", {"exercises": 2})
        print(f"{rss_mib(os.getpid()):.1f}", flush=True)


# -- one backend ---------------------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    value: float
    target: float
    shown: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.value <= self.target


async def one_backend(
    backend: str, databases: Callable[[], DatabaseSettings], tmp: Path, quick: bool
) -> list[Figure]:
    figures: list[Figure] = []
    n = 100 if quick else 400
    interactions, members = (400, 40) if quick else (2000, 200)
    big_rows = 100_000 if quick else 1_000_000
    clubs, club_members = (100, 50) if quick else (1000, 200)

    # /canirun against /help, and at 1k rows against at 1M rows (other members' history).
    database = databases()
    config = {"database": database.model_dump(exclude_none=True, include={"url"})}
    async with Harness(
        Path(tempfile.mkdtemp(dir=tmp)), config=config, clock=FakeClock(), timeout=300
    ) as h:
        await h.invoke("legday", {"exercises": 4, "when": "10h ago"})
        settle_after_startup()
        await seed_history(h.bot.store, backend, 1_000, h.clock.now())
        canirun_small, help_cost = await canirun_vs_help(h, n)
        figures.append(
            Figure(
                "/canirun cost / /help cost",
                canirun_small / help_cost,
                1.4,
                "",
                f"{canirun_small * 1000:.2f} ms / {help_cost * 1000:.2f} ms",
            )
        )
        result = await burst(h, interactions, members)
        figures.append(
            Figure(
                f"burst of {interactions} from {members} members: wall / ({interactions} x /help)",
                result.wall / (interactions * help_cost),
                1.3,
                "",
                f"{result.wall:.2f} s; slowest answer {result.slowest * 1000:.0f} ms",
            )
        )
        figures.append(
            Figure("burst: slowest interaction, all its answers (s)", result.slowest, 1.0, "")
        )
        figures.append(
            Figure(
                "burst: event-loop lag max (ms)",
                result.lag * 1000,
                20,
                "",
                f"GC pause max {result.gc_max * 1000:.1f} ms",
            )
        )
        await seed_history(h.bot.store, backend, big_rows - 1_000, h.clock.now(), base=20_000)
        canirun_big, help_big = await canirun_vs_help(h, n)
        figures.append(
            Figure(
                f"/canirun at {big_rows // 1000}k rows / at 1k rows",
                (canirun_big / help_big) / (canirun_small / help_cost),
                1.1,
                "",
                f"{canirun_big * 1000:.2f} ms vs {canirun_small * 1000:.2f} ms (against /help)",
            )
        )

    post = await daily_post(databases(), backend, clubs, club_members)
    figures.append(
        Figure(
            f"daily post, {clubs} clubs x {club_members} members (s)",
            post.seconds,
            1.5,
            "",
            f"{post.statements} statements for {post.batches} batches of up to {BATCH_CLUBS}",
        )
    )
    figures.append(
        Figure(
            "daily-post tick: event-loop lag max (ms)",
            post.lag * 1000,
            20,
            "",
            f"GC pause max {post.gc_max * 1000:.1f} ms",
        )
    )

    # Memory: a bot process over a 100k-row database, no chart drawn yet.
    database = databases()
    store = await open_store(database)
    try:
        await seed_history(store, backend, 100_000, datetime.now(UTC))
    finally:
        await store.close()
    figures.append(
        Figure("memory, 100k rows, bot + children, no chart (MiB)", memory(database, tmp), 100, "")
    )
    started, imported = start_up_ratio(databases(), tmp)
    figures.append(
        Figure(
            'start-up to ready / python -c "import discord"',
            started / imported,
            1.5,
            "",
            f"{started:.2f} s / {imported:.2f} s",
        )
    )
    return figures


def print_table(backend: str, figures: list[Figure]) -> None:
    print(f"\n{backend}")
    for f in figures:
        verdict = "PASS" if f.ok else "MISS"
        print(f"  {f.name:<78} {f.value:8.2f}  target <= {f.target:<5g} {verdict}  {f.detail}")


def _sqlite_files(tmp: Path) -> Callable[[], DatabaseSettings]:
    counter = iter(range(1_000_000))
    return lambda: DatabaseSettings(url=f"sqlite:///{tmp}/db{next(counter)}.sqlite3")


async def main(backends: Sequence[str], quick: bool) -> int:
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores,"
        f" {'quick' if quick else 'full'} run, {datetime.now(UTC).date()}"
    )
    missed = 0
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for backend in backends:
            if backend == "sqlite":
                figures = await one_backend(
                    "sqlite",
                    _sqlite_files(tmp),
                    tmp,
                    quick,
                )
            else:
                bindir = find_bindir()
                if bindir is None:
                    print(
                        "\npostgresql: skipped, no PostgreSQL binaries"
                        " (see tests/postgres_server.py)"
                    )
                    continue
                with running_server(bindir) as server:
                    figures = await one_backend(
                        "postgresql",
                        lambda: DatabaseSettings(url=server.fresh_database()),
                        tmp,
                        quick,
                    )
            print_table(backend, figures)
            missed += sum(not f.ok for f in figures)
    # Issue 13: a long watch file read in the helper process, and the loop meanwhile.
    print(await watch_file_line(LoopLag))
    await timers_burst(200 if quick else 1000)
    return missed


async def timers_burst(count: int = 1000) -> None:
    """Issue 14: `count` reminders due in the same minute, one run of the reminders' job.
    Prints how long it takes to send them all and the event loop's worst lag meanwhile (the
    target: under 50 ms). Separate from main() so it merges with a rewritten bench."""
    from bot.core.models import MemberRef  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock()
        async with Harness(Path(tmp), clock=clock) as h:
            now = clock.now()
            for n in range(count):
                member = MemberRef(guild_id=h.guild_a.id, user_id=10_000 + n)
                await h.store.timers.add_ready(
                    member, entry_id=n + 1, due_at=now + timedelta(seconds=n % 60), now=now
                )
            clock.advance(timedelta(minutes=1))
            cog = h.bot.get_cog("Reminders")
            assert cog is not None
            with LoopLag() as lag:
                took = await timed(cog.run(clock.now()))  # type: ignore[attr-defined]
            sent = sum(1 for r in h.requests if r.method == "POST" and "/channels/9" in r.path)
            print(
                f"timers: {sent}/{count} due in one minute sent in {took * 1000:.0f} ms;"
                f" worst loop lag {lag.worst * 1000:.1f} ms"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller numbers: about a minute")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a figure misses its target"
    )
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), action="append")
    parser.add_argument("--child", choices=("startup", "memory"), help=argparse.SUPPRESS)
    parser.add_argument("--child-db", help=argparse.SUPPRESS)
    parser.add_argument("--child-tmp", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        asyncio.run(child(args.child, DatabaseSettings(url=args.child_db), Path(args.child_tmp)))
        raise SystemExit(0)
    missed = asyncio.run(main(args.backend or ("sqlite", "postgresql"), args.quick))
    raise SystemExit(1 if missed and args.strict else 0)
