"""Review 33's findings: the daily post's reads of the sessions' events, /canirun at the edge
of its slack (each test failed before its fix)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from tests.discord.harness import GUILD_A, FakeClock, Harness
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
