"""What a command is, as plain data: one `CommandSpec` per command, declared next to its action.

Discord registration (bot/discord/commands/slash.py), the offline console and /help all read
these, so a command's name, texts and options are written once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.actions.context import Context
from bot.actions.option_base import Options
from bot.render.reply import Reply

Action = Callable[[Context, Any], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A second step after the action's question: Discord shows buttons, the console asks yes.

    The question holds for `seconds`; after that `timed_out` answers and nothing is done.
    `forgets_member`: confirming deletes everything about the member, so a front end deletes
    what it keeps of theirs too (the console's saved files).
    """

    confirmed: Callable[[Context], Awaitable[Reply]]
    cancelled: Callable[[], Reply]
    timed_out: Callable[[], Reply]
    seconds: int = 60
    forgets_member: bool = False


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One command. `name` is the full name as typed: "run", "mydata export", "club session add".

    `summary` is the line of /help and the console; `description` the shorter line Discord's
    command picker shows (at most 100 characters), the summary when not given.
    """

    name: str
    summary: str
    options: type[Options]
    action: Action
    confirmation: Confirmation | None = None
    description: str = field(default="", kw_only=True)
    # Slow to answer (a chart): a front end with an answer deadline acknowledges first.
    slow: bool = field(default=False, kw_only=True)

    @property
    def short(self) -> str:
        return self.description or self.summary


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """A name that groups subcommands: "mydata", "club", "club session".

    `admin` groups are for the club's admins only (Manage Server on Discord; the console's user
    is the local club's admin).
    """

    name: str
    description: str
    admin: bool = False
