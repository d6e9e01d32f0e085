"""Reminders and check-ins in the offline console: Discord's buttons as typed prompts, and the DMs.

- A reply that offers "Remind me when I'm clear" (a WAIT from /canirun) asks
  "Remind me when I'm clear? (yes/no)"; `yes` does what the Discord button does.
- A check-in DM asks "How sore are your legs, 0-10?"; a number answers as the button would.
- `/club preview` asks "Can I run today? (yes/no)", the post's button; `yes` answers as it does.
- DMs are what the same `TimerRunner` sends on Discord, handed to `ConsoleDmSender`, which keeps
  them for the console to print. The console fires its timers after every line and, while it
  waits for one, from the bot's scheduler (bot/actions/scheduler.py) running `ConsoleTimers` as
  its one job, which sleeps until the next is due (bot/console/session.py, `run_timers`).

Only the console's own club is served (`owns`): a database shared with a running bot keeps the
bot's timers the bot's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from bot.actions.calendar import Calendar
from bot.actions.club import run_today
from bot.actions.context import Context
from bot.actions.reminders import answer_checkin, remind_when_clear
from bot.actions.scheduler import Wake
from bot.actions.timers import TimerRunner
from bot.config import Settings
from bot.core.models import SORENESS_MAX, MemberRef
from bot.core.wording import day_label
from bot.render.club import BUTTON_LABEL
from bot.render.reminders import checkin_answer
from bot.render.reply import ButtonKind, Reply, ReplyButton
from bot.store import Store

YES = frozenset({"yes", "y"})
SKIP = frozenset({"no", "n", "skip"})
REMIND_PROMPT = "Remind me when I'm clear? (yes/no)"
NO_REMINDER = "No reminder set."
CHECKIN_PROMPT = f"How sore are your legs, 0-{SORENESS_MAX}? (skip leaves it unanswered)"
CHECKIN_SKIPPED = "Check-in for {day} skipped: nothing saved. /canirun takes soreness:N too."
SORENESS_RANGE = f"Soreness is a whole number from 0 to {SORENESS_MAX}, or skip."
DM_HEADING = "Direct message from the bot:"
RUN_TODAY_PROMPT = f"{BUTTON_LABEL} (yes/no)"
# The scheduler's slow poll in the console: a clock that jumped, or a timer added by a bot on the
# same database, is seen by then.
CONSOLE_SLOW_POLL = timedelta(seconds=30)

Action = Callable[[Context], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class Settled:
    """What a line typed at a prompt does: run `action`, or show `said`; `again` keeps asking."""

    action: Action | None = None
    said: str = ""
    again: bool = False


@dataclass(frozen=True, slots=True)
class RemindQuestion:
    """The "Remind me when I'm clear" button of a WAIT, for leg day `entry_id`."""

    entry_id: int
    name = "remind me"

    @property
    def prompt(self) -> str:
        return REMIND_PROMPT

    def settle(self, typed: str) -> Settled:
        if typed.lower() in YES:
            return Settled(action=partial(remind_when_clear, entry_id=self.entry_id))
        return Settled(said=NO_REMINDER)


@dataclass(frozen=True, slots=True)
class CheckinQuestion:
    """A check-in DM's buttons 0-10, for the member's local date `day`."""

    day: date
    name = "check-in"

    @property
    def prompt(self) -> str:
        return CHECKIN_PROMPT

    def settle(self, typed: str) -> Settled:
        word = typed.lower()
        if word in SKIP:
            return Settled(said=CHECKIN_SKIPPED.format(day=day_label(self.day)))
        if word.isascii() and word.isdigit() and int(word) <= SORENESS_MAX:
            return Settled(action=partial(_answer_checkin, day=self.day, soreness=int(word)))
        return Settled(said=f"{SORENESS_RANGE}\n{CHECKIN_PROMPT}", again=True)


async def _answer_checkin(ctx: Context, *, day: date, soreness: int) -> Reply:
    return await answer_checkin(ctx, day, soreness)


@dataclass(frozen=True, slots=True)
class RunTodayQuestion:
    """The club post's "Can I run today?" button, under `/club preview`."""

    name = "can I run today"

    @property
    def prompt(self) -> str:
        return RUN_TODAY_PROMPT

    def settle(self, typed: str) -> Settled:
        return Settled(action=run_today) if typed.lower() in YES else Settled()


Question = RemindQuestion | CheckinQuestion | RunTodayQuestion


def questions_for(buttons: tuple[ReplyButton, ...]) -> list[Question]:
    """The prompts a reply's buttons become: one per remind button, one per check-in."""
    questions: list[Question] = []
    for button in buttons:
        if button.kind is ButtonKind.REMIND_READY:
            questions.append(RemindQuestion(int(button.ref)))
        elif button.kind is ButtonKind.CHECKIN:
            asked = CheckinQuestion(checkin_answer(button)[0])
            if asked not in questions:
                questions.append(asked)
    return questions


class ConsoleDmSender:
    """The console's `DmSender`: a DM is kept for the console to print (never refused)."""

    def __init__(self) -> None:
        self.outbox: list[Reply] = []
        self._nonces: set[str] = set()

    async def send_dm(self, guild_id: int, user_id: int, reply: Reply, *, nonce: str) -> None:
        del guild_id, user_id
        # As Discord does with enforce_nonce: a resend of the same DM is not a second one.
        if nonce not in self._nonces:
            self._nonces.add(nonce)
            self.outbox.append(reply)

    async def find_dm(self, guild_id: int, user_id: int, reply: Reply, *, after: datetime) -> bool:
        """The console keeps no DMs from an earlier session: a DM a crash cut off is printed
        again."""
        del guild_id, user_id, reply, after
        return False


class ConsoleTimers:
    """The console club's timers: when the next is due, and firing them, with their DMs kept
    to be printed."""

    def __init__(
        self, store: Store, settings: Settings, member: MemberRef, calendar: Calendar
    ) -> None:
        self.sender = ConsoleDmSender()
        self.runner = TimerRunner(
            store,
            settings,
            self.sender,
            owns=lambda guild_id: guild_id == member.guild_id,
            calendar=calendar,
            quiet_for=CONSOLE_SLOW_POLL,
        )
        # Told by every action that stores or moves a due time (`Context.due_changed`): wakes
        # the scheduler, as on Discord.
        self.wake = Wake()
        self._firing = asyncio.Lock()

    async def next_due(self, now: datetime) -> datetime | None:
        return await self.runner.next_due(now)

    async def fire(self, now: datetime) -> list[Reply]:
        """Send what is due at `now`; the DMs it sent."""
        async with self._firing:
            await self.runner.tick(now)
            sent, self.sender.outbox = self.sender.outbox, []
        return sent
