"""The daily post's reads of the sessions' events, and /canirun at the edge of its slack (found
by an independent review; each test failed before its fix)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from tests.discord.harness import GUILD_A, FakeClock, Harness, discord_ts
from tests.discord.test_events_read_edges import LONDON, TRAINING, WEEK, post_of
from tests.discord.test_readme_claims_edges import README


async def test_an_interested_list_of_two_hundred_costs_three_pages_not_two(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    # The README's capacity paragraph: the interested list costs "one request while it holds
    # fewer than 100 answers, one more for each further page of up to 100", so 200 answers
    # (a page of 100, then a further page of 100) would cost two. Each page after the first
    # begins with the last member of the page before (read again, their answers may go on
    # past the page), so a page brings at most 99 new members: 200 answers take three pages.
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    async with make_harness(config={"club": {"timezone": "Europe/London"}}) as club:
        await club.invoke("club session add", {"day": "tuesday", "time": "18:30", "type": "hills"})
        [event] = club.fake.events.in_guild(GUILD_A.id)
        event_id = int(event["id"])
        club.fake.events.mark_interested(event_id, *range(10**17, 10**17 + 200))
        async with club.capture() as cap:
            reply = await club.invoke("club preview")
    assert "200 interested" in reply.embed["description"]
    path = f"/guilds/{GUILD_A.id}/scheduled-events/{event_id}/users"
    assert len(cap.to("GET", path)) == 3
    readme = " ".join(README.read_text(encoding="utf-8").split())
    assert "one more for each further page of up to 100" not in readme


async def test_a_plan_just_inside_the_slack_sees_the_hard_leg_day_48_hours_before_its_minute(
    harness: Harness, clock: FakeClock
) -> None:
    # A HARD leg day at 08:55:20; two days later at 09:00:50, /canirun for a tempo run
    # "5m ago" (08:55:50, just inside the 5 minutes of slack). A later plan is judged at the
    # whole minute it shows, 08:55:00: 47 h 59 min 40 s after the leg day, a WAIT (hard
    # running is fine from 08:56). The leg days were read from 5 minutes and 48 hours before
    # now, 08:55:50 two days before, so the leg day at 08:55:20 was left out: GO.
    start = clock.now().replace(second=0, microsecond=0)
    clock.set(start + timedelta(seconds=20))
    logged = await harness.invoke("legday", {"exercises": 3})
    assert "HARD" in logged.text
    clock.set(start + timedelta(hours=48, minutes=5, seconds=50))
    planned = await harness.invoke("canirun", {"type": "tempo", "when": "5m ago"})
    assert planned.embed["title"].split(":")[0] == "WAIT", planned.text


async def test_a_session_whose_event_discord_refuses_oddly_is_added_and_said_so(
    harness: Harness,
) -> None:
    # Discord answers the event's create with an error the calendar does not name (a 400).
    # The session was stored, then the command failed: "failed on our side ... please try
    # again shortly", and trying again is refused ("already on the club's schedule"), where
    # the README says the session is kept whatever Discord answers and the reply says why its
    # event is not on the calendar.
    harness.fake.script(
        "POST",
        f"/guilds/{GUILD_A.id}/scheduled-events",
        400,
        {"message": "Invalid Form Body", "code": 50035},
    )
    options = {"day": "tuesday", "time": "18:30", "type": "hills"}
    added = await harness.invoke("club session add", options, expect_errors=True)
    assert "on our side" not in added.text
    assert "Added to the club's week" in added.text
    assert "not on the server's calendar" in added.text


async def test_a_post_after_the_days_occurrence_moved_earlier_and_ended_still_lists_it(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    # A Tuesday 18:30 session (GMT in March: 18:30 UTC); an admin moved today's occurrence
    # to 07:00-08:00 in Discord, and the post is at 09:30. Once that occurrence has ended,
    # Discord steps the weekly event's start on to next week's 18:30, as after any ended
    # occurrence. The post steps the event back only to an occurrence whose start by the
    # rule (18:30) came by 09:30, so it reads next week's and leaves the session out, where
    # the README lists a session moved to another time that day at that time, and the same
    # session not moved is listed after it ended.
    today = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)
    moved = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
    async with make_harness(config=LONDON) as club:
        clock.set(datetime(2026, 3, 9, 9, 0, tzinfo=UTC))
        await club.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})
        await club.invoke("club session add", {"day": "tuesday", "time": "18:30", "type": "hills"})
        [event] = club.fake.events.in_guild(GUILD_A.id)
        event_id = int(event["id"])
        assert event["scheduled_start_time"] == today.isoformat()
        club.fake.events.change_occurrence_by_hand(
            event_id, today, start=moved, end=moved + timedelta(hours=1)
        )
        end = datetime.fromisoformat(event["scheduled_end_time"])
        # Discord, after today's (moved) occurrence ended: the series shows next week's.
        club.fake.events.edit_by_hand(
            event_id,
            scheduled_start_time=(today + WEEK).isoformat(),
            scheduled_end_time=(end + WEEK).isoformat(),
        )
        description = await post_of(club, datetime(2026, 3, 10, 9, 30, tzinfo=UTC))
    assert f"{discord_ts(moved, 't')} **Hill repeats (hard)**" in description, description
