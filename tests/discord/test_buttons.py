"""The buttons that outlive a restart (bot/discord/buttons.py), pressed with custom ids the bot
never makes: a day that does not exist, ids past Discord's 64 bits, a soreness past 10, an
expiry past year 9999, and a press in a server the bot has left. Discord only delivers a custom
id that is on the message, so each test first puts the forged one there, as a forged message
would.

Every such press gets a short private answer and stores nothing; none logs an error.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import timedelta
from typing import Any

import pytest

from bot.core.models import MemberRef
from bot.core.shards import ShardSet, shard_of
from bot.discord.buttons import LEFT_SERVER_BUTTON, UNREADABLE_BUTTON
from bot.discord.tree import NOT_IN_SERVER_MESSAGE
from tests.discord.harness import ALICE, GUILD_A, Harness, Result
from tests.discord.test_guild_removal import kicked
from tests.discord.test_reminders import button_ids, dms, fire, wait_with_button

ME = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
PAST_64_BITS = 2**64


def with_button(message: dict[str, Any], custom_id: str) -> dict[str, Any]:
    """`message` with its first button's custom id replaced by `custom_id`."""
    forged = copy.deepcopy(message)
    forged["components"][0]["components"][0]["custom_id"] = custom_id
    return forged


def check_answered(result: Result, text: str) -> None:
    assert result.callback_type == 4, result.callback
    assert result.ephemeral
    assert result.content == text
    assert result.logs == [] and result.exceptions == []


async def checkin_dm(h: Harness) -> dict[str, Any]:
    await h.invoke("checkin", {"time": "09:02"})
    h.clock.advance(timedelta(minutes=2))
    (sent,) = dms(await fire(h))
    message: dict[str, Any] = sent.response
    return message


@pytest.mark.parametrize(
    "custom_id",
    [
        f"runclub:sore:v1:{GUILD_A.id}:{ALICE.id}:2026-02-30:5",
        f"runclub:sore:v1:{GUILD_A.id}:{ALICE.id}:2026-13-45:5",
        f"runclub:sore:v1:{PAST_64_BITS}:{ALICE.id}:2026-03-10:5",
        f"runclub:ready:v1:{PAST_64_BITS}:{ALICE.id}:1",
        # Soreness is 0-10: a press of 11 or 99 was saved as 10, an answer nobody gave.
        f"runclub:sore:v1:{GUILD_A.id}:{ALICE.id}:2026-03-10:11",
        f"runclub:sore:v1:{GUILD_A.id}:{ALICE.id}:2026-03-10:99",
    ],
    ids=[
        "february-30",
        "month-13",
        "guild-past-64-bits",
        "remind-guild-past-64-bits",
        "soreness-11",
        "soreness-99",
    ],
)
async def test_a_dm_button_naming_what_no_button_carries_is_answered(
    harness: Harness, custom_id: str
) -> None:
    message = await checkin_dm(harness)

    pressed = await harness.click_dm(with_button(message, custom_id), custom_id, expect_errors=True)

    check_answered(pressed, UNREADABLE_BUTTON)
    assert await harness.store.db.all("SELECT * FROM checkin_answers") == []
    assert [t.kind.value for t in await harness.store.timers.pending(ME)] == ["checkin"]


async def test_a_confirmation_expiring_past_year_9999_is_still_an_answer(
    harness: Harness,
) -> None:
    await harness.invoke("legday", {"exercises": 4})
    question = await harness.invoke("mydata delete")
    assert question.created_message is not None
    custom_id = f"runclub:mydata:v1:{GUILD_A.id}:{ALICE.id}:999999999999:cancel"

    pressed = await harness.click(
        with_button(question.created_message, custom_id), custom_id, expect_errors=True
    )

    # The member's own question: Cancel cancels, whatever moment the forged id names.
    assert pressed.callback_type == 7, pressed.callback
    assert "You cancelled." in pressed.text, pressed.text
    assert pressed.logs == [] and pressed.exceptions == []
    assert len(await harness.store.db.all("SELECT * FROM leg_days")) == 1


async def test_a_button_pressed_in_a_server_the_bot_has_left_stores_nothing(
    harness: Harness,
) -> None:
    await harness.invoke("legday", {"exercises": 4})
    message, custom_id = await wait_with_button(harness)
    await kicked(harness, GUILD_A.id)

    pressed = await harness.click(message, custom_id, expect_errors=True)

    check_answered(pressed, NOT_IN_SERVER_MESSAGE)
    assert await harness.store.timers.pending(ME) == []


async def test_a_dm_button_for_a_server_the_bot_has_left_stores_nothing(
    harness: Harness,
) -> None:
    # A heads-up DM carries the remind-me button, a check-in DM its 0-10. Pressed after the bot
    # was removed from their server (its data kept for `keep_days_after_removal`), the press
    # promised a DM the bot could not send there ("I'll send you one direct message at ..."),
    # and kept an answer for a club the bot is not in, as no command there may.
    await harness.invoke("legday", {"exercises": 4})
    checkin = await checkin_dm(harness)
    remind = f"runclub:ready:v1:{GUILD_A.id}:{ALICE.id}:1"
    await kicked(harness, GUILD_A.id)

    reminded = await harness.click_dm(with_button(checkin, remind), remind)
    answered = await harness.click_dm(checkin, button_ids(checkin)["5"])

    for pressed in (reminded, answered):
        check_answered(pressed, LEFT_SERVER_BUTTON)
    assert await harness.store.db.all("SELECT * FROM checkin_answers") == []
    assert [t.kind.value for t in await harness.store.timers.pending(ME)] == ["checkin"]


async def pressed_uncached(harness: Harness, shards: ShardSet) -> dict[str, Any]:
    """A check-in DM of guild A pressed in a process serving `shards`, where guild A is not
    cached: the answer is kept; once the bot's removal is recorded it is refused, keeping the
    answer given. Returns the DM."""
    checkin = await checkin_dm(harness)
    harness.bot._services = dataclasses.replace(harness.bot.services, shards=shards)
    guild = harness.bot.get_guild(GUILD_A.id)
    assert guild is not None
    harness.bot._connection._remove_guild(guild)

    answered = await harness.click_dm(checkin, button_ids(checkin)["5"])
    assert "soreness 5" in answered.content, answered.content
    assert len(await harness.store.db.all("SELECT * FROM checkin_answers")) == 1

    await harness.store.privacy.mark_removed(GUILD_A.id, harness.clock.now())
    again = await harness.click_dm(checkin, button_ids(checkin)["3"])
    check_answered(again, LEFT_SERVER_BUTTON)
    [kept] = await harness.store.db.all("SELECT soreness FROM checkin_answers")
    assert kept["soreness"] == 5
    return checkin


async def test_a_dm_button_for_a_server_another_process_serves_is_answered(
    harness: Harness,
) -> None:
    # Sharded over processes, Discord sends every DM to shard 0 (discord-api-docs #17): a
    # check-in DM of a club on another process's shard is pressed here, where that server is
    # not cached. The answer is kept; it is refused once that process records the removal.
    await pressed_uncached(harness, ShardSet.of(2, [1 - shard_of(GUILD_A.id, 2)]))


async def test_a_dm_button_for_a_server_on_a_shard_not_yet_connected_is_answered(
    harness: Harness,
) -> None:
    # One process serving shards 0 and 1: shard 0 connects first and answers every DM while
    # shard 1 waits its turn to IDENTIFY (5 s a shard at max_concurrency 1), its servers not
    # cached yet. A check-in DM of a club on shard 1 pressed then was refused as 'not in the
    # server any more'; it is refused only once the bot's removal is recorded, or once every
    # shard of this process is ready and the server is still not there.
    assert not harness.bot.is_ready()
    checkin = await pressed_uncached(harness, ShardSet.of(2, None))

    # Every shard ready, a server of this process's still not cached is one the bot left
    # while it was offline, before the purge's catch-up records it.
    await harness.store.privacy.clear_removed(GUILD_A.id)
    await harness.ready()
    readied = harness.bot.get_guild(GUILD_A.id)
    assert readied is not None
    harness.bot._connection._remove_guild(readied)
    late = await harness.click_dm(checkin, button_ids(checkin)["2"])
    check_answered(late, LEFT_SERVER_BUTTON)
