"""Issue 14 end to end: the remind-me button, the morning check-in, timers that fire once across
restarts, closed DMs, and buttons that outlive a restart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.models import MemberRef
from bot.discord.cogs.reminders import Reminders
from tests.discord.harness import ALICE, BOB, GUILD_A, FakeClock, Harness, discord_ts

READY_TEXT = "You're clear for hard running"


def reminders_cog(h: Harness) -> Reminders:
    cog = h.bot.get_cog("Reminders")
    assert isinstance(cog, Reminders)
    return cog


async def fire(h: Harness) -> Any:
    """One wake-up of the timers' loop at the fake clock's now."""
    async with h.capture() as cap:
        await reminders_cog(h).run(h.clock.now())
    return cap


def button_ids(message: dict[str, Any]) -> dict[str, str]:
    return {b["label"]: b["custom_id"] for row in message["components"] for b in row["components"]}


async def wait_with_button(h: Harness) -> tuple[dict[str, Any], str]:
    result = await h.invoke("canirun", {"type": "tempo"})
    assert result.embed["title"].startswith("WAIT")
    message = result.created_message
    assert message is not None
    return message, button_ids(message)["Remind me when I'm clear"]


def dms(cap: Any) -> list[Any]:
    return [r for r in cap.requests if r.method == "POST" and r.path.startswith("/channels/9")]


async def test_remind_me_sends_exactly_one_dm_at_the_ready_minute(
    harness: Harness, clock: FakeClock
) -> None:
    clock.advance(timedelta(seconds=27))  # 09:00:27: the ready time rounds up to 09:01
    await harness.invoke("legday", {"exercises": 4})
    clock.advance(timedelta(hours=2))
    message, custom_id = await wait_with_button(harness)

    pressed = await harness.click(message, custom_id)
    ready = clock.now().replace(second=0) - timedelta(hours=2) + timedelta(hours=48, minutes=1)
    assert discord_ts(ready) in pressed.content

    clock.advance(ready - clock.now() - timedelta(seconds=1))
    assert dms(await fire(harness)) == []  # a second early: nothing
    clock.advance(timedelta(seconds=1))
    cap = await fire(harness)
    opened = cap.to("POST", "/users/@me/channels")
    assert [int(r.json["recipient_id"]) for r in opened] == [ALICE.id]
    (sent,) = dms(cap)
    assert sent.json["embeds"][0]["title"] == READY_TEXT
    assert discord_ts(ready) in sent.json["embeds"][0]["description"]
    assert sent.json["allowed_mentions"] == {"parse": []}

    clock.advance(timedelta(minutes=10))
    assert dms(await fire(harness)) == []  # once only


async def test_a_restart_between_press_and_ready_time_still_sends_exactly_one(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    async with make_harness() as first:
        await first.invoke("legday", {"exercises": 4})
        message, custom_id = await wait_with_button(first)
        await first.click(message, custom_id)
    clock.advance(timedelta(hours=48, minutes=1))
    async with make_harness() as second:
        assert len(dms(await fire(second))) == 1
    async with make_harness() as third:
        assert dms(await fire(third)) == []


async def test_undo_before_the_ready_time_cancels_the_reminder(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("legday", {"exercises": 4})
    message, custom_id = await wait_with_button(harness)
    await harness.click(message, custom_id)
    assert "clear for hard running" in (await harness.invoke("remind list")).embed["description"]

    await harness.invoke("undo")

    clock.advance(timedelta(hours=49))
    assert dms(await fire(harness)) == []
    assert "no reminders" in (await harness.invoke("remind list")).content


async def test_a_newer_hard_leg_day_moves_the_reminder(harness: Harness, clock: FakeClock) -> None:
    await harness.invoke("legday", {"exercises": 4})
    message, custom_id = await wait_with_button(harness)
    await harness.click(message, custom_id)
    clock.advance(timedelta(hours=24))
    await harness.invoke("legday", {"exercises": 5})

    clock.advance(timedelta(hours=24, minutes=1))
    assert dms(await fire(harness)) == []  # the first leg day's time: not clear yet
    clock.advance(timedelta(hours=24))
    assert len(dms(await fire(harness))) == 1


async def test_another_members_press_is_refused(harness: Harness) -> None:
    await harness.invoke("legday", {"exercises": 4})
    message, custom_id = await wait_with_button(harness)
    refused = await harness.click(message, custom_id, user=BOB)
    assert refused.ephemeral and "Only the member" in refused.content
    assert await harness.store.timers.pending(MemberRef(guild_id=GUILD_A.id, user_id=BOB.id)) == []
    alice = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
    assert await harness.store.timers.pending(alice) == []


async def test_the_buttons_work_after_a_restart(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    async with make_harness() as first:
        await first.invoke("legday", {"exercises": 4})
        message, custom_id = await wait_with_button(first)
    async with make_harness() as second:
        pressed = await second.click(message, custom_id)
        assert "send you one direct message" in pressed.content
        listed = await second.invoke("remind list")
        assert "clear for hard running" in listed.embed["description"]


async def test_closed_dms_give_a_notice_on_the_next_command_and_stop_checkins(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("checkin", {"time": "09:30"})
    await harness.invoke("legday", {"exercises": 4})
    message, custom_id = await wait_with_button(harness)
    await harness.click(message, custom_id)
    harness.fake.closed_dms.add(ALICE.id)

    clock.advance(timedelta(minutes=30))  # 09:30: the check-in
    cap = await fire(harness)
    assert [r.status for r in dms(cap)] == [403]

    result = await harness.invoke("remind list")
    (notice,) = [r for r in result.requests if r.method == "POST" and "/webhooks/" in r.path]
    assert notice.json["content"].startswith("I couldn't DM you:")
    assert "check-in" not in result.embed["description"]  # check-ins stopped, reminder kept
    again = await harness.invoke("remind list")
    assert [r for r in again.requests if "/webhooks/" in r.path and r.method == "POST"] == []

    # Bob is not affected.
    assert "no reminders" in (await harness.invoke("remind list", user=BOB)).content


async def test_checkin_answer_is_used_by_canirun_and_typed_soreness_wins(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("checkin", {"time": "09:02"})
    clock.advance(timedelta(minutes=2))
    cap = await fire(harness)
    (sent,) = dms(cap)
    dm_message = sent.response
    ids = button_ids(dm_message)
    assert list(ids) == [str(n) for n in range(11)]

    answered = await harness.click_dm(dm_message, ids["5"], user=ALICE)
    assert "soreness 5" in answered.content
    refused = await harness.click_dm(dm_message, ids["2"], user=BOB)
    assert "Only the member" in refused.content

    used = await harness.invoke("canirun", {"type": "easy", "minutes": 45})
    assert "Using your 09:02 check-in: 5." in used.embed["description"]
    assert used.embed["title"].startswith("EASY-ONLY")
    typed = await harness.invoke("canirun", {"type": "easy", "minutes": 45, "soreness": 1})
    assert "check-in" not in typed.embed["description"]
    assert typed.embed["title"].startswith("GO")
    # A plan past the soreness's 24 hours sets the answer aside: it says where the number
    # came from, never that it was used.
    later = await harness.invoke("canirun", {"type": "easy", "minutes": 45, "when": "in 2 days"})
    assert later.embed["title"].startswith("GO")
    assert "so it is set aside" in later.embed["description"]
    assert "Using your" not in later.embed["description"]
    assert "Your 09:02 check-in said 5." in later.embed["description"]

    # The next day's check-in is already waiting; a press on yesterday's expires.
    clock.advance(timedelta(days=1))
    late = await harness.click_dm(dm_message, ids["3"], user=ALICE)
    assert "expired" in late.content


async def test_a_thousand_timers_due_in_one_minute_are_all_sent(
    harness: Harness, clock: FakeClock
) -> None:
    now = clock.now()
    for n in range(1000):
        member = MemberRef(guild_id=GUILD_A.id, user_id=10_000 + n)
        await harness.store.timers.add_ready(
            member, entry_id=n + 1, due_at=now + timedelta(seconds=n % 60), now=now
        )
    clock.advance(timedelta(minutes=1))
    cap = await fire(harness)
    assert len(dms(cap)) == 1000
    assert len({r.path for r in dms(cap)}) == 1000


async def test_a_time_zone_change_moves_the_pending_checkin_to_the_same_clock_time(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("checkin", {"time": "07:00"})  # the club's zone: UTC
    await harness.invoke("profile", {"timezone": "America/New_York"})
    member = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
    [checkin] = await harness.store.timers.pending(member)
    local = checkin.due_at.astimezone(ZoneInfo("America/New_York"))
    assert (local.hour, local.minute) == (7, 0)
    assert clock.now() < checkin.due_at <= clock.now() + timedelta(days=1)


async def test_cancelling_the_checkin_says_the_daily_checkins_stopped(harness: Harness) -> None:
    await harness.invoke("checkin", {"time": "07:00"})
    member = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
    [checkin] = await harness.store.timers.pending(member)
    result = await harness.invoke("remind cancel", {"reminder": f"#{checkin.id}"})
    assert "Your daily check-ins have stopped" in result.content
    assert await harness.store.timers.pending(member) == []


async def test_a_reminder_id_that_is_not_one_quotes_the_input_without_its_markup(
    harness: Harness,
) -> None:
    result = await harness.invoke("remind cancel", {"reminder": "**bold** [x](https://e.x)"})
    assert result.ephemeral and "No pending reminder" in result.content
    assert "**bold**" not in result.content and "](" not in result.content


async def test_the_clear_dm_comes_at_the_clubs_own_window_and_names_no_fixed_48(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    """A club with `[advice] window_hours = 36`: the reminder comes 36 hours after the leg day,
    and its DM gives that moment, not "48 hours after" (README: the numbers are defaults a
    club changes). It states no hour count: its time was fixed under the window of the day
    the button was pressed (see test_review17_findings)."""
    async with make_harness(config={"advice": {"window_hours": 36}}) as h:
        logged = clock.now()
        await h.invoke("legday", {"exercises": 4})
        message, custom_id = await wait_with_button(h)
        await h.click(message, custom_id)
        clock.advance(logged + timedelta(hours=36) - clock.now())
        (sent,) = dms(await fire(h))
        text = sent.json["embeds"][0]["description"]
        assert text.startswith(f"Since {discord_ts(logged + timedelta(hours=36))}")
        assert "your last hard leg day no longer holds hard running back" in text
        assert "hours" not in text


async def test_an_empty_checkin_time_is_called_empty_and_told_what_is_allowed(
    harness: Harness,
) -> None:
    """`time:""` (the console sends it as typed) or only spaces was answered "could not
    understand ''": it is said to be empty, in the words an empty `when` gets, and what the
    option takes; nothing is stored."""
    for empty, raw in (("", True), ("   ", False)):
        result = await harness.invoke("checkin", {"time": empty}, raw=raw)
        assert result.ephemeral
        assert result.content == (
            "`time`: is empty, and empty is not a moment. Use HH:MM, e.g. 06:30 or 18:00;"
            " or `off` to stop them."
        )
    member = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
    assert await harness.store.timers.pending(member) == []


async def test_a_check_in_whose_first_day_skips_its_time_says_it_was_moved(
    harness: Harness, clock: FakeClock
) -> None:
    """Set on Saturday 13 March 2027 in New York, a 02:30 check-in's first day is the night the
    clocks jump from 02:00 to 03:00: the first comes at 03:30. "Every day at 02:30 … the first
    at 03:30" needs the word /canirun gives a time the clocks skip, or it reads as a mistake."""
    await harness.invoke("profile", {"timezone": "America/New_York"})
    clock.set(datetime(2027, 3, 13, 17, 0, tzinfo=UTC))  # Saturday 12:00 EST
    moved_to = datetime(2027, 3, 14, 7, 30, tzinfo=UTC)  # 03:30 EDT
    reply = await harness.invoke("checkin", {"time": "02:30"})
    assert f"the first at {discord_ts(moved_to)}" in reply.content
    assert reply.content.endswith(
        "There was no 02:30 on Sun 14 Mar in America/New_York: the clocks jumped forward, so it"
        f" was moved to 03:30 ({discord_ts(moved_to)})."
    )
    # The day after, 02:30 is there: nothing to say.
    clock.set(datetime(2027, 3, 14, 12, 0, tzinfo=UTC))
    again = await harness.invoke("checkin", {"time": "02:30"})
    assert "There was no" not in again.content
