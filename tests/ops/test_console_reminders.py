"""Issue 14 in the offline console: the remind-me button and the check-in's buttons as typed
prompts, and reminders and check-ins printed as they come due, by the same TimerRunner as on
Discord. Time moves only when a test moves it."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import running_clock
from bot.console.reminders import CHECKIN_PROMPT, DM_HEADING, REMIND_PROMPT, RUN_TODAY_PROMPT
from bot.console.repl import LOCAL_MEMBER, Console
from bot.console.session import run_console, run_timers
from bot.core.models import MemberRef
from bot.core.reminders import TimerKind
from tests.ops.console_driving import NOW, Hands, answers, say, settings_for

# NOW: Tuesday 24 November 2026, 18:00 UTC (the club's zone is UTC).
READY = NOW + timedelta(hours=48)  # a hard leg day logged at NOW
DM = DM_HEADING
CLEAR = "You're clear for hard running"


async def deliver(console: Console) -> str:
    return await console.deliver()


async def wait_with_prompt(console: Console) -> str:
    await say(console, "/legday exercises:3")
    waited = await say(console, "/canirun type:tempo")
    assert waited.startswith("WAIT")
    return waited


# -- remind me when I'm clear ------------------------------------------------------------------


async def test_a_wait_asks_remind_me_and_yes_does_what_the_button_does(
    console: Console, hands: Hands
) -> None:
    waited = await wait_with_prompt(console)
    assert waited.endswith(f"\n{REMIND_PROMPT}")
    done = await say(console, "yes")
    assert done.startswith("I'll send you one direct message at Thu 26 Nov 2026 18:00 UTC")
    [timer] = await console.store.timers.pending(LOCAL_MEMBER)
    assert (timer.kind, timer.entry_id, timer.due_at) == (TimerKind.READY, 1, READY)
    assert "clear for hard running" in await say(console, "/remind list")
    # The question is over: another "yes" is an ordinary line.
    assert "Unknown command" in await say(console, "yes")


@pytest.mark.parametrize("typed", ["no", "n", "later", "NO"])
async def test_anything_but_yes_sets_no_reminder(console: Console, typed: str) -> None:
    await wait_with_prompt(console)
    assert await say(console, typed) == "No reminder set."
    assert await console.store.timers.pending(LOCAL_MEMBER) == []


async def test_a_command_at_the_prompt_runs_and_sets_no_reminder(console: Console) -> None:
    await wait_with_prompt(console)
    ran = await say(console, "/run type:easy distance:5")
    assert ran.startswith("Run logged: Easy run")
    assert await console.store.timers.pending(LOCAL_MEMBER) == []


async def test_a_go_does_not_ask(console: Console) -> None:
    went = await say(console, "/canirun type:easy")
    assert went.startswith("GO") and REMIND_PROMPT not in went


# -- the club post's button ---------------------------------------------------------------------


async def test_the_previews_button_asks_and_its_wait_asks_remind_me(console: Console) -> None:
    # The preview says to press "Can I run today?": the console asks it, as it asks the others.
    await say(console, "/legday exercises:3")
    preview = await say(console, "/club preview")
    assert "Press “Can I run today?”" in preview and preview.endswith(f"\n{RUN_TODAY_PROMPT}")
    verdicts = await say(console, "yes")
    assert verdicts.startswith("Can I run today?\n")
    assert "GO: run as planned" in verdicts and "WAIT: not a hard run yet" in verdicts
    # The hard run's WAIT offers its reminder here too, as the button's answer does on Discord.
    assert verdicts.endswith(f"\n{REMIND_PROMPT}")
    assert (await say(console, "yes")).startswith("I'll send you one direct message at")
    [timer] = await console.store.timers.pending(LOCAL_MEMBER)
    assert (timer.kind, timer.due_at) == (TimerKind.READY, READY)


async def test_anything_but_yes_at_the_previews_button_shows_nothing(console: Console) -> None:
    await say(console, "/club preview")
    assert await say(console, "no") == ""
    assert "Unknown command" in await say(console, "yes")


async def test_the_reminder_prints_once_at_its_minute(console: Console, hands: Hands) -> None:
    await wait_with_prompt(console)
    await say(console, "yes")
    hands.set(READY - timedelta(seconds=1))
    assert await deliver(console) == ""
    hands.set(READY)
    shown = await deliver(console)
    assert shown.startswith(f"{DM}\n{CLEAR}")
    assert "Since Thu 26 Nov 2026 18:00 UTC (now)" in shown
    hands.set(READY + timedelta(minutes=5))
    assert await deliver(console) == ""
    assert "no reminders" in await say(console, "/remind list")


async def test_only_the_consoles_own_club_is_served(console: Console, hands: Hands) -> None:
    # A database shared with a bot: its clubs' reminders are the bot's to send.
    discord_member = MemberRef(guild_id=10**17, user_id=10**17)
    await console.store.timers.add_ready(discord_member, entry_id=1, due_at=NOW, now=NOW)
    assert await deliver(console) == ""
    assert [t.due_at for t in await console.store.timers.pending(discord_member)] == [NOW]


# -- the morning check-in ----------------------------------------------------------------------


async def checkin_due(console: Console, hands: Hands) -> str:
    assert "Every day at 07:00 (UTC, the club's" in await say(console, "/checkin time:07:00")
    hands.set(datetime(2026, 11, 25, 7, 0, tzinfo=UTC))
    return await deliver(console)


async def test_a_due_check_in_asks_how_sore_and_a_number_answers(
    console: Console, hands: Hands
) -> None:
    shown = await checkin_due(console, hands)
    assert shown.startswith(f"{DM}\nMorning check-in: how sore are your legs?")
    assert "For Wed 25 Nov" in shown
    assert shown.endswith(f"\n{CHECKIN_PROMPT}")
    assert (await say(console, "5")).startswith("Got it: soreness 5 for Wed 25 Nov.")
    hands.set(datetime(2026, 11, 25, 8, 0, tzinfo=UTC))
    used = await say(console, "/canirun type:easy minutes:45")
    assert "Using your 07:00 check-in: 5." in used
    assert used.startswith("EASY-ONLY")
    # The next day's check-in is waiting.
    [tomorrow] = await console.store.timers.pending(LOCAL_MEMBER)
    assert tomorrow.due_at == datetime(2026, 11, 26, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize("typed", ["11", "-1", "five", "5.5", "٣"])
async def test_a_soreness_outside_0_to_10_is_asked_again(
    console: Console, hands: Hands, typed: str
) -> None:
    await checkin_due(console, hands)
    again = await say(console, typed)
    assert again == f"Soreness is a whole number from 0 to 10, or skip.\n{CHECKIN_PROMPT}"
    assert await say(console, "") == ""  # a blank line leaves the question open
    assert (await say(console, "0")).startswith("Got it: soreness 0")


async def test_skip_saves_nothing(console: Console, hands: Hands) -> None:
    await checkin_due(console, hands)
    skipped = await say(console, "skip")
    assert skipped.startswith("Check-in for Wed 25 Nov skipped: nothing saved.")
    used = await say(console, "/canirun type:easy minutes:45")
    assert "check-in" not in used


async def test_a_check_in_waits_for_an_open_confirmation(console: Console, hands: Hands) -> None:
    await say(console, "/checkin time:07:00")
    hands.set(datetime(2026, 11, 25, 6, 59, 30, tzinfo=UTC))
    assert "type yes within 60 seconds" in await say(console, "/mydata delete")
    hands.set(datetime(2026, 11, 25, 7, 0, tzinfo=UTC))
    shown = await deliver(console)
    assert "Morning check-in" in shown and CHECKIN_PROMPT not in shown
    cancelled = await say(console, "no")
    assert cancelled.startswith("Nothing was deleted")
    assert cancelled.endswith(f"\n{CHECKIN_PROMPT}")
    assert (await say(console, "3")).startswith("Got it: soreness 3")


# -- the background task and the session -------------------------------------------------------


async def test_the_background_task_prints_what_comes_due_while_waiting(
    console: Console, hands: Hands
) -> None:
    await say(console, "/checkin time:07:00")
    hands.set(datetime(2026, 11, 25, 7, 0, tzinfo=UTC))
    shown: list[str] = []
    seen = asyncio.Event()

    def show(text: str) -> None:
        shown.append(text)
        seen.set()

    task = asyncio.create_task(run_timers(console, show))
    try:
        await seen.wait()  # its first round: today's check-in was due
        assert shown[0].endswith(CHECKIN_PROMPT)
        assert (await say(console, "4")).startswith("Got it: soreness 4")
        seen.clear()
        # A day on; setting `changed` wakes the task as a typed line does.
        hands.set(datetime(2026, 11, 26, 7, 0, tzinfo=UTC))
        console.timers.wake.due_changed()
        await seen.wait()
        assert "For Thu 26 Nov" in shown[1] and len(shown) == 2
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


def test_a_session_prints_the_reminder_after_the_line_at_which_it_is_due(
    tmp_path: Path, hands: Hands
) -> None:
    def lines() -> Iterator[str]:
        yield "/legday exercises:3"
        yield "/canirun type:sprints"
        yield "yes"
        hands.set(READY)  # two days at the keyboard
        yield "# later"
        yield "/remind list"

    out = io.StringIO()
    clock = running_clock(NOW, elapsed=lambda: hands.elapsed)
    run_console(settings_for(tmp_path), lines(), out, clock=clock, echo=True)
    got = answers(out.getvalue())
    assert got["/canirun type:sprints"].endswith(REMIND_PROMPT)
    assert got["yes"].startswith("I'll send you one direct message")
    assert got["# later"].startswith(f"{DM}\n{CLEAR}")
    assert got["/remind list"].startswith("You have no reminders.")
    assert out.getvalue().count(CLEAR) == 1


def test_a_reminder_due_while_the_console_was_closed_prints_first(
    tmp_path: Path, hands: Hands
) -> None:
    settings = settings_for(tmp_path)
    clock = running_clock(NOW, elapsed=lambda: hands.elapsed)
    first = io.StringIO()
    run_console(settings, ["/legday exercises:3", "/canirun type:hills", "y"], first, clock=clock)
    hands.set(READY + timedelta(hours=1))
    out = io.StringIO()
    run_console(settings, ["/remind list"], out, clock=clock, echo=True, banner="hello")
    text = out.getvalue()
    assert text.startswith(f"hello\n{DM}\n{CLEAR}")
    assert text.index(CLEAR) < text.index("runclub> /remind list")
    hands.set(READY + timedelta(hours=7))
    later = io.StringIO()
    run_console(settings, ["/remind list"], later, clock=clock)
    assert CLEAR not in later.getvalue()


def test_the_readme_shows_the_consoles_prompts_as_they_are() -> None:
    readme = Path(__file__).resolve().parents[2] / "README.md"
    text = " ".join(readme.read_text(encoding="utf-8").split())
    for shown in (REMIND_PROMPT, CHECKIN_PROMPT, RUN_TODAY_PROMPT, DM_HEADING):
        assert f"`{shown}`" in text


async def test_a_bots_overdue_reminder_of_another_club_holds_back_none_of_the_consoles(
    console: Console,
) -> None:
    # A bot on the same database has an overdue reminder of its own club: the bot's to send.
    bots = MemberRef(guild_id=LOCAL_MEMBER.guild_id + 1, user_id=7)
    await console.store.members.ensure(bots, NOW)
    await console.store.timers.add_ready(
        bots, entry_id=1, due_at=NOW - timedelta(minutes=1), now=NOW
    )
    await say(console, "/checkin time:18:02")  # the console's own, two minutes on
    moment = NOW
    while not await console.timers.fire(moment):
        due = await console.timers.next_due(moment)
        assert due is not None and due > moment  # the bot's reminder is no reason to spin
        assert due <= NOW + timedelta(minutes=5)
        moment = due
    assert moment == NOW + timedelta(minutes=2)  # the console's check-in, at its minute
