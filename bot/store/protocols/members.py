"""Members' profiles, and the "leave it as it is" sentinel of a partial update."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Final, Literal, Protocol, TypeAlias
from zoneinfo import ZoneInfo

from bot.core.models import Experience, Focus, HeadsUp, LegDay, MemberRef, Profile, Units


class _Unset(Enum):
    UNSET = "UNSET"


UNSET: Final = _Unset.UNSET
"""Default of `save_profile` fields: "leave as it is". `timezone=None` means "club default"."""

Unset: TypeAlias = Literal[_Unset.UNSET]


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
        heads_up: HeadsUp | Unset = UNSET,
    ) -> Profile:
        """Change only the given fields (creating the member if needed); returns the new
        profile. `timezone=None` clears the member's own zone, `max_hr=None` their maximum
        heart rate; `now` dates a new member."""
        ...

    async def ensure(self, member: MemberRef, now: datetime) -> None:
        """Create the member with the default profile if they do not exist yet."""
        ...

    async def profile_and_leg_days(
        self, member: MemberRef, since: datetime
    ) -> tuple[Profile, list[LegDay]]:
        """The profile (as `get_profile`) and the leg days with `since <= at`, newest first
        (as `leg_days_between`), read together in one statement: /canirun's one read."""
        ...
