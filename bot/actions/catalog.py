"""Every command, listed once: the one registry that Discord, the console and /help read.

Each command's spec (name, texts, options model, action) lives with its action; a new command
is one line here.
"""

from __future__ import annotations

from bot.actions.advice import CANIRUN
from bot.actions.club import CLUB_COMMANDS, CLUB_GROUPS
from bot.actions.edit import EDIT
from bot.actions.help import help_command
from bot.actions.history import DELETE, HISTORY, UNDO
from bot.actions.leaderboard import LEADERBOARD
from bot.actions.logbook import LEGDAY, RUN
from bot.actions.mydata import MYDATA, MYDATA_DELETE, MYDATA_EXPORT
from bot.actions.profile import PROFILE
from bot.actions.races import RACE, RACE_EDIT, RACE_LIST, RACE_REMOVE, RACE_SET
from bot.actions.reminders import CHECKIN, REMIND, REMIND_CANCEL, REMIND_LIST
from bot.actions.spec import CommandSpec, Confirmation, GroupSpec
from bot.actions.week import WEEK

__all__ = [
    "CommandSpec",
    "Confirmation",
    "GroupSpec",
    "admin_commands",
    "all_commands",
    "groups",
    "member_commands",
]


def member_commands() -> tuple[CommandSpec, ...]:
    """The commands every member has, in /help's order; /help is the last of them."""
    listed = (
        LEGDAY,
        RUN,
        CANIRUN,
        PROFILE,
        HISTORY,
        WEEK,
        RACE_SET,
        RACE_LIST,
        RACE_EDIT,
        RACE_REMOVE,
        UNDO,
        EDIT,
        DELETE,
        LEADERBOARD,
        REMIND_LIST,
        REMIND_CANCEL,
        CHECKIN,
        MYDATA_EXPORT,
        MYDATA_DELETE,
    )
    return (*listed, help_command(listed))


def admin_commands() -> tuple[CommandSpec, ...]:
    """The club admins' commands (every one under an admin group)."""
    return CLUB_COMMANDS


def all_commands() -> tuple[CommandSpec, ...]:
    return member_commands() + admin_commands()


def groups() -> tuple[GroupSpec, ...]:
    """The names that group subcommands, parents before their children."""
    return (REMIND, MYDATA, RACE, *CLUB_GROUPS)
