"""The seam between the repositories (written once, in this package) and a backend.

Repositories write SQL once, with named parameters (`:guild_id`) and three macros for what the
dialects spell differently; a backend's `Dialect` renders that text once per statement (cached)
and encodes the values:

- `{in NAME}`: "is one of the ids in the list `NAME`" (`guild_id {in guild_ids}`): PostgreSQL's
  `= ANY(array)`, which its planner turns into index lookups (an `IN (SELECT unnest(...))`
  it may answer by hashing a whole table);
- `{rows ALIAS = NAME: col type, ...}`: a FROM item with one row per tuple of the list `NAME`
  (`type` is PostgreSQL's: the SQLite dialect reads the row from JSON and ignores it);
- `{epoch COLUMN}`: a moment column as whole unix seconds (SQLite stores them so);
- `FOR UPDATE` and `FOR NO KEY UPDATE`: row locks; SQLite's write transaction already holds
  the whole database, so its dialect drops them.

Moments go in as aware datetimes, each dialect storing them its way (SQLite: unix seconds,
PostgreSQL: timestamptz), always rounded down to the second; rows come back through
`bot.store.sql.codec`, which reads either form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Generic, TypeAlias, TypeVar, cast

from bot.core.models import MemberRef

# `:name`, but not the `::type` of a PostgreSQL cast.
PARAM = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")
MACRO = re.compile(r"\{(in|rows|epoch) ([^}]*)\}")
ROW_LOCK = re.compile(r"\s+FOR (?:NO KEY )?UPDATE\b")

C = TypeVar("C")


# One member's rows: the condition `scope` gives the parameters of.
MEMBER_ROWS = "guild_id = :guild_id AND user_id = :user_id"
# Rows decoded between two turns of the event loop, where a read may return thousands: a few
# milliseconds' work (bot.turns.taking_turns).
DECODE_CHUNK = 500


def scope(member: MemberRef) -> dict[str, int]:
    """The `:guild_id` and `:user_id` of one member's rows (MEMBER_ROWS)."""
    return {"guild_id": member.guild_id, "user_id": member.user_id}


def require_new(what: str, stored_id: int | None) -> None:
    """Refuse to add what already has an id: adding it again would store a second copy under a
    new id."""
    if stored_id is not None:
        raise ValueError(f"{what} already stored with id {stored_id}")


@dataclass(frozen=True, slots=True)
class RowsMacro:
    alias: str
    name: str
    columns: tuple[tuple[str, str], ...]  # (column, PostgreSQL type)


def parse_rows(spec: str) -> RowsMacro:
    head, _, columns = spec.partition(":")
    alias, _, name = head.partition("=")
    pairs = tuple(
        (column.split()[0], " ".join(column.split()[1:])) for column in columns.split(",")
    )
    return RowsMacro(alias.strip(), name.strip(), pairs)


Getter = Callable[[Mapping[str, object]], object]


@dataclass(frozen=True, slots=True)
class Prepared:
    """A statement as one driver takes it: its text and how to build its arguments."""

    text: str
    getters: tuple[Getter, ...] = ()

    def args(self, params: Mapping[str, object]) -> list[object]:
        return [get(params) for get in self.getters]


class Dialect:
    """Renders the shared SQL for one driver; each statement's rendering is kept."""

    def __init__(self) -> None:
        self._prepared: dict[str, Prepared] = {}

    def prepare(self, sql: str) -> Prepared:
        found = self._prepared.get(sql)
        if found is None:
            found = self._prepared[sql] = self.render(sql)
        return found

    def render(self, sql: str) -> Prepared:
        raise NotImplementedError

    def encode(self, value: object) -> object:
        """A parameter as this database stores it."""
        raise NotImplementedError

    def encoded(self, values: Iterable[object]) -> Sequence[object]:
        return [self.encode(value) for value in values]


class SqlCalls:
    """`all`, `one` and `run` of the shared SQL, for a backend's database or transaction whose
    own `fetchall`, `fetchone` and `execute` take its driver's SQL and arguments. On a `Db`,
    each statement is atomic on its own, and `all` and `one` only read (they may run beside
    writes)."""

    # A database's statements sent, reads and writes: scripts/bench.py and the batching tests
    # count them.
    statements: int
    dialect: Dialect

    def rendered(self, sql: str, params: dict[str, object]) -> tuple[str, list[object]]:
        """The driver's text and the arguments to spread after it."""
        prepared = self.dialect.prepare(sql)
        return prepared.text, prepared.args(params)

    async def all(self, sql: str, /, **params: object) -> list[Any]:
        text, args = self.rendered(sql, params)
        return list(await cast(Any, self).fetchall(text, *args))

    async def one(self, sql: str, /, **params: object) -> Any | None:
        text, args = self.rendered(sql, params)
        return await cast(Any, self).fetchone(text, *args)

    async def run(self, sql: str, /, **params: object) -> int:
        """Rows changed."""
        text, args = self.rendered(sql, params)
        return int(await cast(Any, self).execute(text, *args))

    async def changed(self, sql: str, /, **params: object) -> bool:
        """Whether `run` changed any row."""
        return await self.run(sql, **params) > 0


class Handle(SqlCalls, Generic[C]):
    """What a backend's `transaction()` yields, over its connection `C`; valid only inside the
    block, for every statement of a repository method that must be atomic. `all`, `one` and
    `run` take the shared SQL, the backend's `fetch*` and `execute` its driver's own (tests and
    the backend)."""

    def __init__(self, conn: C, db: SqlCalls) -> None:
        self._conn: C | None = conn
        self._db = db
        self.dialect = db.dialect

    async def lock(self, scope: str, *keys: int) -> None:
        """Serialise the blocks that take the same lock (read, then decide a write) across
        processes until this transaction ends."""
        raise NotImplementedError

    def _live(self) -> C:
        """The connection, for one more statement of the database's."""
        if self._conn is None:
            raise RuntimeError("transaction handle used after its block ended")
        self._db.statements += 1
        return self._conn

    def end(self) -> None:
        self._conn = None


# A transaction of either backend, as the repositories use it.
Tx: TypeAlias = Handle[Any]


class Db(SqlCalls):
    """A backend's database, as the repositories use it."""

    async def write(self, sql: str, /, **params: object) -> list[Any]:
        """One writing statement with RETURNING, atomic on its own; its rows."""
        raise NotImplementedError

    def transaction(self, *, snapshot: bool = False) -> AbstractAsyncContextManager[Tx]:
        """All or nothing; `snapshot=True`: only reads, all from one consistent moment."""
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    @property
    def closed(self) -> bool:
        """`close()` has run (both backends have always had this; the test harness asks it)."""
        raise NotImplementedError


class Repository:
    """One part of the store (`SqlStore`'s attributes) over a backend's database: its methods
    write the SQL once and run it through `self._db`."""

    def __init__(self, db: Db) -> None:
        self._db = db
