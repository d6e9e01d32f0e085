"""The offline console: the member commands in a terminal, without Discord or a token.

It is one more front end over the same pieces as the cogs: the catalog names the commands,
`parse_options` validates what was typed, the action runs against the bot's own SQLite file,
and the `Reply` it returns is printed as text (bot/console/text.py). The person at the keyboard
is one local member (LOCAL_MEMBER) of one local club, and that club's admin (so /club works
here too, except what picks a Discord channel); its ids are far below any Discord
snowflake, so the console's data never mixes with a real server's in a shared database.
"""

from __future__ import annotations

import asyncio
import difflib
import logging
import shlex
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Self

from bot.actions.catalog import CommandSpec, Confirmation, all_commands
from bot.actions.club import CLUB_PREVIEW
from bot.actions.context import Context, club_zone
from bot.actions.file_reader import LocalFile
from bot.actions.local_calendar import CLUB_SESSION_JOIN, LocalCalendar
from bot.actions.option_base import is_file, is_text_channel, parse_options
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.console.choices import choices_text
from bot.console.files import name_parts
from bot.console.reminders import (
    DM_HEADING,
    ConsoleTimers,
    Question,
    RunTodayQuestion,
    questions_for,
)
from bot.console.text import Reader, option_lines, plain, render_reply
from bot.core.errors import InputError, NotFound, UserError
from bot.core.models import MemberRef, Profile
from bot.render.reply import Attachment, Reply
from bot.store import Store, open_store

log = logging.getLogger(__name__)

LOCAL_MEMBER = MemberRef(guild_id=1, user_id=1)
PROMPT = "runclub> "
EXIT_WORDS = frozenset({"exit", "quit"})
FAILED = "That failed on our side (logged above); it is a bug, not your input."
EXAMPLE = '/canirun type:sprints when:"in 3h"'
CONFIRM_WORDS = frozenset({"yes", "y"})
NEEDS_DISCORD = "/{name} picks a Discord channel (option {option}): use it in your club's server."
CONFIRM_PROMPT = (
    "In this console: type yes within {seconds} seconds to go ahead; anything else cancels "
    "(a /command cancels and runs)."
)


@dataclass(frozen=True, slots=True)
class Line:
    """One typed line: `/command [subcommand] name:value ...`.

    `words` are the tokens without a colon, in order: the command's name (one word, or two for
    a subcommand such as `mydata export`), then anything stray.
    """

    words: tuple[str, ...]
    slash: bool
    options: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    done: bool = False


@dataclass(frozen=True, slots=True)
class Confirm:
    """A command whose question waits for "yes", and when it was asked: the answer counts only
    within the confirmation's window."""

    spec: CommandSpec
    confirmation: Confirmation
    asked_at: datetime


def parse_line(text: str) -> Line | None:
    """Split a line like Discord's input box would; None for a blank line or a # comment."""
    if text.lstrip().startswith("#"):
        return None
    try:
        tokens = shlex.split(text)
    except ValueError as exc:
        raise UserError(
            f'Could not read that line ({exc}). Quote values with spaces: when:"2h ago".'
        ) from None
    if not tokens:
        return None
    head, *rest = tokens
    words = [head.removeprefix("/").lower()]
    options: dict[str, str] = {}
    for token in rest:
        name, colon, value = token.partition(":")
        if not colon or not name:
            words.append(token)
            continue
        if name in options:
            raise UserError(f"'{name}' is given twice.")
        options[name] = value
    return Line(tuple(words), head.startswith("/"), options)


def _ready_with(make: Callable[[], Reply]) -> Callable[[Context], Awaitable[Reply]]:
    """A fixed reply (cancelled, timed out) shaped as an action."""

    async def action(ctx: Context) -> Reply:
        del ctx
        return make()

    return action


class Console:
    """Answers typed lines. Open with `await Console.open(...)`, always `await close()`."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        clock: Clock = system_clock,
        files_dir: Path | None = None,
        member: MemberRef = LOCAL_MEMBER,
    ) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock
        self.member = member
        # Attachments land next to the database: a folder the bot can already write to.
        self.files_dir = files_dir or settings.database.path.parent / "attachments"
        self.commands = {spec.name: spec for spec in (*all_commands(), CLUB_SESSION_JOIN)}
        # Discord's calendar, stood in for locally (bot/actions/local_calendar.py).
        self.calendar = LocalCalendar(store, clock)
        # Where Discord would show buttons, the next line answers a question: a confirmation,
        # or a reminder's prompt (bot/console/reminders.py). Prompts that come while one is open
        # wait their turn.
        self.pending: Confirm | Question | None = None
        self.waiting: list[Question] = []
        self.timers = ConsoleTimers(store, settings, member, self.calendar)

    @classmethod
    async def open(
        cls, settings: Settings, *, clock: Clock = system_clock, files_dir: Path | None = None
    ) -> Self:
        store = await open_store(settings.database)
        return cls(store, settings, clock=clock, files_dir=files_dir)

    async def close(self) -> None:
        await self.store.close()

    async def handle(self, text: str) -> Answer:
        if isinstance(self.pending, Confirm):
            return self._ask_next(await self._settle(text, self.pending))
        if self.pending is not None:
            return self._ask_next(await self._settle_question(text, self.pending))
        try:
            line = parse_line(text)
        except UserError as exc:
            return Answer(exc.message)
        if line is None:
            return Answer("")
        head, *rest = line.words
        if head in EXIT_WORDS:
            return Answer("", done=True)
        # `/help` is the bot's own command when the catalog has one; `help` and `help NAME`
        # are always the console's guide to typing commands.
        if head == "help" and (rest or not line.slash or "help" not in self.commands):
            return Answer(self.help(" ".join(rest)))
        spec, stray = self._resolve(line.words)
        if spec is None:
            return Answer(self._unknown_command(*line.words))
        if stray:
            return Answer(
                f"'{stray[0]}' is not name:value. Options are written like this: {EXAMPLE}"
            )
        return Answer(await self.run(spec, line.options))

    async def _settle(self, text: str, asked: Confirm) -> Answer:
        """The line typed at a confirmation: yes (in time), a new command, or a no."""
        self.pending = None
        spec, confirmation, asked_at = asked.spec, asked.confirmation, asked.asked_at
        typed = text.strip()
        if typed.lower() in CONFIRM_WORDS:
            if self.clock() - asked_at > timedelta(seconds=confirmation.seconds):
                return Answer(await self._answer(spec.name, _ready_with(confirmation.timed_out)))
            done = await self._answer(spec.name, confirmation.confirmed)
            if confirmation.forgets_member and done != FAILED:
                done += "\n" + await asyncio.to_thread(self._forget_files)
            return Answer(done)
        cancelled = await self._answer(spec.name, _ready_with(confirmation.cancelled))
        if not typed.startswith("/"):
            return Answer(cancelled)
        # Typing another command means "no" to the question, and that command still runs.
        then = await self.handle(text)
        return Answer(f"{cancelled}\n\n{then.text}".rstrip(), done=then.done)

    async def _settle_question(self, text: str, question: Question) -> Answer:
        """The line typed at a reminder's or check-in's prompt: its answer, or what the prompt
        takes (asked again). A /command leaves it, as an unpressed button would, and runs; a blank
        line leaves the prompt open."""
        typed = text.strip()
        if not typed:
            return Answer("")
        self.pending = None
        if typed.startswith("/"):
            return await self.handle(text)
        settled = question.settle(typed)
        if settled.again:
            self.pending = question
        if settled.action is None:
            return Answer(settled.said)
        return Answer(await self._answer(question.name, settled.action))

    def _ask_next(self, answer: Answer) -> Answer:
        if self.pending is not None or not self.waiting or answer.done:
            return answer
        self.pending = self.waiting.pop(0)
        return Answer(f"{answer.text}\n{self.pending.prompt}".lstrip("\n"))

    async def run(self, spec: CommandSpec, raw: dict[str, Any]) -> str:
        """One command, exactly as on Discord: options validated, the action, its Reply."""
        channels = [n for n, f in spec.options.model_fields.items() if is_text_channel(f)]
        if channels:
            return NEEDS_DISCORD.format(name=spec.name, option=channels[0])
        # A file option names a file on this machine (`file:runs/monday.fit`), read when the
        # action asks for it, with the same limits as an attachment on Discord.
        raw = {
            name: LocalFile(value)
            if name in spec.options.model_fields
            and is_file(spec.options.model_fields[name])
            and isinstance(value, str)
            else value
            for name, value in raw.items()
        }

        async def action(ctx: Context) -> Reply:
            try:
                return await spec.action(ctx, parse_options(spec.options, raw))
            except (NotFound, InputError) as exc:
                # Discord would show a list to pick from; here the list is printed.
                option = exc.option if isinstance(exc, InputError) else None
                if isinstance(exc, InputError) and option is None:
                    raise
                listed = await choices_text(spec, ctx, raw, option)
                if listed is None:
                    raise
                raise UserError(f"{exc.message}\n{listed}") from None

        asked_at = self.clock()
        text = await self._answer(spec.name, action)
        if spec.confirmation is not None and text != FAILED:
            self.pending = Confirm(spec, spec.confirmation, asked_at)
            text += "\n" + CONFIRM_PROMPT.format(seconds=spec.confirmation.seconds)
        if spec.name == CLUB_PREVIEW.name and text != FAILED:  # the post's button, as a prompt
            self.waiting.append(RunTodayQuestion())
        return self._ask_next(Answer(text)).text

    def context(self, now: datetime) -> Context:
        return Context(
            store=self.store,
            settings=self.settings,
            member=self.member,
            now=now,
            due_changed=self.timers.wake.due_changed,
            calendar=self.calendar,
        )

    async def deliver(self, now: datetime | None = None) -> str:
        """Fire the console's reminders and check-ins due at `now` (the clock's by default):
        their DMs as text, a check-in's prompt included; "" when nothing was due."""
        now = self.clock() if now is None else now
        sent = await self.timers.fire(now)
        if not sent:
            return ""
        ctx = self.context(now)
        reader = await self._reader(ctx, now)
        shown = [f"{DM_HEADING}\n{render_reply(reply, reader)}" for reply in sent]
        for reply in sent:
            self.waiting += questions_for(reply.buttons)
        return self._ask_next(Answer("\n\n".join(shown))).text

    async def _answer(self, name: str, action: Callable[[Context], Awaitable[Reply]]) -> str:
        now = self.clock()
        ctx = self.context(now)
        try:
            reply = await action(ctx)
            # After the action: /profile may just have changed the zone the reply is read in.
            profile = await ctx.profile()
            saved = await asyncio.to_thread(self._save, reply.files, now)
        except UserError as exc:
            # Written for Discord (a file name's escapes, a timestamp): shown as plain text.
            return plain(exc.message, Reader(self.member.user_id, ctx.club_zone, now))
        except Exception:
            log.exception("/%s failed in the console", name)
            return FAILED
        reader = Reader(self.member.user_id, ctx.member_zone(profile), now)
        lines = [render_reply(reply, reader)]
        lines += [f"Saved {'chart' if p.suffix == '.png' else 'file'}: {p}" for p in saved]
        # Its buttons become prompts, asked once the reply is shown (`_ask_next`).
        self.waiting += questions_for(reply.buttons)
        return "\n".join(lines)

    async def _reader(self, ctx: Context, now: datetime) -> Reader:
        try:
            zone = ctx.member_zone(await ctx.profile())
        except Exception:
            zone = ctx.member_zone(Profile())
        return Reader(self.member.user_id, zone, now)

    def _file_prefix(self) -> str:
        # Every saved file starts with its member's ids, so /mydata delete finds exactly
        # theirs, also files saved in an earlier session or by another member's console.
        return f"member-{self.member.guild_id}-{self.member.user_id}-"

    def _forget_files(self) -> str:
        """Delete the member's saved files (exports, charts); say how many went."""
        gone = 0
        if self.files_dir.is_dir():
            for path in self.files_dir.glob(f"{self._file_prefix()}*"):
                if path.is_file():
                    path.unlink()
                    gone += 1
        files = "file" if gone == 1 else "files"
        return f"Also deleted {gone} saved {files} (exports and charts) from {self.files_dir}."

    def _save(self, files: Iterable[Attachment], now: datetime) -> list[Path]:
        saved = []
        for attachment in files:
            self.files_dir.mkdir(parents=True, exist_ok=True)
            stem, suffix = name_parts(attachment.filename)
            base = f"{self._file_prefix()}{stem}-{now.astimezone(UTC):%Y%m%d-%H%M%S}"
            path = self.files_dir / f"{base}{suffix}"
            counter = 1
            while path.exists():
                counter += 1
                path = self.files_dir / f"{base}-{counter}{suffix}"
            path.write_bytes(attachment.data)
            saved.append(path)
        return saved

    def _resolve(self, words: tuple[str, ...]) -> tuple[CommandSpec | None, tuple[str, ...]]:
        """The command the leading words name (the longest match wins), and the words left."""
        for count in range(len(words), 0, -1):
            spec = self.commands.get(" ".join(words[:count]).lower())
            if spec is not None:
                return spec, words[count:]
        return None, words

    def _family(self, name: str) -> list[CommandSpec]:
        """The command called `name`, or the subcommands of the group called `name`."""
        return [
            spec
            for spec in self.commands.values()
            if spec.name == name or spec.name.startswith(name + " ")
        ]

    def help(self, name: str = "") -> str:
        # A summary is written for Discord's /help too (`time:off`): shown as plain text here.
        reader = Reader(self.member.user_id, club_zone(self.settings), self.clock())
        if name:
            family = self._family(name.removeprefix("/").lower())
            if not family:
                return self._unknown_command(name.removeprefix("/"))
            lines = []
            for spec in family:
                hints = option_lines(spec.options) or ["(no options)"]
                summary = plain(spec.summary, reader)
                lines += [f"/{spec.name}: {summary}", *(f"  {hint}" for hint in hints)]
            return "\n".join(lines)
        rows = [(f"/{s.name}", plain(s.summary, reader)) for s in self.commands.values()]
        rows += [("help COMMAND", "the options of one command"), ("/exit", "leave (or Ctrl-D)")]
        width = max(len(left) for left, _ in rows) + 2
        lines = ["Commands, typed as in Discord (options are name:value):"]
        lines += [f"  {left:<{width}}{right}" for left, right in rows]
        lines.append(f"Quote values with spaces: {EXAMPLE}")
        return "\n".join(lines)

    def _unknown_command(self, name: str, *more: str) -> str:
        for count in range(len(more), -1, -1):  # /club session: its own, not all of /club's
            group = " ".join((name, *more[:count])).lower()
            if family := self._family(group):
                choices = ", ".join(f"/{spec.name}" for spec in family)
                return f"/{group} needs a subcommand: {choices}."
        close = difflib.get_close_matches(name, list(self.commands), n=1)
        hint = f" Did you mean /{close[0]}?" if close else ""
        return f"Unknown command /{name}.{hint} Type help for the list."
