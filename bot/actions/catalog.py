"""The member-facing commands as plain data: name, options model, action.

The offline console and /help read this list; the cogs declare the same commands for Discord
with Discord's own decorators and call the same actions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot.actions.advice import can_i_run
from bot.actions.context import Context
from bot.actions.logbook import log_leg_day, log_run
from bot.actions.options import (
    CanIRunOptions,
    LegDayOptions,
    Options,
    ProfileOptions,
    RunOptions,
)
from bot.actions.profile import update_profile
from bot.reply import Reply

Action = Callable[[Context, Any], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    summary: str
    options: type[Options]
    action: Action


def member_commands() -> tuple[CommandSpec, ...]:
    return (
        CommandSpec(
            "legday",
            "Log a leg day; see whether it was hard and when hard running is fine again.",
            LegDayOptions,
            log_leg_day,
        ),
        CommandSpec("run", "Log a run; shows your pace.", RunOptions, log_run),
        CommandSpec(
            "canirun",
            "GO, EASY-ONLY or WAIT for a run you have in mind, with the reason.",
            CanIRunOptions,
            can_i_run,
        ),
        CommandSpec(
            "profile",
            "Show or set your time zone, experience, focus, units and listing.",
            ProfileOptions,
            update_profile,
        ),
    )
