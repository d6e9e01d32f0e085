"""A check-in DM pressed after its record is gone (the member's /mydata delete, the club's
purge after the bot's removal) stores nothing: an answer there would outlive the deletion."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from bot.discord.buttons import LEFT_SERVER_BUTTON
from tests.discord.harness import GUILD_A, Harness
from tests.discord.test_guild_removal import cog, kicked
from tests.discord.test_reminders import button_ids, dms, fire


async def test_a_checkin_dm_from_before_mydata_delete_stores_nothing(harness: Harness) -> None:
    # README, "Your data": confirming /mydata delete deletes "reminders and check-ins,
    # check-in answers"; the reply says "the record of your reminders, check-ins and
    # heads-ups" is gone and the check-ins stop. The morning's check-in DM, sent before,
    # keeps its buttons: a press on one must store no soreness for the deleted member (which
    # /canirun would use and /mydata export list).
    await harness.invoke("checkin", {"time": "09:02"})
    harness.clock.advance(timedelta(minutes=2))
    (sent,) = dms(await fire(harness))
    checkin = sent.response
    question = await harness.invoke("mydata delete")
    assert question.created_message is not None
    await harness.click(
        question.created_message, button_ids(question.created_message)["Delete all my data"]
    )

    pressed = await harness.click_dm(checkin, button_ids(checkin)["5"])

    assert pressed.ephemeral
    assert pressed.content.endswith(
        "is no longer on record (your data here was deleted, or the bot left the server);"
        " nothing was saved."
    )
    assert await harness.store.db.all("SELECT * FROM checkin_answers") == []


async def test_a_checkin_dm_pressed_after_the_clubs_purge_leaves_nothing_behind(
    make_harness: Callable[..., Harness],
) -> None:
    # README, "Your data": when the bot is removed from a server, that club's data, check-in
    # answers included, is deleted once `keep_days_after_removal` days have passed (0 here).
    # A press on that day's check-in DM after the purge must store nothing: nothing marks that
    # server for a purge any more, so such a row would stay for good.
    async with make_harness(config={"privacy": {"keep_days_after_removal": 0}}) as h:
        await h.invoke("checkin", {"time": "09:02"})
        h.clock.advance(timedelta(minutes=2))
        (sent,) = dms(await fire(h))
        checkin = sent.response
        await kicked(h, GUILD_A.id)
        assert await cog(h).purge_removed(h.clock.now()) == [GUILD_A.id]

        pressed = await h.click_dm(checkin, button_ids(checkin)["5"])
        # Refused before its record is looked for: the bot is not in that server.
        assert pressed.content == LEFT_SERVER_BUTTON

        assert await h.store.db.all("SELECT * FROM checkin_answers") == []
