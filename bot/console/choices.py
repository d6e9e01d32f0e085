"""The lists Discord's autocomplete shows, printed by the console where a member must pick."""

from __future__ import annotations

from bot.actions.club import session_suggestions
from bot.actions.context import Context
from bot.actions.history import entry_choices
from bot.actions.option_base import Suggest, suggestion
from bot.actions.spec import CommandSpec

__all__ = ["CHOICES_SHOWN", "choices_text"]

# As many as Discord's autocomplete would list.
CHOICES_SHOWN = 25


async def choices_text(spec: CommandSpec, ctx: Context) -> str | None:
    """What Discord's autocomplete would list for the command's entry or session option,
    as lines with what to type; None when the command has no such option."""
    for name, option in spec.options.model_fields.items():
        kind = suggestion(option)
        if kind is Suggest.ENTRY:
            pairs = await entry_choices(ctx, "")
        elif kind is Suggest.SESSION:
            pairs = await session_suggestions(ctx, "", CHOICES_SHOWN)
        else:
            continue
        if not pairs:
            return "You have none to pick from."
        lines = [f"Type one of these, e.g. /{spec.name} {name}:{pairs[0][1]}"]
        # An entry's label starts with its id already ("R3 · Tue 24 Nov ..."); a session's
        # does not ("Thu 18:30 hills", id 4).
        lines += [
            f"  {label}" if label.startswith(value) else f"  {value}: {label}"
            for label, value in pairs[:CHOICES_SHOWN]
        ]
        return "\n".join(lines)
    return None
