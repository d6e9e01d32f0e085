-- The daily club post: each club's reminder, its weekly sessions, and one row per club and
-- local date for every post the bot made or tried to make.

-- One row per club that ever set up the daily post. `enabled` is the admin's choice, `paused`
-- the bot's own after too many failed days in a row; `/club reminder set` clears both.
CREATE TABLE clubs (
    guild_id     {bigint} PRIMARY KEY,
    channel_id   {bigint} NOT NULL,
    post_minute  {int} NOT NULL CHECK (post_minute BETWEEN 0 AND 1439),
    -- NULL means "the club's time zone from the config", like members.timezone.
    timezone     {text},
    enabled      {flag enabled} NOT NULL,
    paused       {flag paused} NOT NULL DEFAULT FALSE,
    failed_days  {int} NOT NULL DEFAULT 0 CHECK (failed_days >= 0),
    -- When these settings took effect: slots before it are not owed, so a post set up at
    -- 10:00 for 08:00 starts tomorrow instead of "catching up" at once.
    effective_at {moment} NOT NULL,
    updated_at   {moment} NOT NULL
) {strict};

-- The clubs the daily post's loop reads on every tick (PostgreSQL's planner uses it).
{postgres: CREATE INDEX clubs_due ON clubs (guild_id) WHERE enabled AND NOT paused;}

-- The club's weekly schedule, in the club's wall-clock time.
CREATE TABLE club_sessions (
    id           {id},
    guild_id     {bigint} NOT NULL,
    weekday      {int} NOT NULL CHECK (weekday BETWEEN 0 AND 6), -- 0 = Monday
    start_minute {int} NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    run_type     {text} NOT NULL CHECK (run_type IN (
        'recovery', 'easy', 'steady', 'long', 'tempo',
        'intervals', 'hills', 'sprints', 'hiit', 'race'
    )),
    name         {text} CHECK (name IS NULL OR length(name) BETWEEN 1 AND 50),
    created_at   {moment} NOT NULL
) {strict};

CREATE INDEX club_sessions_guild_day ON club_sessions (guild_id, weekday, start_minute{postgres: , id});

-- One row per club and local date (in the post's time zone): the claim written before a post
-- is sent, then its outcome. The primary key is what makes "once a day" hold across restarts,
-- and its order serves "the latest post of a club".
CREATE TABLE posts (
    guild_id    {bigint} NOT NULL,
    local_date  {date local_date} NOT NULL,
    slot_at     {moment} NOT NULL,
    status      {text} NOT NULL CHECK (status IN (
        'sending', 'sent', 'unknown', 'retry', 'failed', 'skipped'
    )),
    channel_id  {bigint},
    message_id  {bigint},
    attempts    {int} NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    retry_at    {moment},
    error       {text},
    tip_id      {text},
    updated_at  {moment} NOT NULL,
    PRIMARY KEY (guild_id, local_date)
) {strict};
