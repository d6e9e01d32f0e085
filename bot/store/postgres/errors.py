"""Errors of the PostgreSQL backend.

`StoreError`, `SchemaTooNew` and `MigrationError` are the SQLite package's classes, re-exported
so that one `except StoreError` covers both backends. When bot/store/errors.py lands, the import
below is the one line to change. `StoreUnavailable` is new and backend-neutral in meaning; it is
defined here only until it moves to that shared module.
"""

from __future__ import annotations

# Swap point: becomes `from bot.store.errors import ...` once the shared module exists.
from bot.store.sqlite.db import MigrationError, SchemaTooNew, StoreError

__all__ = ["MigrationError", "SchemaTooNew", "StoreError", "StoreUnavailable"]

UNAVAILABLE = "couldn't reach the database"


class StoreUnavailable(StoreError):
    """The database server cannot be reached right now (down, restarting, network gone).

    Transient: the store stays usable, and a later call works once the server is back.
    """

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(UNAVAILABLE if not detail else f"{UNAVAILABLE}: {detail}")
        self.detail = detail
