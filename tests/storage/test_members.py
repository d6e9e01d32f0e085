from __future__ import annotations

from bot.core.models import Experience, Focus, Profile, Units
from bot.store import Store

from .conftest import ALICE, ALICE_ELSEWHERE, BOB, T0

CLUB_TZ = "Europe/Amsterdam"


async def _member_rows(store: Store) -> int:
    row = await store.db.fetchone("SELECT count(*) FROM members")
    assert row is not None
    return int(row[0])


async def test_profile_defaults_without_a_row(store: Store) -> None:
    assert await store.members.get_profile(ALICE, CLUB_TZ) == Profile(timezone=CLUB_TZ)
    assert await _member_rows(store) == 0  # reading creates nothing


async def test_schema_defaults_match_the_model_defaults(store: Store) -> None:
    await store.members.ensure(ALICE, T0)
    assert await _member_rows(store) == 1
    assert await store.members.get_profile(ALICE, CLUB_TZ) == Profile(timezone=CLUB_TZ)


async def test_save_changes_only_the_given_fields(store: Store) -> None:
    saved = await store.members.save_profile(
        ALICE, default_timezone=CLUB_TZ, now=T0, timezone="America/Chicago"
    )
    assert saved == Profile(timezone="America/Chicago")

    saved = await store.members.save_profile(
        ALICE, default_timezone=CLUB_TZ, now=T0, experience=Experience.BEGINNER, listed=False
    )
    assert saved == Profile(
        timezone="America/Chicago", experience=Experience.BEGINNER, listed=False
    )

    saved = await store.members.save_profile(
        ALICE, default_timezone=CLUB_TZ, now=T0, focus=Focus.STRENGTH, units=Units.MI
    )
    expected = Profile(
        timezone="America/Chicago",
        experience=Experience.BEGINNER,
        focus=Focus.STRENGTH,
        units=Units.MI,
        listed=False,
    )
    assert saved == expected
    assert await store.members.get_profile(ALICE, CLUB_TZ) == expected


async def test_timezone_none_falls_back_to_the_club_default(store: Store) -> None:
    await store.members.save_profile(
        ALICE, default_timezone=CLUB_TZ, now=T0, timezone="Asia/Tokyo", units=Units.MI
    )
    saved = await store.members.save_profile(ALICE, default_timezone=CLUB_TZ, now=T0, timezone=None)
    assert saved == Profile(timezone=CLUB_TZ, units=Units.MI)
    # The club default is applied when read, so a changed default reaches the member.
    assert (await store.members.get_profile(ALICE, "UTC")).timezone == "UTC"


async def test_save_with_no_fields_creates_a_default_row(store: Store) -> None:
    saved = await store.members.save_profile(ALICE, default_timezone=CLUB_TZ, now=T0)
    assert saved == Profile(timezone=CLUB_TZ)
    assert await _member_rows(store) == 1


async def test_ensure_is_idempotent_and_keeps_the_profile(store: Store) -> None:
    await store.members.save_profile(
        ALICE, default_timezone=CLUB_TZ, now=T0, experience=Experience.ADVANCED
    )
    await store.members.ensure(ALICE, T0)
    async with store.db.transaction() as tx:
        await store.members.ensure(ALICE, T0, tx=tx)
    assert await _member_rows(store) == 1
    assert (await store.members.get_profile(ALICE, CLUB_TZ)).experience == Experience.ADVANCED


async def test_profiles_are_per_member_and_per_guild(store: Store) -> None:
    await store.members.save_profile(
        ALICE, default_timezone=CLUB_TZ, now=T0, timezone="Asia/Tokyo", listed=False
    )
    assert await store.members.get_profile(BOB, CLUB_TZ) == Profile(timezone=CLUB_TZ)
    assert await store.members.get_profile(ALICE_ELSEWHERE, CLUB_TZ) == Profile(timezone=CLUB_TZ)


async def test_meta_get_and_overwrite(store: Store) -> None:
    assert await store.meta.get("tree_hash") is None
    await store.meta.set("tree_hash", "abc")
    await store.meta.set("tree_hash", "def")
    assert await store.meta.get("tree_hash") == "def"
