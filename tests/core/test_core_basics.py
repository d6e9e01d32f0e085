"""Small pieces every command leans on: UTC moments in the models, an error's text, what a
process's shard set says about itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo

import pytest
from pydantic import ValidationError

from bot.core.errors import InputError
from bot.core.models import LegDay
from bot.core.shards import ShardSet, owns_everything
from bot.core.when.common import NotUnderstood, require_aware

GUILD = 175928847299117063


class NoOffset(tzinfo):
    """A tzinfo that does not know its offset: as naive as no tzinfo at all."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


@pytest.mark.parametrize(
    "moment",
    [datetime(2026, 3, 1, 18, 0), datetime(2026, 3, 1, 18, 0, tzinfo=NoOffset())],
    ids=["naive", "tzinfo-without-offset"],
)
def test_a_moment_without_an_offset_is_refused(moment: datetime) -> None:
    """Read as the host's local time it would move by the host's offset."""
    with pytest.raises(ValidationError, match=r"Value error, datetime must be timezone-aware \["):
        LegDay(at=moment, is_hard=True, exercises=3)


def test_a_moment_is_kept_in_utc() -> None:
    kolkata = timezone(timedelta(hours=5, minutes=30))
    leg_day = LegDay(at=datetime(2026, 3, 1, 23, 30, tzinfo=kolkata), is_hard=True, exercises=3)
    assert leg_day.at.tzinfo is UTC
    assert leg_day.at == datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


def test_an_input_error_names_its_option_when_it_has_one() -> None:
    assert InputError("minutes", "must be 1-600").message == "`minutes`: must be 1-600"
    assert InputError(None, "must be 1-600").message == "must be 1-600"
    assert InputError("", "must be 1-600").message == "must be 1-600"


def test_a_shard_set_describes_itself_for_the_log() -> None:
    assert ShardSet.of(4, [2, 0]).describe() == "shards 0,2 of 4"
    assert ShardSet.of(1, None).describe() == "shards 0 of 1"
    assert ShardSet.everything().describe() == "all guilds (not sharded)"


def test_a_shard_set_without_ids_owns_every_guild() -> None:
    half = ShardSet(shard_count=4)
    assert half.owns(GUILD)
    assert half.describe() == "all guilds (not sharded)"
    assert ShardSet(shard_ids=frozenset({1})).describe() == "all guilds (not sharded)"


def test_the_default_owner_owns_every_guild() -> None:
    assert owns_everything(GUILD)
    assert owns_everything(0)


def test_not_understood_carries_its_reason() -> None:
    assert str(NotUnderstood("no such day")) == "no such day"


@pytest.mark.parametrize(
    "now",
    [datetime(2026, 3, 1, 18, 0), datetime(2026, 3, 1, 18, 0, tzinfo=NoOffset())],
    ids=["naive", "tzinfo-without-offset"],
)
def test_a_clock_without_an_offset_is_refused(now: datetime) -> None:
    with pytest.raises(ValueError, match=r"^now must be timezone-aware$"):
        require_aware(now)
