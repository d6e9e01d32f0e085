"""Numbered schema migrations, the same way for every backend: `NNNN_name.sql` files in a
backend's own migrations package, run 1, 2, 3... in order, each recorded once applied. The
backends keep the same numbers, so a schema version means the same tables on both."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from bot.store.errors import MigrationError

_MIGRATION_NAME = re.compile(r"^(?P<version>\d{4})_(?P<name>[a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations(package: str) -> tuple[Migration, ...]:
    """The numbered `.sql` files of `package`, checked to run 1, 2, 3... without gaps."""
    found: list[Migration] = []
    for entry in resources.files(package).iterdir():
        if not entry.name.endswith(".sql"):
            continue
        match = _MIGRATION_NAME.match(entry.name)
        if match is None:
            raise MigrationError(f"migration file {entry.name!r} is not named NNNN_name.sql")
        found.append(
            Migration(int(match["version"]), match["name"], entry.read_text(encoding="utf-8"))
        )
    found.sort(key=lambda m: m.version)
    return checked_migrations(found)


def checked_migrations(migrations: Sequence[Migration]) -> tuple[Migration, ...]:
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        # A gap or duplicate would make a version number mean different schemas on
        # different installs.
        raise MigrationError(f"migrations must be numbered 1..N without gaps, got {versions}")
    return tuple(migrations)
