-- The daily club post: each club's reminder, its weekly sessions, and one row per club and
-- local date for every post the bot made or tried to make.

-- One row per club that ever set up the daily post. `enabled` is the admin's choice, `paused`
-- the bot's own after too many failed days in a row; `/club reminder set` clears both.
CREATE TABLE clubs (
    guild_id     bigint      PRIMARY KEY,
    channel_id   bigint      NOT NULL,
    post_minute  integer     NOT NULL CHECK (post_minute BETWEEN 0 AND 1439),
    -- NULL means "the club's time zone from the config", like members.timezone.
    timezone     text,
    enabled      boolean     NOT NULL,
    paused       boolean     NOT NULL DEFAULT false,
    failed_days  integer     NOT NULL DEFAULT 0 CHECK (failed_days >= 0),
    -- When these settings took effect: slots before it are not owed.
    effective_at timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- The clubs the loop posts for, found without reading the switched-off ones.
CREATE INDEX clubs_due ON clubs (guild_id) WHERE enabled AND NOT paused;

-- The club's weekly schedule, in the club's wall-clock time.
CREATE TABLE club_sessions (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id     bigint      NOT NULL,
    weekday      integer     NOT NULL CHECK (weekday BETWEEN 0 AND 6), -- 0 = Monday
    start_minute integer     NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    run_type     text        NOT NULL CHECK (run_type IN (
        'recovery', 'easy', 'steady', 'long', 'tempo',
        'intervals', 'hills', 'sprints', 'hiit', 'race'
    )),
    name         text        CHECK (name IS NULL OR char_length(name) BETWEEN 1 AND 50),
    created_at   timestamptz NOT NULL
);

CREATE INDEX club_sessions_guild_day ON club_sessions (guild_id, weekday, start_minute, id);

-- One row per club and local date (in the post's time zone): the claim written before a post
-- is sent, then its outcome. The primary key is what makes "once a day" hold across restarts
-- and processes, and its order serves "the latest post of a club".
CREATE TABLE posts (
    guild_id    bigint      NOT NULL,
    local_date  date        NOT NULL,
    slot_at     timestamptz NOT NULL,
    status      text        NOT NULL CHECK (status IN (
        'sending', 'sent', 'unknown', 'retry', 'failed', 'skipped'
    )),
    channel_id  bigint,
    message_id  bigint,
    attempts    integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    retry_at    timestamptz,
    error       text,
    tip_id      text,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (guild_id, local_date)
);
