"""/help: the member commands and the advice rules, with this club's numbers."""

from __future__ import annotations

from bot.actions.context import Context
from bot.actions.options import NoOptions
from bot.render.help import help_reply
from bot.render.reply import Reply


async def show_help(ctx: Context, opts: NoOptions) -> Reply:
    del opts
    # The catalog lists this very action, so it is read at call time, not at import.
    from bot.actions.catalog import member_commands  # noqa: PLC0415

    commands = [(spec.name, spec.summary) for spec in member_commands()]
    return help_reply(commands, ctx.settings.advice)
