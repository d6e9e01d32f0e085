"""The reminders' and check-ins' replies in full, as a member reads them (bot/render/reminders.py):
the remind-me button's answers, /remind list, /checkin, the check-in DM and the answers to its
buttons. Each is private; the DM is the member's own.

The clock starts at Tuesday 10 March 2026, 09:00 UTC (harness.DEFAULT_START) in a club on UTC
with a 48-hour window; every moment below is worked out from that start.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.discord.harness import ALICE, DEFAULT_START, FakeClock, Harness, discord_ts
from tests.discord.test_reminders import button_ids, dms, fire, wait_with_button
from tests.discord.test_reminders_delivery import DM_PATH, wake

T0 = DEFAULT_START
READY = T0 + timedelta(hours=48)
CHECKIN = T0 + timedelta(minutes=30)  # 09:30 UTC
INFO_COLOUR = 0x3498DB


def when(moment: datetime) -> str:
    return f"{discord_ts(moment, 'F')} ({discord_ts(moment, 'R')})"


async def test_the_remind_me_button_and_the_list(harness: Harness, clock: FakeClock) -> None:
    empty = await harness.invoke("remind list")
    assert empty.ephemeral
    assert empty.content == (
        "You have no reminders. A WAIT from `/canirun` offers one; `/checkin` sets the morning"
        " check-in."
    )

    set_up = await harness.invoke("checkin", {"time": "09:30"})
    assert set_up.ephemeral
    assert set_up.content == (
        "Every day at 09:30 (UTC, the club's: `/profile timezone` sets yours) I'll DM you a"
        f" check-in asking how sore your legs are; the first at {when(CHECKIN)}."
        " `/checkin time:off` stops it."
    )
    await harness.invoke("legday", {"exercises": 4})
    message, custom_id = await wait_with_button(harness)
    pressed = await harness.click(message, custom_id)
    assert pressed.ephemeral
    assert pressed.content == (
        f"I'll send you one direct message at {when(READY)}, when you are clear for hard"
        " running. `/remind list` shows it; `/remind cancel` takes it back."
    )

    listed = await harness.invoke("remind list")
    assert listed.ephemeral
    assert listed.embed["title"] == "Your reminders"
    assert listed.embed["description"].splitlines() == [
        f"`#1` check-in, daily at 09:30: next {discord_ts(CHECKIN)}",
        f"`#2` clear for hard running: {discord_ts(READY)} (leg day L1)",
    ]
    assert listed.embed["footer"]["text"] == "/remind cancel takes one back"
    assert listed.embed["color"] == INFO_COLOUR

    picked = await harness.autocomplete("remind cancel", {"reminder": ""}, focused="reminder")
    assert picked.choices == [  # README: "#12 · clear for hard running · Thu 12 Mar 09:01"
        {"name": "#1 · check-in · Tue 10 Mar 09:30", "value": "#1"},
        {"name": "#2 · clear for hard running · Thu 12 Mar 09:00", "value": "#2"},
    ]

    await harness.invoke("undo")
    gone = await harness.click(message, custom_id)
    assert gone.ephemeral
    assert gone.content == (
        "No need: you are already clear for hard running. No hard leg day of yours holds it"
        " back now (the one this was for was deleted, undone or changed to LIGHT)."
    )


async def test_a_press_once_the_window_is_over(harness: Harness, clock: FakeClock) -> None:
    await harness.invoke("legday", {"exercises": 4})
    message, custom_id = await wait_with_button(harness)
    clock.advance(timedelta(hours=49))

    late = await harness.click(message, custom_id)

    assert late.ephemeral
    assert late.content == (
        f"No need: you are already clear for hard running, since {when(READY)}."
    )


async def test_the_checkin_dm_and_its_answers(harness: Harness, clock: FakeClock) -> None:
    await harness.invoke("checkin", {"time": "09:30"})
    clock.advance(timedelta(minutes=30))
    (sent,) = dms(await fire(harness))

    [embed] = sent.json["embeds"]
    assert embed["title"] == "Morning check-in: how sore are your legs?"
    assert embed["description"] == (
        "For Tue 10 Mar: 0 is not at all, 10 is very. Your answer counts for `/canirun` that"
        " day unless you type a soreness there."
    )
    assert embed["color"] == INFO_COLOUR
    ids = button_ids(sent.response)
    assert list(ids) == [str(n) for n in range(11)]

    answered = await harness.click_dm(sent.response, ids["3"])
    assert answered.ephemeral
    assert answered.content == (
        "Got it: soreness 3 for Tue 10 Mar. `/canirun` uses it today unless you type a"
        " soreness there."
    )
    again = await harness.click_dm(sent.response, ids["4"])
    assert again.ephemeral
    assert again.content == "You already answered the check-in for Tue 10 Mar: 3. It stays."

    off = await harness.invoke("checkin", {"time": "off"})
    assert (off.ephemeral, off.content) == (True, "Morning check-ins are off.")
    off_again = await harness.invoke("checkin", {"time": "off"})
    assert off_again.content == "Morning check-ins were already off."

    clock.advance(timedelta(days=1))
    expired = await harness.click_dm(sent.response, ids["3"])
    assert expired.ephemeral
    assert expired.content == (
        "This check-in was for Tue 10 Mar and has expired; nothing was saved. The next one"
        " comes as usual."
    )


async def test_cancelling_each_kind_says_what_was_cancelled(harness: Harness) -> None:
    await harness.invoke("checkin", {"time": "09:30"})
    await harness.invoke("legday", {"exercises": 4})
    message, custom_id = await wait_with_button(harness)
    await harness.click(message, custom_id)

    ready = await harness.invoke("remind cancel", {"reminder": "#2"})
    assert ready.ephemeral
    assert ready.content == (
        f"Cancelled: `#2` clear for hard running: {discord_ts(READY)} (leg day L1)"
    )
    checkin = await harness.invoke("remind cancel", {"reminder": "#1"})
    assert checkin.content.splitlines() == [
        f"Cancelled: `#1` check-in, daily at 09:30: next {discord_ts(CHECKIN)}",
        "Your daily check-ins have stopped; `/checkin time:HH:MM` starts them again.",
    ]


async def notices(h: Harness) -> list[dict[str, Any]]:
    """The notices the next command's answer brings: followups after it."""
    result = await h.invoke("remind list")
    return [r.json for r in result.requests if r.method == "POST" and "/webhooks/" in r.path]


async def test_a_refused_dm_is_told_on_the_next_command(harness: Harness, clock: FakeClock) -> None:
    await harness.invoke("checkin", {"time": "09:30"})
    await harness.invoke("legday", {"exercises": 4})
    message, custom_id = await wait_with_button(harness)
    await harness.click(message, custom_id)
    harness.fake.closed_dms.add(ALICE.id)
    clock.advance(timedelta(minutes=30))
    await fire(harness)

    [notice] = await notices(harness)

    assert notice["flags"] == 64  # private, as the command's own answer
    assert notice["content"] == (
        f"I couldn't DM you: Discord refused a direct message to you, so your check-in of"
        f" {discord_ts(CHECKIN)} was not delivered. Allow direct messages from this server's"
        " members (Privacy Settings), then run `/checkin` again to restart your check-ins; they"
        " are paused until then."
    )
    clock.advance(timedelta(hours=48))
    await fire(harness)
    [notice] = await notices(harness)
    assert notice["content"].startswith(
        f"I couldn't DM you: Discord refused a direct message to you, so your reminder for"
        f" {discord_ts(READY)} (clear for hard running) was not delivered."
    )


async def test_a_refused_reminder_of_a_member_without_check_ins_says_nothing_of_check_ins(
    harness: Harness, clock: FakeClock
) -> None:
    """Only the reminder was refused, and there were no check-ins to pause: the notice does
    not tell the member to restart check-ins they never had."""
    await harness.invoke("legday", {"exercises": 4})
    message, custom_id = await wait_with_button(harness)
    await harness.click(message, custom_id)
    harness.fake.closed_dms.add(ALICE.id)
    clock.set(READY)
    await fire(harness)
    [notice] = await notices(harness)
    assert notice["content"] == (
        f"I couldn't DM you: Discord refused a direct message to you, so your reminder for"
        f" {discord_ts(READY)} (clear for hard running) was not delivered. Allow direct"
        " messages from this server's members (Privacy Settings), or the next reminder will"
        " not reach you either."
    )


async def test_a_press_after_the_club_changed_its_window_moves_the_reminder(
    make_harness: Callable[..., Harness],
) -> None:
    async with make_harness() as first:
        await first.invoke("legday", {"exercises": 4})
        message, custom_id = await wait_with_button(first)
        await first.click(message, custom_id)
    async with make_harness(config={"advice": {"window_hours": 36}}) as second:
        again = await second.click(message, custom_id)

    assert again.content == (
        f"Moved: I'll send you one direct message at {when(T0 + timedelta(hours=36))}, when you"
        " are clear for hard running. `/remind list` shows it; `/remind cancel` takes it back."
    )


async def test_the_clear_dm_in_full_and_a_midnight_checkin_listed(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("checkin", {"time": "00:00"})
    await harness.invoke("legday", {"exercises": 4})
    message, custom_id = await wait_with_button(harness)
    await harness.click(message, custom_id)
    listed = await harness.invoke("remind list")
    midnight = T0.replace(hour=0) + timedelta(days=1)
    assert listed.embed["description"].splitlines()[0] == (
        f"`#1` check-in, daily at 00:00: next {discord_ts(midnight)}"
    )

    await harness.invoke("checkin", {"time": "off"})
    clock.advance(READY - T0)
    [sent] = dms(await fire(harness))
    [embed] = sent.json["embeds"]
    assert embed["title"] == "You're clear for hard running"
    assert embed["description"] == (
        f"Since {when(READY)}, your last hard leg day no longer holds hard running back: tempo,"
        " intervals, hills, sprints, HIIT and races are fine again."
    )
    assert embed["color"] == 0x2ECC71


async def test_a_checkin_names_the_zone_its_time_is_in_and_whose_it_is(harness: Harness) -> None:
    """A member who never set /profile is on the club's zone, as /profile shows it ("UTC (the
    club's)"): the check-in's time is read there, and the reply says so and how to change it,
    before a member elsewhere gets a DM each day in the small hours. One's own zone is named
    alone."""
    default = await harness.invoke("checkin", {"time": "07:00"})
    assert default.content.startswith(
        "Every day at 07:00 (UTC, the club's: `/profile timezone` sets yours) I'll DM you"
    )
    profile = await harness.invoke("profile")
    assert "UTC (the club's)" in profile.text

    await harness.invoke("profile", {"timezone": "America/New_York"})
    own = await harness.invoke("checkin", {"time": "07:00"})
    assert own.content.startswith("Every day at 07:00 (America/New_York) I'll DM you")


async def test_a_checkin_set_again_while_todays_is_retried_says_so(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("checkin", {"time": "09:30"})
    clock.advance(timedelta(minutes=30))
    harness.fake.script("POST", DM_PATH, 503, times=1)  # Discord fails it for now
    await wake(harness, expect_errors=True)
    retry = CHECKIN + timedelta(minutes=1)  # the first retry comes a minute later

    again = await harness.invoke("checkin", {"time": "09:30"})

    assert again.ephemeral
    assert again.content == (
        "Every day at 09:30 (UTC, the club's: `/profile timezone` sets yours) I'll DM you a"
        " check-in asking how sore your legs are; from"
        f" {when(CHECKIN + timedelta(days=1))}. Today's, which Discord has not taken yet, is"
        f" tried again {discord_ts(retry, 'R')}. `/checkin time:off` stops it."
    )
    listed = await harness.invoke("remind list")
    assert listed.embed["description"].splitlines() == [
        f"`#1` check-in, being retried: next try {discord_ts(retry)}",
        f"`#3` check-in, daily at 09:30: next {discord_ts(CHECKIN + timedelta(days=1))}",
    ]


async def test_an_answer_for_the_members_next_day_counts_from_then(
    harness: Harness, clock: FakeClock
) -> None:
    # 07:00 in Tokyo (UTC+9) is 22:00 UTC the day before: Wednesday's check-in goes out on
    # Tuesday evening UTC; she then moves to Los Angeles (UTC-7), where it is Tuesday 15:00.
    await harness.invoke("profile", {"timezone": "Asia/Tokyo"})
    await harness.invoke("checkin", {"time": "07:00"})
    clock.advance(timedelta(hours=13))
    (sent,) = dms(await fire(harness))
    await harness.invoke("profile", {"timezone": "America/Los_Angeles"})

    answered = await harness.click_dm(sent.response, button_ids(sent.response)["3"])

    assert answered.content == (
        "Got it: soreness 3 for Wed 11 Mar. `/canirun` uses it on Wed 11 Mar unless you type a"
        " soreness there."
    )


async def test_cancelling_the_checkin_discord_refused_last_says_it_was_tried(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("checkin", {"time": "23:59"})
    clock.set(datetime(2026, 3, 10, 23, 59, tzinfo=UTC))
    harness.fake.script("POST", DM_PATH, 503, times=1)  # its retry would fall on Wednesday
    await wake(harness, expect_errors=True)

    cancelled = await harness.invoke("remind cancel", {"reminder": "#1"})

    assert cancelled.content.splitlines() == [
        "Check-in `#1` had been tried already.",
        "Your daily check-ins have stopped; `/checkin time:HH:MM` starts them again.",
    ]
