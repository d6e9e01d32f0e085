"""The bot's own records in the `meta` table, written by every process as it starts: when it
connected (the IDENTIFY back-off, bot/actions/startup.py) and the hash of the command tree it
last synced (bot/discord/sync.py). They describe a process, not a club, so a database holding
only these is still empty for `migrate-store`."""

from __future__ import annotations

IDENTIFY_STARTS = "identify_starts"
COMMAND_TREE = "command_tree"
# Each record's key is one of these, a colon, and what it is about (a shard set, a scope).
START_UP_KEY_PREFIXES = (f"{IDENTIFY_STARTS}:", f"{COMMAND_TREE}:")


def is_start_up_record(key: str) -> bool:
    return key.startswith(START_UP_KEY_PREFIXES)
