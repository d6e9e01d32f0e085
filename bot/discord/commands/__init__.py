"""The slash commands, generated from the catalog (bot/actions/catalog.py).

A command answers the usual way (its action's reply) unless it is listed in `runners` below:
the one place a command's Discord-only behaviour (buttons, channel checks) is hooked in.
"""

from __future__ import annotations

from bot.actions.catalog import all_commands, groups
from bot.discord.commands.club import preview_with_button, set_reminder_here
from bot.discord.commands.files import run_with_files
from bot.discord.commands.mydata import ask_with_buttons
from bot.discord.commands.nudges import answer_and_wake, set_checkin_here
from bot.discord.commands.slash import AppCommand, Runner, build_tree


def runners() -> dict[str, Runner]:
    return {
        "mydata delete": ask_with_buttons,
        "club reminder set": set_reminder_here,
        "club preview": preview_with_button,
        "run": run_with_files,
        "checkin": set_checkin_here,
        "edit": answer_and_wake,
    }


def slash_commands() -> list[AppCommand]:
    """Every command and group, ready for `tree.add_command`."""
    return build_tree(all_commands(), groups(), runners())
