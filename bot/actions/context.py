"""Everything one command needs, resolved once per interaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.core.models import MemberRef, Profile
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

    @property
    def club_timezone(self) -> str:
        return self.settings.club.timezone

    async def profile(self) -> Profile:
        return await self.store.members.get_profile(self.member, self.club_timezone)


def zone(profile: Profile) -> ZoneInfo:
    return ZoneInfo(profile.timezone)
