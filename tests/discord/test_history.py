"""/history, /undo and /delete end to end: payload in, the requests discord.py sends out.

Alice and Bob are in guild A, Carol in guild B; the clock starts at T0 (Tuesday 10 March 2026,
09:00 UTC). Expected texts are worked out here, not read from the renderer.
"""

from __future__ import annotations

import io
import re
import threading
from datetime import datetime, timedelta
from typing import Any

import pytest
from PIL import Image, ImageStat

import bot.render.charts
from bot.core.history import HistoryChart
from bot.core.models import LegDay, MemberRef, Run, RunType
from tests.discord.harness import (
    ALICE,
    APP_ID,
    BOB,
    CAROL,
    DEFAULT_START,
    GUILD_A,
    GUILD_B,
    NO_PINGS,
    FakeClock,
    FakeUser,
    Harness,
    Result,
    discord_ts,
)

T0 = DEFAULT_START
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
LOADING_THINKING = 5  # DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
EPHEMERAL = 64
ENTRY_LINE = re.compile(r"^`([LR]\d+)` ", re.MULTILINE)


def member(user: FakeUser, guild: Any = GUILD_A) -> MemberRef:
    return MemberRef(guild_id=guild.id, user_id=user.id)


async def count(h: Harness, table: str, user: FakeUser, guild: Any = GUILD_A) -> int:
    row = await h.store.db.one(
        f"SELECT count(*) FROM {table} WHERE guild_id = :guild_id AND user_id = :user_id",
        guild_id=guild.id,
        user_id=user.id,
    )
    assert row is not None
    return int(row[0])


def embed_chars(embed: dict[str, Any]) -> int:
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    for item in embed.get("fields") or []:
        total += len(item["name"]) + len(item["value"])
    return total


def check_deferred_history(result: Result) -> dict[str, Any]:
    """Thinking first (privately), then one followup with the embed and the chart."""
    assert result.callback_type == LOADING_THINKING
    assert result.callback is not None
    assert int(result.callback["data"]["flags"]) & EPHEMERAL
    assert result.ephemeral
    (followup,) = result.followups
    assert followup["allowed_mentions"] == NO_PINGS
    return followup


async def log(h: Harness, command: str, options: dict[str, Any], **kw: Any) -> Result:
    return await h.invoke(command, options, **kw)


# --- /history -----------------------------------------------------------------------------


async def test_the_summary_says_how_many_runs_its_time_covers(harness: Harness) -> None:
    # 18 km in three runs, only the tempo's 8 km timed (40 min): "18.0 km · 40 min" alone
    # would read as 2:13 per km, so the time names the runs it is of.
    await log(harness, "run", {"type": "tempo", "distance": 8, "minutes": 40, "when": "3d ago"})
    await log(harness, "run", {"type": "long", "distance": 10, "when": "2d ago"})
    await log(harness, "run", {"type": "easy", "when": "1d ago"})

    (embed,) = check_deferred_history(await harness.invoke("history"))["embeds"]

    assert embed["description"].startswith(
        "3 runs · 18.0 km · 40 min (1 of 3 runs timed) · 0 leg days (0 hard)\n"
    )


async def test_history_lists_newest_first_and_attaches_a_real_chart(
    harness: Harness, clock: FakeClock
) -> None:
    await log(harness, "legday", {"exercises": 4, "when": "2d ago"})  # L1, hard
    await log(harness, "run", {"type": "tempo", "distance": 8, "minutes": 40, "when": "3d ago"})
    await log(harness, "run", {"type": "easy", "minutes": 30, "when": "1h ago"})
    await log(harness, "run", {"type": "long", "distance": 20, "when": "20d ago"})  # too old
    await log(harness, "run", {"type": "easy", "distance": 5}, user=BOB)  # not Alice's

    result = await harness.invoke("history")

    followup = check_deferred_history(result)
    (embed,) = followup["embeds"]
    assert embed["title"] == "Your last 14 days"
    description = embed["description"]
    assert ENTRY_LINE.findall(description) == ["R2", "L1", "R1"]
    assert discord_ts(T0 - 2 * DAY, "f") in description
    assert "**Tempo run** · 8.0 km · 40 min · 5:00 /km" in description
    assert "**leg day HARD**" in description
    assert description.startswith("2 runs · 8.0 km · 1 h 10 min · 1 leg day (1 hard)")
    # The chart is attached and shown inside the embed.
    assert embed["image"]["url"] == "attachment://history.png"
    (chart,) = result.files
    assert chart.filename == "history.png"
    image = Image.open(io.BytesIO(chart.data))
    assert image.format == "PNG"
    assert image.size == (1100, 616)
    assert max(ImageStat.Stat(image.convert("RGB")).stddev) > 20


async def test_the_chart_is_drawn_in_a_worker_thread(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await log(harness, "run", {"type": "easy", "distance": 5})
    loop_thread = threading.get_ident()
    drawn_in: list[int] = []
    real = bot.render.charts.history_png

    def spy(chart: HistoryChart) -> bytes:
        drawn_in.append(threading.get_ident())
        return real(chart)

    monkeypatch.setattr(bot.render.charts, "history_png", spy)
    result = await harness.invoke("history", {"days": 3})

    assert len(drawn_in) == 1
    assert drawn_in[0] != loop_thread
    assert result.files[0].filename == "history.png"


async def test_history_is_in_the_members_units_and_days(harness: Harness) -> None:
    await harness.invoke("profile", {"units": "mi", "timezone": "America/New_York"})
    await log(harness, "run", {"type": "steady", "distance": 6.2, "minutes": 50})

    result = await harness.invoke("history", {"days": 1})

    (embed,) = check_deferred_history(result)["embeds"]
    assert "6.2 mi" in embed["description"]
    assert "8:04 /mi" in embed["description"]  # 50 min / 6.2 mi = 8:03.9
    assert "Distances in mi" in embed["footer"]["text"]
    assert "America/New_York" in embed["footer"]["text"]


async def test_empty_history_is_a_friendly_message_without_a_chart(harness: Harness) -> None:
    await log(harness, "run", {"type": "easy", "distance": 5, "when": "10d ago"})

    result = await harness.invoke("history", {"days": 7})

    (followup,) = result.followups
    assert result.ephemeral
    assert "Nothing logged in the last 7 days" in followup["content"]
    assert "/run" in followup["content"]
    assert not followup.get("embeds")
    assert result.files == []


async def test_ninety_busy_days_fit_in_one_valid_message(harness: Harness) -> None:
    alice = member(ALICE)
    entries = 0
    for day in range(90):
        for k in range(5):
            at = T0 - day * DAY - k * 2 * HOUR - 5 * 60 * timedelta(seconds=1)
            if k == 0:
                await harness.store.entries.add_leg_day(
                    alice, LegDay(at=at, is_hard=day % 2 == 0, exercises=3, notes="x" * 200), now=T0
                )
            else:
                await harness.store.entries.add_run(
                    alice,
                    Run(
                        at=at,
                        run_type=list(RunType)[k],
                        distance_km=5.5,
                        minutes=33,
                        rpe=6,
                        notes="@everyone <@123> " * 10,
                    ),
                    now=T0,
                )
            entries += 1

    result = await harness.invoke("history", {"days": 90})

    followup = check_deferred_history(result)
    (embed,) = followup["embeds"]
    description = embed["description"]
    assert len(description) <= 4096
    assert embed_chars(embed) <= 6000
    shown = ENTRY_LINE.findall(description)
    assert 10 < len(shown) < entries
    more = re.search(r"… and (\d+) older entries", description)
    assert more is not None and int(more[1]) == entries - len(shown)
    # Newest first, and nothing typed by the member can ping.
    assert shown[:2] == ["L1", "R1"]  # T0 - 5 min, then T0 - 2 h 05
    assert "@everyone" not in description.replace("@\u200beveryone", "")
    assert "<@123>" not in description
    (chart,) = result.files
    assert len(chart.data) < 1_000_000
    assert Image.open(io.BytesIO(chart.data)).size == (1100, 616)


@pytest.mark.parametrize("days", [0, 91, -5])
async def test_days_out_of_range_is_refused_by_name(harness: Harness, days: int) -> None:
    result = await harness.invoke("history", {"days": days}, raw=True)
    assert result.ephemeral
    text = result.messages[-1]["content"]
    assert "`days`" in text and "1 to 90" in text


# --- /undo ----------------------------------------------------------------------------------


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_undo_takes_back_the_last_logged_entry_and_shows_it(
    harness: Harness, clock: FakeClock
) -> None:
    await log(harness, "run", {"type": "easy", "distance": 5})  # R1
    clock.advance(timedelta(minutes=1))
    await log(harness, "legday", {"exercises": 4, "when": "3d ago"})  # L1, logged last
    await log(harness, "run", {"type": "easy", "distance": 7}, user=BOB)  # R2, Bob's

    result = await harness.invoke("undo")

    assert result.callback_type == 4
    assert result.ephemeral
    assert result.embed["title"] == "Undone: L1"
    assert discord_ts(T0 + timedelta(minutes=1) - 3 * DAY, "f") in result.embed["description"]
    assert "**leg day HARD**" in result.embed["description"]
    assert await count(harness, "leg_days", ALICE) == 0
    assert await count(harness, "runs", ALICE) == 1

    again = await harness.invoke("undo")
    assert again.embed["title"] == "Undone: R1"
    assert "5.0 km" in again.embed["description"]

    nothing = await harness.invoke("undo")
    assert "Nothing to undo" in nothing.content
    assert await count(harness, "runs", BOB) == 1  # Bob's run was never a candidate


# --- /delete --------------------------------------------------------------------------------


async def _setup_three_members(h: Harness) -> None:
    await log(h, "run", {"type": "tempo", "distance": 8, "minutes": 40})  # R1 Alice
    await log(h, "legday", {"exercises": 1})  # L1 Alice, light
    await log(h, "run", {"type": "easy", "distance": 5}, user=BOB)  # R2 Bob
    await log(h, "legday", {"exercises": 4}, user=BOB)  # L2 Bob
    await log(h, "run", {"type": "hills", "distance": 6}, user=CAROL)  # R3 Carol, guild B


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_delete_removes_the_members_own_entry(harness: Harness) -> None:
    await _setup_three_members(harness)

    result = await harness.invoke("delete", {"entry": "R1"})

    assert result.callback_type == 4 and result.ephemeral
    assert result.embed["title"] == "Deleted: R1"
    assert "**Tempo run** · 8.0 km · 40 min · 5:00 /km" in result.embed["description"]
    assert await count(harness, "runs", ALICE) == 0
    assert await count(harness, "leg_days", ALICE) == 1


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("R2", "R2"),  # Bob's run, same guild
        ("L2", "L2"),  # Bob's leg day
        ("R3", "R3"),  # Carol's run, other guild
        ("R999", "R999"),  # does not exist
        ("L1 ", "L1"),  # Alice's own leg day, typed by Bob (see below)
        ("hello", "hello"),  # malformed
        ("R0", "R0"),
        ("<@&1>", "<\u200b@\u200b&1>"),
    ],
)
@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_no_one_can_delete_what_is_not_theirs(
    harness: Harness, typed: str, shown: str
) -> None:
    await _setup_three_members(harness)
    if typed.strip() == "L1":
        # Bob typing Alice's leg-day id.
        result = await harness.invoke("delete", {"entry": typed}, user=BOB)
    else:
        result = await harness.invoke("delete", {"entry": typed})

    assert result.callback_type == 4 and result.ephemeral
    assert not result.embeds
    # One wording for all of them, the id being the only difference.
    expected = (
        f"No entry `{shown}` of yours. Pick one from the list `/delete` offers, "
        "or find its id (like R12 or L3) in `/history`."
    )
    assert result.content == expected
    totals = [
        await count(harness, "runs", ALICE),
        await count(harness, "leg_days", ALICE),
        await count(harness, "runs", BOB),
        await count(harness, "leg_days", BOB),
        await count(harness, "runs", CAROL, GUILD_B),
    ]
    assert totals == [1, 1, 1, 1, 1]


async def test_the_picker_offers_only_the_members_own_recent_entries(harness: Harness) -> None:
    await _setup_three_members(harness)
    await harness.invoke("profile", {"units": "mi"})

    result = await harness.autocomplete("delete", {"entry": ""})

    assert result.callback_type == 8
    choices = {c["value"]: c["name"] for c in result.choices}
    assert set(choices) == {"R1", "L1"}
    # 8 km is 4.97 miles; 09:00 UTC is 09:00 in the club's default zone (UTC).
    assert choices["R1"] == "R1 · Tue 10 Mar 09:00 · tempo 5.0 mi"
    assert choices["L1"] == "L1 · Tue 10 Mar 09:00 · leg day LIGHT"

    bob = await harness.autocomplete("delete", {"entry": ""}, user=BOB)
    assert {c["value"] for c in bob.choices} == {"R2", "L2"}
    carol = await harness.autocomplete("delete", {"entry": ""}, user=CAROL)
    assert {c["value"] for c in carol.choices} == {"R3"}


async def test_the_picker_filters_by_what_is_typed_and_keeps_to_25(
    harness: Harness, clock: FakeClock
) -> None:
    alice = member(ALICE)
    for i in range(30):
        run_type = RunType.TEMPO if i % 3 == 0 else RunType.EASY
        await harness.store.entries.add_run(
            alice, Run(at=T0 - i * HOUR, run_type=run_type, distance_km=5.0), now=T0
        )

    everything = await harness.autocomplete("delete", {"entry": ""})
    assert len(everything.choices) == 25
    assert everything.choices[0]["value"] == "R1"  # newest first

    tempo = await harness.autocomplete("delete", {"entry": "TEMPO"})
    assert len(tempo.choices) == 10
    assert all("tempo" in c["name"] for c in tempo.choices)

    one = await harness.autocomplete("delete", {"entry": "r30"})
    assert [c["value"] for c in one.choices] == ["R30"]


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_deleting_a_picked_label_works_as_well(harness: Harness) -> None:
    await _setup_three_members(harness)
    # A client that sends the label rather than the value still deletes the right entry.
    result = await harness.invoke("delete", {"entry": "L1 · Tue 10 Mar 09:00 · leg day LIGHT"})
    assert result.embed["title"] == "Deleted: L1"
    assert await count(harness, "leg_days", ALICE) == 0


async def test_my_commands_are_registered_as_documented(harness: Harness) -> None:
    history = harness.command_json("history")
    (days,) = history["options"]
    assert (days["name"], days["type"], days.get("required", False)) == ("days", 4, False)
    assert (days["min_value"], days["max_value"]) == (1, 90)
    (entry,) = harness.command_json("delete")["options"]
    assert (entry["name"], entry["type"], entry["required"]) == ("entry", 3, True)
    assert entry["autocomplete"] is True
    assert entry["max_length"] == 100
    for name in ("undo", "help"):
        assert harness.command_json(name).get("options", []) == []
    (by,) = harness.command_json("leaderboard")["options"]
    assert (by["name"], by["type"], by.get("required", False)) == ("by", 3, False)
    assert [c["value"] for c in by["choices"]] == ["distance", "time", "runs", "active days"]
    mydata = harness.command_json("mydata")
    assert sorted((o["name"], o["type"]) for o in mydata["options"]) == [
        ("delete", 1),
        ("export", 1),
    ]
    for name in ("history", "undo", "delete", "leaderboard", "help", "mydata"):
        assert harness.command_json(name)["contexts"] == [0]


async def test_history_webhook_is_the_interactions_own(harness: Harness) -> None:
    await log(harness, "run", {"type": "easy", "distance": 5})
    result = await harness.invoke("history")
    assert all(r.path == f"/webhooks/{APP_ID}/{result.token}" for r in result.followup_requests)


# --- the exact words (README, "/history", "/undo", "/delete") ---------------------------------

INFO_BLUE = 0x3498DB  # the colour of every reply that only informs
HISTORY_FOOTER = (
    "Distances in km · chart days in UTC · /delete removes one entry, /undo the last one you logged"
)


async def test_each_history_line_reads_its_whole_entry(harness: Harness, clock: FakeClock) -> None:
    # A leg day's line: HARD or LIGHT, the exercises, the heaviest load with sets×reps when
    # both are known, the minutes and the RPE; the notes' first 40 characters as a reminder.
    forty = "squats then lunges then calf raises done"  # 40 characters: shown whole
    longer = forty + "!"  # 41: cut to 39 and an ellipsis
    await log(
        harness,
        "legday",
        {
            "exercises": 1,
            "heaviest": 80,
            "sets": 3,
            "reps": 5,
            "hard": False,
            "minutes": 45,
            "rpe": 6,
            "notes": "calf   raises\nfirst",
            "when": "5h ago",
        },
    )  # L1
    await log(harness, "legday", {"exercises": 2, "heaviest": 60, "sets": 4, "when": "4h ago"})
    await log(harness, "legday", {"exercises": 2, "heaviest": 60, "reps": 8, "when": "3h ago"})
    await log(harness, "legday", {"exercises": 0, "notes": forty, "when": "2h ago"})  # L4
    await log(harness, "run", {"type": "easy", "distance": 5, "notes": longer, "when": "1h ago"})

    result = await harness.invoke("history", {"days": 1})

    followup = check_deferred_history(result)
    assert int(followup["flags"]) & EPHEMERAL
    (embed,) = followup["embeds"]
    assert embed["title"] == "Your day today"
    assert embed["color"] == INFO_BLUE
    assert embed["footer"]["text"] == HISTORY_FOOTER

    def at(hours: int) -> str:
        return discord_ts(T0 - hours * HOUR, "f")

    # The one run has no minutes: the summary gives its distance and no time.
    assert embed["description"].splitlines() == [
        "1 run · 5.0 km · 4 leg days (0 hard)",
        "",
        f"`R1` {at(1)} · **Easy run** · 5.0 km · “{forty[:39]}…”",
        f"`L4` {at(2)} · **leg day LIGHT** · 0 exercises · “{forty}”",
        f"`L3` {at(3)} · **leg day LIGHT** · 2 exercises · 60% of max",
        f"`L2` {at(4)} · **leg day LIGHT** · 2 exercises · 60% of max",
        f"`L1` {at(5)} · **leg day LIGHT** · 1 exercise · 80% of max, 3×5 · 45 min · RPE 6/10"
        " · “calf raises first”",
    ]
    (chart,) = result.files
    assert chart.filename == "history.png"


@pytest.mark.parametrize("days", [1, 7])
async def test_empty_history_says_so_in_full_to_the_member_only(
    harness: Harness, days: int
) -> None:
    await log(harness, "run", {"type": "easy", "distance": 5, "when": "10d ago"})

    result = await harness.invoke("history", {"days": days})

    (followup,) = result.followups
    assert int(followup["flags"]) & EPHEMERAL
    span = "today" if days == 1 else f"in the last {days} days"
    assert followup["content"] == (
        f"Nothing logged {span} yet. Log a leg day with `/legday` or a run with `/run`,"
        " and `/history` will chart it."
    )


def _leg_line(short: str, at: datetime, note: str) -> str:
    return f"`{short}` {discord_ts(at, 'f')} · **leg day LIGHT** · 0 exercises · “{note}”"


@pytest.mark.parametrize("over", [0, 1])
async def test_a_list_that_just_fits_is_whole_and_one_more_character_leaves_one_out(
    harness: Harness, over: int
) -> None:
    # Discord's description holds 4096 characters: the summary, a blank line and the entries
    # one per line. Forty LIGHT leg days whose notes are sized so that all of it is exactly
    # 4096; one character more and the oldest gives way to "… and 1 older entry".
    alice = member(ALICE)
    count = 40
    summary = f"0 runs · {count} leg days (0 hard)"
    times = [T0 - (count - i) * HOUR for i in range(count)]  # L1 oldest
    longest = [_leg_line(f"L{i + 1}", times[i], "n" * 40) for i in range(count)]
    excess = len(summary) + 2 + sum(len(line) + 1 for line in longest) - 1 - 4096
    assert 0 < excess < count * 30  # trimmed below from the notes of the newest entries
    notes = ["n" * 40] * count
    for i in reversed(range(count)):
        cut = min(excess, 30)
        notes[i] = "n" * (40 - cut)
        excess -= cut
    notes[-1] += "o" * over  # the newest, trimmed above: still shown whole
    assert all(len(note) <= 40 for note in notes)
    for i in range(count):
        await harness.store.entries.add_leg_day(
            alice, LegDay(at=times[i], is_hard=False, exercises=0, notes=notes[i]), now=T0
        )

    result = await harness.invoke("history", {"days": 3})

    (embed,) = check_deferred_history(result)["embeds"]
    lines = [_leg_line(f"L{i + 1}", times[i], notes[i]) for i in reversed(range(count))]
    if over:
        lines[-1] = "… and 1 older entry (see the chart, or use a shorter `days`)"
    assert embed["description"] == "\n".join([summary, "", *lines])
    assert len(embed["description"]) == 4096 if not over else len(embed["description"]) < 4096


async def test_undo_and_delete_show_the_entry_and_how_to_log_it_again(
    harness: Harness, clock: FakeClock
) -> None:
    await log(harness, "run", {"type": "tempo", "distance": 8, "minutes": 40})  # R1
    await log(harness, "legday", {"exercises": 4, "when": "1h ago"})  # L1, HARD
    clock.advance(timedelta(minutes=1))  # logged in a later second: /undo's pick
    await log(harness, "legday", {"exercises": 1, "when": "2h ago"})  # L2, LIGHT

    light = await harness.invoke("undo")  # L2 was logged last
    hard = await harness.invoke("delete", {"entry": "L1"})
    run = await harness.invoke("delete", {"entry": "R1"})

    assert (light.embed["title"], hard.embed["title"]) == ("Undone: L2", "Deleted: L1")
    assert light.embed["description"].splitlines() == [
        f"`L2` {discord_ts(T0 + timedelta(minutes=1) - 2 * HOUR, 'f')} · **leg day LIGHT**"
        " · 1 exercise",
        "Changed your mind? Log it again with `/legday`.",
    ]
    # A hard one no longer holds /canirun back, and the reply says so.
    assert hard.embed["description"].splitlines() == [
        f"`L1` {discord_ts(T0 - HOUR, 'f')} · **leg day HARD** · 4 exercises",
        "`/canirun` no longer counts this hard leg day.",
        "Changed your mind? Log it again with `/legday`.",
    ]
    assert run.embed["title"] == "Deleted: R1"
    assert run.embed["description"].splitlines() == [
        f"`R1` {discord_ts(T0, 'f')} · **Tempo run** · 8.0 km · 40 min · 5:00 /km",
        "Changed your mind? Log it again with `/run`.",
    ]
    for reply in (hard, light, run):
        assert reply.ephemeral
        assert reply.embed["color"] == INFO_BLUE

    nothing = await harness.invoke("undo")
    assert nothing.ephemeral
    assert nothing.content == (
        "Nothing to undo: you have no leg days or runs logged in this server."
    )


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("R`1", "R'1"),  # a backtick would end the quote early
        ("\u202e", "?"),  # nothing left once the direction control is dropped
    ],
)
async def test_an_id_is_quoted_as_typed_even_when_it_cannot_be(
    harness: Harness, typed: str, shown: str
) -> None:
    result = await harness.invoke("delete", {"entry": typed})
    assert result.ephemeral
    assert result.content == (
        f"No entry `{shown}` of yours. Pick one from the list `/delete` offers, "
        "or find its id (like R12 or L3) in `/history`."
    )
