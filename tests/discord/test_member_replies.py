"""The member commands' replies in full, as a member reads them: /legday, /run, /canirun and
/profile (bot/render/member.py). Title, every line, the fields in order, the colour, the footer
and who sees it; the wording is the README's where it shows one (its console session).

The clock starts at Tuesday 10 March 2026, 09:00 UTC (harness.DEFAULT_START), the club's zone
is UTC and its window 48 hours; every moment below is worked out from that start.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from tests.discord.harness import (
    ALICE,
    BOB,
    DEFAULT_START,
    FakeClock,
    Harness,
    Result,
    discord_ts,
)

T0 = DEFAULT_START
READY = T0 + timedelta(hours=48)
HARD_COLOUR, LIGHT_COLOUR, INFO_COLOUR, WAIT_COLOUR = 0xE67E22, 0x1ABC9C, 0x3498DB, 0xE74C3C
HARD_RUNS = "Hard running (tempo, intervals, hills, sprints, HIIT, races)"
PUBLIC = {"club": {"public_logs": True}}


def when(moment: datetime) -> str:
    return f"{discord_ts(moment, 'F')} ({discord_ts(moment, 'R')})"


def field_names(result: Result) -> list[str]:
    return [f["name"] for f in result.embed.get("fields", [])]


def lines(result: Result) -> list[str]:
    return str(result.embed["description"]).splitlines()


async def test_a_hard_leg_day_logged_publicly(make_harness: Callable[..., Harness]) -> None:
    async with make_harness(config=PUBLIC) as h:
        result = await h.invoke("legday", {"exercises": 4, "notes": "squats felt heavy"})

    assert not result.ephemeral  # the club asked for public logs
    embed = result.embed
    assert embed["title"] == "Leg day logged: HARD"
    assert lines(result)[:3] == [
        f"Logged by <@{ALICE.id}> for {when(T0)}.",
        "4 weighted leg exercises (3 or more counts as hard).",
        f"{HARD_RUNS} is fine again from {when(READY)}. Easy running before then is fine and"
        " even helps recovery.",
    ]
    assert field_names(result) == ["Notes", "Tips"]  # the member's own words first
    assert embed["fields"][0]["value"] == "squats felt heavy"
    tips = embed["fields"][1]["value"].split("\n")
    assert len(tips) == 2 and all(tip.startswith("• ") for tip in tips)  # one tip a line
    assert embed["color"] == HARD_COLOUR
    assert embed["footer"]["text"] == "Entry L1"


async def test_a_light_leg_day_holds_nothing_back(harness: Harness) -> None:
    result = await harness.invoke("legday", {"exercises": 1})

    assert result.ephemeral  # private by default
    assert result.embed["title"] == "Leg day logged: LIGHT"
    assert lines(result)[0] == f"Logged for {when(T0)}."
    assert lines(result)[2] == "A light session: it does not hold back any running."
    assert field_names(result) == ["Tips"]
    assert result.embed["color"] == LIGHT_COLOUR
    assert result.embed["footer"]["text"] == "Entry L1"


async def test_a_backdated_hard_leg_day_under_a_newer_one_says_which_holds_back(
    harness: Harness,
) -> None:
    await harness.invoke("legday", {"exercises": 4})
    older = await harness.invoke("legday", {"exercises": 4, "when": "yesterday 09:00"})

    assert lines(older)[2] == (
        f"{HARD_RUNS} is fine again from {when(READY)} (a newer hard leg day holds it back that"
        " long). Easy running before then is fine and even helps recovery."
    )
    assert older.embed["footer"]["text"] == "Entry L2"


async def test_a_hard_leg_day_whose_window_ends_now_has_been_fine_since(
    harness: Harness,
) -> None:
    # Logged exactly 48 hours back: hard running is fine from now, so "since", not "again from".
    result = await harness.invoke("legday", {"exercises": 4, "when": "48h ago"})

    assert lines(result)[2] == (
        f"{HARD_RUNS} has been fine again since {when(T0)}: this leg day no longer holds"
        " anything back."
    )


async def test_canirun_waits_with_the_time_it_is_fine_and_what_to_do_instead(
    harness: Harness,
) -> None:
    await harness.invoke("legday", {"exercises": 4})

    result = await harness.invoke("canirun", {"type": "tempo"})

    assert result.ephemeral
    assert result.embed["title"] == "WAIT: not a hard run yet"
    assert lines(result)[0] == "**Tempo run (hard)** now"
    assert lines(result)[-1] == (
        f"Hard running OK from {discord_ts(READY, 'F')} ({discord_ts(READY, 'R')})"
    )
    assert field_names(result) == ["Instead", "Tips"]
    assert result.embed["color"] == WAIT_COLOUR


async def test_a_hard_run_in_the_window_logged_publicly(
    make_harness: Callable[..., Harness],
) -> None:
    async with make_harness(config=PUBLIC) as h:
        await h.invoke("legday", {"exercises": 4})
        result = await h.invoke("run", {"type": "tempo", "minutes": 30, "notes": "windy"})

    assert not result.ephemeral
    assert result.embed["title"] == "Run logged: Tempo run (hard)"
    assert lines(result)[:3] == [
        f"Logged by <@{ALICE.id}> for {when(T0)}.",
        "30 min",
        f"Hard running would have been fine from {when(READY)}: that is what the 48 hours"
        " after a hard leg day are for, letting the fibres heavy legs work recover. Next time,"
        " an easy run fits nicely in that gap.",
    ]
    assert result.embed["fields"] == [{"name": "Notes", "value": "windy", "inline": False}]
    assert result.embed["color"] == INFO_COLOUR
    assert result.embed["footer"]["text"] == "Entry R1"


async def test_a_private_run_names_nobody(harness: Harness) -> None:
    result = await harness.invoke("run", {"type": "easy", "distance": 8, "minutes": 40})

    assert result.ephemeral
    assert lines(result)[:2] == [f"Logged for {when(T0)}.", "8.0 km · 40 min · 5:00 /km"]
    assert "fields" not in result.embed or not result.embed["fields"]
    assert result.embed["footer"]["text"] == "Entry R1"


async def test_the_profile_shown_then_changed(harness: Harness) -> None:
    shown = await harness.invoke("profile")

    assert shown.ephemeral
    assert shown.embed["title"] == "Your profile"
    assert shown.embed["description"] == "Change any of these with `/profile` and its options."
    assert shown.embed["color"] == INFO_COLOUR
    assert [(f["name"], f["value"], f["inline"]) for f in shown.embed["fields"]] == [
        ("Time zone", "UTC (the club's)", True),
        ("Experience", "intermediate", True),
        ("Focus", "balanced", True),
        ("Units", "km", True),
        ("Named in the club post", "yes", True),
        ("Maximum heart rate", "not set", True),
        ("Heads-up before sessions", "not-go", True),
    ]

    changed = await harness.invoke(
        "profile", {"timezone": "Europe/Paris", "listed": False, "max_hr": 185}
    )
    assert changed.embed["description"] == "Updated: timezone, listed, max_hr."
    values = {f["name"]: f["value"] for f in changed.embed["fields"]}
    assert values["Time zone"] == "Europe/Paris"  # the member's own: no "(the club's)"
    assert values["Named in the club post"] == "no (counted, not named)"
    assert values["Maximum heart rate"] == "185 bpm"
    # Bob's is his own, still the defaults.
    bob = await harness.invoke("profile", user=BOB)
    assert {f["name"]: f["value"] for f in bob.embed["fields"]}["Time zone"] == "UTC (the club's)"


async def test_a_new_time_zone_moves_the_next_checkin(harness: Harness, clock: FakeClock) -> None:
    await harness.invoke("checkin", {"time": "18:00"})  # 18:00 UTC today, the club's zone

    changed = await harness.invoke("profile", {"timezone": "Asia/Tokyo"})

    # 18:00 in Tokyo (UTC+9) is 09:00 UTC: today's has just passed, so tomorrow's.
    moved_to = T0 + timedelta(days=1)
    assert lines(changed) == [
        "Updated: timezone.",
        f"Your next check-in (`#1`) moved to {when(moved_to)}: 18:00 on your clock in Asia/Tokyo.",
    ]
