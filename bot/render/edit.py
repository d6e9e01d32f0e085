"""The reply of /edit: the entry before and after."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.history import Entry, short_id
from bot.core.models import LegDay, Profile
from bot.core.reminders import ReminderFollow
from bot.render.history import entry_line
from bot.render.reminders import reminder_follow_lines
from bot.render.reply import Colour, EmbedField, Reply

# An edit that gives every value as it already was: /edit's and /race edit's.
UNCHANGED = "Those were its values already: nothing changed."


def edited_reply(
    before: Entry,
    after: Entry,
    profile: Profile,
    *,
    load: str | None = None,
    reminders: Sequence[ReminderFollow] = (),
) -> Reply:
    """Before and after; `load` is the entry's load line as it is now."""
    lines: list[str] = []
    if isinstance(before, LegDay) and isinstance(after, LegDay) and before.is_hard != after.is_hard:
        now = "HARD" if after.is_hard else "LIGHT"
        lines.append(f"It counts as {now} now; `/canirun` goes by that from here on.")
    if before == after:
        lines.append(UNCHANGED)
    if load:
        lines.append(load)
    lines += reminder_follow_lines(reminders)
    return Reply(
        title=f"Edited: {short_id(after)}",
        description="\n".join(lines) or None,
        colour=Colour.INFO,
        fields=(
            EmbedField(name="Before", value=entry_line(before, profile)),
            EmbedField(name="After", value=entry_line(after, profile)),
        ),
        ephemeral=True,
    )
