"""Which `meta` rows are the bot's own start-up records (a database holding only these is still
empty for `migrate-store`), and which are not."""

from __future__ import annotations

import pytest

from bot.actions.startup import starts_key
from bot.core.bookkeeping import COMMAND_TREE, is_start_up_record
from bot.core.shards import ShardSet


@pytest.mark.parametrize(
    "key",
    [
        # The IDENTIFY back-off's record, as a process writes it (bot/actions/startup.py).
        starts_key(ShardSet.of(None, None)),
        starts_key(ShardSet.of(4, [1, 3])),
        # The synced command tree's hash, as bot/discord/sync.py names it.
        f"{COMMAND_TREE}:123456789:global",
        f"{COMMAND_TREE}:123456789:guild:42",
    ],
)
def test_what_a_starting_process_writes_is_a_start_up_record(key: str) -> None:
    assert is_start_up_record(key)


@pytest.mark.parametrize(
    "key",
    [
        "schema_version",
        "identify_starts",  # the prefix needs its colon: a key about something else
        "command_tree",
        "club:identify_starts:all",
        "",
    ],
)
def test_anything_else_is_not(key: str) -> None:
    assert not is_start_up_record(key)
