"""The slash commands, generated from the catalog (bot/actions/catalog.py).

A command answers the usual way (its action's reply) unless `runners` below hooks in its
Discord-only behaviour (buttons, channel checks, files). A runner is keyed by the command's spec
itself, never by its name, so a renamed command keeps its runner; the tree refuses a runner for
a command the catalog does not list, and a command whose declaration needs one (a confirmation,
a channel or a file option) without it.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.actions.catalog import CommandSpec, all_commands, groups
from bot.actions.club import CLUB_PREVIEW, CLUB_REMINDER_SET
from bot.actions.logbook import RUN
from bot.actions.mydata import MYDATA_DELETE
from bot.discord.commands.club import preview_with_button, set_reminder_here
from bot.discord.commands.files import run_with_files
from bot.discord.commands.mydata import ask_with_buttons
from bot.discord.commands.slash import AppCommand, Runner, build_tree


def runners() -> Mapping[CommandSpec, Runner]:
    return {
        MYDATA_DELETE: ask_with_buttons,
        CLUB_REMINDER_SET: set_reminder_here,
        CLUB_PREVIEW: preview_with_button,
        RUN: run_with_files,
    }


def slash_commands() -> list[AppCommand]:
    """Every command and group, ready for `tree.add_command`."""
    return build_tree(all_commands(), groups(), runners())
