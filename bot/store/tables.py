"""The tables every backend keeps, by what the privacy features do with them.

One list for both backends: their schemas hold the same tables (a test checks each schema
against these), so /mydata and the purge after removal reach the same rows everywhere.
"""

from __future__ import annotations

# Every table with rows of one member (`guild_id` and `user_id`): the export and /mydata delete.
# Every list puts parents before children; deletes run in reverse, so every row is counted and
# none is left to a cascade.
MEMBER_TABLES: tuple[str, ...] = (
    "members",
    "leg_days",
    "runs",
    "races",
    # Before timers, so deleted after them: an answer saved meanwhile waits for its check-in's
    # deletion and then finds it gone (bot.store.sql.checkin_answers).
    "checkin_answers",
    "timers",
    "member_notices",
    "heads_ups",
    "event_interest",
)

# Every table with a `guild_id` column: all of it goes when a removed club is purged.
GUILD_TABLES: tuple[str, ...] = (*MEMBER_TABLES, "clubs", "club_sessions", "posts")

# Every table of the schema: what `migrate-store` copies. A table the target has and this list
# does not name stops the copy (a later migration must add it here).
TABLES: tuple[str, ...] = (*GUILD_TABLES, "meta", "guild_removals")
