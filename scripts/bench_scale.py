"""`make bench-scale`: issue 21's "ten thousand clubs in one minute", measured.

N clubs (default 10,000) of 200 members each, every member with leg days over the last three
weeks, are loaded with COPY into a throwaway PostgreSQL started the way the tests start one
(tests/postgres_server.py), with pg_stat_statements loaded. Four shard processes of the real
bot (scripts/bench_scale_shard.py) then run against one fake Discord
(scripts/bench_scale_discord.py) that answers in a few ms and enforces Discord's global limit of
50 requests a second across all of them with global 429s. Every club's post is due at the same
minute, and one shard process is killed (SIGKILL) mid-run and started again at once. The
report: per club the time from its slot to its post (p50, p99, max), posts per club (a repeated
nonce the fake answers with the first message does not count twice), the global 429s, CPU (and
of it the post's own work), memory and statements per process, and the database's own time.

    make bench-scale                                   # 10,000 clubs: several minutes
    .venv/bin/python scripts/bench_scale.py --clubs 500    # a quick run
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg

from bot.store.postgres import PostgresStore
from tests.postgres_server import PostgresServer, find_bindir, running_server

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
MEMBERS = 200
LEG_DAYS = 4  # per member, over the last three weeks
HISTORY = timedelta(days=21)
HARD_EXERCISES = 3  # [advice] hard_exercises' default: the stored is_hard agrees with it
KILLED_SHARD = 1  # the shard process the run kills mid-run and starts again
LEAD = timedelta(seconds=20)  # the slot is the first whole minute at least this far ahead


def proc_usage(pid: int) -> dict[str, float]:
    """A running process's CPU seconds and peak memory, read from /proc before it is killed
    (a killed process reports nothing of its own)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime: fields 14 and 15
    status = Path(f"/proc/{pid}/status").read_text()
    peak_kib = next(
        int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")
    )
    return {"cpu_seconds": round(cpu, 2), "max_rss_mib": round(peak_kib / 1024, 1)}


def next_slot() -> datetime:
    """The first whole minute at least LEAD from now: the shard processes are up by then."""
    soon = datetime.now(UTC) + LEAD
    whole = soon.replace(second=0, microsecond=0)
    return whole if whole == soon else whole + timedelta(minutes=1)


def guild_of(index: int) -> int:
    # Snowflake-shaped: the time part spreads the clubs evenly over the shards.
    return ((1_300_000 + index) << 22) | 0x1234


# -- loading -----------------------------------------------------------------------------------


def member_rows(clubs: int, created: datetime) -> Iterator[tuple[Any, ...]]:
    for club in range(clubs):
        guild = guild_of(club)
        for member in range(MEMBERS):
            yield (guild, user_of(club, member), created)


def user_of(club: int, member: int) -> int:
    return 10**17 + club * MEMBERS + member


def leg_day_rows(clubs: int, slot: datetime, seed: int) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(seed)
    span = HISTORY.total_seconds()
    for club in range(clubs):
        guild = guild_of(club)
        for member in range(MEMBERS):
            user = user_of(club, member)
            for _ in range(LEG_DAYS):
                at = slot - timedelta(seconds=rng.uniform(600, span))
                exercises = rng.randint(1, 6)
                yield (guild, user, at, exercises, exercises >= HARD_EXERCISES, at)


async def load(url: str, clubs: int, slot: datetime) -> dict[str, float]:
    """COPY the members, their leg days, the clubs and their sessions; the secondary indexes of
    the big tables are built after the copy (as a bulk load would), then ANALYZE."""
    timings: dict[str, float] = {}
    created = slot - HISTORY - timedelta(days=1)
    conn = await asyncpg.connect(url)
    try:
        # Foreign-key checks row by row would dominate a bulk load; the rows are consistent.
        await conn.execute("SET session_replication_role = replica")
        indexes = await conn.fetch(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('members', 'leg_days')"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        for row in indexes:
            await conn.execute(f'DROP INDEX "{row["indexname"]}"')
        start = time.monotonic()
        await conn.copy_records_to_table(
            "members",
            records=member_rows(clubs, created),
            columns=["guild_id", "user_id", "created_at"],
        )
        timings["members"] = time.monotonic() - start
        start = time.monotonic()
        await conn.copy_records_to_table(
            "leg_days",
            records=leg_day_rows(clubs, slot, seed=21),
            columns=["guild_id", "user_id", "at", "exercises", "is_hard", "created_at"],
        )
        timings["leg_days"] = time.monotonic() - start
        start = time.monotonic()
        for row in indexes:
            await conn.execute(row["indexdef"])
        timings["indexes"] = time.monotonic() - start
        minute = slot.hour * 60 + slot.minute
        await conn.copy_records_to_table(
            "clubs",
            records=(
                (guild_of(c), guild_of(c) + 1, minute, True, slot - timedelta(hours=1), created)
                for c in range(clubs)
            ),
            columns=[
                "guild_id",
                "channel_id",
                "post_minute",
                "enabled",
                "effective_at",
                "updated_at",
            ],
        )
        weekday = slot.weekday()
        await conn.copy_records_to_table(
            "club_sessions",
            records=(
                (guild_of(c), weekday, (minute + offset) % 1440, kind, created)
                for c in range(clubs)
                for offset, kind in ((60, "tempo"), (600, "easy"))
            ),
            columns=["guild_id", "weekday", "start_minute", "run_type", "created_at"],
        )
        start = time.monotonic()
        await conn.execute("ANALYZE")
        timings["analyze"] = time.monotonic() - start
    finally:
        await conn.close()
    return timings


async def migrate(url: str) -> None:
    store = await PostgresStore.open(url)
    await store.close()


# -- running -----------------------------------------------------------------------------------


def stats(port: int) -> dict[str, int]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/stats", timeout=10) as answer:
        return dict(json.loads(answer.read()))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def shard_url(server: PostgresServer, database: str, shard: int, password: str) -> str:
    # A role per process: pg_stat_statements then tells the processes' statements apart.
    return f"postgresql://shard{shard}:{password}@127.0.0.1:{server.port}/{database}"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run(args: argparse.Namespace) -> int:  # noqa: PLR0915
    bindir = find_bindir()
    if bindir is None:
        print("bench-scale needs PostgreSQL's binaries (apt-get install postgresql)")
        return 2
    work = Path(tempfile.mkdtemp(prefix="runclub-scale-"))
    print(f"logs in {work}")
    clubs, shards = args.clubs, args.shards
    with running_server(bindir) as server:
        server.psql("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
        server.stop("fast")
        server.start()
        url = server.fresh_database()
        database = url.rsplit("/", 1)[1]
        asyncio.run(migrate(url))
        server.psql("CREATE EXTENSION pg_stat_statements", database)
        password = secrets.token_hex(12)
        for shard in range(shards):
            server.psql(f"CREATE ROLE shard{shard} LOGIN SUPERUSER PASSWORD '{password}'")

        slot = next_slot()
        # Loading takes a while: the slot is fixed afterwards (moved, not the data).
        print(f"loading {clubs:,} clubs x {MEMBERS} members x {LEG_DAYS} leg days ...", flush=True)
        started = time.monotonic()
        timings = asyncio.run(load(url, clubs, slot))
        load_seconds = time.monotonic() - started
        parts = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in timings.items())
        print(f"loaded in {load_seconds:.0f} s ({parts})")
        slot = next_slot()
        minute = slot.hour * 60 + slot.minute
        server.psql(
            f"UPDATE clubs SET post_minute = {minute},"
            f" effective_at = '{(slot - timedelta(hours=1)).isoformat()}'",
            database,
        )
        server.psql("SELECT pg_stat_statements_reset()", database)

        port = free_port()
        log_path = work / "discord.log"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        fake = subprocess.Popen(
            [sys.executable, str(SCRIPTS / "bench_scale_discord.py"), str(port), str(log_path)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert fake.stdout is not None
        fake.stdout.readline()

        def launch(shard: int) -> subprocess.Popen[str]:
            errors = (work / f"shard{shard}.err").open("a")
            return subprocess.Popen(
                [
                    sys.executable,
                    str(SCRIPTS / "bench_scale_shard.py"),
                    shard_url(server, database, shard, password),
                    str(shards),
                    str(shard),
                    str(port),
                    str(work / f"heartbeat{shard}"),
                    *([] if args.pace is None else [str(args.pace)]),
                ],
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
                env=env,
            )

        workers = [launch(shard) for shard in range(shards)]
        killed: dict[str, Any] | None = None
        slot_mono = time.monotonic() + (slot - datetime.now(UTC)).total_seconds()
        ahead = slot_mono - time.monotonic()
        print(f"slot {slot:%H:%M:%S} UTC, in {ahead:.0f} s; {shards} shard processes", flush=True)
        deadline = slot_mono + 300 + clubs / 45 * 1.5
        kill_at = None if args.kill_after is None else slot_mono + args.kill_after
        posted = 0
        while time.monotonic() < deadline:
            time.sleep(0.5 if kill_at is not None else 2)
            if kill_at is not None and time.monotonic() >= kill_at:
                # SIGKILL mid-run, as a crash or an OOM kill has it, and started again at once:
                # its claims are younger than the resend window, so they go out again with
                # their nonces, and the clubs it had not reached go out too.
                killed = proc_usage(workers[KILLED_SHARD].pid)
                workers[KILLED_SHARD].kill()
                workers[KILLED_SHARD].wait(timeout=30)
                workers[KILLED_SHARD] = launch(KILLED_SHARD)
                kill_at = None
                print(
                    f"shard {KILLED_SHARD} killed {args.kill_after:.0f} s after the slot and"
                    " started again",
                    flush=True,
                )
            posted = stats(port)["posts"]
            if posted >= clubs:
                break
            if any(w.poll() is not None for w in workers):
                print("a shard process stopped early")
                break
        time.sleep(3)  # the last records after the last sends
        counts = stats(port)
        reports: list[dict[str, Any]] = []
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            out, _ = worker.communicate(timeout=60)
            lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
            reports.append(lines[-1])
        fake.send_signal(signal.SIGTERM)
        fake.wait(timeout=30)
        per_role = asyncio.run(statements(url))
        top = asyncio.run(top_statements(url))
        statuses = server.psql(
            "SELECT status || ' ' || count(*) FROM posts GROUP BY status", database
        )

    if killed is not None:
        per_second = reports[KILLED_SHARD]["per_second"]
        reports.append({**killed, "shard": f"{KILLED_SHARD}, killed", "per_second": per_second})
    result = Result(args, load_seconds, slot_mono, counts, reports, per_role, top, statuses)
    return result.report(log_path, work)


@dataclass
class Result:
    args: argparse.Namespace
    load_seconds: float
    slot_mono: float
    counts: dict[str, int]
    reports: list[dict[str, Any]]
    per_role: dict[str, tuple[int, float]]
    top: list[tuple[int, float, str]]
    statuses: str

    def report(self, log_path: Path, work: Path) -> int:
        clubs, shards = self.args.clubs, self.args.shards
        times: dict[str, list[float]] = {}
        for line in log_path.read_text().splitlines():
            moment, status, channel = line.split()
            if status == "200" and channel != "-":
                times.setdefault(channel, []).append(float(moment))
        latencies = [min(t) - self.slot_mono for t in times.values()]
        per_club = Counter(len(t) for t in times.values())
        warnings = {}
        for shard in range(shards):
            lines = (work / f"shard{shard}.err").read_text().splitlines()
            warnings[shard] = sum("rate limit" in line for line in lines)
        pace = "each process's share" if self.args.pace is None else f"{self.args.pace:g}/s each"
        print(f"\n## bench-scale: {clubs:,} clubs x {MEMBERS} members ({clubs * MEMBERS:,}),")
        print(f"{clubs * MEMBERS * LEG_DAYS:,} leg days; {shards} shard processes at {pace}")
        print(f"load (COPY, indexes, ANALYZE): {self.load_seconds:.0f} s")
        if self.args.kill_after is not None:
            print(
                f"shard {KILLED_SHARD} killed (SIGKILL) {self.args.kill_after:.0f} s after"
                " the slot, started again at once (its statements below are both processes')"
            )
        if latencies:
            first, last = min(latencies), max(latencies)
            print(
                f"slot -> post: p50 {percentile(latencies, 0.5):.1f} s, p99"
                f" {percentile(latencies, 0.99):.1f} s, max {last:.1f} s (first {first:.1f} s;"
                f" {len(latencies) / max(last - first, 1e-9):.1f} posts/s from first to last;"
                f" floor {clubs / 50:.0f} s at 50/s)"
            )
        print(f"clubs posted: {len(times):,} of {clubs:,}; posts per club: {dict(per_club)}")
        print(
            f"global 429s answered: {self.counts['global_429']}; repeats answered with the"
            f" first message (same nonce): {self.counts['deduped']}"
        )
        print(f"discord.py rate-limit warnings per shard: {warnings}")
        print(f"post records: {self.statuses.replace(chr(10), ', ')}")
        print(
            "| process | pace/s | CPU s | of it the post's own work | max RSS MiB | statements |"
            " DB time s |"
        )
        print("|---|---|---|---|---|---|---|")
        for r in self.reports:
            calls, ms = self.per_role.get(f"shard{r['shard']}", (0, 0.0))
            print(
                f"| shard {r['shard']} | {r['per_second']:g} | {r['cpu_seconds']} |"
                f" {r.get('post_work_cpu_seconds', '?')} | {r['max_rss_mib']} | {calls:,} |"
                f" {ms / 1000:.1f} |"
            )
        cpu = sum(r["cpu_seconds"] for r in self.reports)
        database = sum(ms for _, ms in self.per_role.values()) / 1000
        work = sum(r.get("post_work_cpu_seconds", 0.0) for r in self.reports)
        print(
            f"bot CPU in all: {cpu:.1f} s, of it the post's own work (deciding, reading,"
            f" building; not sending) {work:.1f} s; database time in all: {database:.1f} s"
        )
        print("top statements by database time (all processes):")
        for calls, total, query in self.top:
            print(f"  {total / 1000:7.1f} s {calls:8,} calls  {query}")
        return 0 if len(times) == clubs and set(per_club) == {1} else 1


async def statements(url: str) -> dict[str, tuple[int, float]]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT r.rolname, sum(s.calls)::bigint AS calls, sum(s.total_exec_time) AS ms"
            " FROM pg_stat_statements AS s JOIN pg_roles AS r ON r.oid = s.userid"
            " WHERE r.rolname LIKE 'shard%' GROUP BY r.rolname"
        )
        return {row["rolname"]: (int(row["calls"]), float(row["ms"])) for row in rows}
    finally:
        await conn.close()


async def top_statements(url: str) -> list[tuple[int, float, str]]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT sum(s.calls)::bigint AS calls, sum(s.total_exec_time) AS ms,"
            " left(regexp_replace(s.query, '\\s+', ' ', 'g'), 90) AS query"
            " FROM pg_stat_statements AS s JOIN pg_roles AS r ON r.oid = s.userid"
            " WHERE r.rolname LIKE 'shard%' GROUP BY 3 ORDER BY 2 DESC LIMIT 6"
        )
        return [(int(r["calls"]), float(r["ms"]), str(r["query"])) for r in rows]
    finally:
        await conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clubs", type=int, default=10_000)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument(
        "--pace",
        type=float,
        help="each process's [discord] requests_per_second (default: its share); 10000 sets"
        " the budget out of the way, as the bot was before it",
    )
    parser.add_argument(
        "--kill-after",
        type=float,
        help=f"seconds after the slot at which shard process {KILLED_SHARD} is killed (SIGKILL)"
        " and started again (default: a third of the run's floor, clubs / 150; 0: never)",
    )
    args = parser.parse_args()
    if args.kill_after is None:
        args.kill_after = args.clubs / 150
    if args.kill_after <= 0:
        args.kill_after = None
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
