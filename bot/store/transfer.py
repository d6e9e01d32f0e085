"""`runclub-bot migrate-store`: copy every row of the configured store into an empty PostgreSQL
database (empty but for the start-up records of a bot process started on it), then prove the
copy with row counts and checksums per table.

Table by table: both backends keep the same tables and columns (numbered migrations with the
same numbers), so each row is read from the source as stored and converted to the target's
column types (SQLite's epoch seconds become timestamptz, its 0/1 booleans, its ISO dates
`date`). Ids are kept, and each identity sequence is moved past the largest id, so entry ids
(`L12`, `R34`) mean the same after the move and new rows never collide with copied ones.

The checksum of a table is a SHA-256 over its rows with every value in one plain form on both
sides (bot.store.sql.codec.exported, the export's: moments as UTC datetimes, booleans as 0/1;
dates as ISO text, floats by repr), sorted, so it compares what the rows mean and not how each
database stores them. Everything is written in one transaction: a copy that fails or does not
check out leaves the target as it was.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.config import DatabaseSettings
from bot.core.bookkeeping import is_start_up_record
from bot.store.errors import StoreError
from bot.store.postgres import PostgresDatabase, PostgresStore
from bot.store.sql import SqlStore
from bot.store.sql.codec import exported, moment
from bot.store.sql.seam import Db
from bot.store.tables import TABLES

# Copies go into PostgreSQL only: identity sequences, COPY-sized batches, information_schema.
Target = SqlStore[PostgresDatabase]
# The target's own bookkeeping, not data.
_NOT_COPIED = frozenset({"schema_migrations"})


class TransferError(StoreError):
    """The copy was refused or did not check out; the target is left as it was."""


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    pg_type: str  # information_schema's data_type
    identity: bool


@dataclass(frozen=True, slots=True)
class TableCheck:
    """A copied table's rows and checksum, the same on both sides."""

    table: str
    rows: int
    checksum: str


def to_target(value: Any, pg_type: str) -> Any:
    """A source value as the target column's type wants it. Numbers and text need nothing:
    SQLite's STRICT tables hold them in their Python types already."""
    if value is None:
        return None
    if pg_type == "timestamp with time zone":
        return moment(value)
    if pg_type == "boolean":
        return bool(value)
    if pg_type == "date":
        return value if isinstance(value, date) else date.fromisoformat(value)
    return value


def table_check(table: str, columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> TableCheck:
    names = [c.name for c in columns]
    # Dates become ISO text either way in JSON; floats keep their repr.
    lines = sorted(json.dumps(exported(zip(names, row, strict=True)), default=str) for row in rows)
    digest = hashlib.sha256("".join(f"{line}\n" for line in lines).encode()).hexdigest()
    return TableCheck(table, len(rows), digest)


def _select(table: str, columns: Sequence[Column]) -> str:
    """`table`'s rows, `columns` in order; names from TABLES and information_schema only."""
    return f"SELECT {', '.join(c.name for c in columns)} FROM {table}"


async def _columns(target: Target, table: str) -> list[Column]:
    rows = await target.db.fetchall(
        "SELECT column_name, data_type, is_identity FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        table,
    )
    return [Column(r[0], r[1], r[2] == "YES") for r in rows]


async def start_up_records_only(target: Target) -> list[str]:
    """The keys of the target's `meta` rows that a bot process writes as it starts
    (bot/core/bookkeeping.py: a shard started once against the target leaves them); raises
    TransferError naming whatever else the target holds."""
    keys = sorted(str(r[0]) for r in await target.db.fetchall("SELECT key FROM meta"))
    start_up = [key for key in keys if is_start_up_record(key)]
    found = []
    for table in sorted(await target.db.tables() - _NOT_COPIED):
        row = await target.db.fetchone(f"SELECT count(*) FROM {table}")
        rows = (0 if row is None else int(row[0])) - (len(start_up) if table == "meta" else 0)
        if rows:
            found.append(f"{table} ({rows} rows)")
    if found:
        raise TransferError(
            "the target database is not empty; it holds " + ", ".join(found) + ". migrate-store"
            " copies into an empty database only (one holding nothing but the bot's own"
            " start-up records): create a new one (CREATE DATABASE ...)"
        )
    return start_up


@dataclass(frozen=True, slots=True)
class Copied:
    checks: list[TableCheck]
    # The target's own start-up records, replaced by the source's meta rows.
    cleared: list[str]


async def copy_store(source: SqlStore[Db], target: Target) -> Copied:
    """Copy every table of `source` into the empty PostgreSQL store `target` and check it.

    Raises TransferError (nothing written) when the target holds anything but start-up
    records, names a table this code does not know, or the copy's counts or checksums differ
    from the source's."""
    unknown = await target.db.tables() - _NOT_COPIED - set(TABLES)
    if unknown:
        raise TransferError(f"the target has tables this version does not copy: {sorted(unknown)}")
    cleared = await start_up_records_only(target)
    layout = {table: await _columns(target, table) for table in TABLES}
    source_rows = {
        t: [tuple(r) for r in await source.db.all(_select(t, layout[t]))] for t in TABLES
    }
    checks: list[TableCheck] = []
    bad: list[str] = []
    async with target.db.connection() as conn, conn.transaction():
        # Within the copy's transaction: a copy that fails leaves them as they were.
        await conn.execute("DELETE FROM meta WHERE key = ANY($1::text[])", cleared)
        for table in TABLES:
            columns = layout[table]
            rows = [
                tuple(to_target(v, c.pg_type) for v, c in zip(row, columns, strict=True))
                for row in source_rows[table]
            ]
            # COPY keeps the given ids: identity columns take them as they are.
            await conn.copy_records_to_table(table, records=rows, columns=[c.name for c in columns])
            for column in columns:
                if column.identity:
                    # Past the largest copied id (or back to 1 for an empty table).
                    # Names from TABLES and information_schema, never from input.
                    sequence = f"pg_get_serial_sequence('{table}', '{column.name}')"
                    past = f"coalesce(max({column.name}), 0) + 1"
                    setval = f"SELECT setval({sequence}, {past}, false) FROM {table}"
                    await conn.execute(setval)
            copied = [tuple(r) for r in await conn.fetch(_select(table, columns))]
            check = table_check(table, columns, copied)
            if check != table_check(table, columns, source_rows[table]):
                bad.append(table)
            checks.append(check)
        if bad:
            # Raising inside the transaction rolls the whole copy back.
            raise TransferError(f"the copy does not match the source in: {', '.join(bad)}")
    return Copied(checks, cleared)


def report(copied: Copied) -> list[str]:
    """The table the command prints: rows and checksum per table, on both sides."""
    checks = copied.checks
    lines = []
    if copied.cleared:
        lines.append(
            f"replaced the target's {len(copied.cleared)} start-up records"
            f" ({', '.join(copied.cleared)}) with the source's meta rows"
        )
    lines += [f"{'table':<16}{'rows':>8}  {'checksum (first 16 hex digits)':<34}match"]
    # Every table matched: a copy that did not was rolled back and raised.
    lines += [f"{c.table:<16}{c.rows:>8}  {c.checksum[:16]:<34}yes" for c in checks]
    total = sum(check.rows for check in checks)
    lines.append(f"copied {total} rows in {len(checks)} tables; counts and checksums match")
    return lines


async def copy_to_url(source: DatabaseSettings, target: DatabaseSettings) -> list[str]:
    """Open both stores (migrating each to the current schema), copy, and return the report."""
    from bot.store import open_store  # noqa: PLC0415  (bot.store imports this module's errors)

    assert target.url is not None  # the cli takes a PostgreSQL url only
    # Opening a SQLite file that is not there makes an empty one: a mistyped name would copy
    # nothing and report every count matching.
    if source.backend == "sqlite" and not source.path.is_file():
        raise TransferError(f"no database at {source.path}: nothing to copy")
    async with await open_store(source) as src, await PostgresStore.open(target.url) as dst:
        return report(await copy_store(src, dst))
