"""Issue 22 end to end: `/club session` with the server's Discord calendar. The command goes in
as an interaction payload, discord.py sends the scheduled-event requests to the fake Discord
(which checks each body against the spec's shapes), and the session sits in a real database,
SQLite or PostgreSQL.

The club is in Europe/London. Expected instants come from the calendar: Tuesday 10 March 2026
is GMT (UTC+0), Thursday 22 October 2026 is BST (UTC+1), the clocks go back on Sunday 25
October 2026.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.discord.harness import GUILD_A, FakeClock, Harness, RecordedRequest, Result
from tests.discord.test_heads_up import add_session

EVENTS = f"/guilds/{GUILD_A.id}/scheduled-events"
LINK = f"https://discord.com/events/{GUILD_A.id}"
HILLS = {"day": "thursday", "time": "18:30", "type": "hills", "name": "Hill reps"}
LONDON = {"club": {"timezone": "Europe/London"}}


@pytest.fixture
async def club(make_harness: Callable[..., Harness]) -> AsyncIterator[Harness]:
    async with make_harness(config=LONDON) as h:
        yield h


def sent(result: Result, method: str, path: str = EVENTS) -> list[RecordedRequest]:
    return [r for r in result.requests if r.method == method and r.path.startswith(path)]


async def rows(h: Harness) -> list[tuple[Any, ...]]:
    found = await h.store.db.all(
        "SELECT place, minutes, event_id, event_state, event_start_at"
        " FROM club_sessions ORDER BY id"
    )
    return [
        (r["place"], r["minutes"], r["event_id"], r["event_state"], _moment(r["event_start_at"]))
        for r in found
    ]


def _moment(value: Any) -> datetime | None:
    # SQLite keeps unix seconds, PostgreSQL a timestamptz.
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromtimestamp(int(value), UTC)


def listing(result: Result) -> list[str]:
    return str(result.embed["description"]).splitlines()


# -- add -----------------------------------------------------------------------------------------


async def test_add_publishes_a_weekly_event_with_the_place_and_the_length(club: Harness) -> None:
    added = await club.invoke("club session add", {**HILLS, "place": "Park gates", "minutes": 75})

    [post] = sent(added, "POST")
    body = post.json
    assert body is not None
    assert (body["name"], body["entity_metadata"]) == (
        "Thu 18:30 hills · Hill reps",
        {"location": "Park gates"},
    )
    # Thursday 12 March 2026 18:30 GMT, 75 minutes.
    assert body["scheduled_start_time"] == "2026-03-12T18:30:00+00:00"
    assert body["scheduled_end_time"] == "2026-03-12T19:45:00+00:00"
    assert body["recurrence_rule"]["by_weekday"] == [3]
    assert "Hills, hard running, 75 minutes." in body["description"]
    [event] = club.fake.events.in_guild(GUILD_A.id)
    event_id = int(event["id"])
    assert f"on the server's calendar as a weekly event: {LINK}/{event_id}" in added.content
    start = datetime(2026, 3, 12, 18, 30, tzinfo=UTC)
    assert await rows(club) == [("Park gates", 75, event_id, "published", start)]


@pytest.mark.parametrize(
    ("config", "options"),
    [
        (LONDON, {"event": False}),
        ({**LONDON, "club": {**LONDON["club"], "session_events": False}}, {}),
    ],
    ids=["event-false", "session_events-false"],
)
async def test_without_event_nothing_is_published(
    make_harness: Callable[..., Harness], config: dict[str, Any], options: dict[str, Any]
) -> None:
    async with make_harness(config=config) as h:
        added = await h.invoke("club session add", {**HILLS, **options})
        assert sent(added, "POST") == [] and sent(added, "GET") == []
        assert "calendar" not in added.content
        assert await rows(h) == [(None, 60, None, None, None)]
        listed = await h.invoke("club session list")
        assert listing(listed) == ["• Thu 18:30 hills · Hill reps, 60 minutes"]


async def test_without_the_permission_the_session_is_added_and_the_permission_named(
    club: Harness,
) -> None:
    club.fake.events.deny(GUILD_A.id)
    added = await club.invoke("club session add", HILLS)
    assert [r.status for r in sent(added, "POST")] == [403]
    assert "Added to the club's week" in added.content
    assert "the bot needs the **Create Events** permission to publish it" in added.content
    assert await rows(club) == [(None, 60, None, "unpublished", None)]
    listed = await club.invoke("club session list")
    assert "not on the calendar (the bot needed **Create Events**" in listed.embed["description"]


async def test_a_discord_outage_keeps_the_session_and_says_so(club: Harness) -> None:
    club.fake.script("POST", EVENTS, 503)
    added = await club.invoke("club session add", HILLS, expect_errors=True)
    assert "Discord did not answer, so it is not on the server's calendar yet" in added.content
    assert await rows(club) == [(None, 60, None, "unpublished", None)]


@pytest.mark.parametrize(
    ("options", "complaint"),
    [
        ({"place": "x" * 101}, "`place`: at most 100 characters, please"),
        ({"place": "   "}, "`place`: 1 to 100 characters, please"),
    ],
)
async def test_a_place_discord_would_refuse_is_refused_before_any_request(
    club: Harness, options: dict[str, Any], complaint: str
) -> None:
    result = await club.invoke("club session add", {**HILLS, **options}, raw=True)
    assert complaint in result.content
    assert sent(result, "POST") == [] and await rows(club) == []


async def test_a_full_calendar_is_refused_before_anything_is_written(club: Harness) -> None:
    for n in range(100):
        club.fake.events.events[10_000 + n] = {
            **{"id": str(10_000 + n), "guild_id": str(GUILD_A.id), "status": 1},
            **{"name": f"e{n}", "scheduled_start_time": "2026-04-01T10:00:00+00:00"},
            **{"scheduled_end_time": "2026-04-01T11:00:00+00:00", "recurrence_rule": None},
        }
    result = await club.invoke("club session add", HILLS)
    assert "already has 100 scheduled events, Discord's limit" in result.content
    assert sent(result, "POST") == [] and await rows(club) == []


# -- remove, hand edits, the list ----------------------------------------------------------------


async def test_remove_deletes_the_event(club: Harness) -> None:
    await club.invoke("club session add", HILLS)
    [event] = club.fake.events.in_guild(GUILD_A.id)
    removed = await club.invoke("club session remove", {"session": "1"})
    assert [r.status for r in sent(removed, "DELETE")] == [204]
    assert sent(removed, "DELETE")[0].path == f"{EVENTS}/{event['id']}"
    assert "Its event was deleted from the server's calendar." in removed.content
    assert club.fake.events.in_guild(GUILD_A.id) == [] and await rows(club) == []


async def test_an_event_deleted_by_hand_is_noticed_and_left_alone(
    make_harness: Callable[..., Harness],
) -> None:
    async with make_harness(config=LONDON) as first:
        await first.invoke("club session add", HILLS)
        [event] = first.fake.events.in_guild(GUILD_A.id)
        first.fake.events.delete_by_hand(int(event["id"]))
    async with make_harness(config=LONDON) as second:  # a restart: the same database
        listed = await second.invoke("club session list")
        assert [r.status for r in sent(listed, "GET", f"{EVENTS}/")] == [404]
        assert listing(listed) == [
            "• Thu 18:30 hills · Hill reps, 60 minutes · its event was deleted in Discord;"
            " the bot leaves it so"
        ]
        assert await rows(second) == [(None, 60, None, "deleted", None)]
        # Never recreated, never read again.
        again = await second.invoke("club session list")
        assert sent(again, "GET") == [] and sent(again, "POST") == []
        removed = await second.invoke("club session remove", {"session": "1"})
        assert sent(removed, "DELETE") == []


async def test_an_event_edited_by_hand_is_noticed_and_never_changed_back(club: Harness) -> None:
    await club.invoke("club session add", HILLS)
    [event] = club.fake.events.in_guild(GUILD_A.id)
    event_id = int(event["id"])
    club.fake.events.edit_by_hand(event_id, scheduled_start_time="2026-03-12T19:00:00+00:00")
    listed = await club.invoke("club session list")
    assert listing(listed) == [
        f"• Thu 18:30 hills · Hill reps, 60 minutes · [its event]({LINK}/{event_id}) was edited"
        " in Discord; the bot leaves it as it is"
    ]
    assert sent(listed, "PATCH") == []
    removed = await club.invoke("club session remove", {"session": "1"})
    assert sent(removed, "DELETE") == []
    assert "edited by hand in Discord, so the bot left it" in removed.content
    assert [e["scheduled_start_time"] for e in club.fake.events.in_guild(GUILD_A.id)] == [
        "2026-03-12T19:00:00+00:00"
    ]


async def test_an_event_edited_by_hand_and_not_listed_since_is_not_deleted_by_remove(
    club: Harness,
) -> None:
    await club.invoke("club session add", HILLS)
    [event] = club.fake.events.in_guild(GUILD_A.id)
    club.fake.events.edit_by_hand(
        int(event["id"]), scheduled_start_time="2026-03-12T19:00:00+00:00"
    )
    # No /club session list in between: the remove itself reads the event first.
    removed = await club.invoke("club session remove", {"session": "1"})
    assert sent(removed, "DELETE") == []
    assert "edited by hand in Discord, so the bot left it" in removed.content
    assert [e["scheduled_start_time"] for e in club.fake.events.in_guild(GUILD_A.id)] == [
        "2026-03-12T19:00:00+00:00"
    ]


async def test_removing_a_session_whose_event_was_deleted_by_hand_says_so(club: Harness) -> None:
    await club.invoke("club session add", HILLS)
    [event] = club.fake.events.in_guild(GUILD_A.id)
    club.fake.events.delete_by_hand(int(event["id"]))
    removed = await club.invoke("club session remove", {"session": "1"})
    assert sent(removed, "DELETE") == []
    assert "Its event had already been deleted in Discord." in removed.content


async def test_an_event_cancelled_by_hand_counts_as_edited_by_hand(club: Harness) -> None:
    await club.invoke("club session add", HILLS)
    [event] = club.fake.events.in_guild(GUILD_A.id)
    club.fake.events.edit_by_hand(int(event["id"]), status=4)
    listed = await club.invoke("club session list")
    assert "was edited in Discord; the bot leaves it as it is" in listed.embed["description"]
    assert [row[3] for row in await rows(club)] == ["edited"]


async def test_the_list_shows_the_link_and_the_members_interested_in_the_next_session(
    club: Harness,
) -> None:
    """Counted as the daily post counts them: Discord's own count (5 here) holds the bot,
    which Discord subscribes to the event it created, and 104, who left the server; and it
    knows nothing of 103's "not this week" or 105's "this week only"."""
    await club.invoke("club session add", HILLS)
    [event] = club.fake.events.in_guild(GUILD_A.id)
    event_id = int(event["id"])
    club.fake.events.mark_interested(event_id, 101, 102, 103, 104)
    club.fake.events.leave_server(GUILD_A.id, 104)
    start = datetime.fromisoformat(event["scheduled_start_time"])
    club.fake.events.answer_occurrence(event_id, start, 103, interested=False)
    club.fake.events.answer_occurrence(event_id, start, 105, interested=True)
    listed = await club.invoke("club session list")
    assert listing(listed) == [
        f"• Thu 18:30 hills · Hill reps, 60 minutes · [on the calendar]({LINK}/{event_id})"
        ", 3 interested"
    ]
    read, users = sent(listed, "GET")
    assert read.params == {"with_user_count": "true"}
    assert users.path == f"{EVENTS}/{event_id}/users"
    assert users.params == {"limit": "100", "with_member": "true", "after": "0"}


async def test_a_list_whose_interested_users_cannot_be_read_shows_the_link_without_a_count(
    club: Harness,
) -> None:
    await club.invoke("club session add", HILLS)
    [event] = club.fake.events.in_guild(GUILD_A.id)
    club.fake.events.mark_interested(int(event["id"]), 101)
    club.fake.lose_answer("GET", f"{EVENTS}/{event['id']}/users", made=False)
    listed = await club.invoke("club session list")
    assert listing(listed) == [
        f"• Thu 18:30 hills · Hill reps, 60 minutes · [on the calendar]({LINK}/{event['id']})"
    ]


async def test_the_event_moves_to_18_30_local_when_the_clocks_go_back(
    club: Harness, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 10, 20, 9, 0, tzinfo=UTC))
    await club.invoke("club session add", HILLS)
    [event] = club.fake.events.in_guild(GUILD_A.id)
    assert event["scheduled_start_time"] == "2026-10-22T17:30:00+00:00"  # 18:30 BST
    # Discord moves a recurring event on by 7 x 24 h after each occurrence, in UTC.
    club.fake.events.edit_by_hand(
        int(event["id"]),
        scheduled_start_time="2026-10-29T17:30:00+00:00",
        scheduled_end_time="2026-10-29T18:30:00+00:00",
    )
    clock.set(datetime(2026, 10, 26, 9, 0, tzinfo=UTC))  # after the change
    listed = await club.invoke("club session list")
    [patch] = sent(listed, "PATCH")
    assert patch.json is not None
    assert patch.json["scheduled_start_time"] == "2026-10-29T18:30:00+00:00"  # 18:30 GMT
    assert patch.json["recurrence_rule"]["start"] == "2026-10-29T18:30:00+00:00"
    start = datetime(2026, 10, 29, 18, 30, tzinfo=UTC)
    assert await rows(club) == [(None, 60, int(event["id"]), "published", start)]
    # From then on it agrees with the club's clock: nothing more to send.
    assert sent(await club.invoke("club session list"), "PATCH") == []


async def test_an_event_edited_then_deleted_in_discord_is_noticed_as_deleted(
    make_harness: Callable[..., Harness],
) -> None:
    # README: an event deleted in Discord is noticed when the list reads it, and the remove
    # reads the event first. One an admin edited and then deleted is gone: the list must not
    # keep linking to it as "edited", nor the remove tell the admin to delete it there.
    async with make_harness(config=LONDON) as club:
        event_id = await add_session(club, HILLS)
        club.fake.events.edit_by_hand(event_id, name="Hills, moved to the park")
        edited = await club.invoke("club session list")
        assert "was edited in Discord" in edited.embed["description"]
        club.fake.events.delete_by_hand(event_id)

        listed = await club.invoke("club session list")
        assert "its event was deleted in Discord" in listed.embed["description"]
        removed = await club.invoke("club session remove", {"session": "1"})
        assert "Its event had already been deleted in Discord." in removed.content


def everything_read(result: Result) -> str:
    """Every text of every message the bot sent for the interaction."""
    parts = []
    for message in result.messages:
        parts.append(str(message.get("content") or ""))
        for embed in message.get("embeds") or []:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields") or []]
    return "\n".join(parts)


async def test_the_session_list_shows_every_session_of_a_full_week(
    make_harness: Callable[..., Harness],
) -> None:
    # A club at the cap of 25 weekly sessions, each published, with a name and a place well
    # inside their limits (50 and 100 characters). README: `/club session list` is "the club's
    # week, Monday first: each session's length and place, and its event".
    days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    async with make_harness(config={"club": {"timezone": "Europe/London"}}) as h:
        for n in range(25):
            added = await h.invoke(
                "club session add",
                {
                    "day": days[n % 7],
                    "time": f"{6 + n // 7 * 4:02d}:{n:02d}",
                    "type": "tempo",
                    "name": f"Session number {n:02d} with friends",
                    "place": f"Riverside park gate {n:02d}, north",
                },
            )
            assert "on the server's calendar" in added.text
        listed = everything_read(await h.invoke("club session list"))
        for n in range(25):
            assert f"Session number {n:02d} with friends" in listed, n
            assert f"Riverside park gate {n:02d}, north" in listed, n
        assert "more" not in listed


async def test_a_session_added_before_the_daily_post_is_on_says_when_it_will_show(
    club: Harness,
) -> None:
    # A new club's admin adds the week before turning the post on: "It shows in the daily post
    # on its day" promised a post that does not exist yet.
    before = await club.invoke("club session add", HILLS)
    assert (
        "It will show in the daily post on its day once the post is on (`/club reminder set`)."
        in before.content
    )
    assert "It shows in the daily post" not in before.content
    await club.invoke(
        "club reminder set", {"channel": GUILD_A.channel_named("training"), "time": "07:00"}
    )
    after = await club.invoke("club session add", {**HILLS, "day": "tuesday"})
    assert "It shows in the daily post on its day." in after.content
    assert "once the post is on" not in after.content
