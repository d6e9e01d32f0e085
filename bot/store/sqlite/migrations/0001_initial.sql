-- Moments are INTEGER unix seconds, UTC. Every row belongs to one member of one guild, and
-- every query filters on (guild_id, user_id): the same Discord user in two clubs is two
-- members that never see each other's data.

CREATE TABLE members (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    -- NULL means "the club's default time zone", so a club changing its default moves
    -- every member who never chose one.
    timezone   TEXT,
    experience TEXT    NOT NULL DEFAULT 'intermediate'
        CHECK (experience IN ('beginner', 'intermediate', 'advanced')),
    focus      TEXT    NOT NULL DEFAULT 'balanced'
        CHECK (focus IN ('endurance', 'balanced', 'strength')),
    units      TEXT    NOT NULL DEFAULT 'km' CHECK (units IN ('km', 'mi')),
    listed     INTEGER NOT NULL DEFAULT 1 CHECK (listed IN (0, 1)),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) STRICT;

-- Ranges mirror LegDayInput, the contract of /legday.
CREATE TABLE leg_days (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    exercises  INTEGER NOT NULL CHECK (exercises BETWEEN 0 AND 20),
    heaviest   INTEGER CHECK (heaviest BETWEEN 1 AND 100),
    sets       INTEGER CHECK (sets BETWEEN 1 AND 20),
    reps       INTEGER CHECK (reps BETWEEN 1 AND 50),
    hard_given INTEGER CHECK (hard_given IN (0, 1)),
    -- The classification made when the leg day was logged; later rule changes do not
    -- rewrite history.
    is_hard    INTEGER NOT NULL CHECK (is_hard IN (0, 1)),
    notes      TEXT,
    created_at INTEGER NOT NULL,
    FOREIGN KEY (guild_id, user_id) REFERENCES members ON DELETE CASCADE
) STRICT;

-- The /canirun window lookup; also the child-key index the cascade needs.
CREATE INDEX leg_days_member_at ON leg_days (guild_id, user_id, at);
-- "Last hard leg day at or before t" as a single index seek.
CREATE INDEX leg_days_member_hard_at ON leg_days (guild_id, user_id, is_hard, at);
CREATE INDEX leg_days_guild_at ON leg_days (guild_id, at);

CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
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

CREATE INDEX runs_member_at ON runs (guild_id, user_id, at);
CREATE INDEX runs_guild_at ON runs (guild_id, at);

-- Small bot-wide facts, e.g. the hash of the last synced command tree.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
