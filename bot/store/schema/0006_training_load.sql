-- Issue 12: the training week. A leg day's duration and session RPE (load = RPE x minutes),
-- and each member's races.

ALTER TABLE leg_days ADD COLUMN minutes {int} CHECK (minutes BETWEEN 1 AND 300);
ALTER TABLE leg_days ADD COLUMN rpe {int} CHECK (rpe BETWEEN 1 AND 10);

-- A race is a local date in the member's own time zone (ISO text), a name they typed.
CREATE TABLE races (
    id         {id},
    guild_id   {bigint} NOT NULL,
    user_id    {bigint} NOT NULL,
    race_on    {iso_date race_on} NOT NULL,
    name       {text} NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    distance   {text} CHECK (distance IN ('5k', '10k', 'half', 'marathon', 'ultra', 'other')),
    created_at {moment} NOT NULL,
    FOREIGN KEY (guild_id, user_id) REFERENCES members ON DELETE CASCADE
) {strict};

-- A member's upcoming races; also the child-key index the cascade needs.
CREATE INDEX races_member_on ON races (guild_id, user_id, race_on);
-- The daily post: a club's races in the coming days.
CREATE INDEX races_guild_on ON races (guild_id, race_on);
