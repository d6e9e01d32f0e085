BEGIN TRANSACTION;
CREATE TABLE checkin_answers (
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    local_date  TEXT    NOT NULL CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    soreness    INTEGER NOT NULL CHECK (soreness BETWEEN 0 AND 10),
    answered_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id, local_date)
) STRICT;
INSERT INTO "checkin_answers" VALUES(1000000000000000001,2000000000000000001,'2024-03-04',3,1709577000);
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
INSERT INTO "club_sessions" VALUES(8,1000000000000000001,1,1110,'intervals','Track Tuesday',1709577000);
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
INSERT INTO "clubs" VALUES(1000000000000000001,3000000000000000001,420,'Europe/Paris',1,0,1,1709577000,1709577000);
CREATE TABLE guild_removals (
    guild_id   INTEGER PRIMARY KEY,
    removed_at INTEGER NOT NULL
) STRICT;
INSERT INTO "guild_removals" VALUES(1000000000000000009,1709577000);
CREATE TABLE "leg_days" (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    exercises  INTEGER NOT NULL CHECK (exercises BETWEEN 0 AND 20),
    heaviest   INTEGER CHECK (heaviest BETWEEN 1 AND 100),
    sets       INTEGER CHECK (sets BETWEEN 1 AND 20),
    reps       INTEGER CHECK (reps BETWEEN 1 AND 50),
    hard_given INTEGER CHECK (hard_given IN (0, 1)),
    -- The classification made when the leg day was logged (or last edited).
    is_hard    INTEGER NOT NULL CHECK (is_hard IN (0, 1)),
    notes      TEXT,
    created_at INTEGER NOT NULL, minutes INTEGER CHECK (minutes BETWEEN 1 AND 300), rpe INTEGER CHECK (rpe BETWEEN 1 AND 10),
    FOREIGN KEY (guild_id, user_id) REFERENCES members ON DELETE CASCADE
) STRICT;
INSERT INTO "leg_days" VALUES(3,1000000000000000001,2000000000000000001,1709490600,4,85,5,5,1,1,'squats',1709491000,60,8);
INSERT INTO "leg_days" VALUES(7,1000000000000000001,2000000000000000002,1709573400,1,NULL,NULL,NULL,NULL,0,NULL,1709573500,NULL,NULL);
CREATE TABLE member_notices (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    message    TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id, kind)
) STRICT;
INSERT INTO "member_notices" VALUES(1000000000000000001,2000000000000000002,'dm_closed','Your DMs are closed.',1709577000);
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
    created_at INTEGER NOT NULL, max_hr INTEGER CHECK (max_hr BETWEEN 100 AND 230),
    PRIMARY KEY (guild_id, user_id)
) STRICT;
INSERT INTO "members" VALUES(1000000000000000001,2000000000000000001,'Europe/Paris','advanced','strength','mi',0,1709577000,190);
INSERT INTO "members" VALUES(1000000000000000001,2000000000000000002,NULL,'beginner','balanced','km',1,1709577001,NULL);
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
INSERT INTO "meta" VALUES('command_tree_hash','abc123');
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
INSERT INTO "posts" VALUES(1000000000000000001,'2024-03-03',1709490600,'sent',3000000000000000001,4000000000000000001,1,NULL,NULL,'carbs',1709490700);
INSERT INTO "posts" VALUES(1000000000000000001,'2024-03-04',1709577000,'retry',3000000000000000001,NULL,2,1709577300,'HTTP 503',NULL,1709577010);
CREATE TABLE races (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    race_on    TEXT    NOT NULL CHECK (race_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    name       TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    distance   TEXT    CHECK (distance IN ('5k', '10k', 'half', 'marathon', 'ultra', 'other')),
    created_at INTEGER NOT NULL,
    FOREIGN KEY (guild_id, user_id) REFERENCES members ON DELETE CASCADE
) STRICT;
INSERT INTO "races" VALUES(2,1000000000000000001,2000000000000000001,'2024-05-12','City 10k','10k',1709577000);
CREATE TABLE "runs" (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
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
    created_at  INTEGER NOT NULL, moving_seconds INTEGER CHECK (moving_seconds >= 0), elapsed_seconds INTEGER CHECK (elapsed_seconds >= 0), avg_hr INTEGER CHECK (avg_hr > 0), max_hr INTEGER CHECK (max_hr > 0), elevation_gain_m INTEGER CHECK (elevation_gain_m >= 0), source TEXT NOT NULL DEFAULT 'typed'
    CHECK (source IN ('typed', 'fit', 'gpx', 'tcx')),
    FOREIGN KEY (guild_id, user_id) REFERENCES members ON DELETE CASCADE
) STRICT;
INSERT INTO "runs" VALUES(4,1000000000000000001,2000000000000000001,1709569800,'easy',8.5,50.0,4,'river',1709570000,2950,3100,140,160,40,'fit');
INSERT INTO "runs" VALUES(9,1000000000000000001,2000000000000000002,1709576900,'tempo',NULL,30.0,NULL,NULL,1709576950,NULL,NULL,NULL,NULL,NULL,'typed');
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
INSERT INTO "timers" VALUES(5,1000000000000000001,2000000000000000001,'ready',1709577600,1709577600,3,NULL,'pending',0,NULL,1709577000,1709577000);
INSERT INTO "timers" VALUES(6,1000000000000000001,2000000000000000002,'checkin',1709577900,1709577960,NULL,480,'sent',1,'x',1709577000,1709577001);
CREATE INDEX club_sessions_guild_day ON club_sessions (guild_id, weekday, start_minute);
CREATE INDEX leg_days_member_at ON leg_days (guild_id, user_id, at);
CREATE INDEX leg_days_member_hard_at ON leg_days (guild_id, user_id, is_hard, at);
CREATE INDEX leg_days_guild_at ON leg_days (guild_id, at);
CREATE INDEX leg_days_member_created ON leg_days (guild_id, user_id, created_at);
CREATE INDEX runs_member_at ON runs (guild_id, user_id, at);
CREATE INDEX runs_guild_at ON runs (guild_id, at);
CREATE INDEX runs_member_created ON runs (guild_id, user_id, created_at);
CREATE INDEX races_member_on ON races (guild_id, user_id, race_on);
CREATE INDEX races_guild_on ON races (guild_id, race_on);
CREATE INDEX timers_due ON timers (next_at) WHERE state = 'pending';
CREATE INDEX timers_member ON timers (guild_id, user_id, kind, state);
CREATE UNIQUE INDEX timers_one_ready ON timers (guild_id, user_id)
    WHERE state = 'pending' AND kind = 'ready';
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('leg_days',7);
INSERT INTO "sqlite_sequence" VALUES('runs',9);
COMMIT;
PRAGMA user_version = 7;
