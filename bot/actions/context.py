"""Everything one command needs, resolved once per interaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.actions.calendar import Calendar
from bot.actions.file_reader import ActivityFiles
from bot.config import Settings
from bot.core.models import LegDay, MemberRef, Profile
from bot.core.schedule import ClubReminder
from bot.render.chart_pool import ChartPool
from bot.store import Store


@dataclass(frozen=True, slots=True)
class Context:
    store: Store
    settings: Settings
    member: MemberRef
    # Read once from the injected clock, so one command sees one "now".
    now: datetime
    charts: ChartPool = field(default_factory=ChartPool.in_threads)
    # Where watch files are parsed: the bot's helper process, or a thread (console, tests).
    files: ActivityFiles = field(default_factory=ActivityFiles.in_threads)
    # The server's scheduled events; None where there is no calendar (the offline console).
    calendar: Calendar | None = None
    # Called by every action that stores or moves a due time (a reminder, a check-in, the daily
    # post's time): wakes the scheduler (bot/actions/scheduler.py) of this front end.
    due_changed: Callable[[], None] = field(kw_only=True)

    @property
    def club_zone(self) -> ZoneInfo:
        return club_zone(self.settings)

    async def profile(self) -> Profile:
        return await self.store.members.get_profile(self.member)

    async def profile_and_leg_days(self, since: datetime) -> tuple[Profile, list[LegDay]]:
        """The profile and the leg days from `since` on, in one read."""
        return await self.store.members.profile_and_leg_days(self.member, since)

    def member_zone(self, profile: Profile) -> ZoneInfo:
        return member_zone(profile, self.settings)


# The two places a default zone is filled in: the store keeps only what was chosen.


def club_zone(settings: Settings, reminder: ClubReminder | None = None) -> ZoneInfo:
    """The club's zone: the daily post's own if `reminder` names one, else `[club] timezone`."""
    if reminder is not None and reminder.timezone is not None:
        return reminder.timezone
    # A canonical IANA key, checked when the settings loaded; ZoneInfo caches per key.
    return ZoneInfo(settings.club.timezone)


def member_zone(profile: Profile, settings: Settings) -> ZoneInfo:
    """The member's zone: their own, else the club's."""
    return profile.timezone if profile.timezone is not None else club_zone(settings)
