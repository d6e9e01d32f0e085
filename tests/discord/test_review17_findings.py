"""Findings of an independent review: the window in the ready DM (a reminder set under one
`[advice] window_hours` and sent, or looked for after a crash, under another) and the
empty-time refusal. Each failed before its fix."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from tests.discord.harness import FakeClock, Harness, discord_ts
from tests.discord.test_reminders import dms, fire
from tests.discord.test_reminders_delivery import (
    DM_PATH,
    M,
    crash_mid_send,
    press_remind_me,
    timer_rows,
    wake,
)

CLUB_36 = {"advice": {"window_hours": 36}}


async def test_a_reminder_set_before_the_window_changed_says_nothing_untrue(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    logged = clock.now()  # 09:00:00 exactly: no rounding up
    async with make_harness() as first:  # the default window, 48 h
        ready = await press_remind_me(first)
    assert ready == logged + timedelta(hours=48)
    clock.set(ready)
    async with make_harness(config=CLUB_36) as second:  # the admin tuned the window since
        (sent,) = dms(await fire(second))
    text = sent.json["embeds"][0]["description"]
    # Its moment, 48 hours on, and no hour count that the new window would make "36".
    assert text.startswith(f"Since {discord_ts(ready)}")
    assert "your last hard leg day no longer holds hard running back" in text
    assert "36" not in re.sub(r"<t:\d+:\w>", "", text)


async def test_a_cut_off_reminder_is_found_after_a_restart_with_another_window(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    crashed, timer_id, _ = await crash_mid_send(make_harness, clock, reached_discord=True)
    clock.advance(2 * M)  # past the nonce's dedup: the member's DMs are read first
    second = make_harness(config=CLUB_36)
    second.fake = crashed.fake  # the same Discord
    async with second:
        back = await wake(second, expect_errors=True)
        assert back.cap.to("GET", DM_PATH)  # it looked
        assert await timer_rows(second) == [("ready", "sent", 2)]
        # Found: not sent again (the fake Discord dedups the nonce for ever; Discord forgets
        # it after a few minutes, so a second POST is a second DM).
        assert dms(back.cap) == []
    del timer_id


async def test_an_empty_edit_time_is_not_told_that_left_out_means_now(harness: Harness) -> None:
    await harness.invoke("legday", {"exercises": 1, "when": "2h ago"})
    result = await harness.invoke("edit", {"entry": "L1", "when": "   "})
    assert result.ephemeral
    assert "`when`: is empty, and empty is not a moment" in result.content
    assert "for now" not in result.content
    assert "leave it out to keep the entry's time, or type a time." in result.content
