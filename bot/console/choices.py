"""The lists Discord's autocomplete shows, printed by the console under a refused value: from
the same sources (bot/actions/suggestions.py), for every option that has suggestions."""

from __future__ import annotations

from collections.abc import Mapping

from bot.actions.context import Context
from bot.actions.option_base import Suggest, suggestion
from bot.actions.spec import CommandSpec
from bot.actions.suggestions import SUGGESTIONS_MAX, suggestions

__all__ = ["choices_text"]


async def choices_text(
    spec: CommandSpec, ctx: Context, raw: Mapping[str, object], option: str | None
) -> str | None:
    """What Discord's autocomplete would list, as lines with what to type. `option` None (an
    id not found): the whole list of the option that picks by id, or that there is none to
    pick; else what that option's suggestions make of the value typed there. None when the
    command has no such option or nothing is to be suggested."""
    fields = spec.options.model_fields
    if option is None:
        name = next((n for n, f in fields.items() if (k := suggestion(f)) and k.picks), None)
        typed = ""
    else:
        name, typed = option, str(raw.get(option, ""))
    kind = None if name is None or name not in fields else suggestion(fields[name])
    # A time's suggestions show how typed text is read, not values that pass the check just
    # failed (a log's `when` offers "tomorrow 06:00" for "tomorrow"): its refusal says enough.
    if name is None or kind is None or kind in (Suggest.WHEN, Suggest.PLANNED_WHEN, Suggest.DAY):
        return None
    # A suggestion that only repeats the typed text (how a time is read) adds nothing here.
    pairs = [p for p in await suggestions(kind, ctx, typed, SUGGESTIONS_MAX) if p[1] != typed]
    if not pairs:
        return "You have none to pick from." if kind.picks else None
    first = pairs[0][1]
    example = f'"{first}"' if " " in first else first
    lines = [f"Type one of these, e.g. /{spec.name} {name}:{example}"]
    # An entry's or a race's label starts with its id already ("R3 · Tue 24 Nov ..."); a
    # session's does not ("Thu 18:30 hills", id 4).
    lines += [
        f"  {label}" if label.startswith(value) else f"  {value}: {label}" for label, value in pairs
    ]
    return "\n".join(lines)
