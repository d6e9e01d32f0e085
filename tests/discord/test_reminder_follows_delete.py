"""Issue 18, point 2: /delete and /undo of a leg day move a pending reminder exactly as /edit
does: to the time an older hard leg day still holds hard running back, or cancelled when none
does, and the reply says which."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.discord.harness import FakeClock, Harness, discord_ts
from tests.discord.test_reminders import READY_TEXT, dms, fire
from tests.discord.test_reminders_edit import W, ready_at, remind_me


async def delete(h: Harness, how: str, entry: str) -> dict[str, str]:
    result = await (h.invoke("undo") if how == "undo" else h.invoke("delete", {"entry": entry}))
    assert result.ephemeral
    return result.embed


@pytest.mark.parametrize("how", ["delete", "undo"])
async def test_deleting_the_newer_hard_leg_day_moves_the_reminder_back(
    harness: Harness, clock: FakeClock, how: str
) -> None:
    start = clock.now()  # Tue 09:00 UTC
    await harness.invoke("legday", {"exercises": 4, "when": "10h ago"})  # L1, Mon 23:00
    older = start - timedelta(hours=10) + W
    await remind_me(harness)
    assert await ready_at(harness) == [(1, discord_ts(older))]
    clock.advance(timedelta(hours=2))
    await harness.invoke("legday", {"exercises": 5})  # L2, Tue 11:00: moves it (right)
    newer = start + timedelta(hours=2) + W
    assert await ready_at(harness) == [(2, discord_ts(newer))]

    embed = await delete(harness, how, "L2")
    assert f"moved to {discord_ts(older)}" in embed["description"]
    assert "L1" in embed["description"]
    assert await ready_at(harness) == [(1, discord_ts(older))]
    listed = await harness.invoke("remind list")
    assert discord_ts(older) in listed.embed["description"]

    clock.set(older - timedelta(seconds=1))
    assert (await harness.invoke("canirun", {"type": "tempo"})).embed["title"].startswith("WAIT")
    assert dms(await fire(harness)) == []
    clock.set(older)
    (sent,) = dms(await fire(harness))
    assert sent.json["embeds"][0]["title"] == READY_TEXT
    assert discord_ts(older) in sent.json["embeds"][0]["description"]


@pytest.mark.parametrize("how", ["delete", "undo"])
async def test_deleting_the_only_hard_leg_day_cancels_the_reminder_and_says_so(
    harness: Harness, clock: FakeClock, how: str
) -> None:
    await harness.invoke("legday", {"exercises": 4})
    await remind_me(harness)
    embed = await delete(harness, how, "L1")
    assert "is cancelled: no hard leg day holds hard running back" in embed["description"]
    assert "no reminders" in (await harness.invoke("remind list")).content
    clock.advance(W + timedelta(minutes=1))
    assert dms(await fire(harness)) == []


async def test_deleting_an_older_hard_leg_day_leaves_the_reminder_and_says_nothing_of_it(
    harness: Harness, clock: FakeClock
) -> None:
    start = clock.now()
    await harness.invoke("legday", {"exercises": 4, "when": "10h ago"})  # L1
    await harness.invoke("legday", {"exercises": 5})  # L2
    await remind_me(harness)
    embed = await delete(harness, "delete", "L1")
    assert "reminder" not in embed["description"]
    assert await ready_at(harness) == [(2, discord_ts(start + W))]


async def test_an_edit_that_moves_the_reminder_says_so(harness: Harness, clock: FakeClock) -> None:
    start = clock.now()
    await harness.invoke("legday", {"exercises": 4, "when": "10h ago"})  # L1
    await harness.invoke("legday", {"exercises": 5})  # L2
    await remind_me(harness)
    edited = await harness.invoke("edit", {"entry": "L2", "hard": False})
    older = start - timedelta(hours=10) + W
    assert f"moved to {discord_ts(older)}" in edited.embed["description"]
    assert await ready_at(harness) == [(1, discord_ts(older))]
