"""The two zone resolvers: the store keeps only what was chosen, these fill in the defaults."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from bot.actions.context import club_zone, member_zone
from bot.config import Settings
from bot.core.models import Profile
from bot.core.schedule import ClubReminder

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
SETTINGS = Settings.model_validate({"club": {"timezone": "America/New_York"}})
REMINDER = ClubReminder(
    guild_id=1, channel_id=7, post_time=time(7, 0), effective_at=datetime(2026, 1, 1, tzinfo=UTC)
)


def test_the_club_zone_is_the_configs_unless_the_reminder_has_its_own() -> None:
    assert club_zone(SETTINGS) == NEW_YORK
    assert club_zone(SETTINGS, REMINDER) == NEW_YORK
    assert REMINDER.schedule(club_zone(SETTINGS, REMINDER)).timezone == NEW_YORK
    own = REMINDER.model_copy(update={"timezone": LONDON})
    assert club_zone(SETTINGS, own) == LONDON
    assert own.schedule(club_zone(SETTINGS, own)).timezone == LONDON


def test_a_member_without_a_zone_gets_the_clubs_not_the_reminders() -> None:
    assert member_zone(Profile(), SETTINGS) == NEW_YORK
    assert member_zone(Profile(timezone=TOKYO), SETTINGS) == TOKYO


def test_zones_are_stored_and_shown_as_their_iana_key() -> None:
    profile = Profile.model_validate({"timezone": "Asia/Tokyo"})
    assert profile.timezone == TOKYO
    assert profile.model_dump(mode="json")["timezone"] == "Asia/Tokyo"
