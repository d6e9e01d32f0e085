"""Errors of the PostgreSQL backend: the shared ones (bot/store/errors.py), and the wording of
"couldn't reach the database" that a member is shown."""

from __future__ import annotations

from bot.store.errors import MigrationError, SchemaTooNew, StoreError, StoreUnavailable

__all__ = ["UNAVAILABLE", "MigrationError", "SchemaTooNew", "StoreError", "StoreUnavailable"]

UNAVAILABLE = "couldn't reach the database"
