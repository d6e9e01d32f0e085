-- Issue 4: member self-service and privacy.

-- Guilds the bot was removed from. Their data is purged `[privacy] keep_days_after_removal`
-- days after removed_at, unless the bot is added back first (which deletes the row). A guild
-- with no row here is one the bot is in.
CREATE TABLE guild_removals (
    guild_id   {bigint} PRIMARY KEY,
    removed_at {moment} NOT NULL
) {strict};

-- /undo takes back the most recently logged entry: an index seek per table.
CREATE INDEX leg_days_member_created ON leg_days (guild_id, user_id, created_at{postgres: , id});
CREATE INDEX runs_member_created ON runs (guild_id, user_id, created_at{postgres: , id});
