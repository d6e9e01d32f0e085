"""Storage: repositories over core models, with the backend chosen by configuration."""

from bot.store.sqlite import (
    UNSET,
    BackupError,
    Database,
    MigrationError,
    SchemaTooNew,
    Store,
    StoreError,
    Transaction,
)
from bot.store.sqlite.backups import run_daily_backup

__all__ = [
    "UNSET",
    "BackupError",
    "Database",
    "MigrationError",
    "SchemaTooNew",
    "Store",
    "StoreError",
    "Transaction",
    "run_daily_backup",
]
