"""/history, /undo and /delete: a member's own logbook, seen and corrected."""

from __future__ import annotations

from bot.actions.context import Context
from bot.actions.option_base import PICKED_ID_MAX, matching
from bot.actions.options import DeleteOptions, HistoryOptions, NoOptions
from bot.actions.reminders import leg_day_changed
from bot.actions.spec import CommandSpec
from bot.core.errors import NotFound
from bot.core.history import (
    DAYS_DEFAULT,
    DAYS_MAX,
    Entry,
    entry_label,
    history_chart,
    history_span,
    merged_newest_first,
    parse_entry_ref,
)
from bot.core.models import LegDay
from bot.core.reminders import ReminderFollow
from bot.render.history import (
    deleted_reply,
    empty_history_reply,
    history_reply,
    not_your_entry_message,
    nothing_to_undo_reply,
)
from bot.render.reply import Reply

# More entries are read than a list shows, so that filtering by what the member typed still
# has something to show.
PICKER_POOL = 100


async def show_history(ctx: Context, opts: HistoryOptions) -> Reply:
    profile = await ctx.profile()
    tz = ctx.member_zone(profile)
    span = history_span(opts.days, ctx.now, tz)
    window = ctx.settings.advice.window
    # From one window before the span: a hard leg day just before it still shades its start.
    leg_days = await ctx.store.entries.leg_days_between(ctx.member, span.start - window, span.end)
    runs = await ctx.store.entries.runs_between(ctx.member, span.start, span.end)
    entries = merged_newest_first([d for d in leg_days if d.at >= span.start], runs)
    if not entries:
        return empty_history_reply(opts.days)
    chart = history_chart(span, leg_days, runs, tz=tz, units=profile.units, window=window)
    # Drawing takes long enough to stall every other member's command: never on the loop.
    png = await ctx.charts.history_png(chart)
    return history_reply(entries, span, profile, tz, png)


async def _deleted(ctx: Context, entry: Entry) -> list[ReminderFollow]:
    """A pending reminder follows a deleted leg day as it follows an edited one: to the time an
    older hard leg day still gives, or cancelled when none does."""
    if isinstance(entry, LegDay):
        return await leg_day_changed(ctx, entry)
    return []


async def undo_last(ctx: Context, opts: NoOptions) -> Reply:
    del opts
    deleted = await ctx.store.entries.delete_latest(ctx.member)
    if deleted is None:
        return nothing_to_undo_reply()
    followed = await _deleted(ctx, deleted)
    return deleted_reply(deleted, await ctx.profile(), undo=True, reminders=followed)


async def delete_entry(ctx: Context, opts: DeleteOptions) -> Reply:
    ref = parse_entry_ref(opts.entry)
    # Malformed, unknown and someone else's all get the same words: nothing to learn here.
    if ref is None:
        raise NotFound(not_your_entry_message(opts.entry, PICKED_ID_MAX))
    deleted = await ctx.store.entries.delete(ctx.member, ref)
    if deleted is None:
        raise NotFound(not_your_entry_message(str(ref), PICKED_ID_MAX))
    followed = await _deleted(ctx, deleted)
    return deleted_reply(deleted, await ctx.profile(), undo=False, reminders=followed)


async def entry_choices(ctx: Context, typed: str, limit: int) -> list[tuple[str, str]]:
    """(label, short id) of the member's own recent entries that match what they typed."""
    profile = await ctx.profile()
    tz = ctx.member_zone(profile)
    labels = (
        entry_label(entry, tz, profile.units, ctx.now)
        for entry in await ctx.store.entries.recent(ctx.member, PICKER_POOL)
    )
    return matching(((label, label.split(" · ", 1)[0]) for label in labels), typed, limit)


HISTORY = CommandSpec(
    "history",
    f"Your leg days and runs of the last days (1-{DAYS_MAX}, default {DAYS_DEFAULT}),"
    " with a chart.",
    HistoryOptions,
    show_history,
    description="Your leg days and runs, with a chart",
    slow=True,
)
UNDO = CommandSpec(
    "undo",
    "Delete the entry you logged last.",
    NoOptions,
    undo_last,
    description="Delete the entry you logged last",
)
DELETE = CommandSpec(
    "delete",
    "Delete one of your entries, picked by its id.",
    DeleteOptions,
    delete_entry,
    description="Delete one of your leg days or runs",
)
