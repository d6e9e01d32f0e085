from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.actions.context import member_zone
from bot.config import Settings
from bot.core.models import Experience, Focus, LegDay, Profile, Units
from bot.core.races import Race
from bot.store import AdviceInputs, Store
from tests.storage.checkins import answer as answer_checkin

from .conftest import ALICE, ALICE_ELSEWHERE, BOB, T0, count_rows

CLUB_TZ = "Europe/Amsterdam"
D = timedelta(days=1)
CHICAGO = ZoneInfo("America/Chicago")
TOKYO = ZoneInfo("Asia/Tokyo")


def club_settings(zone: str) -> Settings:
    return Settings.model_validate({"club": {"timezone": zone}})


async def _member_rows(store: Store) -> int:
    return await count_rows(store, "members")


async def test_profile_defaults_without_a_row(store: Store) -> None:
    assert await store.members.get_profile(ALICE) == Profile(timezone=None)
    assert await _member_rows(store) == 0  # reading creates nothing


async def test_schema_defaults_match_the_model_defaults(store: Store) -> None:
    await store.members.ensure(ALICE, T0)
    assert await _member_rows(store) == 1
    assert await store.members.get_profile(ALICE) == Profile(timezone=None)


async def test_save_changes_only_the_given_fields(store: Store) -> None:
    saved = await store.members.save_profile(ALICE, now=T0, timezone=CHICAGO)
    assert saved == Profile(timezone=CHICAGO)

    saved = await store.members.save_profile(
        ALICE, now=T0, experience=Experience.BEGINNER, listed=False
    )
    assert saved == Profile(timezone=CHICAGO, experience=Experience.BEGINNER, listed=False)

    saved = await store.members.save_profile(ALICE, now=T0, focus=Focus.STRENGTH, units=Units.MI)
    expected = Profile(
        timezone=CHICAGO,
        experience=Experience.BEGINNER,
        focus=Focus.STRENGTH,
        units=Units.MI,
        listed=False,
    )
    assert saved == expected
    assert await store.members.get_profile(ALICE) == expected


async def test_timezone_none_falls_back_to_the_club_default(store: Store) -> None:
    await store.members.save_profile(ALICE, now=T0, timezone=TOKYO, units=Units.MI)
    saved = await store.members.save_profile(ALICE, now=T0, timezone=None)
    # The store keeps only what the member chose; the club's zone is filled in above it.
    assert saved == Profile(timezone=None, units=Units.MI)
    assert member_zone(saved, club_settings(CLUB_TZ)) == ZoneInfo(CLUB_TZ)
    # The club default is applied when read, so a changed default reaches the member.
    read = await store.members.get_profile(ALICE)
    assert member_zone(read, club_settings("UTC")) == ZoneInfo("UTC")
    # A zone of their own wins over the club's.
    assert member_zone(Profile(timezone=TOKYO), club_settings(CLUB_TZ)) == TOKYO


async def test_save_with_no_fields_creates_a_default_row(store: Store) -> None:
    saved = await store.members.save_profile(ALICE, now=T0)
    assert saved == Profile(timezone=None)
    assert await _member_rows(store) == 1


async def test_profiles_are_per_member_and_per_guild(store: Store) -> None:
    await store.members.save_profile(ALICE, now=T0, timezone=TOKYO, listed=False)
    assert await store.members.get_profile(BOB) == Profile(timezone=None)
    assert await store.members.get_profile(ALICE_ELSEWHERE) == Profile(timezone=None)


async def test_meta_get_and_overwrite(store: Store) -> None:
    assert await store.meta.get("tree_hash") is None
    await store.meta.set("tree_hash", "abc")
    await store.meta.set("tree_hash", "def")
    assert await store.meta.get("tree_hash") == "def"


async def test_advice_inputs_are_four_reads_in_one_statement(store: Store) -> None:
    day = T0.date()
    days = (day - D, day + D)
    nothing = AdviceInputs(Profile(timezone=None), [], [], [])
    assert await store.members.advice_inputs(ALICE, T0, days) == nothing
    await store.members.ensure(ALICE, T0)
    assert await store.members.advice_inputs(ALICE, T0, days) == nothing
    await store.members.save_profile(ALICE, now=T0, timezone=TOKYO, experience=Experience.BEGINNER)
    for hours in (0, 10, 50):
        await store.entries.add_leg_day(
            ALICE, LegDay(at=T0 + timedelta(hours=hours), is_hard=hours != 10), now=T0
        )
    for other in (BOB, ALICE_ELSEWHERE):
        await store.entries.add_leg_day(
            other, LegDay(at=T0 + timedelta(hours=20), is_hard=True), now=T0
        )
        await answer_checkin(store, other, day, 9, T0)
        await store.races.add(other, Race(on=day + 3 * D, name="Not hers"), today=day, now=T0)
    for offset, soreness in ((-2, 1), (-1, 2), (1, 4), (2, 5)):
        await answer_checkin(store, ALICE, day + offset * D, soreness, T0)
    for offset, name in ((9, "Later"), (-2, "Before"), (-1, "Yesterday"), (3, "Soonest")):
        await store.races.add(
            ALICE, Race(on=day + offset * D, name=name), today=day - 3 * D, now=T0
        )
    since = T0 + timedelta(hours=10, microseconds=1)  # mid-second: the 10 h one is out

    before = statements(store)
    inputs = await store.members.advice_inputs(ALICE, since, days)
    assert statements(store) == before + 1
    # The same as the reads each makes on its own.
    assert inputs.profile == await store.members.get_profile(ALICE)
    assert inputs.profile.timezone == TOKYO
    assert inputs.leg_days == await store.entries.leg_days_between(
        ALICE, since, T0 + timedelta(days=30)
    )
    assert [d.at for d in inputs.leg_days] == [T0 + timedelta(hours=50)]
    assert inputs.checkins == [
        answer
        for offset in (-1, 0, 1)
        if (answer := await store.checkin_answers.on_day(ALICE, day + offset * D)) is not None
    ]
    assert [a.soreness for a in inputs.checkins] == [2, 4]
    assert inputs.checkin_on(day) is None and inputs.checkin_on(day + D) == inputs.checkins[1]
    assert inputs.races == await store.races.upcoming(ALICE, day - D)
    assert [r.name for r in inputs.races] == ["Yesterday", "Soonest", "Later"]
    both = await store.members.advice_inputs(ALICE, T0 + timedelta(hours=10), days)
    assert [d.at for d in both.leg_days] == [T0 + timedelta(hours=50), T0 + timedelta(hours=10)]


def statements(store: Store) -> int:
    """Statements the store has sent to its database (each backend's wrapper counts them)."""
    return int(getattr(store, "db").statements)  # noqa: B009
