-- A session's id must never name two sessions: heads-ups are recorded by session id and
-- occurrence, so a new session given a removed one's id (SQLite hands out max(id) + 1) found
-- that session's heads-up already sent and told nobody. Rebuild club_sessions with
-- AUTOINCREMENT, as 0004 did for entries: sqlite_sequence then keeps the highest id ever used
-- (and starts above the removed sessions' ids still named, below). PostgreSQL's identity never
-- reuses.
-- No table references club_sessions, so dropping the old one cascades nowhere.

CREATE TABLE club_sessions_new (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id       INTEGER NOT NULL,
    weekday        INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6), -- 0 = Monday
    start_minute   INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    run_type       TEXT NOT NULL CHECK (run_type IN (
        'recovery', 'easy', 'steady', 'long', 'tempo',
        'intervals', 'hills', 'sprints', 'hiit', 'race'
    )),
    name           TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 50),
    created_at     INTEGER NOT NULL,
    place          TEXT CHECK (place IS NULL OR length(place) BETWEEN 1 AND 100),
    minutes        INTEGER NOT NULL DEFAULT 60 CHECK (minutes BETWEEN 10 AND 360),
    event_id       INTEGER,
    event_state    TEXT CHECK (event_state IN ('published', 'unpublished', 'deleted', 'edited')),
    event_start_at INTEGER
) STRICT;

INSERT INTO club_sessions_new (
    id, guild_id, weekday, start_minute, run_type, name, created_at, place, minutes, event_id,
    event_state, event_start_at
)
SELECT id, guild_id, weekday, start_minute, run_type, name, created_at, place, minutes, event_id,
       event_state, event_start_at
FROM club_sessions;

DROP TABLE club_sessions;
ALTER TABLE club_sessions_new RENAME TO club_sessions;

CREATE INDEX club_sessions_guild_day ON club_sessions (guild_id, weekday, start_minute);

-- The ids of sessions removed before this ran still name their heads-ups and the heads-up
-- reads' timers: the sequence starts above those too, so none of them is given again.
INSERT INTO sqlite_sequence (name, seq)
SELECT 'club_sessions', 0
WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'club_sessions');
UPDATE sqlite_sequence
SET seq = max(
    seq,
    coalesce((SELECT max(session_id) FROM heads_ups), 0),
    coalesce((SELECT max(session_id) FROM timers), 0)
)
WHERE name = 'club_sessions';
