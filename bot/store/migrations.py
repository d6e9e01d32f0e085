"""The numbered schema migrations of bot/store/schema, rendered for one dialect.

A file is written once, with macros for what the dialects spell differently: `{moment}`,
`{bigint}`, `{int}`, `{real}`, `{text}`, `{id}` (the identity primary key), `{strict}` (after a
CREATE TABLE), `{flag col}` (a boolean), `{date col}` (a calendar date), `{iso_date col}` (a
date kept as ISO text), and `{sqlite: sql}` / `{postgres: sql}` for a clause only one of them
has. Run 1, 2, 3... in order, each recorded once applied: a schema version means the same
tables on both backends.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from bot.store.errors import MigrationError, SchemaTooNew

log = logging.getLogger(__name__)

DialectName = Literal["sqlite", "postgres"]
SCHEMA = "bot.store.schema"

_MIGRATION_NAME = re.compile(r"^(?P<version>\d{4})_(?P<name>[a-z0-9_]+?)(?:\.(?P<only>\w+))?\.sql$")
_MACRO = re.compile(r"\{(?P<word>\w+)(?P<colon>:?)(?: (?P<arg>[^{}]*))?\}")
_ISO_GLOB = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
_ISO_RE = "'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'"

# Per dialect: the type words, then the macros with a column.
_WORDS: dict[str, dict[str, str]] = {
    "sqlite": {
        "bigint": "INTEGER",
        "int": "INTEGER",
        "real": "REAL",
        "text": "TEXT",
        "moment": "INTEGER",
        "id": "INTEGER PRIMARY KEY",
        "strict": "STRICT",
        "flag": "INTEGER CHECK ({col} IN (0, 1))",
        "date": f"TEXT CHECK ({{col}} GLOB {_ISO_GLOB})",
        "iso_date": f"TEXT CHECK ({{col}} GLOB {_ISO_GLOB})",
    },
    "postgres": {
        "bigint": "bigint",
        "int": "integer",
        "real": "double precision",
        "text": "text",
        "moment": "timestamptz",
        "id": "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        "strict": "",
        "flag": "boolean",
        "date": "date",
        "iso_date": f"text CHECK ({{col}} ~ {_ISO_RE})",
    },
}


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def render(sql: str, dialect: DialectName) -> str:
    """A migration's text as `dialect` runs it."""
    words = _WORDS[dialect]

    def macro(match: re.Match[str]) -> str:
        word, arg = match["word"], match["arg"] or ""
        if match["colon"]:
            return arg if word == dialect else ""
        if word not in words:
            raise MigrationError(f"unknown macro {match[0]!r} in a migration")
        return words[word].replace("{col}", arg)

    return _MACRO.sub(macro, sql)


def load_migrations(dialect: DialectName) -> tuple[Migration, ...]:
    """The numbered files of bot/store/schema for `dialect`, rendered, checked to run
    1, 2, 3... without gaps."""
    found: dict[int, Migration] = {}
    for entry in sorted(resources.files(SCHEMA).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".sql"):
            continue
        match = _MIGRATION_NAME.match(entry.name)
        if match is None:
            raise MigrationError(f"migration file {entry.name!r} is not named NNNN_name.sql")
        version, only = int(match["version"]), match["only"]
        if only not in (None, "sqlite", "postgres"):
            raise MigrationError(f"migration file {entry.name!r}: no dialect {only!r}")
        sql = entry.read_text(encoding="utf-8") if only in (None, dialect) else ""
        if version in found and sql and found[version].sql:
            raise MigrationError(f"two migration files for version {version:04d}")
        if sql or version not in found:
            # A number with a file for the other dialect only does nothing here.
            found[version] = Migration(version, match["name"], render(sql, dialect) or "SELECT 1;")
    return checked_migrations(sorted(found.values(), key=lambda m: m.version))


def checked_migrations(migrations: Sequence[Migration]) -> tuple[Migration, ...]:
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        # A gap or duplicate would make a version number mean different schemas on
        # different installs.
        raise MigrationError(f"migrations must be numbered 1..N without gaps, got {versions}")
    return tuple(migrations)


def migrations_for(
    dialect: DialectName, given: Sequence[Migration] | None
) -> tuple[Migration, ...]:
    """What a backend's open() migrates with: the package's files for `dialect`, or `given`
    (tests pass their own), checked as they are."""
    return load_migrations(dialect) if given is None else checked_migrations(given)


def pending(known: Sequence[Migration], current: int) -> Sequence[Migration]:
    """The migrations a database at version `current` has yet to run. Called before anything
    writes: a database ahead of `known` belongs to a newer bot (SchemaTooNew)."""
    if current > len(known):
        raise SchemaTooNew(current, len(known))
    return known[current:]


async def apply(
    migrations: Sequence[Migration],
    run: Callable[[Migration], Awaitable[None]],
    failed: Callable[[BaseException], bool],
) -> tuple[int, ...]:
    """`run` each migration in order (it applies the file and its version record in one
    transaction); an error `failed` says is the migration's becomes a MigrationError naming
    it, anything else (the database went away) passes as it is. Returns the versions."""
    for migration in migrations:
        try:
            await run(migration)
        except Exception as exc:
            if not failed(exc):
                raise
            raise MigrationError(
                f"migration {migration.version:04d}_{migration.name} failed: {exc}"
            ) from exc
        log.info("applied migration %04d_%s", migration.version, migration.name)
    return tuple(m.version for m in migrations)
