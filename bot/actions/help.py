"""/help: the member commands and the advice rules, with this club's numbers."""

from __future__ import annotations

from collections.abc import Sequence

from bot.actions.context import Context
from bot.actions.options import NoOptions
from bot.actions.spec import CommandSpec
from bot.render.help import help_reply
from bot.render.reply import Reply

HELP_NAME = "help"
HELP_SUMMARY = "This list, and how the advice decides."


def help_command(listed: Sequence[CommandSpec]) -> CommandSpec:
    """/help over the `listed` commands, itself last. The catalog hands the list in, so this
    module needs no import of the catalog that lists it."""
    rows = [(spec.name, spec.summary) for spec in listed] + [(HELP_NAME, HELP_SUMMARY)]

    async def show_help(ctx: Context, opts: NoOptions) -> Reply:
        del opts
        return help_reply(rows, ctx.settings.advice)

    return CommandSpec(
        HELP_NAME,
        HELP_SUMMARY,
        NoOptions,
        show_help,
        description="What each command does; how advice decides",
    )
