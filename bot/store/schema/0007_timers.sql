-- Issue 14: personal nudges.

-- One row per stored timer: a "tell me when I'm clear" reminder (kind 'ready', for the hard
-- leg day `entry_id`) or a morning check-in (kind 'checkin', at `minute` of the member's day).
-- `due_at` is the moment promised to the member; `next_at` when the loop tries next (the same,
-- or later after a 429/5xx). A row is claimed ('sending', committed) before its DM is sent, so it
-- fires at most once whatever restarts.
CREATE TABLE timers (
    id         {id},
    guild_id   {bigint} NOT NULL,
    user_id    {bigint} NOT NULL,
    kind       {text} NOT NULL CHECK (kind IN ('ready', 'checkin')),
    due_at     {moment} NOT NULL,
    next_at    {moment} NOT NULL,
    entry_id   {bigint},
    minute     {int} CHECK (minute IS NULL OR minute BETWEEN 0 AND 1439),
    state      {text} NOT NULL CHECK (state IN (
        'pending', 'sending', 'sent', 'cancelled', 'dropped', 'failed', 'unknown'
    )),
    attempts   {int} NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    error      {text},
    created_at {moment} NOT NULL,
    updated_at {moment} NOT NULL,
    CHECK ((kind = 'ready') = (entry_id IS NOT NULL)),
    CHECK ((kind = 'checkin') = (minute IS NOT NULL))
) {strict};

-- The loop's "what is due next": only pending rows, by when they are tried next.
CREATE INDEX timers_due ON timers (next_at) WHERE state = 'pending';
CREATE INDEX timers_member ON timers (guild_id, user_id, kind, state);
-- At most one pending reminder per member (check-ins chain: today's may still be retrying
-- while tomorrow's waits).
CREATE UNIQUE INDEX timers_one_ready ON timers (guild_id, user_id)
    WHERE state = 'pending' AND kind = 'ready';

-- A check-in answer, one per member and member-local date (ISO text).
CREATE TABLE checkin_answers (
    guild_id    {bigint} NOT NULL,
    user_id     {bigint} NOT NULL,
    local_date  {iso_date local_date} NOT NULL,
    soreness    {int} NOT NULL CHECK (soreness BETWEEN 0 AND 10),
    answered_at {moment} NOT NULL,
    PRIMARY KEY (guild_id, user_id, local_date)
) {strict};

-- Something to tell the member on their next command (a DM the bot could not deliver).
CREATE TABLE member_notices (
    guild_id   {bigint} NOT NULL,
    user_id    {bigint} NOT NULL,
    kind       {text} NOT NULL,
    message    {text} NOT NULL,
    created_at {moment} NOT NULL,
    PRIMARY KEY (guild_id, user_id, kind)
) {strict};
