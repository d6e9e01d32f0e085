"""/race: the races on a member's calendar (set, list, edit, remove), and their autocomplete."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.actions.context import Context
from bot.actions.option_base import PICKED_ID_MAX, Options, Suggest, matching, optional_like
from bot.actions.options import (
    NoOptions,
)
from bot.actions.spec import CommandSpec, GroupSpec
from bot.core.errors import InputError, NotFound
from bot.core.races import RACE_NAME_MAX, Race, RaceDistance
from bot.core.when import DAY_OVER, WHEN_MAX, local_date, read_day
from bot.core.wording import day_label
from bot.render.races import (
    not_your_race_message,
    race_changed_reply,
    race_removed_reply,
    race_set_reply,
    races_reply,
)
from bot.render.reply import Reply

_RACE_ID_DIGITS = 18


DAY_HINT = "Try a date like 2026-12-12, next saturday, or in 3 weeks."


class RaceSetOptions(Options):
    date: Annotated[str, Suggest.DAY] = Field(
        max_length=WHEN_MAX,
        description="The race day, in your time zone: 2027-04-25, next sunday, in 3 weeks",
    )
    name: str = Field(
        min_length=1,
        max_length=RACE_NAME_MAX,
        description=f"The race's name (up to {RACE_NAME_MAX} characters)",
    )
    distance: RaceDistance | None = Field(default=None, description="The race distance")


class RaceRemoveOptions(Options):
    # Free text like DeleteOptions: a race id from the autocomplete, checked against the
    # member's own races.
    race: Annotated[str, Suggest.RACE] = Field(
        max_length=PICKED_ID_MAX, description="The race to remove (pick from your races)"
    )


class RaceEditOptions(Options):
    """/race edit: the race, as /race remove picks it, then any of /race set's options."""

    race: Annotated[str, Suggest.RACE] = Field(
        max_length=PICKED_ID_MAX, description="The race to change (pick from your races)"
    )
    date: str | None = optional_like(RaceSetOptions, "date")
    name: str | None = optional_like(RaceSetOptions, "name")
    distance: RaceDistance | None = optional_like(RaceSetOptions, "distance")


def _race_day(typed: str, ctx: Context, tz: ZoneInfo) -> date:
    """The local day `typed` names: today or later, up to the parser's 366 days ahead."""
    day = read_day(typed, now=ctx.now, tz=tz, option="date", hint=DAY_HINT, instead="type a day.")
    if day < local_date(ctx.now, tz):
        raise InputError("date", DAY_OVER)
    return day


async def set_race(ctx: Context, opts: RaceSetOptions) -> Reply:
    tz = ctx.member_zone(await ctx.profile())
    race = Race(on=_race_day(opts.date, ctx, tz), name=opts.name, distance=opts.distance)
    today = local_date(ctx.now, tz)
    stored = await ctx.store.races.add(ctx.member, race, today=today, now=ctx.now)
    return race_set_reply(stored, today)


async def edit_race(ctx: Context, opts: RaceEditOptions) -> Reply:
    race_id = _race_id(opts.race)
    # Malformed, unknown, over and someone else's all get /race remove's words.
    if race_id is None:
        raise NotFound(not_your_race_message(opts.race, PICKED_ID_MAX))
    if opts.date is None and opts.name is None and opts.distance is None:
        raise InputError(
            None, f"nothing to change in race {race_id}: give a new `date`, `name` or `distance`."
        )
    tz = ctx.member_zone(await ctx.profile())
    day = None if opts.date is None else _race_day(opts.date, ctx, tz)
    today = local_date(ctx.now, tz)
    changed = await ctx.store.races.edit(
        ctx.member, race_id, today=today, on=day, name=opts.name, distance=opts.distance
    )
    if changed is None:
        raise NotFound(not_your_race_message(str(race_id), PICKED_ID_MAX))
    return race_changed_reply(*changed, today)


async def list_races(ctx: Context, opts: NoOptions) -> Reply:
    del opts
    today = local_date(ctx.now, ctx.member_zone(await ctx.profile()))
    return races_reply(await ctx.store.races.upcoming(ctx.member, today), today)


def _race_id(text: str) -> int | None:
    head = text.strip().split(" ", 1)[0].lstrip("#")
    if not head.isascii() or not head.isdigit() or len(head) > _RACE_ID_DIGITS:
        return None
    return int(head) or None


async def remove_race(ctx: Context, opts: RaceRemoveOptions) -> Reply:
    race_id = _race_id(opts.race)
    # Malformed, unknown and someone else's all get the same words.
    if race_id is None:
        raise NotFound(not_your_race_message(opts.race, PICKED_ID_MAX))
    removed = await ctx.store.races.remove(ctx.member, race_id)
    if removed is None:
        raise NotFound(not_your_race_message(str(race_id), PICKED_ID_MAX))
    today = local_date(ctx.now, ctx.member_zone(await ctx.profile()))
    return race_removed_reply(removed, today)


async def race_choices(ctx: Context, typed: str, limit: int) -> list[tuple[str, str]]:
    """(label, id) of the member's own upcoming races matching what they typed."""
    today = local_date(ctx.now, ctx.member_zone(await ctx.profile()))
    races = await ctx.store.races.upcoming(ctx.member, today)
    # Plain text: autocomplete shows no markdown, and the name never pings there.
    pairs = (
        (f"{race.id} · {day_label(race.on, today)} · {race.name}", str(race.id)) for race in races
    )
    return matching(pairs, typed, limit)


RACE = GroupSpec("race", "Your races: set, list, edit, remove")


RACE_SET = CommandSpec(
    "race set",
    "Put a race on your calendar.",
    RaceSetOptions,
    set_race,
    description="Put a race on your calendar",
)


RACE_LIST = CommandSpec(
    "race list",
    "Your races ahead, with their ids.",
    NoOptions,
    list_races,
    description="Your races ahead",
)


RACE_EDIT = CommandSpec(
    "race edit",
    "Change a race's details.",
    RaceEditOptions,
    edit_race,
    description="Change a race's date, name or distance",
)


RACE_REMOVE = CommandSpec(
    "race remove",
    "Take one of your races off your calendar.",
    RaceRemoveOptions,
    remove_race,
    description="Take a race off your calendar",
)

__all__ = ["RACE", "RACE_EDIT", "RACE_LIST", "RACE_REMOVE", "RACE_SET", "race_choices"]
