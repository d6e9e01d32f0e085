"""Numbered schema migrations, `NNNN_name.sql`, applied in order under `PRAGMA user_version`.

Rules for a new file:
- take the next number; never edit a file that has shipped, add a new one instead;
- no BEGIN/COMMIT/ROLLBACK inside: the runner wraps each file and its version bump in one
  transaction, so a failing migration leaves the database at the previous version;
- `PRAGMA foreign_keys` cannot change inside a transaction; a table rebuild must keep the
  foreign keys valid at COMMIT.
"""
