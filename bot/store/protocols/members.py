"""Members' profiles, and the "leave it as it is" sentinel of a partial update."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Final, Literal, Protocol, TypeAlias
from zoneinfo import ZoneInfo

from bot.core.models import Experience, Focus, LegDay, MemberRef, Profile, Units
from bot.core.races import Race
from bot.core.reminders import CheckinAnswer


class _Unset(Enum):
    UNSET = "UNSET"


UNSET: Final = _Unset.UNSET
"""Default of `save_profile` fields: "leave as it is". `timezone=None` means "club default"."""

Unset: TypeAlias = Literal[_Unset.UNSET]


@dataclass(frozen=True, slots=True)
class AdviceInputs:
    """What /canirun reads: see `MembersRepository.advice_inputs`."""

    profile: Profile
    leg_days: list[LegDay]
    checkins: list[CheckinAnswer]
    races: list[Race]

    def checkin_on(self, day: date) -> CheckinAnswer | None:
        return next((answer for answer in self.checkins if answer.local_date == day), None)


class MembersRepository(Protocol):
    async def get_profile(self, member: MemberRef) -> Profile:
        """The stored profile, or the defaults for a member who never saved one. A member
        without a zone of their own gets `timezone=None` (see bot.actions.context)."""
        ...

    async def save_profile(
        self,
        member: MemberRef,
        *,
        now: datetime,
        timezone: ZoneInfo | Unset | None = UNSET,
        experience: Experience | Unset = UNSET,
        focus: Focus | Unset = UNSET,
        units: Units | Unset = UNSET,
        listed: bool | Unset = UNSET,
        max_hr: int | Unset | None = UNSET,
    ) -> Profile:
        """Change only the given fields (creating the member if needed); returns the new
        profile. `timezone=None` clears the member's own zone, `max_hr=None` their maximum
        heart rate; `now` dates a new member."""
        ...

    async def ensure(self, member: MemberRef, now: datetime) -> None:
        """Create the member with the default profile if they do not exist yet."""
        ...

    async def advice_inputs(
        self, member: MemberRef, since: datetime, days: tuple[date, date]
    ) -> AdviceInputs:
        """/canirun's one read, in one statement: the profile (as `get_profile`), the leg days
        with `since <= at` (newest first, as `leg_days_between`), the check-in answers of the
        local dates `days[0]` to `days[1]`, and the races on or after `days[0]` (soonest first,
        as `races.upcoming`). The member's today depends on the zone the profile holds, so
        the caller passes the dates it can be."""
        ...
