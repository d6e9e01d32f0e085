-- Issue 22: heads-up DMs before a club session.
--
-- Each member chooses which heads-ups they get: 'not-go' (WAIT and EASY-ONLY only, the
-- default), 'all' (GO too) or 'off'.
ALTER TABLE members ADD COLUMN heads_up {text} NOT NULL DEFAULT 'not-go'
    CHECK (heads_up IN ('all', 'not-go', 'off'));

-- Timers of a third kind, 'heads_up': "read session `session_id`'s interested users now" (the
-- club's, user_id 0). SQLite cannot change a CHECK in place: the table is rebuilt with the same
-- rows and ids (nothing references timers).
{sqlite: 
CREATE TABLE timers_new (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('ready', 'checkin', 'heads_up')),
    due_at     INTEGER NOT NULL,
    next_at    INTEGER NOT NULL,
    entry_id   INTEGER,
    minute     INTEGER CHECK (minute IS NULL OR minute BETWEEN 0 AND 1439),
    state      TEXT NOT NULL CHECK (state IN (
        'pending', 'sending', 'sent', 'cancelled', 'dropped', 'failed', 'unknown'
    )),
    attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    error      TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    session_id INTEGER,
    CHECK ((kind = 'ready') = (entry_id IS NOT NULL)),
    CHECK ((kind = 'checkin') = (minute IS NOT NULL)),
    CHECK ((kind = 'heads_up') = (session_id IS NOT NULL))
) STRICT;

INSERT INTO timers_new (
    id, guild_id, user_id, kind, due_at, next_at, entry_id, minute, state, attempts, error,
    created_at, updated_at
)
SELECT id, guild_id, user_id, kind, due_at, next_at, entry_id, minute, state, attempts, error,
       created_at, updated_at
FROM timers;

DROP TABLE timers;
ALTER TABLE timers_new RENAME TO timers;
CREATE INDEX timers_due ON timers (next_at) WHERE state = 'pending';
CREATE INDEX timers_member ON timers (guild_id, user_id, kind, state);
CREATE UNIQUE INDEX timers_one_ready ON timers (guild_id, user_id)
    WHERE state = 'pending' AND kind = 'ready';
}
{postgres: 
ALTER TABLE timers ADD COLUMN session_id bigint;
ALTER TABLE timers DROP CONSTRAINT timers_kind_check;
ALTER TABLE timers ADD CONSTRAINT timers_kind_check
    CHECK (kind IN ('ready', 'checkin', 'heads_up'));
ALTER TABLE timers ADD CONSTRAINT timers_heads_up_session
    CHECK ((kind = 'heads_up') = (session_id IS NOT NULL));
}
CREATE INDEX timers_session ON timers (guild_id, session_id) WHERE kind = 'heads_up';

-- One row per member and session occurrence (its start): written, committed, before the DM
-- goes out, so a second read of the interested list, a restart or another shard never sends
-- it twice. `verdict` is the verdict the DM gave.
CREATE TABLE heads_ups (
    guild_id      {bigint} NOT NULL,
    session_id    {bigint} NOT NULL,
    occurrence_at {moment} NOT NULL,
    user_id       {bigint} NOT NULL,
    verdict       {text} NOT NULL CHECK (verdict IN ('GO', 'EASY-ONLY', 'WAIT')),
    state         {text} NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
    error         {text},
    created_at    {moment} NOT NULL,
    PRIMARY KEY (guild_id, session_id, occurrence_at, user_id)
) {strict};

-- The offline console's stand-in for Discord's "Interested" list (`/club session join`).
CREATE TABLE event_interest (
    guild_id   {bigint} NOT NULL,
    event_id   {bigint} NOT NULL,
    user_id    {bigint} NOT NULL,
    created_at {moment} NOT NULL,
    PRIMARY KEY (guild_id, event_id, user_id)
) {strict};
