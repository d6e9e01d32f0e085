"""Issue 12 end to end: the load on log replies and in /week (estimates included), the ratio
against four known weeks and its note at the threshold, hard runs inside a leg-day window, the
chart read back as pixels, races on /canirun, /legday and the post, the Monday block and
/leaderboard by:.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image, ImageStat

from bot.core.load import paces_from
from bot.core.models import AdviceRules, LegDay, MemberRef, Run, RunType
from bot.core.week import TrainingWeek, training_week, week_back, week_fetch_range
from bot.discord.cogs.daily_post import DailyPost
from bot.render import charts
from bot.render.chart_pool import ChartPool
from tests.discord.harness import (
    ALICE,
    BOB,
    GUILD_A,
    NO_PINGS,
    Capture,
    FakeAttachment,
    FakeClock,
    Harness,
    Result,
)

DAY = timedelta(days=1)
DATA = Path(__file__).resolve().parent.parent / "data"
# Sunday 15 March 2026, 20:00 UTC: the week under test is Mon 9 – Sun 15 March (club zone UTC).
SUNDAY = datetime(2026, 3, 15, 20, 0, tzinfo=UTC)
MONDAY = datetime(2026, 3, 9, tzinfo=UTC)
TRAINING = GUILD_A.channel_named("training")
ALICE_REF = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
UTC_ZONE = ZoneInfo("UTC")


def week_embed(result: Result) -> dict[str, Any]:
    """/week defers (it draws a chart), then sends one followup."""
    (followup,) = result.followups
    assert followup["allowed_mentions"] == NO_PINGS
    embeds: list[dict[str, Any]] = followup["embeds"]
    (embed,) = embeds
    return embed


async def earlier_weeks(h: Harness, loads: list[int]) -> None:
    """One easy run of RPE 5 in each of the four weeks before the week under test, oldest
    first, each with load `loads[i]` (RPE 5 x minutes)."""
    for n, load in enumerate(loads):
        at = MONDAY - (4 - n) * 7 * DAY + 2 * DAY + timedelta(hours=7)
        run = Run(at=at, run_type=RunType.EASY, minutes=load / 5, rpe=5)
        await h.store.entries.add_run(ALICE_REF, run, now=at)


async def known_week(h: Harness) -> None:
    """The week under test, logged through the commands (what each log reply says is checked
    in test_log_replies_show_the_load)."""
    await h.invoke("legday", {"exercises": 4, "when": "2026-03-09 18:00"})  # HARD: 7 x 60
    await h.invoke("run", {"type": "tempo", "distance": 10, "when": "2026-03-10 07:00"})
    await h.invoke(
        "legday", {"exercises": 1, "minutes": 40, "rpe": 5, "when": "2026-03-11 18:00"}
    )  # LIGHT, given: 200
    await h.invoke(
        "run", {"type": "easy", "minutes": 30, "rpe": 4, "when": "2026-03-12 07:00"}
    )  # 120
    await h.invoke(
        "run", {"type": "long", "distance": 20, "minutes": 120, "when": "2026-03-14 09:00"}
    )  # RPE estimated 5: 600
    await h.invoke("run", {"type": "easy", "when": "2026-03-15 09:00"})  # no load


async def test_log_replies_show_the_load(harness: Harness, clock: FakeClock) -> None:
    clock.set(SUNDAY)
    hard = await harness.invoke("legday", {"exercises": 4, "when": "2026-03-09 18:00"})
    assert "Load: 420 (RPE 7 × 60 min) (estimated: RPE and minutes)." in hard.embed["description"]
    given = await harness.invoke("legday", {"exercises": 1, "minutes": 40, "rpe": 5})
    assert "Load: 200 (RPE 5 × 40 min)." in given.embed["description"]
    # No timed tempo run yet: 10 km at the default 6 min/km.
    tempo = await harness.invoke("run", {"type": "tempo", "distance": 10, "when": "1d ago"})
    assert "Load: 480 (RPE 8 × 60 min) (estimated: RPE and minutes)." in tempo.embed["description"]
    # With timed tempo runs, their median pace (5:00 /km here) stands in.
    for minutes in (40, 50, 50):
        await harness.invoke("run", {"type": "tempo", "distance": 10, "minutes": minutes})
    paced = await harness.invoke("run", {"type": "tempo", "distance": 10, "rpe": 9})
    assert "Load: 450 (RPE 9 × 50 min) (estimated: minutes)." in paced.embed["description"]
    bare = await harness.invoke("run", {"type": "easy"})
    assert "not counted without minutes or a distance; add `minutes`" in bare.embed["description"]


async def test_the_usual_weeks_average_says_when_it_is_estimated(
    harness: Harness, clock: FakeClock
) -> None:
    # advice-rules.md, "Training load": an estimate is marked "estimated" wherever shown. The
    # four weeks before hold one HARD leg day each, logged without RPE or minutes (7 x 60,
    # estimated): "Your usual week (average of the four before): 420" showed it unmarked,
    # while this week's own load had its estimated sessions counted in "Load notes".
    clock.set(SUNDAY)
    for n in range(4):
        at = MONDAY - (4 - n) * 7 * DAY + 2 * DAY + timedelta(hours=18)
        await harness.store.entries.add_leg_day(
            ALICE_REF, LegDay(at=at, is_hard=True, exercises=3), now=at
        )
    await harness.invoke("run", {"type": "easy", "minutes": 105, "rpe": 4, "when": "1 day ago"})
    text = week_embed(await harness.invoke("week"))["description"]
    assert (
        "Your usual week (average of the four before): 420, 4 sessions in them estimated;"
        " this one is ×1.00, as context only." in text
    ), text


async def test_a_run_at_the_next_weeks_first_second_gives_the_week_no_pace(
    harness: Harness, clock: FakeClock
) -> None:
    # README, "Training load": "In /week the pace is taken from your runs with a distance and
    # minutes up to the end of the week shown"; a week ends where the next begins, Monday
    # 00:00, which is the next week's. Last week's 5 km easy run without minutes is 30 minutes
    # at the default 6 min/km (load 3 x 30 = 90); an easy run of 5 km in 50 min at this Monday
    # 00:00 gave last week its pace: 50 minutes, load 150.
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    await harness.invoke("run", {"type": "easy", "distance": 5, "when": "2026-03-04 07:00"})
    await harness.invoke(
        "run", {"type": "easy", "distance": 5, "minutes": 50, "when": "2026-03-09 00:00"}
    )
    text = week_embed(await harness.invoke("week", {"weeks_back": 1}))["description"]
    assert "**Load:** 90 (running 90, lifting 0)" in text, text


async def test_week_load_estimates_ratio_and_hard_runs_in_a_window(
    harness: Harness, clock: FakeClock
) -> None:
    clock.set(SUNDAY)
    await earlier_weeks(harness, [200, 200, 200, 200])
    await known_week(harness)
    await harness.store.entries.add_run(  # Bob's, never in Alice's week
        MemberRef(guild_id=GUILD_A.id, user_id=BOB.id),
        Run(at=SUNDAY - DAY, run_type=RunType.LONG, minutes=300, rpe=9),
        now=SUNDAY,
    )

    result = await harness.invoke("week")

    assert result.ephemeral
    embed = week_embed(result)
    assert embed["title"] == "Your week: Mon 9 Mar – Sun 15 Mar"
    text = embed["description"]
    # The 2 h 30 min are the easy 30 and the long 120: the tempo and the last easy run have no
    # minutes, so the time says it is two runs' of four (30 km in 2 h 30 is no one pace).
    assert "**Runs:** 4 runs · 30.0 km · 2 h 30 min (2 of 4 runs timed)\n" in text
    assert "easy/recovery 2 (no distance), steady/long 1 (20.0 km), hard 1 (10.0 km)" in text
    assert "**Leg days:** 1 HARD, 1 LIGHT" in text
    # Lifting 420 (estimated) + 200; running 480 (estimated) + 120 + 600 (RPE estimated).
    assert "**Load:** 1,820 (running 1,200, lifting 620)" in text
    # Context only (issue 18): the ratio with no warning beside it.
    assert "average of the four before): 200; this one is ×9.10, as context only." in text
    assert "big jump on your usual week" not in text
    # The tempo run 13 hours after Monday's hard leg day.
    assert "**Hard runs inside a hard leg day's 48 h:** 1" in text
    fields = {f["name"]: f["value"] for f in embed.get("fields", [])}
    assert fields["Load notes"] == (
        "3 sessions estimated (no RPE or minutes given); 1 run without minutes or distance"
        " not counted: log `minutes` to count them."
    )

    # The chart: read back as pixels, at positions from the same figure's own layout.
    (chart,) = result.files
    assert chart.filename == "runclub-week.png"
    image = Image.open(io.BytesIO(chart.data)).convert("RGB")
    assert image.size == (1100, 616)
    assert max(ImageStat.Stat(image).stddev) > 20  # not blank
    rules = AdviceRules()
    week = week_back(SUNDAY, UTC_ZONE, 0)
    start, end = week_fetch_range(week, UTC_ZONE, rules)
    leg_days, runs = await harness.store.training.entries_between(ALICE_REF, start, end)
    paces = paces_from(
        await harness.store.training.paced_runs(ALICE_REF, end, rules.pace_runs), rules
    )
    summary = training_week(week, leg_days, runs, tz=UTC_ZONE, rules=rules, paces=paces)
    fig = charts.build_week_figure(summary)
    fig.canvas.draw()
    (ax,) = fig.axes

    def pixel(x: float, y: float) -> tuple[int, int, int]:
        px, py = ax.transData.transform((x, y))
        colour = image.getpixel((round(px), image.size[1] - round(py)))
        assert isinstance(colour, tuple)
        return (colour[0], colour[1], colour[2])

    def near(colour: tuple[int, int, int], hex_colour: str, slack: int = 6) -> bool:
        want = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        return all(abs(a - b) <= slack for a, b in zip(colour, want, strict=True))

    # Monday 18:00 to Wednesday 18:00 is shaded: x = 1.95 (Tuesday night, between the bars).
    shaded = pixel(1.95, 350)
    assert near(shaded, "#fbe4e2"), shaded  # WINDOW_COLOUR at 15 % over white
    assert near(pixel(4.0, 350), "#ffffff"), "Friday is clear"
    # The stacked colours: lifting, hard, moderate, easy.
    assert near(pixel(0.5, 210), charts.LIFTING_COLOUR)
    assert near(pixel(1.5, 240), charts.INTENSITY_COLOURS[2])
    assert near(pixel(5.5, 300), charts.INTENSITY_COLOURS[1])
    assert near(pixel(3.5, 80), charts.INTENSITY_COLOURS[0])
    # Wednesday: the light leg day (lifting) under nothing else.
    assert near(pixel(2.5, 100), charts.LIFTING_COLOUR)


@pytest.mark.parametrize("extra_minutes", [0, 1])
async def test_the_ratio_is_context_only_at_any_height(
    harness: Harness, clock: FakeClock, extra_minutes: int
) -> None:
    """Issue 18: weekly ratios carry no warning (advice-rules.md, "Training load"), on either
    side of the old 1.5 threshold."""
    clock.set(SUNDAY)
    # Four weeks of 100, 200, 300 and 200: an average of 200.
    await earlier_weeks(harness, [100, 200, 300, 200])
    # 60 minutes at RPE 5: 300, exactly 1.5 times 200.
    await harness.invoke("run", {"type": "easy", "minutes": 60, "rpe": 5, "when": "1d ago"})
    if extra_minutes:
        await harness.invoke("run", {"type": "easy", "minutes": extra_minutes, "rpe": 1})
    text = week_embed(await harness.invoke("week"))["description"]
    assert "big jump on your usual week" not in text
    # 300 / 200 and 301 / 200, both shown as ×1.50 to two decimals.
    assert "this one is ×1.50, as context only." in text


async def test_an_earlier_week_and_a_member_with_nothing(
    harness: Harness, clock: FakeClock
) -> None:
    clock.set(SUNDAY)
    empty = week_embed(await harness.invoke("week", {"weeks_back": 12}))
    assert empty["title"] == "Your week: Mon 15 Dec – Sun 21 Dec"
    assert "**Runs:** 0 runs" in empty["description"]
    assert "Not enough history to compare yet" in empty["description"]
    refused = await harness.invoke("week", {"weeks_back": 13}, raw=True)
    assert refused.content == "`weeks_back`: must be a whole number from 0 to 12"


# -- races -------------------------------------------------------------------------------------


async def test_races_on_canirun_legday_and_the_list(harness: Harness, clock: FakeClock) -> None:
    clock.set(SUNDAY)
    set_far = await harness.invoke("race set", {"date": "2026-04-26", "name": "Marathon"})
    assert "Marathon, Sun 26 Apr: in 42 days" in set_far.embed["description"]
    # Far away: no taper note on a hard leg day.
    far = await harness.invoke("legday", {"exercises": 4, "when": "1h ago"})
    assert "your race" not in far.embed["description"]

    near_race = await harness.invoke(
        "race set", {"date": "2026-03-20", "name": "Spring @everyone 10k", "distance": "10k"}
    )
    assert near_race.ephemeral
    canirun = await harness.invoke("canirun", {"type": "easy"})
    fields = {f["name"]: f["value"] for f in canirun.embed["fields"]}
    assert fields["Next race"] == "Spring @\u200beveryone 10k (10k), Fri 20 Mar: in 5 days"

    hard = await harness.invoke("legday", {"exercises": 4})
    assert "This hard leg day is 5 days before your race Spring" in hard.embed["description"]
    assert "leaves the legs heavy on race day" in hard.embed["description"]
    light = await harness.invoke("legday", {"exercises": 1})
    assert "your race" not in light.embed["description"]

    listed = await harness.invoke("race list")
    lines = listed.embed["description"].splitlines()
    assert [line.split("`")[1] for line in lines] == ["2", "1"]  # soonest first
    picked = await harness.autocomplete("race remove", {"race": "spring"}, focused="race")
    assert [c["value"] for c in picked.choices] == ["2"]
    # Bob sees none of Alice's races, and cannot remove them.
    assert (
        await harness.autocomplete("race remove", {"race": ""}, focused="race", user=BOB)
    ).choices == []
    refused = await harness.invoke("race remove", {"race": "2"}, user=BOB)
    assert refused.content.startswith("No race 2 of yours.")
    removed = await harness.invoke("race remove", {"race": "2"})
    assert removed.embed["title"] == "Race removed"
    assert (await harness.invoke("race set", {"date": "yesterday", "name": "x"})).content == (
        "`date`: that day is over; a race goes on your calendar ahead of time"
    )


# -- the daily post ----------------------------------------------------------------------------


@pytest.fixture
async def club(make_harness: Callable[..., Harness]) -> AsyncIterator[Harness]:
    async with make_harness() as h:
        await h.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})
        yield h


async def tick(h: Harness, now: datetime) -> Capture:
    h.clock.set(now)
    cog = h.bot.get_cog("DailyPost")
    assert isinstance(cog, DailyPost)
    async with h.capture() as cap:
        await cog.runner.tick(now)
    return cap


def post_fields(cap: Capture) -> dict[str, str]:
    [request] = cap.to("POST", f"/channels/{TRAINING.id}/messages")
    body = request.json or {}
    assert body["allowed_mentions"] == NO_PINGS
    return {f["name"]: f["value"] for f in body["embeds"][0].get("fields", [])}


async def test_the_monday_post_has_last_week_and_the_races(club: Harness) -> None:
    club.clock.set(SUNDAY)
    await known_week(club)  # Alice: the tempo run is inside her hard leg day's window
    await club.invoke("run", {"type": "hills", "minutes": 30, "when": "2026-03-13 07:00"}, user=BOB)
    await club.invoke("legday", {"exercises": 2, "when": "2026-03-12 18:00"}, user=BOB)
    await club.invoke("profile", {"listed": False}, user=BOB)
    await club.invoke("race set", {"date": "2026-03-22", "name": "Half <@&1>", "distance": "half"})
    await club.invoke("race set", {"date": "2026-03-21", "name": "Bob's 5k"}, user=BOB)
    await club.invoke("race set", {"date": "2026-03-30", "name": "Too far"})

    fields = post_fields(await tick(club, datetime(2026, 3, 16, 9, 30, tzinfo=UTC)))

    racing = fields["Racing in the next 7 days"]
    assert f"<@{ALICE.id}>: Half " in racing and "(half), Sun 22 Mar: in 6 days" in racing
    assert "<@&" not in racing  # the typed role mention is inert
    assert "1 more race of members not named (by their choice)." in racing
    assert "Bob" not in racing and str(BOB.id) not in racing and "Too far" not in racing
    last_week = fields["Last week (Mon 9 Mar – Sun 15 Mar)"]
    assert last_week.splitlines() == [
        # Alice's easy 30 and long 120 and Bob's hills 30 are the timed three of the five.
        "5 runs · 30.0 km · 3 h 00 min (3 of 5 runs timed); leg days: 1 HARD, 2 LIGHT",
        "Hard runs clear of leg-day windows: 1 of 2",
        f"Most active (6 days): <@{ALICE.id}>",
    ]

    # Tuesday's post: the races, but not last week again.
    tuesday = post_fields(await tick(club, datetime(2026, 3, 17, 9, 30, tzinfo=UTC)))
    assert not any(name.startswith("Last week") for name in tuesday)
    assert "Racing in the next 7 days" in tuesday


async def test_the_monday_post_says_no_distance_for_runs_logged_without_one(club: Harness) -> None:
    """Issue 18, point 10 in the Monday post: "no distance", never "0.00 km"."""
    club.clock.set(SUNDAY)
    await club.invoke("run", {"type": "easy", "minutes": 20, "when": "2026-03-10 07:00"})
    await club.invoke("run", {"type": "easy", "minutes": 25, "when": "2026-03-11 07:00"}, user=BOB)
    fields = post_fields(await tick(club, datetime(2026, 3, 16, 9, 30, tzinfo=UTC)))
    last_week = fields["Last week (Mon 9 Mar – Sun 15 Mar)"]
    assert last_week.splitlines()[0] == "2 runs · no distance · 45 min; leg days: 0 HARD, 0 LIGHT"


async def test_the_monday_post_says_no_time_for_runs_logged_without_minutes(club: Harness) -> None:
    """A first week of runs typed with a distance alone: no time is known, so the post says
    "no time", as the leaderboard does of the same runs, never "0 min"; a week of leg days
    alone names no run totals at all, as /week does."""
    club.clock.set(SUNDAY)
    await club.invoke("run", {"type": "easy", "distance": 5, "when": "2026-03-10 07:00"})
    await club.invoke("run", {"type": "easy", "distance": 6, "when": "2026-03-11 07:00"}, user=BOB)
    fields = post_fields(await tick(club, datetime(2026, 3, 16, 9, 30, tzinfo=UTC)))
    last_week = fields["Last week (Mon 9 Mar – Sun 15 Mar)"]
    assert last_week.splitlines()[0] == "2 runs · 11.0 km · no time; leg days: 0 HARD, 0 LIGHT"

    club.clock.set(datetime(2026, 3, 22, 20, 0, tzinfo=UTC))
    await club.invoke("legday", {"exercises": 4, "when": "2026-03-17 18:00"})
    fields = post_fields(await tick(club, datetime(2026, 3, 23, 9, 30, tzinfo=UTC)))
    lifted = fields["Last week (Mon 16 Mar – Sun 22 Mar)"]
    assert lifted.splitlines()[0] == "0 runs; leg days: 1 HARD, 0 LIGHT"


async def test_the_monday_post_shows_a_watch_runs_exact_time(club: Harness) -> None:
    """run.tcx is 19:40 moving (1180 s); with 30 typed minutes, 49:40 as /week shows it."""
    club.clock.set(SUNDAY)
    data = (DATA / "run.tcx").read_bytes()
    await club.invoke("run", {"file": FakeAttachment("run.tcx", data), "when": "2026-03-10 07:00"})
    await club.invoke("run", {"type": "easy", "minutes": 30, "when": "2026-03-11 07:00"})
    fields = post_fields(await tick(club, datetime(2026, 3, 16, 9, 30, tzinfo=UTC)))
    last_week = fields["Last week (Mon 9 Mar – Sun 15 Mar)"]
    assert last_week.splitlines()[0] == "2 runs · 4.3 km · 49:40; leg days: 0 HARD, 0 LIGHT"


async def test_the_active_days_leader_who_is_unlisted_is_counted(club: Harness) -> None:
    club.clock.set(SUNDAY)
    for day in (9, 10, 11):
        await club.invoke(
            "run", {"type": "easy", "minutes": 20, "when": f"2026-03-{day} 07:00"}, user=BOB
        )
    await club.invoke("run", {"type": "easy", "minutes": 20, "when": "2026-03-09 07:00"})
    await club.invoke("profile", {"listed": False}, user=BOB)
    fields = post_fields(await tick(club, datetime(2026, 3, 16, 9, 30, tzinfo=UTC)))
    last_week = fields["Last week (Mon 9 Mar – Sun 15 Mar)"]
    assert last_week.endswith("Most active (3 days): 1 member not named")
    assert str(BOB.id) not in last_week and str(ALICE.id) not in last_week
    assert "Racing in the next 7 days" not in fields


async def test_the_monday_post_after_a_quiet_week_says_so(club: Harness) -> None:
    club.clock.set(SUNDAY)
    await club.invoke("run", {"type": "easy", "minutes": 20, "when": "2026-03-08 07:00"})  # before
    fields = post_fields(await tick(club, datetime(2026, 3, 16, 9, 30, tzinfo=UTC)))
    assert fields["Last week (Mon 9 Mar – Sun 15 Mar)"] == "No runs or leg days logged last week."


@pytest.mark.parametrize("bob_listed", [True, False])
async def test_the_monday_post_names_tied_leaders_and_counts_the_unlisted(
    club: Harness, bob_listed: bool
) -> None:
    # README: the members with the most active days, listed ones named and the others counted.
    # Alice and Bob each ran on two days; Alice's id is the lower, so she comes first.
    club.clock.set(SUNDAY)
    for user in (ALICE, BOB):
        for day in (10, 12):
            when = f"2026-03-{day} 07:00"
            await club.invoke("run", {"type": "easy", "minutes": 20, "when": when}, user=user)
    if not bob_listed:
        await club.invoke("profile", {"listed": False}, user=BOB)
    fields = post_fields(await tick(club, datetime(2026, 3, 16, 9, 30, tzinfo=UTC)))
    leaders = fields["Last week (Mon 9 Mar – Sun 15 Mar)"].splitlines()[-1]
    if bob_listed:
        assert leaders == f"Most active (2 days): <@{ALICE.id}>, <@{BOB.id}>"
    else:
        assert leaders == f"Most active (2 days): <@{ALICE.id}> and 1 member not named"


# -- /leaderboard by: --------------------------------------------------------------------------


async def test_leaderboard_by_each_measure(harness: Harness, clock: FakeClock) -> None:
    clock.set(SUNDAY)
    await harness.invoke("run", {"type": "long", "distance": 20, "when": "2026-03-14 09:00"})
    for day in (10, 12):
        await harness.invoke(
            "run",
            {"type": "easy", "distance": 3, "minutes": 20, "when": f"2026-03-{day} 07:00"},
            user=BOB,
        )
    for day in (11, 13):
        await harness.invoke("legday", {"exercises": 1, "when": f"2026-03-{day} 18:00"}, user=BOB)

    def order(result: Result) -> list[int]:
        lines = result.embed["description"].splitlines()
        return [ALICE.id if str(ALICE.id) in line else BOB.id for line in lines]

    default = await harness.invoke("leaderboard")
    assert not default.ephemeral
    assert order(default) == [ALICE.id, BOB.id]
    assert "sorted by distance" in default.embed["footer"]["text"]
    assert order(await harness.invoke("leaderboard", {"by": "time"})) == [BOB.id, ALICE.id]
    assert order(await harness.invoke("leaderboard", {"by": "runs"})) == [BOB.id, ALICE.id]
    days = await harness.invoke("leaderboard", {"by": "active days"})
    assert order(days) == [BOB.id, ALICE.id]
    assert "4 active days" in days.embed["description"].splitlines()[0]
    assert "sorted by active days" in days.embed["footer"]["text"]


async def test_help_lists_the_new_commands(harness: Harness) -> None:
    text = str((await harness.invoke("help")).embed)
    for name in ("/week", "/race set", "/race list", "/race edit", "/race remove"):
        assert name in text, name


async def test_a_race_day_that_is_not_one_gets_examples_of_days(harness: Harness) -> None:
    result = await harness.invoke("race set", {"date": "banana", "name": "City 10k"})
    assert result.ephemeral
    assert "Try a date like 2026-12-12, next saturday, or in 3 weeks." in result.content
    assert "2h ago" not in result.content


async def test_a_race_next_year_shows_its_year(harness: Harness, clock: FakeClock) -> None:
    today = clock.now().date()
    next_year = today.replace(year=today.year + 1, day=1)
    result = await harness.invoke(
        "race set", {"date": next_year.isoformat(), "name": "Spring marathon"}
    )
    assert f" {next_year.year}:" in result.text


class RecordingCharts(ChartPool):
    """The harness's chart pool, keeping each /week it was asked to draw."""

    def __init__(self) -> None:
        super().__init__(None)
        self.weeks: list[TrainingWeek] = []

    async def week_png(self, week: TrainingWeek) -> bytes:
        self.weeks.append(week)
        return await super().week_png(week)


async def test_an_empty_week_after_busy_ones_has_no_scale_and_its_note_in_the_middle(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    # Four weeks of easy runs, then a Tuesday with nothing logged yet this week: the average
    # of the weeks before must not give the empty chart a scale, nor push its note to the axis.
    clock.set(datetime(2026, 3, 9, 12, 0, tzinfo=UTC))  # a Monday
    recorder = RecordingCharts()
    async with make_harness(charts=recorder) as h:
        for days_ago in (3, 10, 17, 24):
            when = f"{days_ago} days ago"
            await h.invoke("run", {"type": "easy", "distance": 8, "minutes": 45, "when": when})
        clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
        result = await h.invoke("week", {})
    assert "**Runs:** 0 runs" in result.text and result.files
    [week] = recorder.weeks
    fig = charts.build_week_figure(week)
    fig.canvas.draw()
    [ax] = fig.axes
    [note] = [t for t in ax.texts if t.get_text() == "Nothing logged this week"]
    assert [t.get_text() for t in ax.get_yticklabels() if t.get_text()] == []
    assert ax.get_lines() == []  # no average line
    shown, drawn = ax.get_window_extent(), note.get_window_extent()
    middle = (drawn.y0 + drawn.y1) / 2
    assert shown.y0 + shown.height / 3 <= middle <= shown.y1 - shown.height / 3


async def test_a_week_of_runs_without_load_says_why_after_busy_weeks_too(
    make_harness: Callable[..., Harness],
) -> None:
    recorder = RecordingCharts()
    async with make_harness(charts=recorder) as h:
        for days_ago in (7, 14, 21):
            await h.invoke("run", {"type": "easy", "minutes": 40, "when": f"{days_ago} days ago"})
        await h.invoke("run", {"type": "easy", "when": "1 hour ago"})
        result = await h.invoke("week", {})
    assert "1 run without minutes or distance not counted" in result.text
    [week] = recorder.weeks
    [ax] = charts.build_week_figure(week).axes
    assert [t.get_text() for t in ax.texts] == ["No load to chart: give your runs minutes"]


async def test_the_chart_of_an_earlier_week_names_its_days_as_the_reply_does(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    # A chart shared alone, or one of last week beside this week's, said only "Your week:
    # load 450": which week it drew was in the reply's title, not in the picture.
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))  # a Tuesday
    recorder = RecordingCharts()
    async with make_harness(charts=recorder) as h:
        await h.invoke("run", {"type": "easy", "minutes": 45, "rpe": 10, "when": "5 days ago"})
        result = await h.invoke("week", {"weeks_back": 1})
    # Tuesday 10 March 2026 less one week: the week of Monday 2 March to Sunday 8 March.
    assert week_embed(result)["title"] == "Your week: Mon 2 Mar – Sun 8 Mar"
    [week] = recorder.weeks
    fig = charts.build_week_figure(week)
    assert fig.get_suptitle() == "Your week: Mon 2 Mar – Sun 8 Mar, load 450"


# -- /week word for word -----------------------------------------------------------------------

INFO_BLUE = 0x3498DB  # the colour of every reply that only informs
EPHEMERAL = 64


async def test_a_week_with_one_easy_run_and_a_race_reads_in_full(
    harness: Harness, clock: FakeClock
) -> None:
    # README, "/week": runs (count, distance, time, split by easy/recovery, steady/long and
    # hard: an intensity without runs has no distance), leg days, the load with running and
    # lifting apart, the comparison (none yet), the longest run, and the next race.
    clock.set(SUNDAY)
    await harness.invoke(
        "run", {"type": "easy", "distance": 5, "minutes": 30, "rpe": 4, "when": "2026-03-10 07:00"}
    )  # load 4 x 30
    await harness.invoke(
        "race set", {"date": "2026-03-20", "name": "Spring 10k", "distance": "10k"}
    )

    result = await harness.invoke("week")

    (followup,) = result.followups
    assert int(followup["flags"]) & EPHEMERAL
    embed = week_embed(result)
    assert embed["title"] == "Your week: Mon 9 Mar – Sun 15 Mar"
    assert embed["color"] == INFO_BLUE
    assert embed["footer"]["text"] == "Monday to Sunday in UTC · load = RPE × minutes"
    assert embed["description"].splitlines() == [
        "**Runs:** 1 run · 5.0 km · 30 min",
        "easy/recovery 1 (5.0 km), steady/long 0, hard 0",
        "**Leg days:** 0 HARD, 0 LIGHT",
        "**Load:** 120 (running 120, lifting 0)",
        "Not enough history to compare yet: that needs entries in 3 of the 4 weeks before and an"
        " average load of 100 or more.",
        "**Longest run:** 5.0 km; no run in the 30 days before the week to compare with.",
    ]
    assert [(f["name"], f["value"]) for f in embed.get("fields", [])] == [
        ("Next race", "Spring 10k (10k), Fri 20 Mar: in 5 days")
    ]
    # The chart's description, for a screen reader: the four weeks of the average line.
    (attachment,) = followup["attachments"]
    assert attachment["description"] == (
        "Daily load of the week, stacked by kind, with the 4-week average"
    )
