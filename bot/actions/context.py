"""Everything one command needs, resolved once per interaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.actions.calendar import Calendar
from bot.actions.file_reader import ActivityFiles
from bot.config import Settings
from bot.core.load import paces_from
from bot.core.models import Intensity, MemberRef, Profile
from bot.core.schedule import ClubReminder
from bot.render.chart_pool import ChartPool
from bot.store import AdviceInputs, Store


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
    # The server's scheduled events: Discord's, or the offline console's stand-in; None in a
    # context that has neither.
    calendar: Calendar | None = None
    # Called by every action that stores or moves a due time (a reminder, a check-in, the daily
    # post's time): wakes the scheduler (bot/actions/scheduler.py) of this front end.
    due_changed: Callable[[], None] = field(kw_only=True)

    @property
    def offline(self) -> bool:
        """The offline console: no Discord server behind these actions, so nothing to link to
        and no channel to pick (its calendar is the local stand-in, which has no links)."""
        return self.calendar is not None and not self.calendar.links

    @property
    def club_zone(self) -> ZoneInfo:
        return club_zone(self.settings)

    async def profile(self) -> Profile:
        return await self.store.members.get_profile(self.member)

    async def advice_inputs(self, since: datetime) -> AdviceInputs:
        """The profile, the leg days from `since` on, and the check-in answers and races of
        whatever date today is in the member's zone, in one read. Every zone's date lies
        within a day of UTC's (offsets run from -12 to +14 hours)."""
        utc_today = self.now.astimezone(UTC).date()
        days = (utc_today - timedelta(days=1), utc_today + timedelta(days=1))
        return await self.store.members.advice_inputs(self.member, since, days)

    def member_zone(self, profile: Profile) -> ZoneInfo:
        return member_zone(profile, self.settings)

    async def paces(self, before: datetime) -> dict[Intensity, float]:
        """The member's usual pace per intensity from their runs with a distance and minutes
        at or before `before`, which stands in for a run's missing minutes (the club's
        `pace_runs` of each)."""
        rules = self.settings.advice
        return paces_from(
            await self.store.training.paced_runs(self.member, before, rules.pace_runs), rules
        )


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
