"""Issue 22 in the offline console: its calendar stands in for Discord's, `/club session join`
presses "Interested", and the same TimerRunner prints the heads-up DM at its minute.

Worked by hand: the club's zone is UTC. Tuesday 24 November 2026 18:00, a hard leg day; a
session on Wednesdays at 19:00 (hills, HIGH) next starts Wednesday 25 November 19:00, 25 hours
after the leg day, inside W = 48 hours: a WAIT (rule 1) until Thursday 26 November 18:00. The
heads-up goes out 3 hours before the start, at 16:00.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.console.reminders import DM_HEADING, REMIND_PROMPT
from bot.console.repl import Console
from tests.ops.console_driving import Hands, say
from tests.ops.test_console_reminders import deliver

START = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)
HEADS_UP = START - timedelta(hours=3)
ADD = "/club session add day:wednesday time:19:00 type:hills place:Park"


async def test_join_then_the_heads_up_prints_once_at_its_minute(
    console: Console, hands: Hands
) -> None:
    added = await say(console, ADD)
    assert "It is on the console's calendar as a weekly event" in added
    await say(console, "/legday exercises:3")
    assert "Marked you interested in Wed 19:00 hills" in await say(
        console, "/club session join session:1"
    )
    assert "already interested" in await say(console, "/club session join session:1")
    listed = await say(console, "/club session list")
    assert "• Wed 19:00 hills, 60 minutes at Park · on the console's calendar, next" in listed
    assert "1 interested" in listed

    hands.set(HEADS_UP - timedelta(minutes=1))
    assert await deliver(console) == ""
    hands.set(HEADS_UP)
    dm = await deliver(console)
    assert dm.startswith(DM_HEADING)
    assert "Heads-up · WAIT" in dm
    assert "discord.com" not in dm
    # No event link to follow here: the line ends where Discord's names the event.
    opening = "Heads-up for Wed 19:00 hills, Wed 25 Nov 2026 19:00 UTC, which you're interested in"
    assert f"{opening}\n" in dm, dm
    assert "Hard running OK from Thu 26 Nov 2026 18:00 UTC" in dm
    assert dm.rstrip().endswith(REMIND_PROMPT)
    await say(console, "no")
    hands.set(HEADS_UP + timedelta(minutes=5))
    assert await deliver(console) == ""


async def test_join_needs_a_session_with_an_event(console: Console) -> None:
    await say(console, "/club session add day:wednesday time:19:00 type:hills event:false")
    said = await say(console, "/club session join session:1")
    assert "has no event on the calendar" in said
    said = await say(console, "/club session join session:7")
    assert "no such session in this club" in said


async def test_removing_a_session_deletes_its_event_from_the_consoles_calendar(
    console: Console,
) -> None:
    await say(console, "/club session add day:monday time:18:00 type:easy")
    assert "on the console's calendar, next" in await say(console, "/club session list")

    removed = await say(console, "/club session remove session:1")
    # Nothing was "already deleted", and there is no Discord here.
    assert removed.startswith("Removed from the club's week: Mon 18:00 easy.")
    assert "already been deleted" not in removed and "Discord" not in removed


async def test_a_removed_sessions_interested_members_do_not_carry_over(console: Console) -> None:
    await say(console, "/club session add day:monday time:18:00 type:easy")
    assert "Marked you interested" in await say(console, "/club session join session:1")
    await say(console, "/club session remove session:1")

    await say(console, "/club session add day:thursday time:18:30 type:hills")  # nobody joined
    listed = await say(console, "/club session list")
    assert "Thu 18:30 hills" in listed and "0 interested" in listed, listed


async def test_join_says_which_heads_up_comes_by_the_members_choice(console: Console) -> None:
    # "you get its heads-up" was said whatever /profile heads_up was, `off` included (review 36).
    await say(console, "/club session add day:monday time:18:00 type:easy")
    await say(console, "/club session add day:tuesday time:18:00 type:easy")
    await say(console, "/club session add day:friday time:18:00 type:easy")
    await say(console, "/profile heads_up:off")
    off = await say(console, "/club session join session:1")
    assert "you get its heads-up" not in off
    assert "heads-ups are off" in off and "/profile heads_up" in off
    await say(console, "/profile heads_up:not-go")
    not_go = await say(console, "/club session join session:2")
    assert "when your answer for it is WAIT or EASY-ONLY" in not_go
    await say(console, "/profile heads_up:all")
    everything = await say(console, "/club session join session:3")
    assert "you get its heads-up," in everything
    for said in (off, not_go, everything):
        assert said.startswith("Marked you interested in ")
        assert said.endswith("the daily post counts you.")
