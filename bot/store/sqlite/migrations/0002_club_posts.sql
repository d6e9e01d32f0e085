-- The daily club post: each club's reminder, its weekly sessions, and one row per club and
-- local date for every post the bot made or tried to make. Moments are INTEGER unix seconds.

-- One row per club that ever set up the daily post. `enabled` is the admin's choice, `paused`
-- the bot's own after too many failed days in a row; `/club reminder set` clears both.
CREATE TABLE clubs (
    guild_id     INTEGER PRIMARY KEY,
    channel_id   INTEGER NOT NULL,
    post_minute  INTEGER NOT NULL CHECK (post_minute BETWEEN 0 AND 1439),
    -- NULL means "the club's time zone from the config", like members.timezone.
    timezone     TEXT,
    enabled      INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    paused       INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    failed_days  INTEGER NOT NULL DEFAULT 0 CHECK (failed_days >= 0),
    -- When these settings took effect: slots before it are not owed, so a post set up at
    -- 10:00 for 08:00 starts tomorrow instead of "catching up" at once.
    effective_at INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;

-- The club's weekly schedule, in the club's wall-clock time.
CREATE TABLE club_sessions (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6), -- 0 = Monday
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    run_type     TEXT    NOT NULL CHECK (run_type IN (
        'recovery', 'easy', 'steady', 'long', 'tempo',
        'intervals', 'hills', 'sprints', 'hiit', 'race'
    )),
    name         TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 50),
    created_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX club_sessions_guild_day ON club_sessions (guild_id, weekday, start_minute);

-- One row per club and local date (ISO text, in the post's time zone): the claim written
-- before a post is sent, then its outcome. The primary key is what makes "once a day" hold
-- across restarts, and its order serves "the latest post of a club".
CREATE TABLE posts (
    guild_id    INTEGER NOT NULL,
    local_date  TEXT    NOT NULL CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    slot_at     INTEGER NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN (
        'sending', 'sent', 'unknown', 'retry', 'failed', 'skipped'
    )),
    channel_id  INTEGER,
    message_id  INTEGER,
    attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    retry_at    INTEGER,
    error       TEXT,
    tip_id      TEXT,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, local_date)
) STRICT;
