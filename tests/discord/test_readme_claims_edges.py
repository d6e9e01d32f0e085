"""Claims of the README the bot once did not keep as written (found by an independent audit;
each test failed before its fix)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import discord

from bot.discord.cogs.reminders import Reminders
from tests.activity_files.test_readings_edges import T0, treadmill_tcx
from tests.discord.harness import ALICE, BOB, GUILD_A, FakeAttachment, FakeClock, Harness
from tests.discord.test_heads_up_event_drift import (
    ADDED,
    FIRST_START,
    SECOND_HEADS_UP,
    interested_into_the_bst_week,
)

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_bullet(start: str) -> str:
    """The README's bullet that begins with `start`, joined onto one line."""
    text = README.read_text(encoding="utf-8")
    found = re.search(re.escape(start) + r"(.*?)(?=\n- |\n\n)", text, re.S)
    assert found is not None, start
    return " ".join((start + found.group(1)).split())


async def test_a_run_without_a_distance_repeats_one_logged_without_a_distance(
    harness: Harness, clock: FakeClock
) -> None:
    # A treadmill run typed by hand as it ended (30 minutes, no distance), then its TCX file
    # (the lap says 0 m: no distance) the next day. The bot takes them for the same run, and
    # rightly; the README's duplicates rule ("a run with a distance within 2% of it") says a
    # run without a distance is never one, so the member expects it logged.
    clock.set(T0 + timedelta(minutes=31))
    await harness.invoke("run", {"type": "easy", "minutes": 30})
    clock.set(T0 + timedelta(days=1))
    result = await harness.invoke(
        "run", {"file": FakeAttachment("treadmill.tcx", treadmill_tcx())}, expect_errors=True
    )
    assert "already logged as R1" in result.text
    duplicates = readme_bullet("- **Duplicates**")
    assert "without a distance" in duplicates, duplicates


async def test_a_post_whose_interested_list_is_not_read_counts_every_member(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    # Tuesday 10 March 2026, 18:30 London (GMT). Alice pressed "Interested"; Bob, who did not,
    # had a hard leg day. The event is read, its interested list is not (the connection
    # reset): the post counts the whole club, Bob included, and says nothing of who is
    # interested, where the README says a session whose event the bot can read counts only
    # those who pressed "Interested".
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    async with make_harness(config={"club": {"timezone": "Europe/London"}}) as club:
        await club.invoke("club session add", {"day": "tuesday", "time": "18:30", "type": "hills"})
        [event] = club.fake.events.in_guild(GUILD_A.id)
        club.fake.events.mark_interested(int(event["id"]), ALICE.id)
        await club.invoke("legday", {"exercises": 5, "when": "3h ago"}, user=BOB)
        read = await club.invoke("club preview")
        users = f"/guilds/{GUILD_A.id}/scheduled-events/{event['id']}/users"
        club.fake.lose_answer("GET", users, made=True)
        unread = await club.invoke("club preview")
    assert "1 interested, all clear" in read.embed["description"]
    assert "interested" not in unread.embed["description"]
    assert "1 member should skip the hard part" in unread.embed["description"]
    post = readme_bullet("- today's club sessions")
    assert "interested list" in post, post


async def test_an_interested_list_of_a_hundred_costs_the_post_more_than_one_request(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    # The README's capacity paragraph: "each of the day's sessions with an event costs the
    # post two more requests (its event, its interested list)". The list comes in pages of
    # 100 answers, and a full page is followed by another: a club of 150 interested costs 3.
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    async with make_harness(config={"club": {"timezone": "Europe/London"}}) as club:
        await club.invoke("club session add", {"day": "tuesday", "time": "18:30", "type": "hills"})
        [event] = club.fake.events.in_guild(GUILD_A.id)
        event_id = int(event["id"])
        club.fake.events.mark_interested(event_id, *range(10**17, 10**17 + 150))
        async with club.capture() as cap:
            await club.invoke("club preview")
    path = f"/guilds/{GUILD_A.id}/scheduled-events/{event_id}"
    event_reads = cap.to("GET", path) + cap.to("GET", path + "/users")
    assert len(event_reads) == 3
    readme = " ".join(README.read_text(encoding="utf-8").split())
    assert "two more requests (its event, its interested list)" not in readme


async def test_a_session_at_another_place_or_of_another_length_is_refused_as_a_duplicate(
    harness: Harness,
) -> None:
    # The README's /club session add row: "an exact duplicate is refused". A session of the
    # same day, time, type and name (in any case) is refused whatever its place or length: a
    # club cannot add a second Monday 07:00 easy run meeting elsewhere under the same name.
    first = {"day": "monday", "time": "07:00", "type": "easy", "name": "Dawn", "event": False}
    await harness.invoke("club session add", first)
    elsewhere = {**first, "name": "DAWN", "place": "The harbour", "minutes": 90}
    refused = await harness.invoke("club session add", elsewhere)
    assert "already on the club's schedule" in refused.text
    readme = " ".join(README.read_text(encoding="utf-8").split())
    assert "an exact duplicate is refused" not in readme


async def test_the_session_list_shows_the_week_when_discord_answers_an_event_read_oddly(
    harness: Harness,
) -> None:
    # Discord answers the read of one session's event with an error the calendar does not
    # name (403 Missing Access, 50001). The daily post and the heads-ups go on without that
    # event since review 30; `/club session list` failed whole ("failed on our side"), so the
    # admin saw none of the club's week the README's row promises.
    await harness.invoke("club session add", {"day": "tuesday", "time": "18:30", "type": "hills"})
    await harness.invoke("club session add", {"day": "friday", "time": "07:00", "type": "easy"})
    event_id = harness.fake.events.in_guild(GUILD_A.id)[0]["id"]
    harness.fake.script(
        "GET",
        f"/guilds/{GUILD_A.id}/scheduled-events/{event_id}",
        403,
        {"message": "Missing Access", "code": 50001},
    )
    listed = await harness.invoke("club session list", expect_errors=True)
    assert "on our side" not in listed.text
    assert "Tue 18:30 hills" in listed.text and "Fri 07:00 easy" in listed.text


async def test_a_zone_change_goes_on_when_discord_answers_an_event_read_oddly(
    harness: Harness,
) -> None:
    # The club (on UTC) moves to New York. Discord answers the read of Tuesday's event with
    # an error the calendar does not name (403 Missing Access, 50001): the zone was stored,
    # then the command failed ("failed on our side"), Friday's event was never moved and its
    # heads-up reads stayed at the UTC times, where the README says every session's event
    # moves at once and the reply says how many Discord would not move then.
    training = GUILD_A.channel_named("training")
    await harness.invoke("club session add", {"day": "tuesday", "time": "18:00", "type": "easy"})
    await harness.invoke("club session add", {"day": "friday", "time": "18:00", "type": "easy"})
    tuesday, friday = harness.fake.events.in_guild(GUILD_A.id)
    friday_was = friday["scheduled_start_time"]  # 18:00 UTC
    harness.fake.script(
        "GET",
        f"/guilds/{GUILD_A.id}/scheduled-events/{tuesday['id']}",
        403,
        {"message": "Missing Access", "code": 50001},
    )
    options = {"channel": training, "time": "07:00", "timezone": "America/New_York"}
    result = await harness.invoke("club reminder set", options, expect_errors=True)
    assert "on our side" not in result.text
    assert "1 session event could not be moved yet" in result.text
    assert friday_was == "2026-03-13T18:00:00+00:00"
    assert friday["scheduled_start_time"] == "2026-03-13T22:00:00+00:00"  # 18:00 in New York


async def test_a_change_discord_refuses_to_make_again_loses_only_itself(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    # Europe/London's clocks go forward on 29 March 2026: the heads-up read of 31 March moves
    # the Tuesday 18:00 session's event from 18:00 to 17:00 UTC, and Discord drops its
    # changes to single occurrences. An admin had cancelled two Tuesdays (31 March and 7
    # April). Discord answers the first change made again with a 400: the README says that
    # one is lost and the log says so; the second was lost with it, unlogged (the error left
    # the loop), so the 7 April session came back on the calendar.
    clock.set(ADDED)
    async with make_harness(config={"club": {"timezone": "Europe/London"}}) as h:
        event_id = await interested_into_the_bst_week(h, clock)
        for weeks in (1, 2):
            by_the_rule = FIRST_START + timedelta(days=7 * weeks)
            h.fake.events.change_occurrence_by_hand(event_id, by_the_rule, canceled=True)
        exceptions = f"/guilds/{GUILD_A.id}/scheduled-events/{event_id}/exceptions"
        h.fake.script("POST", exceptions, 400, {"message": "Bad", "code": 50035}, times=1)
        clock.set(SECOND_HEADS_UP)
        cog = h.bot.get_cog("Reminders")
        assert isinstance(cog, Reminders)
        async with h.capture(expect_errors=True):
            await cog.run(h.clock.now())
        [event] = h.fake.events.in_guild(GUILD_A.id)
    april_7 = datetime(2026, 4, 7, 17, 0, tzinfo=UTC)  # 18:00 BST
    kept = [
        discord.utils.snowflake_time(int(e["event_exception_id"]))
        for e in event["guild_scheduled_event_exceptions"]
        if e["is_canceled"]
    ]
    assert kept == [april_7]
