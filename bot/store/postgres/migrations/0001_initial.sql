-- Moments are timestamptz, stored to the whole second like the SQLite backend's unix seconds.
-- Every row belongs to one member of one guild, and every query filters on (guild_id, user_id):
-- the same Discord user in two clubs is two members that never see each other's data.

CREATE TABLE members (
    guild_id   bigint      NOT NULL,
    user_id    bigint      NOT NULL,
    -- NULL means "the club's default time zone", so a club changing its default moves
    -- every member who never chose one.
    timezone   text,
    experience text        NOT NULL DEFAULT 'intermediate'
        CHECK (experience IN ('beginner', 'intermediate', 'advanced')),
    focus      text        NOT NULL DEFAULT 'balanced'
        CHECK (focus IN ('endurance', 'balanced', 'strength')),
    units      text        NOT NULL DEFAULT 'km' CHECK (units IN ('km', 'mi')),
    listed     boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

-- Ranges mirror LegDayInput, the contract of /legday. Identity ids are never reused, so an id
-- a member saw once never names another entry (SQLite's rowid could be, after a delete).
CREATE TABLE leg_days (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id   bigint      NOT NULL,
    user_id    bigint      NOT NULL,
    at         timestamptz NOT NULL,
    exercises  integer     NOT NULL CHECK (exercises BETWEEN 0 AND 20),
    heaviest   integer     CHECK (heaviest BETWEEN 1 AND 100),
    sets       integer     CHECK (sets BETWEEN 1 AND 20),
    reps       integer     CHECK (reps BETWEEN 1 AND 50),
    hard_given boolean,
    -- The classification made when the leg day was logged; later rule changes do not
    -- rewrite history.
    is_hard    boolean     NOT NULL,
    notes      text,
    created_at timestamptz NOT NULL,
    FOREIGN KEY (guild_id, user_id) REFERENCES members ON DELETE CASCADE
);

-- The /canirun window lookup, newest first straight from the index (id breaks ties); also
-- the child-key index the cascade needs.
CREATE INDEX leg_days_member_at ON leg_days (guild_id, user_id, at, id);
-- "Last hard leg day at or before t" as a single index seek.
CREATE INDEX leg_days_member_hard_at ON leg_days (guild_id, user_id, at, id) WHERE is_hard;
-- The daily post: every leg day of a club in a window.
CREATE INDEX leg_days_guild_at ON leg_days (guild_id, at);

CREATE TABLE runs (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id    bigint      NOT NULL,
    user_id     bigint      NOT NULL,
    at          timestamptz NOT NULL,
    run_type    text        NOT NULL CHECK (run_type IN (
        'recovery', 'easy', 'steady', 'long', 'tempo',
        'intervals', 'hills', 'sprints', 'hiit', 'race'
    )),
    distance_km double precision CHECK (distance_km > 0),
    minutes     double precision CHECK (minutes > 0),
    rpe         integer     CHECK (rpe BETWEEN 1 AND 10),
    notes       text,
    created_at  timestamptz NOT NULL,
    FOREIGN KEY (guild_id, user_id) REFERENCES members ON DELETE CASCADE
);

CREATE INDEX runs_member_at ON runs (guild_id, user_id, at, id);
-- The leaderboard: a guild's runs in a week.
CREATE INDEX runs_guild_at ON runs (guild_id, at);

-- Small bot-wide facts, e.g. the hash of the last synced command tree.
CREATE TABLE meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);
