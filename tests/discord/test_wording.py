"""Every reply reads right (issue 9), end to end: payload in, the reply Discord would show out.

Each test pins one point of the issue: a shown moment is one at which the promise holds, a
soreness is about now, runs are named as runners name them, tenses fit the moment. Expected
times are computed here from the clock, never taken from the bot.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.config import ConfigError
from tests.discord.harness import (
    ALICE,
    BOB,
    DEFAULT_START,
    FakeClock,
    Harness,
    Result,
    discord_ts,
)

T0 = DEFAULT_START  # 2026-03-10 09:00 UTC, a Tuesday; the club's zone is UTC
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
# A leg day with seconds: 48 hours later is 18:03:27, which a reader sees as 18:03.
WITH_SECONDS = datetime(2026, 3, 10, 18, 3, 27, tzinfo=UTC)
FINE_FROM = datetime(2026, 3, 12, 18, 4, tzinfo=UTC)  # rounded up to the next whole minute
TIMESTAMP = re.compile(r"<t:(\d+):([a-zA-Z])>")


def fields_of(result: Result) -> dict[str, str]:
    return {f["name"]: f["value"] for f in result.embed.get("fields", [])}


def shown_minute(epoch: str) -> datetime:
    """What a reader sees of a Discord timestamp: its minute (seconds are never shown)."""
    seconds = int(epoch)
    return datetime.fromtimestamp(seconds - seconds % 60, tz=UTC)


def shown_after(text: str, prefix: str) -> datetime:
    """The minute shown by the timestamp right after `prefix` in `text`."""
    match = re.search(re.escape(prefix) + r"\s*<t:(\d+):[a-zA-Z]>", text)
    assert match, f"{prefix!r} not followed by a timestamp in:\n{text}"
    return shown_minute(match.group(1))


def typed(moment: datetime) -> str:
    """A moment as a member types it (the club's zone is UTC)."""
    return f"{moment:%Y-%m-%d %H:%M}"


async def hard_leg_day(h: Harness, user: Any = ALICE, **options: Any) -> Result:
    result = await h.invoke("legday", {"exercises": 3, **options}, user=user)
    assert "HARD" in result.embed["title"], result.embed
    return result


# --- 2: a shown "fine again" moment is one at which the answer is GO ---------------------------


async def test_the_shown_ready_minute_of_a_wait_is_a_go(harness: Harness, clock: FakeClock) -> None:
    clock.set(WITH_SECONDS)
    await hard_leg_day(harness)
    clock.advance(DAY)

    wait = await harness.invoke("canirun", {"type": "tempo"})

    assert wait.embed["title"].startswith("WAIT")
    shown = shown_after(wait.embed["description"], "Hard running OK from")
    assert shown == FINE_FROM
    at_shown = await harness.invoke("canirun", {"type": "tempo", "when": typed(shown)})
    assert at_shown.embed["title"].startswith("GO"), at_shown.embed
    clock.set(shown)
    now_shown = await harness.invoke("canirun", {"type": "tempo"})
    assert now_shown.embed["title"].startswith("GO"), now_shown.embed


async def test_legday_fine_again_minute_is_a_go(harness: Harness, clock: FakeClock) -> None:
    clock.set(WITH_SECONDS)
    legday = await hard_leg_day(harness)

    shown = shown_after(legday.embed["description"], "is fine again from")
    assert shown == FINE_FROM
    assert discord_ts(FINE_FROM) in legday.embed["description"]
    asked = await harness.invoke("canirun", {"type": "intervals", "when": typed(shown)})
    assert asked.embed["title"].startswith("GO"), asked.embed


async def test_club_post_clear_at_minute_is_a_go(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    async with make_harness() as h:
        clock.set(WITH_SECONDS)
        await hard_leg_day(h, user=BOB)
        clock.advance(DAY)

        preview = await h.invoke("club preview")

        shown = shown_after(preview.embed["description"], f"<@{BOB.id}>: hard running OK")
        assert shown == FINE_FROM
        clock.set(shown)
        bob = await h.invoke("canirun", {"type": "hills"}, user=BOB)
        assert bob.embed["title"].startswith("GO"), bob.embed


# --- 4: a soreness never given is not 0; the soreness settings are 1-10 -----------------------


@pytest.mark.parametrize("key", ["soreness_threshold", "pain_soreness"])
def test_the_config_refuses_soreness_settings_of_0(tmp_path: Any, key: str) -> None:
    with pytest.raises(ConfigError, match=f"advice.{key}"):
        Harness(tmp_path, config={"advice": {key: 0}})


async def test_lowest_soreness_settings_leave_a_soreness_not_given_alone(
    make_harness: Callable[..., Harness],
) -> None:
    async with make_harness(config={"advice": {"soreness_threshold": 1, "pain_soreness": 1}}) as h:
        not_given = await h.invoke("canirun", {"type": "steady"})
        sore = await h.invoke("canirun", {"type": "steady", "soreness": 1})

        assert not_given.embed["title"] == "GO: run as planned"
        assert "soreness" not in not_given.text.lower()
        assert "Pain" not in fields_of(not_given)
        assert sore.embed["title"].startswith("EASY-ONLY")
        assert "Pain" in fields_of(sore)


# --- 8: soreness is about now --------------------------------------------------------------


async def test_soreness_is_set_aside_for_a_plan_days_away(harness: Harness) -> None:
    race = await harness.invoke("canirun", {"type": "race", "when": "in 5 days", "soreness": 5})
    tomorrow = await harness.invoke("canirun", {"type": "race", "when": "in 24h", "soreness": 5})
    later = await harness.invoke("canirun", {"type": "race", "when": "in 25h", "soreness": 5})

    assert race.embed["title"] == "GO: run as planned", race.embed
    description = race.embed["description"]
    assert "Soreness 5/10 is about your legs now" in description
    assert "more than 24 hours away, so it is set aside" in description
    assert "Check again on the day" in description
    assert "30" not in race.text  # no cap at 30 easy minutes
    # Within 24 hours it still counts; past them it is set aside.
    assert tomorrow.embed["title"].startswith("EASY-ONLY")
    assert "set aside" not in tomorrow.text
    assert later.embed["title"].startswith("GO")
    assert "set aside" in later.text


# --- 9: a future plan's alternative is for the planned time ---------------------------------


async def test_a_future_waits_alternative_is_for_then(harness: Harness, clock: FakeClock) -> None:
    await hard_leg_day(harness)
    clock.advance(2 * HOUR)

    later = await harness.invoke("canirun", {"type": "tempo", "when": "in 3h"})
    now = await harness.invoke("canirun", {"type": "tempo"})

    assert later.embed["title"].startswith("WAIT")
    assert fields_of(later)["Instead"].startswith("An easy 15-30 minute run is fine at that time:")
    assert "right now" not in later.text
    assert fields_of(now)["Instead"].startswith("An easy 15-30 minute run is fine right now:")


# --- 10: rule 3 asks for a conversational pace, and nothing else -----------------------------


async def test_a_beginners_steady_run_is_conversational_not_capped(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("profile", {"experience": "beginner"})
    await hard_leg_day(harness)
    clock.advance(24 * HOUR)

    result = await harness.invoke("canirun", {"type": "steady", "minutes": 60})

    assert result.embed["title"] == "EASY-ONLY: keep it conversational"
    instead = fields_of(result)["Instead"]
    assert "talk test" in instead and "conversational" in instead
    assert "short" not in result.text.lower()
    assert "30 minutes" not in result.text
    assert "recovery run" not in result.text.lower()


# --- 11: a light leg day does not hold a hard run back ---------------------------------------


async def test_a_hard_run_after_a_light_leg_day_is_not_told_to_keep_it_relaxed(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("legday", {"exercises": 1})
    clock.advance(2 * HOUR)

    result = await harness.invoke("canirun", {"type": "intervals"})

    assert result.embed["title"] == "GO: run as planned"
    description = result.embed["description"]
    assert "a light leg day does not hold hard running back" in description
    assert "relaxed" not in description
    assert "helps them recover" not in description


# --- 12: minutes under an hour, with proper plurals ------------------------------------------


@pytest.mark.parametrize(
    ("after", "said"),
    [
        pytest.param(timedelta(seconds=30), "less than a minute", id="30s"),
        pytest.param(timedelta(minutes=1), "1 minute", id="1min"),
        pytest.param(timedelta(minutes=45), "45 minutes", id="45min"),
        pytest.param(timedelta(minutes=61), "1 hour 1 minute", id="61min"),
        pytest.param(timedelta(hours=2), "2 hours", id="2h"),
    ],
)
async def test_time_since_a_leg_day_reads_right(
    harness: Harness, clock: FakeClock, after: timedelta, said: str
) -> None:
    await harness.invoke("legday", {"exercises": 1})
    clock.advance(after)

    result = await harness.invoke("canirun", {"type": "easy"})

    assert f"Your last leg day was {said} before this easy run" in result.embed["description"]
    assert "0 hours" not in result.text


# --- 13: the pain warning says "is not soreness" once ----------------------------------------


async def test_the_pain_warning_says_it_once(harness: Harness) -> None:
    result = await harness.invoke("canirun", {"type": "easy", "soreness": 9})

    assert result.text.lower().count("not soreness") == 1, result.text
    assert fields_of(result)["Pain"].startswith("Sharp pain")


# --- 14: tense ---------------------------------------------------------------------------


async def test_a_backdated_leg_day_says_hard_running_has_been_fine_since(
    harness: Harness,
) -> None:
    result = await hard_leg_day(harness, when="2 weeks ago")

    description = result.embed["description"]
    fine = T0 - 14 * DAY + 48 * HOUR
    assert f"has been fine again since {discord_ts(fine)} ({discord_ts(fine, 'R')})" in (
        description
    )
    assert "fine again from" not in description
    assert "before then" not in description


async def test_a_plan_for_now_says_now(harness: Harness) -> None:
    result = await harness.invoke("canirun", {"type": "easy"})

    first = result.embed["description"].splitlines()[0]
    assert first == "**Easy run** now"
    assert discord_ts(T0, "R") not in result.text


@pytest.mark.parametrize(
    ("days", "title"), [(1, "Your day today"), (2, "Your last 2 days"), (14, "Your last 14 days")]
)
async def test_history_names_its_span(harness: Harness, days: int, title: str) -> None:
    await harness.invoke("run", {"type": "easy", "minutes": 30})

    result = await harness.invoke("history", {"days": days})

    (followup,) = result.followups
    (embed,) = followup["embeds"]
    assert embed["title"] == title
    (attachment,) = followup["attachments"]
    assert attachment["description"].endswith("today" if days == 1 else f"last {days} days")


async def test_empty_history_of_one_day_says_today(harness: Harness) -> None:
    result = await harness.invoke("history", {"days": 1})

    (followup,) = result.followups
    assert followup["content"].startswith("Nothing logged today yet.")


# --- 15: runs named as a runner names them ---------------------------------------------------


@pytest.mark.parametrize(
    ("run_type", "label", "noun"),
    [
        ("intervals", "Intervals (hard)", "interval session"),
        ("race", "Race (hard)", "race"),
        ("tempo", "Tempo run (hard)", "tempo run"),
        ("hiit", "HIIT (hard)", "HIIT session"),
        ("steady", "Steady run (moderate)", "steady run"),
        ("easy", "Easy run", "easy run"),
    ],
)
async def test_runs_are_named_as_runners_name_them(
    harness: Harness, clock: FakeClock, run_type: str, label: str, noun: str
) -> None:
    await hard_leg_day(harness)
    clock.advance(3 * HOUR)

    verdict = await harness.invoke("canirun", {"type": run_type})
    logged = await harness.invoke("run", {"type": run_type, "minutes": 30})

    assert verdict.embed["description"].startswith(f"**{label}** now")
    assert f"before this {noun}" in verdict.embed["description"]
    assert logged.embed["title"] == f"Run logged: {label}"
    assert " run run" not in verdict.text + logged.text
    assert "(high" not in verdict.text + logged.text and "(low" not in logged.text


# --- 16: leg-day tips vary and stay short ----------------------------------------------------


async def test_leg_day_tips_rotate_over_consecutive_logs(harness: Harness) -> None:
    tips = []
    for hours_ago in (3, 2, 1):
        result = await hard_leg_day(harness, when=f"{hours_ago}h ago")
        tips.append(fields_of(result)["Tips"])

    assert tips[0] != tips[1] != tips[2], tips
    for shown in tips:
        lines = shown.splitlines()
        assert len(lines) == 2
        for line in lines:
            sentences = [s for s in line.removeprefix("• ").split(". ") if s]
            assert len(sentences) <= 2, line


# --- 17: a hard run inside the window gets a calm note ---------------------------------------


async def test_a_hard_run_soon_after_a_hard_leg_day_says_when_it_would_have_been_fine(
    harness: Harness, clock: FakeClock
) -> None:
    clock.set(WITH_SECONDS)
    await hard_leg_day(harness)
    clock.advance(DAY)

    soon = await harness.invoke("run", {"type": "tempo", "minutes": 40, "rpe": 8})
    bob = await harness.invoke("run", {"type": "tempo", "minutes": 40, "rpe": 8}, user=BOB)
    clock.advance(DAY)
    later = await harness.invoke("run", {"type": "tempo", "minutes": 40, "rpe": 8})

    description = soon.embed["description"]
    note = f"Hard running would have been fine from {discord_ts(FINE_FROM)}"
    assert note in description
    assert "48 hours after a hard leg day" in description
    for scolding in ("should not", "shouldn't", "too soon", "mistake", "!"):
        assert scolding not in description
    assert "would have been" not in bob.embed["description"]
    assert "would have been" not in later.embed["description"]
