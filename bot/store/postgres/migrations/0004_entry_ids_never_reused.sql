-- The SQLite backend's 0004 rebuilds its entry tables so that a deleted entry's id is never
-- given to a new one. Identity columns here never reuse an id, so this version changes
-- nothing; it exists so that a schema version means the same tables on both backends.
SELECT 1;
