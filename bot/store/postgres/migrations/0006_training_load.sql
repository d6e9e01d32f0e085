-- Issue 12: the training week. A leg day's duration and session RPE (load = RPE x minutes),
-- and each member's races.

ALTER TABLE leg_days ADD COLUMN minutes integer CHECK (minutes BETWEEN 1 AND 300);
ALTER TABLE leg_days ADD COLUMN rpe integer CHECK (rpe BETWEEN 1 AND 10);

-- A race is a local date in the member's own time zone (ISO text, as in SQLite, so exports
-- match), a name they typed.
CREATE TABLE races (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id   bigint      NOT NULL,
    user_id    bigint      NOT NULL,
    race_on    text        NOT NULL CHECK (race_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    distance   text        CHECK (distance IN ('5k', '10k', 'half', 'marathon', 'ultra', 'other')),
    created_at timestamptz NOT NULL,
    FOREIGN KEY (guild_id, user_id) REFERENCES members ON DELETE CASCADE
);

CREATE INDEX races_member_on ON races (guild_id, user_id, race_on);
CREATE INDEX races_guild_on ON races (guild_id, race_on);
