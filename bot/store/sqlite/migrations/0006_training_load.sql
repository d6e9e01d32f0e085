-- Issue 12: the training week. A leg day's duration and session RPE (load = RPE x minutes),
-- and each member's races.

ALTER TABLE leg_days ADD COLUMN minutes INTEGER CHECK (minutes BETWEEN 1 AND 300);
ALTER TABLE leg_days ADD COLUMN rpe INTEGER CHECK (rpe BETWEEN 1 AND 10);

-- A race is a local date in the member's own time zone (ISO text), a name they typed.
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

-- A member's upcoming races; also the child-key index the cascade needs.
CREATE INDEX races_member_on ON races (guild_id, user_id, race_on);
-- The daily post: a club's races in the coming days.
CREATE INDEX races_guild_on ON races (guild_id, race_on);
