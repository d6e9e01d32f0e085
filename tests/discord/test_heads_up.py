"""Issue 22's heads-ups end to end: a session published as an event, members pressing
"Interested" in the fake Discord, the timers' loop at chosen minutes reading the interested
list (GET .../users, paged) through discord.py's HTTP client and sending the DMs; a real
database underneath, SQLite or PostgreSQL.

Expected instants, worked by hand from docs/advice-rules.md (W = 48 hours): the club is in
Europe/London, on GMT (UTC+0) in March 2026. A session on Thursdays at 18:30, added on
Tuesday 10 March, first starts Thursday 12 March 18:30 UTC; `session_heads_up_hours` 3 puts its
heads-up at 15:30 UTC. A hard leg day on Wednesday 11 March 20:00:00 makes any HIGH run
before Friday 13 March 20:00 a WAIT (rule 1; 20:00:00 is a whole minute, no rounding), so the
18:30 hills are a WAIT; for a beginner it makes the MODERATE steady run an EASY-ONLY (rule 3)
until the same Friday 20:00, and for an intermediate member a GO (rule 4).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.discord.cogs.reminders import Reminders
from tests.discord.harness import ALICE, BOB, GUILD_A, FakeClock, Harness, discord_ts
from tests.discord.harness.fake_events import FakeEvents
from tests.discord.harness.payloads import BOT_USER, dm_channel_id

LONDON = {"club": {"timezone": "Europe/London"}}
HILLS = {"day": "thursday", "time": "18:30", "type": "hills"}
STEADY = {"day": "thursday", "time": "18:30", "type": "steady"}
LINK = f"https://discord.com/events/{GUILD_A.id}"
LEG_DAY = datetime(2026, 3, 11, 20, 0, tzinfo=UTC)
START = datetime(2026, 3, 12, 18, 30, tzinfo=UTC)
HEADS_UP = datetime(2026, 3, 12, 15, 30, tzinfo=UTC)
CLEAR = datetime(2026, 3, 13, 20, 0, tzinfo=UTC)
M = timedelta(minutes=1)


async def fire(h: Harness, *, expect_errors: bool = False) -> Any:
    """One wake-up of the timers' loop at the fake clock's now."""
    cog = h.bot.get_cog("Reminders")
    assert isinstance(cog, Reminders)
    async with h.capture(expect_errors=expect_errors) as cap:
        await cog.run(h.clock.now())
    return cap


def dms_to(cap: Any) -> dict[int, list[dict[str, Any]]]:
    """The DMs sent, by recipient (a look after a crash opens a DM channel too, and sends
    nothing)."""
    recipients = {f"/channels/{dm_channel_id(user.id)}/messages": user.id for user in (ALICE, BOB)}
    found: dict[int, list[dict[str, Any]]] = {}
    for r in cap.requests:
        if r.method == "POST" and r.path.startswith("/channels/9") and r.status == 200:
            found.setdefault(recipients[r.path], []).append(r.json)
    return found


def user_reads(cap: Any) -> list[dict[str, str]]:
    return [r.params for r in cap.requests if r.method == "GET" and r.path.endswith("/users")]


async def hard_leg_day(h: Harness, clock: FakeClock, user: Any) -> None:
    back = clock.now()
    clock.set(LEG_DAY)
    await h.invoke("legday", {"exercises": 4}, user=user)
    clock.set(back)


async def add_session(h: Harness, options: dict[str, str]) -> int:
    await h.invoke("club session add", options)
    [event] = h.fake.events.in_guild(GUILD_A.id)
    return int(event["id"])


def carry_calendar(old: FakeEvents, new: FakeEvents) -> None:
    """Discord keeps its events across the bot's restart; each harness has its own fake."""
    new.events.update(old.events)
    new.interested.update(old.interested)


@pytest.fixture
async def club(make_harness: Callable[..., Harness]) -> Any:
    async with make_harness(config=LONDON) as h:
        yield h


async def test_a_wait_gets_one_heads_up_at_the_minute_and_a_go_gets_none(
    club: Harness, clock: FakeClock
) -> None:
    event_id = await add_session(club, HILLS)
    await hard_leg_day(club, clock, ALICE)
    club.fake.events.mark_interested(event_id, ALICE.id, BOB.id)  # Bob: no leg day, a GO

    clock.set(HEADS_UP - M)
    early = await fire(club)
    assert dms_to(early) == {} and user_reads(early) == []
    clock.set(HEADS_UP)
    cap = await fire(club)
    assert user_reads(cap) == [{"limit": "100", "with_member": "true", "after": "0"}]
    [dm] = dms_to(cap)[ALICE.id]
    assert set(dms_to(cap)) == {ALICE.id}
    embed = dm["embeds"][0]
    assert embed["title"].startswith("Heads-up · WAIT")
    assert f"Thu 18:30 hills, {discord_ts(START)}" in embed["description"]
    assert f"{LINK}/{event_id}" in embed["description"]
    assert f"Hard running OK from {discord_ts(CLEAR)}" in embed["description"]
    # /canirun's alternative and button, as for a WAIT asked there.
    assert any(f["name"] == "Instead" for f in embed["fields"])
    labels = [b["label"] for row in dm["components"] for b in row["components"]]
    assert labels == ["Remind me when I'm clear"]
    assert dm["allowed_mentions"] == {"parse": []}

    for minutes in (5, 10, 60):  # the re-reads until the start: nobody is told twice
        clock.set(HEADS_UP + minutes * M)
        again = await fire(club)
        assert len(user_reads(again)) == 1 and dms_to(again) == {}


async def test_a_list_of_users_answered_null_reads_as_nobody(
    club: Harness, clock: FakeClock
) -> None:
    # Discord's spec: the event's users are an array "or null". The read took null for a list
    # and failed, each heads-up read and `/club session list` logging a TypeError.
    event_id = await add_session(club, HILLS)
    await hard_leg_day(club, clock, ALICE)
    club.fake.events.unmark_interested(event_id, BOT_USER.id)
    club.fake.events.empty_users_null = True

    listed = await club.invoke("club session list")
    assert ", 0 interested" in listed.embed["description"], listed.embed
    clock.set(HEADS_UP)
    cap = await fire(club)
    assert len(user_reads(cap)) == 1 and dms_to(cap) == {}
    club.fake.events.mark_interested(event_id, ALICE.id)
    clock.set(HEADS_UP + 5 * M)
    assert set(dms_to(await fire(club))) == {ALICE.id}


async def test_easy_only_gets_a_heads_up_with_the_time_it_changes(
    club: Harness, clock: FakeClock
) -> None:
    event_id = await add_session(club, STEADY)
    await club.invoke("profile", {"experience": "beginner"}, user=BOB)
    await hard_leg_day(club, clock, BOB)
    await hard_leg_day(club, clock, ALICE)  # intermediate: the steady run is a GO for her
    club.fake.events.mark_interested(event_id, ALICE.id, BOB.id)

    clock.set(HEADS_UP)
    cap = await fire(club)
    assert set(dms_to(cap)) == {BOB.id}
    [dm] = dms_to(cap)[BOB.id]
    embed = dm["embeds"][0]
    assert embed["title"].startswith("Heads-up · EASY-ONLY")
    assert f"Full effort OK from {discord_ts(CLEAR)}" in embed["description"]
    assert dm.get("components", []) == []  # no reminder button: that is for a WAIT


async def test_a_member_who_opted_in_hears_a_go_and_one_who_opted_out_hears_nothing(
    club: Harness, clock: FakeClock
) -> None:
    event_id = await add_session(club, HILLS)
    chose = await club.invoke("profile", {"heads_up": "all"}, user=BOB)
    assert {f["name"]: f["value"] for f in chose.embed["fields"]}["Heads-up before sessions"] == (
        "all"
    )
    await club.invoke("profile", {"heads_up": "off"})
    await hard_leg_day(club, clock, ALICE)  # a WAIT, but she turned heads-ups off
    club.fake.events.mark_interested(event_id, ALICE.id, BOB.id)

    clock.set(HEADS_UP)
    cap = await fire(club)
    assert set(dms_to(cap)) == {BOB.id}
    assert dms_to(cap)[BOB.id][0]["embeds"][0]["title"].startswith("Heads-up · GO")


async def test_a_late_interested_is_told_at_the_next_read_before_the_start(
    club: Harness, clock: FakeClock
) -> None:
    event_id = await add_session(club, HILLS)
    await hard_leg_day(club, clock, ALICE)
    clock.set(HEADS_UP)
    assert dms_to(await fire(club)) == {}  # nobody interested yet

    clock.set(HEADS_UP + 2 * M)
    club.fake.events.mark_interested(event_id, ALICE.id)
    clock.set(HEADS_UP + 5 * M - timedelta(seconds=1))
    assert dms_to(await fire(club)) == {}  # the next read is at 15:35
    clock.set(HEADS_UP + 5 * M)
    assert len(dms_to(await fire(club))[ALICE.id]) == 1
    clock.set(START - 5 * M)
    assert dms_to(await fire(club)) == {}


async def test_the_heads_up_is_sent_once_across_restarts(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    async with make_harness(config=LONDON) as first:
        event_id = await add_session(first, HILLS)
        await hard_leg_day(first, clock, ALICE)
        first.fake.events.mark_interested(event_id, ALICE.id)
        calendar = first.fake.events
    clock.set(HEADS_UP)
    async with make_harness(config=LONDON) as second:  # restarted: the same database
        carry_calendar(calendar, second.fake.events)
        assert len(dms_to(await fire(second))[ALICE.id]) == 1
        calendar = second.fake.events
    clock.set(HEADS_UP + 5 * M)
    async with make_harness(config=LONDON) as third:
        carry_calendar(calendar, third.fake.events)
        cap = await fire(third)
        assert len(user_reads(cap)) == 1 and dms_to(cap) == {}


async def test_a_member_on_the_second_page_of_interested_users_is_told(
    club: Harness, clock: FakeClock
) -> None:
    event_id = await add_session(club, HILLS)
    await hard_leg_day(club, clock, ALICE)
    # 150 others with lower ids than Alice's: she is on the second page.
    club.fake.events.mark_interested(event_id, *range(1, 151), ALICE.id)
    clock.set(HEADS_UP)
    cap = await fire(club)
    # The second page reads the first's last member again: their answers may go on there.
    assert [p["after"] for p in user_reads(cap)] == ["0", "99"]
    assert set(dms_to(cap)) == {ALICE.id}


async def test_removing_the_session_stops_its_heads_ups(club: Harness, clock: FakeClock) -> None:
    event_id = await add_session(club, HILLS)
    await hard_leg_day(club, clock, ALICE)
    club.fake.events.mark_interested(event_id, ALICE.id)
    await club.invoke("club session remove", {"session": "1"})
    clock.set(HEADS_UP)
    cap = await fire(club)
    assert user_reads(cap) == [] and dms_to(cap) == {}


async def test_closed_dms_leave_a_notice_and_are_not_retried(
    club: Harness, clock: FakeClock
) -> None:
    event_id = await add_session(club, HILLS)
    await hard_leg_day(club, clock, ALICE)
    club.fake.events.mark_interested(event_id, ALICE.id)
    club.fake.closed_dms.add(ALICE.id)
    clock.set(HEADS_UP)
    refused = await fire(club)
    assert [r.status for r in refused.requests if r.path.startswith("/channels/9")] == [403]
    clock.set(HEADS_UP + 5 * M)
    cap = await fire(club)
    assert len(user_reads(cap)) == 1
    assert [r for r in cap.requests if r.path.startswith("/channels/9")] == []  # not retried
    said = await club.invoke("remind list")
    [notice] = [r for r in said.requests if r.method == "POST" and "/webhooks/" in r.path]
    assert notice.json["content"].startswith("I couldn't DM you:")
    assert "your heads-up for Thu 18:30 hills" in notice.json["content"]


async def test_a_session_published_without_reads_gets_them_after_a_restart(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    async with make_harness(config=LONDON) as first:
        event_id = await add_session(first, HILLS)
        await hard_leg_day(first, clock, ALICE)
        first.fake.events.mark_interested(event_id, ALICE.id)
        # As a session published before heads-ups existed: no read stored.
        assert await first.store.heads_ups.cancel(GUILD_A.id, 1, now=clock.now()) == 1
        calendar = first.fake.events
    async with make_harness(config=LONDON) as second:
        carry_calendar(calendar, second.fake.events)
        assert dms_to(await fire(second)) == {}  # the first wake-up stores the read
        clock.set(HEADS_UP)
        assert len(dms_to(await fire(second))[ALICE.id]) == 1


async def test_an_event_deleted_in_discord_ends_the_reads(club: Harness, clock: FakeClock) -> None:
    event_id = await add_session(club, HILLS)
    club.fake.events.delete_by_hand(event_id)
    clock.set(HEADS_UP)
    gone = await fire(club)
    # The read looks at the event first (a cancelled one tells nobody): a 404 there.
    assert [r.status for r in gone.requests if r.path.endswith(f"/{event_id}")] == [404]
    assert user_reads(gone) == []
    listed = await club.invoke("club session list")
    assert "its event was deleted in Discord" in listed.embed["description"]
    clock.set(HEADS_UP + 5 * M)
    assert user_reads(await fire(club)) == []


async def test_an_unknown_heads_up_choice_is_refused_saying_what_is_allowed(club: Harness) -> None:
    refused = await club.invoke("profile", {"heads_up": "sometimes"}, raw=True)
    assert refused.ephemeral
    assert "choose 'all', 'not-go' or 'off'" in refused.content
    profile = await club.invoke("profile")
    assert {f["name"]: f["value"] for f in profile.embed["fields"]}[
        "Heads-up before sessions"
    ] == "not-go"


async def test_heads_up_dms_wait_their_turn_in_the_send_budget(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    per_second = 4
    config = {**LONDON, "discord": {"requests_per_second": per_second}}
    async with make_harness(config=config) as h:
        event_id = await add_session(h, HILLS)
        for user in (ALICE, BOB):
            await hard_leg_day(h, clock, user)
        h.fake.events.mark_interested(event_id, ALICE.id, BOB.id)
        clock.set(HEADS_UP)
        start = len(h.requests)
        await fire(h)
        sent = [(r.method, r.path, r.released_at) for r in h.requests[start:]]
    # The read of the event and of its interested list, then per DM an open and a send: each
    # let go by the budget, one every 1/per_second s (the reads are Discord's global limit's
    # too, and a post's minute can hold thousands of them).
    event = f"/guilds/{GUILD_A.id}/scheduled-events/{event_id}"
    assert [(method, path) for method, path, _ in sent[:2]] == [
        ("GET", event),
        ("GET", f"{event}/users"),
    ]
    assert [released for *_, released in sent] == [
        HEADS_UP.timestamp() + k / per_second for k in range(6)
    ]


async def test_a_soreness_from_the_check_in_is_named_as_canirun_names_it(
    club: Harness, clock: FakeClock
) -> None:
    # Monday 7 December, London: Bob, interested in a steady run at 18:30, answers his 09:00
    # check-in with 5; his heads-up at 15:30 says where the soreness came from, as /canirun.
    clock.set(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    event_id = await add_session(club, {"day": "monday", "time": "18:30", "type": "steady"})
    club.fake.events.mark_interested(event_id, BOB.id)
    await club.invoke("checkin", {"time": "09:00"}, user=BOB)

    clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    [checkin] = dms_to(await fire(club))[BOB.id]
    sent = next(r.response for r in club.requests if r.json is not None and r.json == checkin)
    [five] = [b for row in sent["components"] for b in row["components"] if b["label"] == "5"]
    assert "soreness 5" in (await club.click_dm(sent, five["custom_id"], user=BOB)).content

    clock.set(datetime(2026, 12, 7, 15, 30, tzinfo=UTC))
    [dm] = dms_to(await fire(club))[BOB.id]
    asked = await club.invoke("canirun", {"type": "steady", "when": "today 18:30"}, user=BOB)

    said = "Using your 09:00 check-in: 5."
    assert asked.embed["title"].startswith("EASY-ONLY") and said in asked.embed["description"]
    assert dm["embeds"][0]["title"] == f"Heads-up · {asked.embed['title']}"
    assert said in dm["embeds"][0]["description"]


async def test_the_sessions_length_is_judged_as_canirun_minutes_judges_it(
    club: Harness, clock: FakeClock
) -> None:
    # Monday 7 December, London: Bob answers his 09:00 check-in with 5 and is interested in two
    # easy sessions, 45 minutes at 18:30 and 30 at 19:30. advice-rules.md, rule 2: soreness 4
    # or more makes an easy run longer than 30 minutes EASY-ONLY; 30 minutes is rule 4's GO.
    # So the 18:30 session gets a heads-up (Bob left heads-ups at not-go) and the 19:30 none.
    clock.set(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    ids: dict[str, int] = {}
    for start, minutes in (("18:30", 45), ("19:30", 30)):
        options = {"day": "monday", "time": start, "type": "easy", "minutes": minutes}
        await club.invoke("club session add", options)
        [ids[start]] = {int(e["id"]) for e in club.fake.events.in_guild(GUILD_A.id)} - set(
            ids.values()
        )
        club.fake.events.mark_interested(ids[start], BOB.id)
    await club.invoke("checkin", {"time": "09:00"}, user=BOB)
    clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    [checkin] = dms_to(await fire(club))[BOB.id]
    sent = next(r.response for r in club.requests if r.json is not None and r.json == checkin)
    [five] = [b for row in sent["components"] for b in row["components"] if b["label"] == "5"]
    await club.click_dm(sent, five["custom_id"], user=BOB)

    clock.set(datetime(2026, 12, 7, 15, 30, tzinfo=UTC))
    [dm] = dms_to(await fire(club))[BOB.id]
    asked = await club.invoke(
        "canirun", {"type": "easy", "when": "today 18:30", "minutes": 45}, user=BOB
    )
    clock.set(datetime(2026, 12, 7, 16, 30, tzinfo=UTC))
    assert dms_to(await fire(club)) == {}
    shorter = await club.invoke(
        "canirun", {"type": "easy", "when": "today 19:30", "minutes": 30}, user=BOB
    )

    assert dm["embeds"][0]["title"] == "Heads-up · EASY-ONLY: keep it short and easy"
    assert asked.embed["title"] == "EASY-ONLY: keep it short and easy"
    assert "**Easy run, 45 min** at" in dm["embeds"][0]["description"]
    assert asked.embed["description"] in dm["embeds"][0]["description"]
    assert shorter.embed["title"].startswith("GO")


async def test_a_session_added_after_one_removed_gets_its_own_heads_up(
    club: Harness, clock: FakeClock
) -> None:
    # Monday 7 December, London: Alice (hard leg day at 08:00) hears about Monday's hills at
    # 15:30; the admin swaps them for Tuesday's tempo, and Alice, still WAIT for it, hears
    # about that too: the new session does not inherit the removed one's heads-up.
    clock.set(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    hills = await add_session(club, {"day": "monday", "time": "18:30", "type": "hills"})
    club.fake.events.mark_interested(hills, ALICE.id)
    await club.invoke("legday", {"exercises": 4})

    clock.set(datetime(2026, 12, 7, 15, 30, tzinfo=UTC))
    [told] = dms_to(await fire(club))[ALICE.id]
    assert told["embeds"][0]["title"].startswith("Heads-up · WAIT")

    clock.set(datetime(2026, 12, 7, 19, 0, tzinfo=UTC))
    await club.invoke("club session remove", {"session": "1"})
    tempo = await add_session(club, {"day": "tuesday", "time": "18:30", "type": "tempo"})
    club.fake.events.mark_interested(tempo, ALICE.id)

    clock.set(datetime(2026, 12, 8, 15, 30, tzinfo=UTC))
    [dm] = dms_to(await fire(club))[ALICE.id]
    assert dm["embeds"][0]["title"] == "Heads-up · WAIT: not a hard run yet"
    assert "Tue 18:30 tempo" in dm["embeds"][0]["description"]


# Discord's GuildScheduledEventStatuses CANCELED.
CANCELED = 4


@pytest.mark.parametrize("listed", [False, True], ids=["not-listed", "listed"])
async def test_an_event_cancelled_in_discord_sends_no_heads_up(
    make_harness: Callable[..., Harness], clock: FakeClock, listed: bool
) -> None:
    # An admin who cancels the session's event has called it off on the server's calendar:
    # members who pressed "Interested" must not be told about it as if it were on.
    async with make_harness(config=LONDON) as club:
        event_id = await add_session(club, HILLS)
        await hard_leg_day(club, clock, ALICE)  # a WAIT: a heads-up would go out
        club.fake.events.mark_interested(event_id, ALICE.id)
        club.fake.events.edit_by_hand(event_id, status=CANCELED)
        if listed:
            shown = await club.invoke("club session list")
            assert "was edited in Discord" in shown.embed["description"]
        clock.set(HEADS_UP)
        cap = await fire(club)
        assert dms_to(cap) == {}
