"""/edit: change some fields of one of the member's own leg days or runs.

The same options and checks as logging: the fields come from /legday's and /run's option
declarations, times read as a log's, and the rules of bot/core/plausible.py apply to the
entry as it will be after the change.
"""

from __future__ import annotations

from datetime import datetime

from bot.actions.context import Context
from bot.actions.logged_at import logged_at
from bot.actions.option_base import PICKED_ID_MAX
from bot.actions.options import EditOptions
from bot.actions.reminders import leg_day_changed
from bot.actions.run_notes import spike_note
from bot.actions.spec import CommandSpec
from bot.core.errors import InputError, NotFound
from bot.core.history import Entry, parse_entry_ref
from bot.core.legday import classify_leg_day
from bot.core.load import SessionLoad, leg_day_load, load_line, run_load
from bot.core.models import (
    LEG_MINUTES_MAX,
    AdviceRules,
    LegDay,
    LegDayClass,
    LegDayInput,
    Profile,
    Run,
)
from bot.core.plausible import check_leg_load, check_pace
from bot.core.units import to_km
from bot.render.edit import edited_reply
from bot.render.history import not_your_entry_message
from bot.render.reply import Reply
from bot.render.week import with_lines

LEG_DAY_FIELDS = (
    "exercises",
    "heaviest",
    "sets",
    "reps",
    "hard",
    "minutes",
    "rpe",
    "when",
    "notes",
)
RUN_FIELDS = ("type", "distance", "minutes", "rpe", "when", "notes")
# A leg day's numbers: a change to any of them (or to `hard`) classifies it again.
_LOAD_FIELDS = frozenset({"exercises", "heaviest", "sets", "reps", "hard"})


def _given(opts: EditOptions) -> dict[str, object]:
    return {
        name: value
        for name, value in opts.model_dump(exclude={"entry"}).items()
        if value is not None
    }


def _refuse_other_kind(entry: Entry, given: dict[str, object], shown: str) -> None:
    allowed = LEG_DAY_FIELDS if isinstance(entry, LegDay) else RUN_FIELDS
    wrong = [name for name in given if name not in allowed]
    if wrong:
        kind = "a leg day" if isinstance(entry, LegDay) else "a run"
        named = ", ".join(f"`{name}`" for name in wrong)
        raise InputError(
            None,
            f"{named}: not for {kind} ({shown}). A {kind.removeprefix('a ')} takes "
            + ", ".join(f"`{name}`" for name in allowed)
            + ".",
        )


def _edit_leg_day(
    leg_day: LegDay, opts: EditOptions, given: dict[str, object], at: datetime, rules: AdviceRules
) -> LegDay:
    numbers = LegDayInput(
        exercises=leg_day.exercises if opts.exercises is None else opts.exercises,
        heaviest=leg_day.heaviest if opts.heaviest is None else opts.heaviest,
        sets=leg_day.sets if opts.sets is None else opts.sets,
        reps=leg_day.reps if opts.reps is None else opts.reps,
        # As when logging: `hard` said outright wins, the one given now over the old one.
        hard=leg_day.hard_given if opts.hard is None else opts.hard,
    )
    check_leg_load(numbers.exercises, numbers.heaviest, numbers.sets, numbers.reps)
    # /edit's `minutes` is declared with a run's range; a leg day takes /legday's.
    if opts.minutes is not None and opts.minutes > LEG_MINUTES_MAX:
        raise InputError("minutes", f"a leg day takes 1-{LEG_MINUTES_MAX} minutes")
    is_hard = leg_day.is_hard
    # A leg day keeps the class it was logged with until its numbers change.
    if _LOAD_FIELDS & given.keys():
        is_hard = classify_leg_day(numbers, rules).klass is LegDayClass.HARD
    return leg_day.model_copy(
        update={
            "at": at,
            "exercises": numbers.exercises,
            "heaviest": numbers.heaviest,
            "sets": numbers.sets,
            "reps": numbers.reps,
            "hard_given": numbers.hard,
            "is_hard": is_hard,
            # Minutes and RPE feed only the load, never the class.
            "minutes": leg_day.minutes if opts.minutes is None else opts.minutes,
            "rpe": leg_day.rpe if opts.rpe is None else opts.rpe,
            "notes": leg_day.notes if opts.notes is None else opts.notes or None,
        }
    )


def _edit_run(run: Run, opts: EditOptions, at: datetime, profile: Profile) -> Run:
    distance_km = run.distance_km
    if opts.distance is not None:
        distance_km = to_km(opts.distance, profile.units)
    minutes = run.minutes if opts.minutes is None else float(opts.minutes)
    if opts.distance is not None or opts.minutes is not None:
        # Only a change to the distance or the time is checked: an entry logged before a
        # check existed (or tightened) can still get its notes or type fixed.
        check_pace(distance_km, minutes, profile.units)
    moving, elapsed = run.moving_seconds, run.elapsed_seconds
    if opts.minutes is not None and moving is not None:
        # A run from a watch file: `minutes` corrects its moving time, as `minutes` beside
        # the file does, so its pace and speed follow.
        moving = opts.minutes * 60
        elapsed = None if elapsed is None else max(elapsed, moving)
    return run.model_copy(
        update={
            "moving_seconds": moving,
            "elapsed_seconds": elapsed,
            "at": at,
            "run_type": run.run_type if opts.type is None else opts.type,
            "distance_km": distance_km,
            "minutes": minutes,
            "rpe": run.rpe if opts.rpe is None else opts.rpe,
            "notes": run.notes if opts.notes is None else opts.notes or None,
        }
    )


async def edit_entry(ctx: Context, opts: EditOptions) -> Reply:
    ref = parse_entry_ref(opts.entry)
    # Malformed, unknown and someone else's all get /delete's words: nothing to learn here.
    if ref is None:
        raise NotFound(not_your_entry_message(opts.entry, PICKED_ID_MAX, "edit"))
    given = _given(opts)
    profile = await ctx.profile()
    at: datetime | None = None
    skipped = None
    if opts.when is not None:
        at, skipped = logged_at(
            opts.when,
            ctx.now,
            ctx.member_zone(profile),
            instead="leave it out to keep the entry's time, or type a time.",
        )
    rules = ctx.settings.advice

    def change(entry: Entry) -> Entry:
        # Checked against the stored entry inside the store's transaction, so the checks and
        # the write see the same entry; and only for an entry of the member's own, so an id
        # that is not theirs is told so first, whatever else is wrong.
        if not given:
            raise InputError(
                None,
                f"nothing to change in {ref}: give the fields to change, e.g. `minutes` or `when`.",
            )
        _refuse_other_kind(entry, given, str(ref))
        new_at = entry.at if at is None else at
        if isinstance(entry, LegDay):
            return _edit_leg_day(entry, opts, given, new_at, rules)
        return _edit_run(entry, opts, new_at, profile)

    result = await ctx.store.entries.update_entry(ctx.member, ref, change)
    if result is None:
        raise NotFound(not_your_entry_message(str(ref), PICKED_ID_MAX, "edit"))
    before, after = result
    followed = []
    if isinstance(after, LegDay):
        # A pending reminder follows the latest hard leg day (moved, or cancelled when none
        # holds hard running back any more), as after /delete.
        followed = await leg_day_changed(ctx, after)
    load: SessionLoad | None
    if isinstance(after, LegDay):
        load = leg_day_load(after, rules)
    else:
        # The member's usual pace stands in for missing minutes, as when logging.
        paces = await ctx.paces(after.at)
        load = run_load(after, rules, paces)
    reply = edited_reply(before, after, profile, load=load_line(load), reminders=followed)
    spike = None
    if isinstance(after, Run) and (opts.distance is not None or opts.minutes is not None):
        # A run's new length gets the note the same figures get when logged
        # (advice-rules.md, "Single-run spike"); a change of only its notes or type does not.
        spike = await spike_note(
            ctx, profile.units, after.distance_km, after.minutes, after.at, run_id=after.id
        )
    return with_lines(reply, [skipped, spike])


EDIT = CommandSpec(
    "edit",
    "Change one of your leg days or runs: give its id and the fields to change.",
    EditOptions,
    edit_entry,
    description="Change fields of one of your leg days or runs",
)
