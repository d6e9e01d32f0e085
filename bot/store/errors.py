"""The store's errors, the same for every backend, so callers never catch a driver's own.

A backend raises these (wrapping its driver's errors where a caller has to react to them);
anything else it raises is a bug, not a state of the database.
"""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be used as it is; the bot should not start."""


class StoreUnavailable(StoreError):
    """The database could not be reached or opened (no server, refused, unreadable file)."""


class SchemaTooNew(StoreError):
    def __init__(self, found: int, known: int) -> None:
        super().__init__(
            f"database schema version {found} is newer than this bot knows ({known}); "
            "upgrade the bot"
        )
        self.found = found
        self.known = known


class MigrationError(StoreError):
    pass


class BackupError(StoreError):
    pass
