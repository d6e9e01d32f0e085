-- Issue 14: personal nudges. Moments are INTEGER unix seconds.

-- One row per stored timer: a "tell me when I'm clear" reminder (kind 'ready', for the hard
-- leg day `entry_id`) or a morning check-in (kind 'checkin', at `minute` of the member's day).
-- `due_at` is the moment promised to the member; `next_at` when the loop tries next (the same,
-- or later after a 429/5xx). A row is claimed ('sending', committed) before its DM is sent, so it
-- fires at most once whatever restarts.
CREATE TABLE timers (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('ready', 'checkin')),
    due_at     INTEGER NOT NULL,
    next_at    INTEGER NOT NULL,
    entry_id   INTEGER,
    minute     INTEGER CHECK (minute IS NULL OR minute BETWEEN 0 AND 1439),
    state      TEXT    NOT NULL CHECK (state IN (
        'pending', 'sending', 'sent', 'cancelled', 'dropped', 'failed', 'unknown'
    )),
    attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    error      TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK ((kind = 'ready') = (entry_id IS NOT NULL)),
    CHECK ((kind = 'checkin') = (minute IS NOT NULL))
) STRICT;

-- The loop's "what is due next": only pending rows, by when they are tried next.
CREATE INDEX timers_due ON timers (next_at) WHERE state = 'pending';
CREATE INDEX timers_member ON timers (guild_id, user_id, kind, state);
-- At most one pending reminder per member (check-ins chain: today's may still be retrying
-- while tomorrow's waits).
CREATE UNIQUE INDEX timers_one_ready ON timers (guild_id, user_id)
    WHERE state = 'pending' AND kind = 'ready';

-- A check-in answer, one per member and member-local date (ISO text).
CREATE TABLE checkin_answers (
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    local_date  TEXT    NOT NULL CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    soreness    INTEGER NOT NULL CHECK (soreness BETWEEN 0 AND 10),
    answered_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id, local_date)
) STRICT;

-- Something to tell the member on their next command (a DM the bot could not deliver).
CREATE TABLE member_notices (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    message    TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id, kind)
) STRICT;
