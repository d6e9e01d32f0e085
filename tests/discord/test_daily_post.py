"""The daily post end to end: the loop's tick sends through discord.py to the fake Discord, a
refused channel sits beside a working club, the post fits Discord's limits, and its button
answers whoever presses it, also after a restart.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
import pytest

from bot.actions.post_send import Outcome, PostSender, TickRun
from bot.actions.send_budget import SendBudget
from bot.actions.send_errors import ChannelUnavailable, TemporaryFailure
from bot.core.models import LegDay, MemberRef, TipId
from bot.core.resend import post_nonce
from bot.core.schedule import PostStatus, Slot
from bot.discord.cogs.daily_post import CANIRUN_CUSTOM_ID, DailyPost, DiscordPostSender
from bot.render.reply import Reply
from tests.discord.harness import (
    ALICE,
    BOB,
    BOT_USER,
    CAROL,
    DEFAULT_START,
    GUILD_A,
    GUILD_B,
    NO_PINGS,
    Capture,
    FakeClock,
    FakeResponse,
    Harness,
    discord_ts,
)
from tests.discord.test_reminders import button_ids, dms, fire

T0 = DEFAULT_START  # Tuesday 10 March 2026, 09:00 UTC = 09:00 London (GMT)
SLOT = T0 + timedelta(minutes=30)  # the club posts at 09:30
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
TRAINING = GUILD_A.channel_named("training")
GENERAL = GUILD_A.channel_named("general")
ANNOUNCEMENTS = GUILD_A.channel_named("announcements")  # the bot may not send there
B_GENERAL = GUILD_B.channel
CONFIG = {"club": {"timezone": "Europe/London"}}


@pytest.fixture
async def club(make_harness: Callable[..., Harness]) -> AsyncIterator[Harness]:
    async with make_harness(config=CONFIG) as h:
        await h.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})
        yield h


def daily_post(h: Harness) -> DailyPost:
    cog = h.bot.get_cog("DailyPost")
    assert isinstance(cog, DailyPost)
    return cog


async def tick(
    h: Harness, now: datetime, *, expect_errors: bool = False
) -> tuple[dict[int, Outcome], Capture]:
    h.clock.set(now)
    async with h.capture(expect_errors=expect_errors) as cap:
        outcomes = await daily_post(h).runner.tick(now)
    return outcomes, cap


def posts_to(cap: Capture, channel_id: int) -> list[dict[str, Any]]:
    return [r.json for r in cap.to("POST", f"/channels/{channel_id}/messages")]


def embed_chars(embed: dict[str, Any]) -> int:
    total = len(embed.get("title", "")) + len(embed.get("description", ""))
    total += sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
    return total + len((embed.get("footer") or {}).get("text", ""))


def check_within_discord_limits(body: dict[str, Any]) -> None:
    assert len(body.get("content") or "") <= 2000
    embeds = body["embeds"]
    assert len(embeds) == 1
    [embed] = embeds
    assert len(embed["title"]) <= 256
    assert len(embed.get("description", "")) <= 4096
    assert len(embed.get("fields", [])) <= 25
    for item in embed.get("fields", []):
        assert 1 <= len(item["name"]) <= 256 and 1 <= len(item["value"]) <= 1024
    assert len((embed.get("footer") or {}).get("text", "")) <= 2048
    assert embed_chars(embed) <= 6000
    assert body["allowed_mentions"] == NO_PINGS


async def hard_leg_days(h: Harness, count: int, at: datetime) -> list[int]:
    """`count` members of guild A, each with a hard leg day at `at`; their user ids."""
    users = [930_000_000_000_000_000 + n for n in range(count)]
    for user_id in users:
        member = MemberRef(guild_id=GUILD_A.id, user_id=user_id)
        await h.store.entries.add_leg_day(member, LegDay(at=at, is_hard=True, exercises=4), now=at)
    return users


# -- the post ----------------------------------------------------------------------------------


async def test_the_post_goes_out_once_with_its_button_and_no_pings(club: Harness) -> None:
    outcomes, before = await tick(club, SLOT - timedelta(seconds=1))
    assert outcomes == {GUILD_A.id: Outcome.NOTHING} and before.requests == []

    outcomes, cap = await tick(club, SLOT)
    assert outcomes == {GUILD_A.id: Outcome.SENT}
    [body] = posts_to(cap, TRAINING.id)
    check_within_discord_limits(body)
    assert body["embeds"][0]["title"] == "Run club · Tuesday 10 March 2026"
    [row] = body["components"]
    [button] = row["components"]
    assert (button["custom_id"], button["label"]) == (CANIRUN_CUSTOM_ID, "Can I run today?")
    # The nonce makes a retry after an ambiguous failure harmless.
    assert body["nonce"] == post_nonce(GUILD_A.id, SLOT.date())
    assert body["enforce_nonce"] is True

    message_id = int(cap.requests[0].response["id"])
    record = await club.store.posts.get(GUILD_A.id, SLOT.date())
    assert record is not None and record.message_id == message_id

    _, later = await tick(club, SLOT + 6 * HOUR)
    assert later.requests == []
    status = await club.invoke("club status")
    link = f"https://discord.com/channels/{GUILD_A.id}/{TRAINING.id}/{message_id}"
    assert link in status.text


async def test_preview_shows_exactly_what_the_loop_posts(club: Harness) -> None:
    await club.invoke("club session add", {"day": "tuesday", "time": "18:30", "type": "hills"})
    await club.invoke("legday", {"exercises": 5, "when": "3h ago"}, user=BOB)
    club.clock.set(SLOT)
    preview = await club.invoke("club preview")
    _, cap = await tick(club, SLOT)
    [body] = posts_to(cap, TRAINING.id)
    assert preview.embeds == body["embeds"]
    assert preview.message["components"] == body["components"]
    assert preview.ephemeral


@pytest.mark.parametrize("count", [0, 1, 25, 500])
async def test_the_post_fits_discord_for_any_number_of_recovering_members(
    club: Harness, count: int
) -> None:
    users = await hard_leg_days(club, count, T0 - 5 * HOUR)
    _, cap = await tick(club, SLOT)
    [body] = posts_to(cap, TRAINING.id)
    check_within_discord_limits(body)
    description = body["embeds"][0]["description"]
    named = re.findall(r"<@(\d+)>", description)
    assert f"({count})" in description
    ready = T0 - 5 * HOUR + 48 * HOUR
    if count == 0:
        assert "Nobody" in description
    else:
        assert f"<@{users[0]}>: hard running OK {discord_ts(ready, 'F')}" in description
    if count <= 25:
        assert sorted(map(int, named)) == users
        assert "more" not in description
    else:
        assert 20 <= len(named) < count
        assert f"…and {count - len(named)} more" in description
        assert set(map(int, named)) <= set(users)


async def test_unlisted_members_are_counted_not_named(club: Harness) -> None:
    await club.invoke("legday", {"exercises": 4, "when": "2h ago"}, user=BOB)
    await club.invoke("legday", {"exercises": 4, "when": "1h ago"}, user=ALICE)
    await club.invoke("profile", {"listed": False}, user=ALICE)
    _, cap = await tick(club, SLOT)
    [body] = posts_to(cap, TRAINING.id)
    description = body["embeds"][0]["description"]
    assert f"<@{BOB.id}>" in description
    assert str(ALICE.id) not in str(body)
    assert "(2)" in description and "1 member not named" in description


async def test_member_text_in_the_post_can_never_ping(club: Harness) -> None:
    name = "@everyone <@&912000000000000001> @here"
    await club.invoke(
        "club session add", {"day": "tuesday", "time": "18:30", "type": "tempo", "name": name}
    )
    _, cap = await tick(club, SLOT)
    [body] = posts_to(cap, TRAINING.id)
    assert body["allowed_mentions"] == NO_PINGS
    text = str(body["embeds"])
    assert "everyone" in text  # still readable...
    assert not re.search(r"@everyone|@here|<@&", text)  # ...but inert


async def test_session_counts_in_the_post(club: Harness) -> None:
    # Tuesday 18:30 London is 18:30 UTC in March. Bob's leg day at 07:00 today keeps him
    # off the hills session; Alice's from three days ago does not.
    # Without events: every member is counted.
    for session in (
        {"day": "tuesday", "time": "18:30", "type": "hills"},
        {"day": "tuesday", "time": "07:00", "type": "easy"},
        {"day": "friday", "time": "18:30", "type": "tempo"},
    ):
        await club.invoke("club session add", {**session, "event": False})
    await club.invoke("legday", {"exercises": 4, "when": "today 07:00"}, user=BOB)
    await club.invoke("legday", {"exercises": 4, "when": "3d ago"}, user=ALICE)
    _, cap = await tick(club, SLOT)
    [body] = posts_to(cap, TRAINING.id)
    lines = body["embeds"][0]["description"].splitlines()
    hills = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)
    easy = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
    assert lines[1:3] == [
        f"• {discord_ts(easy, 't')} **Easy run**: everyone is clear",
        f"• {discord_ts(hills, 't')} **Hill repeats (hard)**:"
        " 1 member should skip the hard part and run easy",
    ]
    assert "tempo" not in body["embeds"][0]["description"]  # Friday's


async def test_a_sessions_counts_are_of_those_interested_in_its_event(club: Harness) -> None:
    # Tuesday 18:30 and 19:30 London are 18:30 and 19:30 UTC in March. Bob (a beginner) and a
    # third member have a hard leg day at 07:00 today: the hills at 18:30 are a WAIT for both
    # (rule 1), the steady run an EASY-ONLY for Bob (rule 3) and a GO for the third (rule 4).
    # Alice's leg day of three days ago leaves her clear. Only Alice and Bob are interested
    # in the hills, only Bob in the steady run; nobody in the 07:00 easy run.
    await club.invoke("club session add", {"day": "tuesday", "time": "18:30", "type": "hills"})
    await club.invoke("club session add", {"day": "tuesday", "time": "19:30", "type": "steady"})
    await club.invoke("club session add", {"day": "tuesday", "time": "07:00", "type": "easy"})
    hills, steady, _ = (int(e["id"]) for e in club.fake.events.in_guild(GUILD_A.id))
    await club.invoke("profile", {"experience": "beginner"}, user=BOB)
    await club.invoke("legday", {"exercises": 4, "when": "today 07:00"}, user=BOB)
    await club.invoke("legday", {"exercises": 4, "when": "3d ago"}, user=ALICE)
    await hard_leg_days(club, 1, datetime(2026, 3, 10, 7, 0, tzinfo=UTC))
    club.fake.events.mark_interested(hills, ALICE.id, BOB.id)
    club.fake.events.mark_interested(steady, BOB.id)

    club.clock.set(SLOT)
    preview = await club.invoke("club preview")
    _, cap = await tick(club, SLOT)
    [body] = posts_to(cap, TRAINING.id)
    assert preview.embeds == body["embeds"]
    lines = body["embeds"][0]["description"].splitlines()
    at = [datetime(2026, 3, 10, h, m, tzinfo=UTC) for h, m in ((7, 0), (18, 30), (19, 30))]
    assert lines[1:4] == [
        f"• {discord_ts(at[0], 't')} **Easy run**: nobody interested yet",
        f"• {discord_ts(at[1], 't')} **Hill repeats (hard)**: 2 interested; of them"
        " 1 member should skip the hard part and run easy",
        f"• {discord_ts(at[2], 't')} **Steady run (moderate)**: 1 interested; of them"
        " 1 member should keep it easy",
    ]
    # Recovering members are named as before (listed ones only), interested or not.
    assert f"<@{BOB.id}>" in body["embeds"][0]["description"]


async def test_a_members_answer_for_todays_occurrence_alone_counts_in_the_post(
    club: Harness,
) -> None:
    # Tuesday 18:30 London is 18:30 UTC in March. Alice and Bob pressed "Interested" on the
    # series, and Bob "not this week" on today's: one member is interested today.
    await club.invoke("club session add", {"day": "tuesday", "time": "18:30", "type": "hills"})
    [event] = club.fake.events.in_guild(GUILD_A.id)
    today = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)
    club.fake.events.mark_interested(int(event["id"]), ALICE.id, BOB.id)
    club.fake.events.answer_occurrence(int(event["id"]), today, BOB.id, interested=False)
    _, cap = await tick(club, SLOT)
    [body] = posts_to(cap, TRAINING.id)
    lines = body["embeds"][0]["description"].splitlines()
    assert lines[1] == (
        f"• {discord_ts(today, 't')} **Hill repeats (hard)**: 1 interested, all clear"
    )


# A Thursday 18:30 hills session (GMT in March 2026: 18:30 UTC on Thursday 12 March). A hard
# leg day on Tuesday 10 March 19:30 UTC holds hard running back until Thursday 19:30 UTC: a
# WAIT at 18:30, a GO at 20:00.
THURSDAY_HILLS = datetime(2026, 3, 12, 18, 30, tzinfo=UTC)
MOVED_TO = datetime(2026, 3, 12, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "edit", ["moved", "occurrence-moved", "cancelled", "occurrence-cancelled", "moved-a-day"]
)
async def test_the_post_shows_a_session_as_its_event_does_as_the_heads_up_reads_it(
    make_harness: Callable[..., Harness], clock: FakeClock, edit: str
) -> None:
    # Hand edits win (README): the post, read by the same members as the heads-up, shows the
    # session at the start its event has now and judges it there, and leaves out one whose
    # event or whose day's occurrence an admin called off or moved to another day.
    async with make_harness(config={"club": {"timezone": "Europe/London"}}) as club:
        await club.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})
        await club.invoke("club session add", {"day": "thursday", "time": "18:30", "type": "hills"})
        [event_id] = [int(e["id"]) for e in club.fake.events.in_guild(GUILD_A.id)]
        clock.set(datetime(2026, 3, 10, 19, 30, tzinfo=UTC))
        await club.invoke("legday", {"exercises": 4})
        club.fake.events.mark_interested(event_id, ALICE.id)
        fake, end = club.fake.events, MOVED_TO + timedelta(hours=1)
        if edit == "moved":
            fake.edit_by_hand(
                event_id,
                scheduled_start_time=MOVED_TO.isoformat(),
                scheduled_end_time=end.isoformat(),
            )
        elif edit == "occurrence-moved":
            fake.change_occurrence_by_hand(event_id, THURSDAY_HILLS, start=MOVED_TO, end=end)
        elif edit == "cancelled":
            fake.edit_by_hand(event_id, status=4)  # Discord's CANCELED
        elif edit == "occurrence-cancelled":
            fake.change_occurrence_by_hand(event_id, THURSDAY_HILLS, canceled=True)
        else:
            friday = MOVED_TO + timedelta(days=1)
            fake.change_occurrence_by_hand(event_id, THURSDAY_HILLS, start=friday, end=friday)
        _, cap = await tick(club, datetime(2026, 3, 12, 9, 30, tzinfo=UTC))
        [body] = posts_to(cap, TRAINING.id)
        description = body["embeds"][0]["description"]
        assert discord_ts(THURSDAY_HILLS, "t") not in description
        if edit.endswith("moved"):
            assert (
                f"• {discord_ts(MOVED_TO, 't')} **Hill repeats (hard)**: 1 interested, all clear"
                in description.splitlines()
            )
        else:
            assert "Hill repeats" not in description


# -- failures ----------------------------------------------------------------------------------


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_a_refused_channel_beside_a_working_club(club: Harness) -> None:
    await club.invoke("club reminder set", {"channel": B_GENERAL, "time": "09:30"}, user=CAROL)
    # Guild A's permission is taken away after setup: the post will answer 403.
    await club.store.db.run(
        "UPDATE clubs SET channel_id = :channel_id WHERE guild_id = :guild_id",
        channel_id=ANNOUNCEMENTS.id,
        guild_id=GUILD_A.id,
    )
    for n in range(3):
        outcomes, cap = await tick(club, SLOT + n * DAY, expect_errors=True)
        assert outcomes == {GUILD_A.id: Outcome.FAILED, GUILD_B.id: Outcome.SENT}
        assert [r.status for r in cap.to("POST", f"/channels/{ANNOUNCEMENTS.id}/messages")] == [403]
        assert len(posts_to(cap, B_GENERAL.id)) == 1
        assert "Missing Permissions" in cap.log_text()
        # Not hammered: nothing more for guild A that day.
        _, rest = await tick(club, SLOT + n * DAY + 2 * HOUR)
        assert rest.to("POST", f"/channels/{ANNOUNCEMENTS.id}/messages") == []
        if n == 0:
            status = await club.invoke("club status")
            assert "failed (403 Missing Permissions)" in status.text
            assert "1 failed day in a row" in status.text
    assert "paused" in cap.log_text()

    # Paused: guild A is not even tried; guild B goes on.
    outcomes, cap = await tick(club, SLOT + 3 * DAY)
    assert outcomes == {GUILD_B.id: Outcome.SENT}
    status = await club.invoke("club status")
    [state] = [f["value"] for f in status.embed["fields"] if f["name"] == "Status"]
    assert state == (
        "Paused after 3 failed days in a row. Check that the bot can see the channel, send"
        " messages and embed links there, then run `/club reminder set` again."
    )
    assert "Next post" in status.text and "none" in status.text

    # The admin fixes it with one command; the next day posts again.
    club.clock.set(SLOT + 3 * DAY + HOUR)
    await club.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})
    outcomes, cap = await tick(club, SLOT + 4 * DAY)
    assert outcomes == {GUILD_A.id: Outcome.SENT, GUILD_B.id: Outcome.SENT}
    assert len(posts_to(cap, TRAINING.id)) == 1


async def test_a_paused_post_turned_off_reads_off(club: Harness) -> None:
    await club.store.db.run(
        "UPDATE clubs SET channel_id = :channel_id WHERE guild_id = :guild_id",
        channel_id=ANNOUNCEMENTS.id,
        guild_id=GUILD_A.id,
    )
    for n in range(3):
        await tick(club, SLOT + n * DAY, expect_errors=True)
    assert "Paused after 3 failed days" in (await club.invoke("club status")).text

    assert "The daily club post is off" in (await club.invoke("club reminder off")).text
    status = await club.invoke("club status")
    [state] = [f["value"] for f in status.embed["fields"] if f["name"] == "Status"]
    assert state == "Off (`/club reminder set` turns it on)"


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_a_deleted_channel_is_a_failed_day(club: Harness) -> None:
    gone = 911_000_000_000_000_999
    await club.store.db.run(
        "UPDATE clubs SET channel_id = :channel_id WHERE guild_id = :guild_id",
        channel_id=gone,
        guild_id=GUILD_A.id,
    )
    outcomes, cap = await tick(club, SLOT, expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.FAILED}
    assert [r.status for r in cap.to("POST", f"/channels/{gone}/messages")] == [404]
    reminder = await club.store.clubs.get(GUILD_A.id)
    assert reminder is not None and reminder.failed_days == 1


class _Channel:
    def __init__(self, error: BaseException) -> None:
        self.error = error

    async def send(self, **kwargs: Any) -> Any:
        raise self.error


class _Client:
    def __init__(self, error: BaseException) -> None:
        self.error = error
        # Read only when a send is cancelled (bot.discord.failures); none is here.
        self.http = None

    def get_partial_messageable(self, channel_id: int, *, guild_id: int) -> _Channel:
        return _Channel(self.error)


def _http_error(kind: type[discord.HTTPException], status: int) -> discord.HTTPException:
    response = FakeResponse(
        "POST", "https://discord.com/api/v10/channels/1/messages", status, None, {}
    )
    return kind(response, {"message": f"status {status}", "code": 0})


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (_http_error(discord.Forbidden, 403), ChannelUnavailable),
        (_http_error(discord.NotFound, 404), ChannelUnavailable),
        (_http_error(discord.HTTPException, 429), TemporaryFailure),
        (_http_error(discord.DiscordServerError, 503), TemporaryFailure),
        (OSError("connection reset"), TemporaryFailure),
        (TimeoutError(), TemporaryFailure),
        (_http_error(discord.HTTPException, 400), discord.HTTPException),
    ],
)
async def test_the_sender_sorts_discord_errors(error: BaseException, expected: type) -> None:
    # 5xx and 429 answers are retried by discord.py itself with real sleeps first; what comes
    # out of it is classified here.
    sender = DiscordPostSender(_Client(error), SendBudget(50))  # type: ignore[arg-type]
    with pytest.raises(expected):
        await sender.send(1, 2, Reply(title="t"), nonce="n")


# -- the button --------------------------------------------------------------------------------


async def test_the_button_answers_each_member_with_their_own_verdicts(club: Harness) -> None:
    await club.invoke("legday", {"exercises": 4, "when": "10h ago"}, user=BOB)
    _, cap = await tick(club, SLOT)
    message = cap.requests[0].response

    # Answered by the one persistent view: none is kept per post.
    assert [type(v).__name__ for v in club.bot.persistent_views] == ["ClubPostView"]
    bob = await club.click(message, CANIRUN_CUSTOM_ID, user=BOB)
    assert bob.callback_type == 4 and bob.ephemeral
    assert bob.message["allowed_mentions"] == NO_PINGS
    names = [f["name"] for f in bob.embed["fields"]]
    assert names[:2] == ["GO: run as planned", "WAIT: not a hard run yet"]
    assert bob.embed["title"] == "Can I run today?"
    assert bob.embed["description"] == "Your verdicts for right now, from your own log and profile."
    assert bob.embed["color"] == 0xE74C3C  # the hard run's verdict: WAIT
    # The hard run's own advice stays with its verdict, a line of its own; its WAIT offers the
    # reminder as /canirun does.
    assert bob.embed["fields"][1]["value"].splitlines()[-1] == (
        "**Instead:** An easy 15-30 minute run is fine right now: easy running uses different"
        " fibres and helps your legs recover."
    )
    [[remind]] = [row["components"] for row in bob.message["components"]]
    assert remind["label"] == "Remind me when I'm clear"
    ready = T0 - 10 * HOUR + 48 * HOUR
    assert discord_ts(ready) in bob.text
    assert "Easy run" in bob.text and "Intervals (hard)" in bob.text

    alice = await club.click(message, CANIRUN_CUSTOM_ID, user=ALICE)
    assert alice.ephemeral
    assert [f["name"] for f in alice.embed["fields"]][:2] == ["GO: run as planned"] * 2
    assert discord_ts(ready) not in alice.text
    # Nobody else's data is read: no leg day of Alice's was written by Bob's press.
    rows = await club.store.db.all("SELECT user_id FROM leg_days")
    assert [row["user_id"] for row in rows] == [BOB.id]


async def test_the_button_says_what_both_verdicts_share_once(club: Harness) -> None:
    # The next race is about the member, not the run: once, after the two verdicts, as the tips.
    await club.invoke("race set", {"date": "in 5 days", "name": "Parkrun"})
    _, cap = await tick(club, SLOT)
    alice = await club.click(cap.requests[0].response, CANIRUN_CUSTOM_ID, user=ALICE)
    names = [f["name"] for f in alice.embed["fields"]]
    assert names == ["GO: run as planned", "GO: run as planned", "Next race", "Tips"]
    assert alice.text.count("Parkrun") == 1


async def test_the_button_names_the_check_in_both_verdicts_use_once(club: Harness) -> None:
    """A morning check-in's soreness counts for both runs: where it came from is about the
    member, said once, not under each verdict."""
    await club.invoke("checkin", {"time": "09:10"}, user=BOB)
    club.clock.set(T0 + timedelta(minutes=10))
    cap = await fire(club)
    [sent] = dms(cap)
    await club.click_dm(sent.response, button_ids(sent.response)["8"], user=BOB)

    _, cap = await tick(club, SLOT)
    bob = await club.click(cap.requests[0].response, CANIRUN_CUSTOM_ID, user=BOB)
    assert [f["name"] for f in bob.embed["fields"]][:2] == [
        "GO: run as planned",
        "EASY-ONLY: keep it short and easy",
    ]
    assert bob.text.count("check-in") == 1
    assert bob.embed["description"] == (
        "Your verdicts for right now, from your own log and profile.\nUsing your 09:10 check-in: 8."
    )


async def test_the_button_works_after_a_restart(
    make_harness: Callable[..., Harness],
) -> None:
    async with make_harness(config=CONFIG) as first:
        await first.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})
        await first.invoke("legday", {"exercises": 4, "when": "1h ago"}, user=BOB)
        _, cap = await tick(first, SLOT)
        message = cap.requests[0].response
    async with make_harness(config=CONFIG) as second:
        second.clock.set(SLOT + HOUR)
        result = await second.click(message, CANIRUN_CUSTOM_ID, user=BOB)
        assert result.ephemeral
        assert "WAIT: not a hard run yet" in result.text
        # Nor does the restarted bot post that date again.
        _, again = await tick(second, SLOT + 2 * HOUR)
        assert again.requests == []


# -- the loop ----------------------------------------------------------------------------------


async def test_the_job_survives_a_failing_tick(
    club: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    cog = daily_post(club)

    async def broken(now: datetime) -> TickRun:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(cog.runner, "start", broken)
    async with club.capture(expect_errors=True) as cap:
        await cog.run(SLOT)  # must not raise: the scheduler would log it as a bug
    assert "database is locked" in cap.log_text()


# -- a send cut off by a crash, back after Discord forgot its nonce -------------------------

LATER = SLOT + timedelta(minutes=5)  # past the 2 minutes in which Discord dedups the nonce


async def cut_off_before_discord(h: Harness) -> None:
    """The claim a process killed between claiming and sending left: nothing reached Discord."""
    slot = Slot(local_date=SLOT.date(), at=SLOT)
    await h.store.posts.claim(
        GUILD_A.id, slot, channel_id=TRAINING.id, tip_id=TipId.CARBS, now=SLOT
    )


class CutOffAfterSending:
    """The bot's own sender, but a send whose message Discord made is cut off before its
    answer is recorded (a stop that ran out of time)."""

    def __init__(self, sender: PostSender) -> None:
        self._sender = sender

    async def send(self, guild_id: int, channel_id: int, reply: Reply, *, nonce: str) -> int:
        await self._sender.send(guild_id, channel_id, reply, nonce=nonce)
        raise asyncio.CancelledError

    async def find(
        self, guild_id: int, channel_id: int, reply: Reply, *, after: datetime
    ) -> int | None:
        return await self._sender.find(guild_id, channel_id, reply, after=after)


async def tick_cut_off_after_discord(
    h: Harness, monkeypatch: pytest.MonkeyPatch, now: datetime
) -> Capture:
    runner = daily_post(h).runner
    monkeypatch.setattr(runner, "_sender", CutOffAfterSending(runner._sender))
    h.clock.set(now)
    async with h.capture(expect_errors=True) as cap:
        with pytest.raises(asyncio.CancelledError):
            await runner.tick(now)
    monkeypatch.undo()
    return cap


async def cut_off_after_discord(h: Harness, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The slot's send, its message made by Discord, cut off. Returns the message."""
    cap = await tick_cut_off_after_discord(h, monkeypatch, SLOT)
    [made] = posts_to(cap, TRAINING.id)
    record = await h.store.posts.get(GUILD_A.id, SLOT.date())
    assert record is not None and record.status is PostStatus.SENDING
    [message] = [m for m in h.fake.messages.values() if m["channel_id"] == str(TRAINING.id)]
    assert message["embeds"] == made["embeds"]
    return message


def history_reads(cap: Capture) -> list[Any]:
    return cap.to("GET", f"/channels/{TRAINING.id}/messages")


async def test_a_cut_off_post_discord_made_is_found_in_the_channel_and_not_sent_again(
    club: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = await cut_off_after_discord(club, monkeypatch)
    outcomes, back = await tick(club, LATER, expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.FOUND}
    assert "looking in the channel for it" in back.log_text()
    assert posts_to(back, TRAINING.id) == []
    [read] = history_reads(back)
    # The channel since the claim (30 s before it: moments are kept to the second, and the
    # host's clock may run ahead of Discord's), one page. `after` is the last id of that
    # millisecond: Discord's snowflake is milliseconds since 2015-01-01 shifted left 22 bits.
    since_ms = int((SLOT - timedelta(seconds=30)).timestamp() * 1000) - 1_420_070_400_000
    assert read.params == {"after": str((since_ms << 22) + (1 << 22) - 1), "limit": "100"}
    record = await club.store.posts.get(GUILD_A.id, SLOT.date())
    assert record is not None and record.status is PostStatus.SENT
    assert record.message_id == int(message["id"])
    # Recorded: later ticks neither read nor send anything for that day.
    outcomes, after = await tick(club, LATER + timedelta(hours=1))
    assert outcomes == {GUILD_A.id: Outcome.NOTHING} and after.requests == []


async def test_a_cut_off_post_not_in_the_channel_is_sent_once(club: Harness) -> None:
    await cut_off_before_discord(club)
    club.fake.script("GET", f"/channels/{TRAINING.id}/messages", 503, {"message": "down"}, times=1)
    outcomes, down = await tick(club, LATER, expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.ERROR}  # could not look: nothing sent, looked again
    assert posts_to(down, TRAINING.id) == []
    # ...30 s later, not at once: the scheduler, told "due now", would look over and over.
    assert await daily_post(club).runner.next_due(LATER) == LATER + timedelta(seconds=30)
    outcomes, waiting = await tick(club, LATER + timedelta(seconds=20))
    assert outcomes == {GUILD_A.id: Outcome.NOTHING} and waiting.requests == []
    outcomes, back = await tick(club, LATER + timedelta(seconds=30), expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.SENT}
    assert "is not in the channel; sending it" in back.log_text()
    assert len(history_reads(back)) == 1
    [sent] = posts_to(back, TRAINING.id)
    assert sent["nonce"] == post_nonce(GUILD_A.id, SLOT.date()) and sent["enforce_nonce"]
    record = await club.store.posts.get(GUILD_A.id, SLOT.date())
    # The claim, the take-over whose look failed, and the one that sent.
    assert record is not None and record.status is PostStatus.SENT and record.attempts == 3


async def test_a_send_after_a_look_is_looked_for_from_its_own_time_in_a_busy_channel(
    club: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await cut_off_before_discord(club)
    # The channel goes on without the bot: more messages than one page of history.
    club.clock.set(SLOT + timedelta(minutes=1))
    for n in range(150):
        club.fake.member_message(GUILD_A.id, TRAINING.id, ALICE, f"message {n}")
    # Back at LATER: the post is not in the channel, and the send that follows reaches Discord
    # but is cut off before its answer is recorded.
    first = await tick_cut_off_after_discord(club, monkeypatch, LATER)
    [made] = posts_to(first, TRAINING.id)
    # Back again: the look starts from that send, not from the first claim, whose first page of
    # history is the members' messages only.
    outcomes, back = await tick(club, LATER + timedelta(minutes=5), expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.FOUND}
    assert posts_to(back, TRAINING.id) == []
    ours = [
        m
        for m in club.fake.messages.values()
        if m["channel_id"] == str(TRAINING.id) and m["author"]["id"] == str(BOT_USER.id)
    ]
    assert [m["embeds"] for m in ours] == [made["embeds"]]
    record = await club.store.posts.get(GUILD_A.id, SLOT.date())
    assert record is not None and record.status is PostStatus.SENT
    assert record.message_id == int(ours[0]["id"])


@pytest.mark.parametrize("made", [True, False], ids=["made-answer-lost", "not-made"])
async def test_a_retry_after_an_answer_lost_looks_in_the_channel_first_and_posts_once(
    club: Harness, made: bool
) -> None:
    club.fake.lose_answer("POST", f"/channels/{TRAINING.id}/messages", made=made)
    outcomes, failed = await tick(club, SLOT, expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.RETRY}
    assert "failed for now" in failed.log_text()
    # The retry, due a minute later, runs 2 minutes after the first attempt (the process was
    # busy): past the nonce's memory, so the channel is read first.
    retry = SLOT + timedelta(minutes=2)
    outcomes, back = await tick(club, retry, expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.FOUND if made else Outcome.SENT}
    [read] = history_reads(back)
    # From the first attempt's claim, less 30 s of clock margin.
    since_ms = int((SLOT - timedelta(seconds=30)).timestamp() * 1000) - 1_420_070_400_000
    assert read.params == {"after": str((since_ms << 22) + (1 << 22) - 1), "limit": "100"}
    assert len(posts_to(back, TRAINING.id)) == (0 if made else 1)
    ours = [m for m in club.fake.messages.values() if m["channel_id"] == str(TRAINING.id)]
    assert len(ours) == 1
    record = await club.store.posts.get(GUILD_A.id, SLOT.date())
    assert record is not None and record.status is PostStatus.SENT
    assert record.message_id == int(ours[0]["id"])


async def test_a_retry_in_a_channel_it_cannot_read_posts_as_before(club: Harness) -> None:
    club.fake.lose_answer("POST", f"/channels/{TRAINING.id}/messages", made=False)
    club.deny_bot(GUILD_A, TRAINING, discord.Permissions(read_message_history=True))
    await tick(club, SLOT, expect_errors=True)
    outcomes, back = await tick(club, SLOT + timedelta(minutes=2), expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.SENT}
    assert history_reads(back) == [] and len(posts_to(back, TRAINING.id)) == 1


async def test_a_retry_whose_look_fails_for_now_waits_its_backoff_and_looks_again(
    club: Harness,
) -> None:
    club.fake.lose_answer("POST", f"/channels/{TRAINING.id}/messages", made=True)
    await tick(club, SLOT, expect_errors=True)
    club.fake.script("GET", f"/channels/{TRAINING.id}/messages", 503, {"message": "down"}, times=1)
    outcomes, down = await tick(club, SLOT + timedelta(minutes=2), expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.RETRY} and posts_to(down, TRAINING.id) == []
    record = await club.store.posts.get(GUILD_A.id, SLOT.date())
    assert record is not None and record.status is PostStatus.RETRY
    # The second try failed: the backoff doubles to 2 minutes.
    assert record.retry_at == SLOT + timedelta(minutes=4)
    outcomes, back = await tick(club, SLOT + timedelta(minutes=4), expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.FOUND} and posts_to(back, TRAINING.id) == []


async def test_a_post_moved_after_a_cut_off_send_is_looked_for_where_that_send_went(
    club: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = await cut_off_after_discord(club, monkeypatch)
    # Between the crash and the restart, an admin moves the post to #general.
    await club.invoke("club reminder set", {"channel": GENERAL, "time": "09:30"})
    outcomes, back = await tick(club, LATER, expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.FOUND}
    assert len(history_reads(back)) == 1  # #training, where the cut-off send went
    assert back.to("GET", f"/channels/{GENERAL.id}/messages") == []
    assert posts_to(back, GENERAL.id) == [] and posts_to(back, TRAINING.id) == []
    record = await club.store.posts.get(GUILD_A.id, SLOT.date())
    assert record is not None and record.status is PostStatus.SENT
    assert (record.channel_id, record.message_id) == (TRAINING.id, int(message["id"]))
    status = await club.invoke("club status")  # links to the post where it is
    assert f"https://discord.com/channels/{GUILD_A.id}/{TRAINING.id}/{message['id']}" in (
        status.text
    )


async def test_a_post_moved_after_a_cut_off_send_that_made_nothing_goes_to_the_new_channel(
    club: Harness,
) -> None:
    await cut_off_before_discord(club)
    await club.invoke("club reminder set", {"channel": GENERAL, "time": "09:30"})
    outcomes, back = await tick(club, LATER, expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.SENT}
    assert len(history_reads(back)) == 1 and posts_to(back, TRAINING.id) == []
    [sent] = posts_to(back, GENERAL.id)
    assert sent["nonce"] == post_nonce(GUILD_A.id, SLOT.date())
    record = await club.store.posts.get(GUILD_A.id, SLOT.date())
    assert record is not None and record.status is PostStatus.SENT
    assert record.channel_id == GENERAL.id


async def test_a_cut_off_post_is_not_looked_for_without_read_message_history(
    club: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await cut_off_after_discord(club, monkeypatch)
    # Discord would answer this bot's read with no messages and no error.
    club.deny_bot(GUILD_A, TRAINING, discord.Permissions(read_message_history=True))
    outcomes, back = await tick(club, LATER, expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.NOTHING}
    assert back.requests == []  # neither read nor sent
    assert "the bot lacks Read Message History there" in back.log_text()
    assert "it may have gone out, so it is not sent again" in back.log_text()
    record = await club.store.posts.get(GUILD_A.id, SLOT.date())
    assert record is not None and record.status is PostStatus.UNKNOWN
    status = await club.invoke("club status", {})
    assert "it may have gone out and is not sent again" in status.text


# A database error that is no outage (here a trigger's, raised by the database itself), as the
# claim is written: the post is not sent, and the club is owed it, not stuck "in flight".
_REFUSE_CLAIMS = {
    "sqlite": [
        "CREATE TRIGGER refuse_claims BEFORE INSERT ON posts"
        " BEGIN SELECT RAISE(ABORT, 'claims refused by a test trigger'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_claims() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN RAISE EXCEPTION 'claims refused by a test trigger'; END $$",
        "CREATE TRIGGER refuse_claims BEFORE INSERT ON posts"
        " FOR EACH ROW EXECUTE FUNCTION refuse_claims()",
    ],
}


async def test_a_claim_the_database_refuses_leaves_the_post_owed_for_a_later_tick(
    club: Harness, backend: str
) -> None:
    db = club.store.db
    for statement in _REFUSE_CLAIMS[backend]:
        await db.run(statement)
    outcomes, refused = await tick(club, SLOT, expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.ERROR}
    assert posts_to(refused, TRAINING.id) == []
    assert "claims refused by a test trigger" in refused.log_text()
    assert await club.store.posts.latest(GUILD_A.id) is None  # nothing half written
    # Owed, not in flight, and not tried again at once (the scheduler would run it over and
    # over): due 30 s later, and a tick once the database takes claims again sends it.
    runner = daily_post(club).runner
    assert await runner.next_due(SLOT) == SLOT + timedelta(seconds=30)
    outcomes, paused = await tick(club, SLOT + timedelta(seconds=10))
    assert outcomes == {GUILD_A.id: Outcome.NOTHING} and paused.requests == []

    await db.run("DROP TRIGGER refuse_claims" + (" ON posts" if backend != "sqlite" else ""))
    outcomes, back = await tick(club, SLOT + timedelta(minutes=1))
    assert outcomes == {GUILD_A.id: Outcome.SENT}
    assert len(posts_to(back, TRAINING.id)) == 1


async def test_the_loop_does_not_wait_for_a_slow_channel_and_unload_cancels_it(
    club: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    cog = daily_post(club)
    # The channel answers "45 s" later: never, here.
    _, waiting = slow_channel(monkeypatch)
    club.clock.set(SLOT)
    await cog.run(SLOT)  # returns with the send still pending
    await waiting.wait()
    [pending] = cog._sending
    assert not pending.done()
    await cog.run(SLOT + timedelta(seconds=30))  # the next run is not held up either
    assert cog._sending == {pending}

    await cog.cog_unload()  # stopping: the send in flight is cancelled, nothing hangs
    assert pending.cancelled()
    assert cog._sending == set()
    record = await club.bot.store.posts.get(GUILD_A.id, SLOT.date())
    assert record is not None and record.status is PostStatus.SENDING  # later: "unknown"


def slow_channel(monkeypatch: pytest.MonkeyPatch) -> tuple[asyncio.Event, asyncio.Event]:
    """The post's channel answers when the test sets the first event; the second is set once
    the send is waiting for it."""
    answered, waiting = asyncio.Event(), asyncio.Event()
    send = DiscordPostSender.send

    async def slow(self: DiscordPostSender, *args: Any, **kwargs: Any) -> int:
        waiting.set()
        await answered.wait()
        return await send(self, *args, **kwargs)

    monkeypatch.setattr(DiscordPostSender, "send", slow)
    return answered, waiting


async def test_a_stop_waits_for_the_post_in_flight_and_records_it(
    club: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    cog = daily_post(club)
    answered, waiting = slow_channel(monkeypatch)
    club.clock.set(SLOT)
    await cog.run(SLOT)
    await waiting.wait()
    draining = asyncio.create_task(club.bot.drain(10))
    for _ in range(1000):  # let the drain settle on the send (no clock)
        await asyncio.sleep(0)
    assert not draining.done()
    assert await cog.runner.tick(SLOT + timedelta(minutes=1)) == {}  # no new tick or claim
    answered.set()  # the channel answers within drain_seconds
    await draining
    record = await club.bot.store.posts.get(GUILD_A.id, SLOT.date())
    assert record is not None and record.status is PostStatus.SENT
    [post] = [r for r in club.requests if r.path == f"/channels/{TRAINING.id}/messages"]
    assert record.message_id == int(post.response["id"])


async def test_a_stop_cuts_off_only_a_post_still_in_flight_after_drain_seconds(
    club: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    cog = daily_post(club)
    _, waiting = slow_channel(monkeypatch)  # never answers
    club.clock.set(SLOT)
    await cog.run(SLOT)
    await waiting.wait()
    async with club.capture(expect_errors=True) as cap:
        await club.bot.drain(0)
    assert "still in flight after [discord] drain_seconds = 0 are cut off" in cap.log_text()
    [pending] = cog._sending
    await cog.cog_unload()
    assert pending.cancelled()
    record = await club.bot.store.posts.get(GUILD_A.id, SLOT.date())
    assert record is not None and record.status is PostStatus.SENDING  # resent by a quick start


async def test_a_first_post_at_a_time_the_clocks_skip_says_it_was_moved(club: Harness) -> None:
    """Set on Saturday 28 March 2026 in London for 01:30, the first post is on the Sunday the
    clocks jump from 01:00 to 02:00, so it goes at 02:30 BST: the reply says why, as /canirun
    does for a time the clocks skip."""
    club.clock.set(datetime(2026, 3, 28, 12, 0, tzinfo=UTC))
    moved_to = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 02:30 BST
    reply = await club.invoke("club reminder set", {"channel": TRAINING, "time": "01:30"})
    lines = reply.embed["description"].splitlines()
    assert f"First post: {discord_ts(moved_to)} ({discord_ts(moved_to, 'R')})." in lines
    assert (
        "There was no 01:30 on Sun 29 Mar in Europe/London: the clocks jumped forward, so it was"
        f" moved to 02:30 ({discord_ts(moved_to)})."
    ) in lines
