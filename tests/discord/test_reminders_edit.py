"""Issue 14 and /edit: a pending "remind me when I'm clear" follows its leg day through an edit
(moved, cancelled when the leg day became LIGHT or is already clear)."""

from __future__ import annotations

from datetime import timedelta

from bot.core.models import MemberRef
from bot.core.reminders import TimerKind
from bot.discord.services import services_of
from tests.discord.harness import ALICE, GUILD_A, FakeClock, Harness, discord_ts
from tests.discord.test_reminders import READY_TEXT, dms, fire, wait_with_button

ME = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
W = timedelta(hours=48)


async def remind_me(h: Harness) -> None:
    message, custom_id = await wait_with_button(h)
    pressed = await h.click(message, custom_id)
    assert "send you one direct message" in pressed.content


async def ready_at(h: Harness) -> list[tuple[int | None, str]]:
    """The pending reminders: (leg day id, due) as Discord timestamps."""
    return [
        (t.entry_id, discord_ts(t.due_at))
        for t in await h.store.timers.pending(ME)
        if t.kind is TimerKind.READY
    ]


async def test_editing_the_leg_days_time_moves_the_reminder(
    harness: Harness, clock: FakeClock
) -> None:
    start = clock.now()  # 09:00
    await harness.invoke("legday", {"exercises": 4})
    await remind_me(harness)
    assert await ready_at(harness) == [(1, discord_ts(start + W))]

    clock.advance(timedelta(hours=1))
    edited = await harness.invoke("edit", {"entry": "L1", "when": "3h ago"})  # 07:00
    assert "L1" in edited.text
    earlier = start - timedelta(hours=2) + W
    assert await ready_at(harness) == [(1, discord_ts(earlier))]

    clock.set(earlier - timedelta(seconds=1))
    assert dms(await fire(harness)) == []  # not the old time, not before the new one
    clock.set(earlier)
    (sent,) = dms(await fire(harness))
    assert sent.json["embeds"][0]["title"] == READY_TEXT
    assert discord_ts(earlier) in sent.json["embeds"][0]["description"]
    clock.set(start + W)  # the old time: nothing more
    assert dms(await fire(harness)) == []


async def test_a_leg_day_edited_to_light_cancels_its_reminder(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("legday", {"exercises": 4})
    await remind_me(harness)
    await harness.invoke("edit", {"entry": "L1", "exercises": 1})
    assert await ready_at(harness) == []
    assert "no reminders" in (await harness.invoke("remind list")).content
    clock.advance(W + timedelta(minutes=1))
    assert dms(await fire(harness)) == []


async def test_a_leg_day_edited_to_light_falls_back_to_an_older_hard_one(
    harness: Harness, clock: FakeClock
) -> None:
    start = clock.now()
    await harness.invoke("legday", {"exercises": 4, "when": "10h ago"})  # L1, 23:00
    await harness.invoke("legday", {"exercises": 5})  # L2, now
    await remind_me(harness)
    assert await ready_at(harness) == [(2, discord_ts(start + W))]

    await harness.invoke("edit", {"entry": "L2", "hard": False})
    older = start - timedelta(hours=10) + W
    assert await ready_at(harness) == [(1, discord_ts(older))]
    clock.set(older)
    assert len(dms(await fire(harness))) == 1


async def test_a_leg_day_moved_back_past_its_48_hours_cancels_the_reminder(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("legday", {"exercises": 4})
    await remind_me(harness)
    await harness.invoke("edit", {"entry": "L1", "when": "3 days ago"})
    assert await ready_at(harness) == []
    clock.advance(W)
    assert dms(await fire(harness)) == []


async def test_a_light_leg_day_edited_to_hard_and_newer_takes_the_reminder(
    harness: Harness, clock: FakeClock
) -> None:
    start = clock.now()
    await harness.invoke("legday", {"exercises": 4, "when": "10h ago"})  # L1, hard
    await remind_me(harness)
    await harness.invoke("legday", {"exercises": 1})  # L2, light, now
    assert await ready_at(harness) == [(1, discord_ts(start - timedelta(hours=10) + W))]

    await harness.invoke("edit", {"entry": "L2", "hard": True})
    assert await ready_at(harness) == [(2, discord_ts(start + W))]


async def test_an_edit_of_only_the_notes_keeps_the_reminder(
    harness: Harness, clock: FakeClock
) -> None:
    start = clock.now()
    await harness.invoke("legday", {"exercises": 4})
    await remind_me(harness)
    await harness.invoke("edit", {"entry": "L1", "notes": "squats"})
    assert await ready_at(harness) == [(1, discord_ts(start + W))]


async def test_an_edit_that_moves_a_reminder_wakes_the_scheduler(harness: Harness) -> None:
    # An edit can move a reminder earlier than the scheduler's planned wake-up.
    await harness.invoke("legday", {"exercises": 4})
    await remind_me(harness)
    wake = services_of(harness.bot).wake
    wake.take()
    await harness.invoke("edit", {"entry": "L1", "when": "3h ago"})
    assert wake.take()


async def test_the_button_of_a_leg_day_edited_to_light_says_you_are_clear(
    harness: Harness,
) -> None:
    # The WAIT's button pressed after its leg day became LIGHT: the member is clear, and the
    # leg day is still logged; the answer said it was "gone (deleted or undone)" (review 36).
    await harness.invoke("legday", {"exercises": 4})
    message, custom_id = await wait_with_button(harness)
    await harness.invoke("edit", {"entry": "L1", "hard": False})
    pressed = await harness.click(message, custom_id)
    assert pressed.ephemeral
    assert "is gone" not in pressed.content
    assert "already clear for hard running" in pressed.content
    assert await ready_at(harness) == []
