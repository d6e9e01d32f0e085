"""Slash commands end to end: gateway payload in, the HTTP request to Discord out.

Alice and Bob are members of guild A, Carol of guild B. The clock starts at T0 and only moves
when a test moves it; expected times are computed here from T0, not taken from the bot.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import available_timezones

import pytest

from tests.discord.harness import (
    ALICE,
    BOB,
    CAROL,
    DEFAULT_START,
    GUILD_A,
    GUILD_B,
    NO_PINGS,
    FakeClock,
    Harness,
    Result,
    discord_ts,
)

T0 = DEFAULT_START  # 2026-03-10 09:00 UTC, a Tuesday
HOUR = timedelta(hours=1)
RED, GREEN, GOLD = 0xE74C3C, 0x2ECC71, 0xF1C40F


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def check_reply(result: Result, *, ephemeral: bool) -> None:
    """What every answer must be: immediate, pinging no one, as private as intended."""
    assert result.callback_type == 4, result.callback
    assert result.ephemeral is ephemeral
    for message in result.messages:
        assert message.get("allowed_mentions") == NO_PINGS, message


def fields_of(result: Result) -> dict[str, str]:
    return {f["name"]: f["value"] for f in result.embed.get("fields", [])}


async def rows(h: Harness, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in await h.store.db.all(sql)]


async def leg_days(h: Harness) -> list[tuple[Any, ...]]:
    return await rows(
        h, "SELECT guild_id, user_id, at, exercises, heaviest, is_hard FROM leg_days ORDER BY id"
    )


async def log_hard_leg_day(h: Harness, user: Any = ALICE, **kwargs: Any) -> Result:
    result = await h.invoke("legday", {"exercises": 3}, user=user, **kwargs)
    assert "HARD" in result.embed["title"]
    return result


# --- /legday ---------------------------------------------------------------------------------


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_legday_hard_says_when_hard_running_is_fine_again(harness: Harness) -> None:
    result = await harness.invoke("legday", {"exercises": 4})

    check_reply(result, ephemeral=True)
    embed = result.embed
    assert "HARD" in embed["title"]
    ready = T0 + timedelta(hours=48)
    assert discord_ts(ready, "F") in embed["description"]
    assert discord_ts(ready, "R") in embed["description"]
    # Two short tips, from a rotation (see test_leg_day_tips_rotate_over_consecutive_logs).
    assert len(fields_of(result)["Tips"].splitlines()) == 2
    assert await leg_days(harness) == [(GUILD_A.id, ALICE.id, epoch(T0), 4, None, 1)]


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_legday_light_holds_nothing_back(harness: Harness) -> None:
    result = await harness.invoke("legday", {"exercises": 1, "heaviest": 60, "sets": 3, "reps": 8})

    check_reply(result, ephemeral=True)
    assert "LIGHT" in result.embed["title"]
    assert "HARD" not in result.embed["title"]
    # Only the logged moment is shown: no "fine again from" time for a light session.
    moments = set(re.findall(r"<t:(\d+):[FR]>", result.embed["description"]))
    assert moments == {str(epoch(T0))}
    assert len(fields_of(result)["Tips"].splitlines()) == 2
    assert await leg_days(harness) == [(GUILD_A.id, ALICE.id, epoch(T0), 1, 60, 0)]


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_a_heavy_load_without_counts_is_hard(harness: Harness) -> None:
    result = await harness.invoke("legday", {"exercises": 1, "heaviest": 80})
    assert "HARD" in result.embed["title"]
    assert (await leg_days(harness))[0][-1] == 1


async def test_saying_hard_false_overrides_the_exercise_count(harness: Harness) -> None:
    result = await harness.invoke("legday", {"exercises": 6, "hard": False})
    assert "LIGHT" in result.embed["title"]


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_legday_logged_for_yesterday_evening(harness: Harness) -> None:
    result = await harness.invoke("legday", {"exercises": 3, "when": "yesterday 18:00"})

    at = datetime(2026, 3, 9, 18, 0, tzinfo=UTC)  # the club's zone is UTC
    assert discord_ts(at) in result.embed["description"]
    assert discord_ts(at + timedelta(hours=48)) in result.embed["description"]
    assert (await leg_days(harness))[0][2] == epoch(at)


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_notes_are_shown_without_mention_syntax(harness: Harness) -> None:
    notes = "@everyone squats <@&123> felt heavy"
    result = await harness.invoke("legday", {"exercises": 3, "notes": notes})

    check_reply(result, ephemeral=True)
    shown = fields_of(result)["Notes"]
    assert "@everyone" not in shown
    assert "<@&" not in shown
    assert "squats" in shown and "felt heavy" in shown
    stored = await rows(harness, "SELECT notes FROM leg_days")
    assert stored == [(notes,)]


# --- /run ------------------------------------------------------------------------------------


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_run_shows_distance_time_and_pace(harness: Harness) -> None:
    result = await harness.invoke("run", {"type": "steady", "distance": 10, "minutes": 50})

    check_reply(result, ephemeral=True)
    description = result.embed["description"]
    assert "5:00 /km" in description
    assert "10.0 km" in description
    assert "50 min" in description
    assert result.embed["title"] == "Run logged: Steady run (moderate)"
    stored = await rows(
        harness, "SELECT guild_id, user_id, at, run_type, distance_km, minutes FROM runs"
    )
    assert stored == [(GUILD_A.id, ALICE.id, epoch(T0), "steady", 10.0, 50.0)]


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_run_in_miles_is_stored_in_km(harness: Harness) -> None:
    await harness.invoke("profile", {"units": "mi"})
    result = await harness.invoke("run", {"type": "long", "distance": 5, "minutes": 40})

    assert "8:00 /mi" in result.embed["description"]
    ((distance_km,),) = await rows(harness, "SELECT distance_km FROM runs")
    assert distance_km == pytest.approx(5 * 1.609344)


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_easy_run_that_felt_hard_soon_after_a_hard_leg_day_warns(
    harness: Harness, clock: FakeClock
) -> None:
    await log_hard_leg_day(harness)
    clock.advance(24 * HOUR)

    warned = await harness.invoke("run", {"type": "easy", "minutes": 30, "rpe": 8})
    calm = await harness.invoke("run", {"type": "easy", "minutes": 30, "rpe": 5})
    bob = await harness.invoke("run", {"type": "easy", "minutes": 30, "rpe": 8}, user=BOB)

    check_reply(warned, ephemeral=True)
    extra = set(warned.embed["description"].splitlines()) - set(
        bob.embed["description"].replace(f"<@{BOB.id}>", f"<@{ALICE.id}>").splitlines()
    )
    assert len(extra) == 1, warned.embed["description"]
    (warning,) = extra
    assert "easy" in warning.lower() and "48" in warning
    assert warning not in calm.embed["description"]
    assert len(await rows(harness, "SELECT id FROM runs")) == 3


async def test_no_warning_once_the_window_has_passed(harness: Harness, clock: FakeClock) -> None:
    await log_hard_leg_day(harness)
    clock.advance(49 * HOUR)
    after = await harness.invoke("run", {"type": "easy", "minutes": 30, "rpe": 8})
    fresh = await harness.invoke("run", {"type": "easy", "minutes": 30, "rpe": 8}, user=BOB)
    assert len(after.embed["description"].splitlines()) == len(
        fresh.embed["description"].splitlines()
    )


# --- /canirun --------------------------------------------------------------------------------


async def test_sprints_a_day_after_a_hard_leg_day_wait(harness: Harness, clock: FakeClock) -> None:
    await log_hard_leg_day(harness)
    clock.advance(24 * HOUR)

    result = await harness.invoke("canirun", {"type": "sprints"})

    check_reply(result, ephemeral=True)
    embed = result.embed
    assert embed["title"].startswith("WAIT")
    assert embed["color"] == RED
    ready = epoch(T0 + timedelta(hours=48))
    assert (
        f"Hard running OK from <t:{ready}:F> (<t:{ready}:R>)" in embed["description"].splitlines()
    )
    # The easier alternative: an easy 15-30 minute run is fine right now.
    assert "15-30" in result.text


async def test_an_easy_run_after_a_hard_leg_day_is_go(harness: Harness, clock: FakeClock) -> None:
    await log_hard_leg_day(harness)
    clock.advance(24 * HOUR)

    result = await harness.invoke("canirun", {"type": "easy", "minutes": 30})

    check_reply(result, ephemeral=True)
    assert result.embed["title"].startswith("GO")
    assert result.embed["color"] == GREEN


async def test_sore_legs_and_a_steady_run_is_easy_only(harness: Harness) -> None:
    result = await harness.invoke("canirun", {"type": "steady", "soreness": 5})

    check_reply(result, ephemeral=True)
    assert result.embed["title"].startswith("EASY-ONLY")
    assert result.embed["color"] == GOLD


async def test_exactly_48_hours_later_hard_running_is_go(
    harness: Harness, clock: FakeClock
) -> None:
    await log_hard_leg_day(harness)
    clock.advance(48 * HOUR - timedelta(minutes=1))
    assert (await harness.invoke("canirun", {"type": "tempo"})).embed["title"].startswith("WAIT")
    clock.advance(timedelta(minutes=1))
    assert (await harness.invoke("canirun", {"type": "tempo"})).embed["title"].startswith("GO")


async def test_a_plan_for_later_is_judged_at_that_time(harness: Harness, clock: FakeClock) -> None:
    await log_hard_leg_day(harness)
    clock.advance(24 * HOUR)

    later = await harness.invoke("canirun", {"type": "intervals", "when": "in 30h"})

    assert later.embed["title"].startswith("GO")
    assert discord_ts(T0 + 54 * HOUR) in later.embed["description"]


async def test_a_light_leg_day_never_makes_a_wait(harness: Harness, clock: FakeClock) -> None:
    await harness.invoke("legday", {"exercises": 2})
    clock.advance(2 * HOUR)
    result = await harness.invoke("canirun", {"type": "race"})
    assert result.embed["title"].startswith("GO")


# --- /profile and autocomplete ---------------------------------------------------------------


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_profile_shows_defaults_then_saves_changes(harness: Harness) -> None:
    shown = await harness.invoke("profile")

    check_reply(shown, ephemeral=True)
    assert set(fields_of(shown).values()) >= {"UTC (the club's)", "intermediate", "balanced", "km"}
    assert await rows(harness, "SELECT * FROM members") == []  # looking changes nothing

    changed = await harness.invoke(
        "profile", {"timezone": "europe/london", "experience": "beginner"}
    )

    check_reply(changed, ephemeral=True)
    values = set(fields_of(changed).values())
    assert {"Europe/London", "beginner", "balanced", "km"} <= values
    assert "timezone" in changed.embed["description"]
    assert "experience" in changed.embed["description"]
    stored = await rows(
        harness, "SELECT guild_id, user_id, timezone, experience, focus, units FROM members"
    )
    assert stored == [(GUILD_A.id, ALICE.id, "Europe/London", "beginner", "balanced", "km")]

    again = await harness.invoke("profile")
    assert {"Europe/London", "beginner"} <= set(fields_of(again).values())
    # Bob's profile is his own.
    bob = await harness.invoke("profile", user=BOB)
    assert "UTC (the club's)" in fields_of(bob).values()


@pytest.mark.parametrize("typed", ["", "a", "eu", "london", "new york", "zzz-nothing"])
async def test_timezone_autocomplete_offers_at_most_25_real_zones(
    harness: Harness, typed: str
) -> None:
    result = await harness.autocomplete("profile", {"timezone": typed})

    assert result.callback_type == 8
    choices = result.choices
    assert len(choices) <= 25
    zones = available_timezones()
    assert all(c["value"] in zones for c in choices)
    if typed == "london":
        assert "Europe/London" in [c["value"] for c in choices]
    if typed == "new york":
        assert "America/New_York" in [c["value"] for c in choices]
    if typed == "a":
        assert len(choices) == 25  # hundreds match; the list is capped, not refused


async def test_when_autocomplete_shows_how_the_text_is_read(harness: Harness) -> None:
    await harness.invoke("profile", {"timezone": "Asia/Kolkata"})

    result = await harness.autocomplete(
        "canirun", {"type": "easy", "when": "tomorrow 06:00"}, focused="when"
    )

    first = result.choices[0]
    assert first["value"] == "tomorrow 06:00"
    # It is Tue 10 Mar 14:30 in Kolkata: tomorrow 06:00 there is Wed 11 Mar.
    assert "Wed 11 Mar 06:00" in first["name"]
    assert "Asia/Kolkata" in first["name"]

    planned = await harness.invoke("canirun", {"type": "easy", "when": "tomorrow 06:00"})
    assert discord_ts(datetime(2026, 3, 11, 0, 30, tzinfo=UTC)) in planned.embed["description"]


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_when_reads_a_bare_clock_time_back_for_a_log_and_ahead_for_a_plan(
    harness: Harness,
) -> None:
    await harness.invoke("profile", {"timezone": "Asia/Kolkata"})
    # It is Tue 10 Mar 14:30 in Kolkata: a log's 18:00 was yesterday, a plan's 06:00 is tomorrow.
    logged = await harness.autocomplete("legday", {"exercises": 3, "when": "18:00"}, focused="when")
    assert "Mon 9 Mar 18:00" in logged.choices[0]["name"]
    planned = await harness.autocomplete(
        "canirun", {"type": "easy", "when": "06:00"}, focused="when"
    )
    assert "Wed 11 Mar 06:00" in planned.choices[0]["name"]

    await harness.invoke("legday", {"exercises": 3, "when": "18:00"})
    assert (await leg_days(harness))[0][2] == epoch(datetime(2026, 3, 9, 12, 30, tzinfo=UTC))
    plan = await harness.invoke("canirun", {"type": "easy", "when": "06:00"})
    assert discord_ts(datetime(2026, 3, 11, 0, 30, tzinfo=UTC)) in plan.embed["description"]


async def test_when_autocomplete_with_nothing_typed_offers_common_forms(
    harness: Harness,
) -> None:
    result = await harness.autocomplete("legday", {"exercises": 3, "when": ""}, focused="when")
    values = [c["value"] for c in result.choices]
    assert 1 <= len(values) <= 25
    assert "now" in values


async def test_when_autocomplete_on_nonsense_says_it_is_not_understood(harness: Harness) -> None:
    result = await harness.autocomplete("run", {"type": "easy", "when": "blah"}, focused="when")
    assert "not understood" in result.choices[0]["name"]


# --- visibility ------------------------------------------------------------------------------


async def test_log_confirmations_are_public_when_the_club_wants_it(
    make_harness: Callable[..., Harness],
) -> None:
    async with make_harness(config={"club": {"public_logs": True}}) as h:
        legday = await h.invoke("legday", {"exercises": 3, "notes": "@everyone PR day"})
        run = await h.invoke("run", {"type": "easy", "minutes": 30})
        verdict = await h.invoke("canirun", {"type": "easy"})
        profile = await h.invoke("profile")

        check_reply(legday, ephemeral=False)
        check_reply(run, ephemeral=False)
        check_reply(verdict, ephemeral=True)
        check_reply(profile, ephemeral=True)
        # A public log names who logged it (an embed mention, which never pings).
        assert f"<@{ALICE.id}>" in legday.embed["description"]
        assert not legday.content
        assert "@everyone" not in legday.text


async def test_log_confirmations_are_private_by_default(harness: Harness) -> None:
    legday = await harness.invoke("legday", {"exercises": 3})
    run = await harness.invoke("run", {"type": "easy"})
    check_reply(legday, ephemeral=True)
    check_reply(run, ephemeral=True)
    assert f"<@{ALICE.id}>" not in legday.text


# --- isolation -------------------------------------------------------------------------------


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_one_members_leg_day_does_not_touch_anyone_else(
    harness: Harness, clock: FakeClock
) -> None:
    await log_hard_leg_day(harness, user=ALICE)
    clock.advance(24 * HOUR)

    alice = await harness.invoke("canirun", {"type": "sprints"}, user=ALICE)
    bob = await harness.invoke("canirun", {"type": "sprints"}, user=BOB)
    carol = await harness.invoke("canirun", {"type": "sprints"}, user=CAROL)
    # The same Discord user in another club is another member.
    alice_in_b = await harness.invoke("canirun", {"type": "sprints"}, user=ALICE, guild=GUILD_B)

    assert alice.embed["title"].startswith("WAIT")
    for other in (bob, carol, alice_in_b):
        assert other.embed["title"].startswith("GO")
        assert other.embed["color"] == GREEN
        assert "<t:" + str(epoch(T0 + 48 * HOUR)) not in other.text
        assert "leg day" not in other.embed["description"].lower()
    assert carol.payload["guild_id"] == str(GUILD_B.id)
    assert await leg_days(harness) == [(GUILD_A.id, ALICE.id, epoch(T0), 3, None, 1)]


async def test_profiles_are_per_club(harness: Harness) -> None:
    await harness.invoke("profile", {"timezone": "Asia/Tokyo"}, user=ALICE, guild=GUILD_A)
    elsewhere = await harness.invoke("profile", user=ALICE, guild=GUILD_B)
    assert "Asia/Tokyo" not in fields_of(elsewhere).values()
    assert "UTC (the club's)" in fields_of(elsewhere).values()


# --- delivery failures -----------------------------------------------------------------------


async def test_an_expired_interaction_is_logged_not_crashed(harness: Harness) -> None:
    harness.fake.script(
        "POST",
        re.compile(r"/interactions/\d+/[^/]+/callback"),
        404,
        {"message": "Unknown interaction", "code": 10062},
    )
    result = await harness.invoke("canirun", {"type": "easy"}, expect_errors=True)

    assert not result.exceptions
    levels = [r.levelname for r in result.logs]
    assert "ERROR" in levels  # the failed reply is a bug-level event, with its traceback
    assert any("could not send the error reply" in r.getMessage() for r in result.logs)


# --- the profile and the club's settings change the advice -----------------------------------


async def test_a_beginner_gets_easy_only_for_a_steady_run_after_a_hard_leg_day(
    harness: Harness, clock: FakeClock
) -> None:
    await log_hard_leg_day(harness)
    clock.advance(24 * HOUR)
    intermediate = await harness.invoke("canirun", {"type": "steady"})
    await harness.invoke("profile", {"experience": "beginner"})
    beginner = await harness.invoke("canirun", {"type": "steady"})

    assert intermediate.embed["title"].startswith("GO")
    assert beginner.embed["title"].startswith("EASY-ONLY")
    assert beginner.embed["color"] == GOLD


async def test_very_sore_legs_get_the_pain_warning(harness: Harness) -> None:
    mild = await harness.invoke("canirun", {"type": "easy", "soreness": 7})
    severe = await harness.invoke("canirun", {"type": "easy", "soreness": 8})
    assert "pain" not in mild.text.lower()
    assert "pain" in severe.text.lower()
    assert severe.embed["title"].startswith("GO")


async def test_the_club_time_zone_reads_wall_clock_times(
    make_harness: Callable[..., Harness],
) -> None:
    async with make_harness(config={"club": {"timezone": "America/New_York"}}) as h:
        result = await h.invoke("legday", {"exercises": 3, "when": "yesterday 18:00"})
        # New York is on summer time since 8 March 2026: 18:00 there is 22:00 UTC.
        at = datetime(2026, 3, 9, 22, 0, tzinfo=UTC)
        assert discord_ts(at) in result.embed["description"]
        assert discord_ts(at + 48 * HOUR) in result.embed["description"]
        profile = await h.invoke("profile")
        assert "America/New_York (the club's)" in fields_of(profile).values()


async def test_the_club_can_tune_the_window(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    async with make_harness(config={"advice": {"window_hours": 72}}) as h:
        await log_hard_leg_day(h)
        clock.advance(60 * HOUR)
        result = await h.invoke("canirun", {"type": "hills"})
        ready = epoch(T0 + 72 * HOUR)
        assert result.embed["title"].startswith("WAIT")
        assert f"Hard running OK from <t:{ready}:F> (<t:{ready}:R>)" in result.embed["description"]
