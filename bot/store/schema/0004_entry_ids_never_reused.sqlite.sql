-- Issue 9: an entry id (L3, R8) must never name two different entries. Without AUTOINCREMENT
-- SQLite hands out max(id) + 1, so /undo of R8 followed by a run made a second R8. Rebuild
-- leg_days and runs with AUTOINCREMENT: sqlite_sequence then remembers the highest id ever
-- used. (Ids deleted before this migration ran cannot be known and are not protected.)
--
-- foreign_keys is ON here and cannot be switched off inside the migration's transaction.
-- That is safe: no table references leg_days or runs, so dropping the old tables cascades
-- nowhere, and the copies keep their own references to members, which all hold already.

CREATE TABLE leg_days_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    exercises  INTEGER NOT NULL CHECK (exercises BETWEEN 0 AND 20),
    heaviest   INTEGER CHECK (heaviest BETWEEN 1 AND 100),
    sets       INTEGER CHECK (sets BETWEEN 1 AND 20),
    reps       INTEGER CHECK (reps BETWEEN 1 AND 50),
    hard_given INTEGER CHECK (hard_given IN (0, 1)),
    -- The classification made when the leg day was logged (or last edited).
    is_hard    INTEGER NOT NULL CHECK (is_hard IN (0, 1)),
    notes      TEXT,
    created_at INTEGER NOT NULL,
    FOREIGN KEY (guild_id, user_id) REFERENCES members ON DELETE CASCADE
) STRICT;

INSERT INTO leg_days_new (
    id, guild_id, user_id, at, exercises, heaviest, sets, reps, hard_given, is_hard, notes,
    created_at
)
SELECT id, guild_id, user_id, at, exercises, heaviest, sets, reps, hard_given, is_hard, notes,
       created_at
FROM leg_days;

DROP TABLE leg_days;
ALTER TABLE leg_days_new RENAME TO leg_days;

CREATE INDEX leg_days_member_at ON leg_days (guild_id, user_id, at);
CREATE INDEX leg_days_member_hard_at ON leg_days (guild_id, user_id, is_hard, at);
CREATE INDEX leg_days_guild_at ON leg_days (guild_id, at);
CREATE INDEX leg_days_member_created ON leg_days (guild_id, user_id, created_at);

CREATE TABLE runs_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    run_type    TEXT    NOT NULL CHECK (run_type IN (
        'recovery', 'easy', 'steady', 'long', 'tempo',
        'intervals', 'hills', 'sprints', 'hiit', 'race'
    )),
    distance_km REAL CHECK (distance_km > 0),
    minutes     REAL CHECK (minutes > 0),
    rpe         INTEGER CHECK (rpe BETWEEN 1 AND 10),
    notes       TEXT,
    created_at  INTEGER NOT NULL,
    FOREIGN KEY (guild_id, user_id) REFERENCES members ON DELETE CASCADE
) STRICT;

INSERT INTO runs_new (
    id, guild_id, user_id, at, run_type, distance_km, minutes, rpe, notes, created_at
)
SELECT id, guild_id, user_id, at, run_type, distance_km, minutes, rpe, notes, created_at
FROM runs;

DROP TABLE runs;
ALTER TABLE runs_new RENAME TO runs;

CREATE INDEX runs_member_at ON runs (guild_id, user_id, at);
CREATE INDEX runs_guild_at ON runs (guild_id, at);
CREATE INDEX runs_member_created ON runs (guild_id, user_id, created_at);
