-- Moments are whole seconds, UTC (unix seconds in SQLite, timestamptz in PostgreSQL).
-- Every row belongs to one member of one guild, and every query filters on (guild_id, user_id):
-- the same Discord user in two clubs is two members that never see each other's data.

CREATE TABLE members (
    guild_id   {bigint} NOT NULL,
    user_id    {bigint} NOT NULL,
    -- NULL means "the club's default time zone", so a club changing its default moves
    -- every member who never chose one.
    timezone   {text},
    experience {text} NOT NULL DEFAULT 'intermediate'
        CHECK (experience IN ('beginner', 'intermediate', 'advanced')),
    focus      {text} NOT NULL DEFAULT 'balanced'
        CHECK (focus IN ('endurance', 'balanced', 'strength')),
    units      {text} NOT NULL DEFAULT 'km' CHECK (units IN ('km', 'mi')),
    listed     {flag listed} NOT NULL DEFAULT TRUE,
    created_at {moment} NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) {strict};

-- Ranges mirror LegDayInput, the contract of /legday.
CREATE TABLE leg_days (
    id         {id},
    guild_id   {bigint} NOT NULL,
    user_id    {bigint} NOT NULL,
    at         {moment} NOT NULL,
    exercises  {int} NOT NULL CHECK (exercises BETWEEN 0 AND 20),
    heaviest   {int} CHECK (heaviest BETWEEN 1 AND 100),
    sets       {int} CHECK (sets BETWEEN 1 AND 20),
    reps       {int} CHECK (reps BETWEEN 1 AND 50),
    hard_given {flag hard_given},
    -- The classification made when the leg day was logged; later rule changes do not
    -- rewrite history.
    is_hard    {flag is_hard} NOT NULL,
    notes      {text},
    created_at {moment} NOT NULL,
    FOREIGN KEY (guild_id, user_id) REFERENCES members ON DELETE CASCADE
) {strict};

-- The /canirun window lookup, newest first straight from the index (id breaks ties: SQLite's
-- indexes end in the rowid anyway); also the child-key index the cascade needs.
CREATE INDEX leg_days_member_at ON leg_days (guild_id, user_id, at{postgres: , id});
-- "Last hard leg day at or before t" as a single index seek.
CREATE INDEX leg_days_member_hard_at ON leg_days
    {sqlite: (guild_id, user_id, is_hard, at)}{postgres: (guild_id, user_id, at, id) WHERE is_hard};
-- The daily post: every leg day of a club in a window.
CREATE INDEX leg_days_guild_at ON leg_days (guild_id, at);

CREATE TABLE runs (
    id          {id},
    guild_id    {bigint} NOT NULL,
    user_id     {bigint} NOT NULL,
    at          {moment} NOT NULL,
    run_type    {text} NOT NULL CHECK (run_type IN (
        'recovery', 'easy', 'steady', 'long', 'tempo',
        'intervals', 'hills', 'sprints', 'hiit', 'race'
    )),
    distance_km {real} CHECK (distance_km > 0),
    minutes     {real} CHECK (minutes > 0),
    rpe         {int} CHECK (rpe BETWEEN 1 AND 10),
    notes       {text},
    created_at  {moment} NOT NULL,
    FOREIGN KEY (guild_id, user_id) REFERENCES members ON DELETE CASCADE
) {strict};

CREATE INDEX runs_member_at ON runs (guild_id, user_id, at{postgres: , id});
-- The leaderboard: a guild's runs in a week.
CREATE INDEX runs_guild_at ON runs (guild_id, at);

-- Small bot-wide facts, e.g. the hash of the last synced command tree.
CREATE TABLE meta (
    key   {text} PRIMARY KEY,
    value {text} NOT NULL
) {strict};
