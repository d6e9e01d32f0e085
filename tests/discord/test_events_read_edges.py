"""Club sessions' events read at their edges: a post after the day's session, answers past a
page of 100, answers given before the bot moved an event, an answer nothing expects (found by
an independent review; each test failed before its fix)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.clubpost import ClubSession, Weekday
from bot.core.models import RunType
from bot.core.session_events import session_event
from bot.discord import scheduled_events as api
from bot.discord.cogs.daily_post import DailyPost
from bot.discord.cogs.reminders import Reminders
from tests.discord.harness import (
    ALICE,
    CAROL,
    GUILD_A,
    GUILD_B,
    Capture,
    FakeClock,
    Harness,
    discord_ts,
)
from tests.discord.harness.payloads import dm_channel_id

TRAINING = GUILD_A.channel_named("training")
LONDON = {"club": {"timezone": "Europe/London"}}
WEEK = timedelta(days=7)


async def fire_reads(h: Harness) -> Capture:
    """The reminders' loop at the clock's now (heads-up reads among its timers)."""
    cog = h.bot.get_cog("Reminders")
    assert isinstance(cog, Reminders)
    async with h.capture() as cap:
        await cog.run(h.clock.now())
    return cap


async def post_of(h: Harness, now: datetime) -> str:
    """The description of the daily post the loop's tick at `now` sends to #training."""
    h.clock.set(now)
    cog = h.bot.get_cog("DailyPost")
    assert isinstance(cog, DailyPost)
    async with h.capture() as cap:
        await cog.runner.tick(now)
    [body] = [r.json for r in cap.to("POST", f"/channels/{TRAINING.id}/messages")]
    description: Any = body["embeds"][0]["description"]
    assert isinstance(description, str)
    return description


async def test_a_post_after_the_days_session_ended_still_lists_it(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    # A 07:00 Tuesday session (GMT in March: 07:00 UTC) and a post at 09:30. Once today's
    # occurrence has ended, Discord steps a weekly event's start on to next week's (as
    # `_by_hand` says: "Discord moves the start a week on by itself"). The post still lists
    # today's 07:00 session, as it did before the post went by the events: nothing an admin
    # did moved or cancelled it.
    today = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
    async with make_harness(config=LONDON) as club:
        clock.set(datetime(2026, 3, 9, 9, 0, tzinfo=UTC))
        await club.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})
        await club.invoke("club session add", {"day": "tuesday", "time": "07:00", "type": "hills"})
        [event] = club.fake.events.in_guild(GUILD_A.id)
        assert event["scheduled_start_time"] == today.isoformat()
        club.fake.events.mark_interested(int(event["id"]), ALICE.id)
        end = datetime.fromisoformat(event["scheduled_end_time"])
        # Discord, after today's occurrence ended: the series shows next week's.
        club.fake.events.edit_by_hand(
            int(event["id"]),
            scheduled_start_time=(today + WEEK).isoformat(),
            scheduled_end_time=(end + WEEK).isoformat(),
        )
        description = await post_of(club, datetime(2026, 3, 10, 9, 30, tzinfo=UTC))
        assert f"{discord_ts(today, 't')} **Hill repeats (hard)**" in description


async def test_an_answer_for_this_week_just_past_a_page_of_100_still_counts(
    harness: Harness, clock: FakeClock
) -> None:
    # 100 members pressed "Interested" on the series; the last of them by id then said "not
    # this week" for the first occurrence. Discord lists the answers ascending by user id, the
    # series' and the occurrence's of one member side by side: the first page of 100 ends with
    # that member's series answer, the second holds their "not this week". Asking the second
    # page for the users after that member's id skips it: they are told about a session they
    # said they would miss (and counted in the post).
    http = harness.bot.http
    session = ClubSession(
        weekday=Weekday.THURSDAY, start=time(18, 30), run_type=RunType.HILLS, place="Park"
    )
    event = session_event(session, timezone=ZoneInfo("Europe/London"), now=clock.now())
    event_id = await api.create_event(http, GUILD_A.id, event)
    members = list(range(1000, 1100))
    harness.fake.events.mark_interested(event_id, *members)
    harness.fake.events.answer_occurrence(event_id, event.start, members[-1], interested=False)
    found = await api.interested_user_ids(http, GUILD_A.id, event_id, event.start)
    assert found == members[:-1]


async def test_a_not_this_week_answer_given_before_the_bots_move_still_counts_after_it(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    # Europe/London goes to BST on Sunday 29 March 2026. A Tuesday 18:00 session added on
    # Monday 23 March first starts at 18:00 UTC; Discord repeats it at 18:00 UTC on 31 March
    # (19:00 BST). Alice, interested in the series (heads-ups for every verdict), says "not
    # this week" for that occurrence: Discord keys her answer by its start by the rule,
    # 18:00 UTC. The read at the heads-up time (14:00 UTC) moves the event to 17:00 UTC and
    # reads the answers for 17:00 UTC, where hers is not keyed: she is told about a session
    # she said she would miss, and at every re-read after.
    by_the_rule = datetime(2026, 3, 31, 18, 0, tzinfo=UTC)
    clock.set(datetime(2026, 3, 23, 9, 0, tzinfo=UTC))
    async with make_harness(config=LONDON) as h:
        await h.invoke("club session add", {"day": "tuesday", "time": "18:00", "type": "easy"})
        [event] = h.fake.events.in_guild(GUILD_A.id)
        event_id = int(event["id"])
        await h.invoke("profile", {"heads_up": "all"})
        h.fake.events.mark_interested(event_id, ALICE.id)
        clock.set(datetime(2026, 3, 30, 12, 0, tzinfo=UTC))
        await fire_reads(h)  # the first week's read, long overdue: dropped, the next chained
        h.fake.events.answer_occurrence(event_id, by_the_rule, ALICE.id, interested=False)
        told, dms = 0, f"/channels/{dm_channel_id(ALICE.id)}/messages"
        for minutes in (0, 5):
            clock.set(datetime(2026, 3, 31, 14, minutes, tzinfo=UTC))
            cap = await fire_reads(h)
            told += sum(1 for r in cap.requests if r.method == "POST" and r.path == dms)
        [event] = h.fake.events.in_guild(GUILD_A.id)
    assert event["scheduled_start_time"] == datetime(2026, 3, 31, 17, 0, tzinfo=UTC).isoformat()
    assert told == 0


async def test_one_clubs_unexpected_event_answer_does_not_silence_the_other_clubs_posts(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    # Two clubs post at 09:30 on Tuesday 10 March. Club A's Tuesday session has an event, and
    # Discord answers its read with an error the calendar does not name (403 Missing Access,
    # 50001). The post goes by the events since this change, so that read comes before every
    # post of the batch: it failed the whole batch, club B's post included, at every tick.
    # Club B's post, which has nothing to do with club A's calendar, goes out; so does club
    # A's, its session counted over all members as when its event cannot be read.
    slot = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
    async with make_harness(config=LONDON) as club:
        clock.set(datetime(2026, 3, 9, 9, 0, tzinfo=UTC))
        await club.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})
        b_channel = GUILD_B.channel
        await club.invoke("club reminder set", {"channel": b_channel, "time": "09:30"}, user=CAROL)
        await club.invoke("club session add", {"day": "tuesday", "time": "18:30", "type": "hills"})
        [event] = club.fake.events.in_guild(GUILD_A.id)
        club.fake.script(
            "GET",
            f"/guilds/{GUILD_A.id}/scheduled-events/{event['id']}",
            403,
            {"message": "Missing Access", "code": 50001},
        )
        club.clock.set(slot)
        cog = club.bot.get_cog("DailyPost")
        assert isinstance(cog, DailyPost)
        async with club.capture(expect_errors=True) as cap:
            await cog.runner.tick(slot)
        assert len(cap.to("POST", f"/channels/{b_channel.id}/messages")) == 1
        [post] = [r.json for r in cap.to("POST", f"/channels/{TRAINING.id}/messages")]
        assert "Hill repeats (hard)" in post["embeds"][0]["description"]


async def test_a_post_after_the_last_session_before_a_clock_change_lists_it_at_its_time(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    # A Tuesday 18:00 session in London (GMT on 24 March 2026: 18:00 UTC) and a post at 20:00.
    # The clocks go forward on the 29th, so the read at the session's end (19:00 UTC) moves
    # the event to next Tuesday's 18:00 BST (17:00 UTC), 6 days 23 hours on. The post stepped
    # the event back a whole week to find today's occurrence and listed the session at 17:00
    # UTC, as if an admin had moved it an hour earlier (found in review, failed before the fix).
    today = datetime(2026, 3, 24, 18, 0, tzinfo=UTC)
    async with make_harness(config=LONDON) as club:
        clock.set(datetime(2026, 3, 23, 9, 0, tzinfo=UTC))
        await club.invoke("club reminder set", {"channel": TRAINING, "time": "20:00"})
        await club.invoke("club session add", {"day": "tuesday", "time": "18:00", "type": "hills"})
        [event] = club.fake.events.in_guild(GUILD_A.id)
        club.fake.events.mark_interested(int(event["id"]), ALICE.id)
        moment = today - timedelta(hours=3)
        while moment <= today + timedelta(hours=1):  # the day's reads, to the session's end
            clock.set(moment)
            await fire_reads(club)
            moment += timedelta(minutes=5)
        [event] = club.fake.events.in_guild(GUILD_A.id)
        assert event["scheduled_start_time"] == datetime(2026, 3, 31, 17, 0, tzinfo=UTC).isoformat()
        description = await post_of(club, datetime(2026, 3, 24, 20, 0, tzinfo=UTC))
    assert f"{discord_ts(today, 't')} **Hill repeats (hard)**" in description
    assert "nobody interested" not in description
