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
from bot.actions.help import show_help
from bot.actions.history import delete_entry, show_history, undo_last
from bot.actions.leaderboard import show_leaderboard
from bot.actions.logbook import log_leg_day, log_run
from bot.actions.mydata import ask_delete_my_data, delete_my_data, export_my_data
from bot.actions.options import (
    CanIRunOptions,
    DeleteOptions,
    HistoryOptions,
    LegDayOptions,
    NoOptions,
    Options,
    ProfileOptions,
    RunOptions,
)
from bot.actions.profile import update_profile
from bot.render.mydata import delete_cancelled_reply
from bot.render.reply import Reply

Action = Callable[[Context, Any], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A second step after the action's question: Discord shows buttons, the console asks yes."""

    confirmed: Callable[[Context], Awaitable[Reply]]
    cancelled: Callable[[], Reply]


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    summary: str
    options: type[Options]
    action: Action
    confirmation: Confirmation | None = None


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
        CommandSpec(
            "history",
            "Your leg days and runs of the last days (1-90, default 14), with a chart.",
            HistoryOptions,
            show_history,
        ),
        CommandSpec("undo", "Delete the entry you logged last.", NoOptions, undo_last),
        CommandSpec(
            "delete", "Delete one of your entries, picked by its id.", DeleteOptions, delete_entry
        ),
        CommandSpec(
            "leaderboard",
            "This week's club board, Monday to Sunday: runs, distance, time (public).",
            NoOptions,
            show_leaderboard,
        ),
        CommandSpec(
            "mydata export",
            "A JSON file of everything the bot stores about you in this server.",
            NoOptions,
            export_my_data,
        ),
        CommandSpec(
            "mydata delete",
            "Delete everything the bot stores about you in this server (asks first).",
            NoOptions,
            ask_delete_my_data,
            Confirmation(delete_my_data, delete_cancelled_reply),
        ),
        CommandSpec("help", "This list, and how the advice decides.", NoOptions, show_help),
    )
