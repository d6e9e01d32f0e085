"""Issue 18, points 6 and 7: the daily club post shows the day of a moment that is not today,
and its tip of the day is one that fits every member, never one aimed at one focus."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.discord.harness import ALICE, BOB, Harness, discord_ts
from tests.discord.test_daily_post import CONFIG, TRAINING, posts_to, tick
from tests.discord.test_heads_up import dms_to, fire

SUNDAY_SLOT = datetime(2026, 3, 15, 9, 30, tzinfo=UTC)  # London is on GMT until 29 March
# The tips advice-rules.md writes for one focus ("Focus endurance", "Focus strength").
ONE_FOCUS_WORDS = ("Building endurance?", "With strength as your focus")


@pytest.fixture
async def club(make_harness: Callable[..., Harness]) -> AsyncIterator[Harness]:
    async with make_harness(config=CONFIG) as h:
        await h.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})
        yield h


async def post_at(h: Harness, at: datetime) -> dict[str, Any]:
    _, cap = await tick(h, at)
    [body] = posts_to(cap, TRAINING.id)
    embed: dict[str, Any] = body["embeds"][0]
    return embed


async def test_a_ready_time_on_another_day_shows_its_day_and_todays_only_the_clock(
    club: Harness,
) -> None:
    club.clock.set(datetime(2026, 3, 14, 18, 0, tzinfo=UTC))  # Saturday 18:00
    await club.invoke("legday", {"exercises": 4}, user=BOB)
    await club.invoke("legday", {"exercises": 4, "when": "22h ago"})  # Alice, Friday 20:00
    embed = await post_at(club, SUNDAY_SLOT)
    monday = datetime(2026, 3, 16, 18, 0, tzinfo=UTC)
    sunday = datetime(2026, 3, 15, 20, 0, tzinfo=UTC)
    description = embed["description"]
    assert f"<@{BOB.id}>: hard running OK {discord_ts(monday, 'F')}" in description
    assert f"<@{ALICE.id}>: hard running OK {discord_ts(sunday, 't')}" in description
    assert discord_ts(monday, "t") not in description


async def test_the_tip_of_the_day_is_never_one_for_a_single_focus(club: Harness) -> None:
    await club.invoke("profile", {"focus": "strength"})
    await club.invoke("profile", {"focus": "endurance"}, user=BOB)
    shown = []
    for day in range(8):  # more days than there are tips
        embed = await post_at(club, SUNDAY_SLOT + timedelta(days=day))
        [field] = [f for f in embed["fields"] if f["name"] == "Tip of the day"]
        shown.append(field["value"])
        preview = await club.invoke("club preview")
        [previewed] = [f for f in preview.embed["fields"] if f["name"] == "Tip of the day"]
        assert not any(words in previewed["value"] for words in ONE_FOCUS_WORDS)
    assert not any(words in tip for tip in shown for words in ONE_FOCUS_WORDS), shown
    assert len(set(shown)) == 6  # still rotating through every tip that fits everyone
    assert all(a != b for a, b in itertools.pairwise(shown))


async def test_a_check_ins_soreness_changes_canirun_but_no_count_in_the_channel(
    make_harness: Callable[..., Harness],
) -> None:
    # Monday 7 December, London: Bob, with no leg day, answers his 09:00 check-in with 6. His
    # own /canirun for the 18:30 steady run says EASY-ONLY; the club's post, read by everyone,
    # counts leg days only, so it does not give his private answer away.
    async with make_harness(config=CONFIG) as h:
        h.clock.set(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
        session = {"day": "monday", "time": "18:30", "type": "steady", "event": False}
        await h.invoke("club session add", session)
        await h.invoke("checkin", {"time": "09:00"}, user=BOB)
        h.clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
        [checkin] = dms_to(await fire(h))[BOB.id]
        sent = next(r.response for r in h.requests if r.json is not None and r.json == checkin)
        [six] = [b for row in sent["components"] for b in row["components"] if b["label"] == "6"]
        await h.click_dm(sent, six["custom_id"], user=BOB)

        h.clock.set(datetime(2026, 12, 7, 10, 0, tzinfo=UTC))
        asked = await h.invoke("canirun", {"type": "steady", "when": "today 18:30"}, user=BOB)
        preview = await h.invoke("club preview")
    assert asked.embed["title"].startswith("EASY-ONLY")
    [line] = [x for x in preview.embed["description"].splitlines() if "Steady run" in x]
    assert line.endswith("everyone is clear"), line
