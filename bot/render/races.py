"""Replies of /race, and the race lines other replies gain: /week's next race, the taper line of a
hard leg day, and the daily post's "Racing in the next 7 days" block."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.core.races import RACING_DAYS, MemberRace, Race, days_to_text
from bot.core.wording import day_label, plural, typed_inline
from bot.render import fit_lines, inline_text, mention
from bot.render.edit import UNCHANGED
from bot.render.reply import FIELD_VALUE_MAX, Colour, EmbedField, Reply


def race_text(race: Race, today: date) -> str:
    """ "City 10k (10k), Sun 6 Dec: in 7 days"; the name is defused member text."""
    distance = f" ({race.distance.value})" if race.distance else ""
    when = f"{day_label(race.on, today)}: {days_to_text(race.on, today)}"
    return f"{inline_text(race.name)}{distance}, {when}"


def next_race_field(race: Race | None, today: date) -> tuple[EmbedField, ...]:
    if race is None:
        return ()
    return (EmbedField(name="Next race", value=race_text(race, today)),)


def taper_line(race: Race, leg_day_on: date, *, named: bool = True) -> str:
    """The note on a hard leg day close to `race`; `named=False` leaves the race's name out
    (a public log of a member who is not listed)."""
    days = (race.on - leg_day_on).days
    when = "the same day as" if days == 0 else f"{plural(days, 'day')} before"
    name = f" {inline_text(race.name)}" if named else ""
    return (
        f"This hard leg day is {when} your race{name}. Heavy leg work this"
        " close to a race leaves the legs heavy on race day: cut the heavy lifts in the last"
        " week and keep light work if you like. Fewer heavy squats, more miles."
    )


def race_set_reply(race: Race, today: date) -> Reply:
    return Reply(
        title="Race on your calendar",
        description=race_text(race, today),
        colour=Colour.GO,
        footer=f"Race {race.id}" if race.id is not None else None,
        ephemeral=True,
    )


def races_reply(races: Sequence[Race], today: date) -> Reply:
    lines = [f"• `{r.id}` {race_text(r, today)}" for r in races]
    return Reply(
        title="Your races",
        description="\n".join(lines) if lines else "No races ahead. Add one: `/race set`.",
        colour=Colour.INFO,
        ephemeral=True,
    )


def race_changed_reply(before: Race, after: Race, today: date) -> Reply:
    now_text, was_text = race_text(after, today), race_text(before, today)
    return Reply(
        title="Race changed",
        description=f"{now_text}\n{UNCHANGED if now_text == was_text else f'Was: {was_text}'}",
        colour=Colour.GO,
        footer=f"Race {after.id}" if after.id is not None else None,
        ephemeral=True,
    )


def race_removed_reply(race: Race, today: date) -> Reply:
    return Reply(
        title="Race removed",
        description=race_text(race, today),
        colour=Colour.INFO,
        ephemeral=True,
    )


def not_your_race_message(typed: str, limit: int) -> str:
    """`typed` quoted whole up to `limit`, the option's own length limit; text of nothing
    visible as `?`, as an entry's id is."""
    shown = typed_inline(typed, limit) or "?"
    return f"No race {shown} of yours. `/race list` shows your races and ids."


def racing_field(races: Sequence[MemberRace], today: date) -> EmbedField | None:
    """The post's "Racing soon" block: listed members named, the others counted."""
    if not races:
        return None
    named = [f"{mention(r.user_id)}: {race_text(r.race, today)}" for r in races if r.listed]
    unnamed = sum(not r.listed for r in races)
    tail = f"{plural(unnamed, 'more race')} of members not named (by their choice)."
    body = fit_lines(named, FIELD_VALUE_MAX - len(tail) - 1, lambda n: f"…and {n} more")
    value = "\n".join(part for part in (body, tail if unnamed else "") if part)
    return EmbedField(name=f"Racing in the next {RACING_DAYS} days", value=value)
