"""The one migration history of both backends: `NNNN_name.sql`, rendered by bot/store/migrations.py
for the backend's dialect, applied in order (SQLite: `PRAGMA user_version`, PostgreSQL: the
`schema_migrations` table), each with its version record in one transaction.

Rules for a new file:
- take the next number; never change what a shipped file creates, add a new file instead;
- write it once, with the macros of bot/store/migrations.py for what the dialects spell
  differently (`{moment}`, `{flag listed}`...); only where the SQL itself must differ, give
  `NNNN_name.sqlite.sql` and/or `NNNN_name.postgres.sql` (a dialect without its file does
  nothing at that number);
- no BEGIN/COMMIT inside; SQLite's `PRAGMA foreign_keys` cannot change inside a transaction,
  so a table rebuild must keep the foreign keys valid at COMMIT.
"""
