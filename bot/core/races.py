"""A member's races on their calendar (advice-rules.md, "Races"). Pure.

A race is a local date in the member's own time zone, a name the member typed (render it with
the safe-text helpers: it is never a ping) and an optional distance.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from pydantic import Field

from bot.core.errors import UserError
from bot.core.models import AdviceRules, FrozenModel
from bot.core.wording import plural

__all__ = [
    "RACES_MAX",
    "RACE_NAME_MAX",
    "RACING_DAYS",
    "MemberRace",
    "Race",
    "RaceDistance",
    "check_new_race",
    "days_to_text",
    "edited_race",
    "next_race",
    "taper_note",
]

RACE_NAME_MAX = 50
# Upcoming races a member may have at once: one autocomplete list.
RACES_MAX = 25
# The daily post names the club's races from its day to this many days on ("Racing in the
# next 7 days").
RACING_DAYS = 7


class RaceDistance(StrEnum):
    FIVE_K = "5k"
    TEN_K = "10k"
    HALF = "half"
    MARATHON = "marathon"
    ULTRA = "ultra"
    OTHER = "other"


class Race(FrozenModel):
    id: int | None = None
    on: date
    name: str = Field(min_length=1, max_length=RACE_NAME_MAX)
    distance: RaceDistance | None = None


class MemberRace(FrozenModel):
    """A club member's race, for the club post: named only when `listed`."""

    user_id: int
    listed: bool
    race: Race


def check_new_race(upcoming: Iterable[Race], new: Race) -> None:
    upcoming = list(upcoming)
    if any(r.on == new.on and r.name.casefold() == new.name.casefold() for r in upcoming):
        raise UserError("That race is already on your calendar.")
    if len(upcoming) >= RACES_MAX:
        raise UserError(
            f"You can have up to {RACES_MAX} upcoming races; remove one first (`/race remove`)."
        )


def edited_race(
    upcoming: Iterable[Race],
    race_id: int,
    *,
    on: date | None = None,
    name: str | None = None,
    distance: RaceDistance | None = None,
) -> tuple[Race, Race] | None:
    """The race `race_id` of `upcoming` (the member's races ahead) as it was and as it is
    after the change: each of `on`, `name` and `distance` given replaces its own. None when
    `upcoming` has no such race. Raises UserError when the changed race would repeat another
    one's date and name, as `check_new_race` does for a new one (the race itself is not
    another, so the cap never refuses an edit)."""
    upcoming = list(upcoming)
    before = next((race for race in upcoming if race.id == race_id), None)
    if before is None:
        return None
    after = Race(
        id=race_id,
        on=before.on if on is None else on,
        name=before.name if name is None else name,
        distance=before.distance if distance is None else distance,
    )
    check_new_race([race for race in upcoming if race.id != race_id], after)
    return before, after


def next_race(races: Iterable[Race], today: date) -> Race | None:
    """The soonest race on or after `today`."""
    ahead = sorted((r for r in races if r.on >= today), key=lambda r: (r.on, r.id or 0))
    return ahead[0] if ahead else None


def days_to_text(race_on: date, today: date) -> str:
    days = (race_on - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {plural(days, 'day')}"


def taper_note(
    leg_day_on: date, hard: bool, races: Iterable[Race], rules: AdviceRules
) -> Race | None:
    """The race a HARD leg day on local date `leg_day_on` falls within `race_taper_days` of
    (the soonest one), if any; a LIGHT leg day never gets the note."""
    if not hard:
        return None
    close = [r for r in races if 0 <= (r.on - leg_day_on).days <= rules.race_taper_days]
    return min(close, key=lambda r: (r.on, r.id or 0), default=None)
