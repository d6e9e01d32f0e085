"""Numbered PostgreSQL migrations, `NNNN_name.sql`, recorded in `schema_migrations`.

They mirror the SQLite files of the same number (bot/store/sqlite/migrations), so a schema
version names the same tables and columns on both backends. Rules for a new file:
- take the next number; never edit a file that has shipped, add a new one instead;
- no BEGIN/COMMIT inside: the runner applies each file and its `schema_migrations` row in one
  transaction, under an advisory lock, so a failing file leaves the previous version;
- moments are `timestamptz` (whole seconds, UTC), Discord ids `bigint`, flags `boolean`.
"""
