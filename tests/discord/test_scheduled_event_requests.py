"""bot/discord/scheduled_events.py through discord.py's real HTTPClient and the fake Discord:
the bodies it sends (checked against the spec's shapes by the fake), the state Discord keeps,
paging the interested users past 100, and Discord's refusals. Also the three shortfalls of
discord.py 2.7 that the module works around, so that a release fixing one fails here and the
workaround can go.

No storage is involved: these run on the SQLite harness only.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import discord
import pytest

from bot.actions.send_errors import TemporaryFailure
from bot.core.clubpost import ClubSession, Weekday
from bot.core.models import RunType
from bot.core.session_events import (
    EventGone,
    EventsForbidden,
    PublishedEvent,
    SessionEvent,
    session_event,
)
from bot.discord import scheduled_events as api
from tests.discord.harness import (
    BOT_USER,
    GUILD_A,
    GUILD_B,
    FakeClock,
    Harness,
    RecordedRequest,
)

pytestmark = pytest.mark.sqlite_only

LONDON = ZoneInfo("Europe/London")
HILLS = ClubSession(weekday=Weekday.THURSDAY, start=time(18, 30), run_type=RunType.HILLS)
EVENTS_PATH = f"/guilds/{GUILD_A.id}/scheduled-events"
# The first occurrence of `hills` published at DEFAULT_START, and the next.
FIRST = datetime(2026, 3, 12, 18, 30, tzinfo=UTC)
SECOND = FIRST + timedelta(days=7)


def hills(clock: FakeClock, **kw: object) -> SessionEvent:
    session = HILLS.model_copy(update={"place": "Park gates", "minutes": 60, **kw})
    return session_event(session, timezone=LONDON, now=clock.now())


def keeps(published: PublishedEvent, event: SessionEvent) -> bool:
    """Whether Discord's copy still says what the bot sent: name, place and times."""
    return (published.name, published.location, published.start, published.end) == (
        event.name,
        event.location,
        event.start,
        event.end,
    )


def sent(h: Harness, method: str, path: str) -> list[RecordedRequest]:
    return [r for r in h.requests if r.method == method and r.path == path]


async def test_create_sends_a_weekly_external_event_and_discord_keeps_it(
    harness: Harness, clock: FakeClock
) -> None:
    event = hills(clock)
    event_id = await api.create_event(harness.bot.http, GUILD_A.id, event)

    [request] = sent(harness, "POST", EVENTS_PATH)
    # DEFAULT_START is Tuesday 10 March 2026, GMT: Thursday 12 March 18:30 is 18:30 UTC.
    assert request.json == {
        "name": "Thu 18:30 hills",
        "description": event.description,
        "privacy_level": 2,
        "entity_type": 3,
        "entity_metadata": {"location": "Park gates"},
        "scheduled_start_time": "2026-03-12T18:30:00+00:00",
        "scheduled_end_time": "2026-03-12T19:30:00+00:00",
        "recurrence_rule": {
            "start": "2026-03-12T18:30:00+00:00",
            "frequency": 2,
            "interval": 1,
            "by_weekday": [3],
        },
    }
    assert request.status == 200
    published = await api.get_event(harness.bot.http, GUILD_A.id, event_id)
    assert published.id == event_id
    assert published.start == datetime(2026, 3, 12, 18, 30, tzinfo=UTC)
    assert published.rule_start == published.start
    # Discord's count holds the bot: it subscribes an event's creator to it.
    assert keeps(published, event) and published.interested == 1
    assert await api.count_events(harness.bot.http, GUILD_A.id) == 1
    assert await api.count_events(harness.bot.http, GUILD_B.id) == 0


async def test_a_move_changes_only_the_times_and_delete_removes_it(
    harness: Harness, clock: FakeClock
) -> None:
    http = harness.bot.http
    event_id = await api.create_event(http, GUILD_A.id, hills(clock))
    harness.fake.events.edit_by_hand(event_id, description="Bring a head torch!")
    clock.advance(timedelta(days=7))
    later = hills(clock)  # Thursday 19 March 18:30 UTC
    moved = await api.move_event(http, GUILD_A.id, event_id, later)
    [patch] = sent(harness, "PATCH", f"{EVENTS_PATH}/{event_id}")
    assert patch.json == {
        "scheduled_start_time": "2026-03-19T18:30:00+00:00",
        "scheduled_end_time": "2026-03-19T19:30:00+00:00",
        "recurrence_rule": {
            "start": "2026-03-19T18:30:00+00:00",
            "frequency": 2,
            "interval": 1,
            "by_weekday": [3],
        },
    }
    assert keeps(moved, later)
    [kept] = harness.fake.events.in_guild(GUILD_A.id)
    assert kept["description"] == "Bring a head torch!"

    await api.delete_event(http, GUILD_A.id, event_id)
    assert harness.fake.events.in_guild(GUILD_A.id) == []
    with pytest.raises(EventGone):
        await api.get_event(http, GUILD_A.id, event_id)
    [gone] = [r for r in sent(harness, "GET", f"{EVENTS_PATH}/{event_id}") if r.status == 404]
    assert gone.response == {"message": "Unknown Guild Scheduled Event", "code": 10070}
    # Deleting what is already gone (an admin was quicker) is not an error.
    await api.delete_event(http, GUILD_A.id, event_id)


async def test_an_event_deleted_by_hand_is_gone_and_one_edited_by_hand_no_longer_matches(
    harness: Harness, clock: FakeClock
) -> None:
    http = harness.bot.http
    event = hills(clock)
    kept = await api.create_event(http, GUILD_A.id, event)
    dropped = await api.create_event(http, GUILD_A.id, hills(clock, name="Other"))
    harness.fake.events.delete_by_hand(dropped)
    harness.fake.events.edit_by_hand(kept, scheduled_start_time="2026-03-12T19:00:00+00:00")
    with pytest.raises(EventGone):
        await api.get_event(http, GUILD_A.id, dropped)
    assert not keeps(await api.get_event(http, GUILD_A.id, kept), event)


async def test_interested_users_are_paged_after_the_last_member_a_page_holds_whole(
    harness: Harness, clock: FakeClock
) -> None:
    # A full page's highest id may have answers that go on in the next page: read again.
    http = harness.bot.http
    event_id = await api.create_event(http, GUILD_A.id, hills(clock))
    members = [10**17 + 7 * n for n in range(250)]
    harness.fake.events.mark_interested(event_id, *reversed(members))

    assert await api.interested_user_ids(http, GUILD_A.id, event_id, FIRST) == members

    pages = sent(harness, "GET", f"{EVENTS_PATH}/{event_id}/users")
    assert [p.params["after"] for p in pages] == ["0", str(members[98]), str(members[197])]
    assert {p.params["limit"] for p in pages} == {"100"}


async def test_an_answer_for_one_occurrence_wins_over_the_series_for_that_one_only(
    harness: Harness, clock: FakeClock
) -> None:
    http = harness.bot.http
    event_id = await api.create_event(http, GUILD_A.id, hills(clock))
    fake = harness.fake.events
    fake.mark_interested(event_id, 101, 102)  # the series
    fake.answer_occurrence(event_id, FIRST, 102, interested=False)  # not this week
    fake.answer_occurrence(event_id, FIRST, 103, interested=True)  # this week only
    fake.answer_occurrence(event_id, SECOND, 104, interested=True)  # next week only
    assert await api.interested_user_ids(http, GUILD_A.id, event_id, FIRST) == [101, 103]
    assert await api.interested_user_ids(http, GUILD_A.id, event_id, SECOND) == [101, 102, 104]


async def test_an_occurrence_cancelled_or_moved_by_hand_is_read_from_its_exception(
    harness: Harness, clock: FakeClock
) -> None:
    http = harness.bot.http
    event_id = await api.create_event(http, GUILD_A.id, hills(clock))
    moved = SECOND + timedelta(hours=1)
    harness.fake.events.change_occurrence_by_hand(event_id, FIRST, canceled=True)
    harness.fake.events.change_occurrence_by_hand(
        event_id, SECOND, start=moved, end=moved + timedelta(hours=1)
    )
    published = await api.get_event(http, GUILD_A.id, event_id)
    assert published.start == FIRST  # the series' own start stays, as Discord shows it
    [cancelled, rescheduled] = published.changes
    assert (cancelled.original, cancelled.start, cancelled.canceled) == (FIRST, None, True)
    assert (rescheduled.original, rescheduled.start, rescheduled.canceled) == (
        SECOND,
        moved,
        False,
    )


async def test_discords_own_exception_is_read_at_the_start_its_id_holds(
    harness: Harness, clock: FakeClock
) -> None:
    # The exception Discord returned for an occurrence cancelled in its client, as quoted in
    # discord/discord-api-docs issue #8009. Its id's top 42 bits are milliseconds since
    # Discord's epoch (2015-01-01): 1449128676556800000 >> 22 = 345499200000 ms, plus
    # 1420070400000 = 1765569600000 ms = Friday 12 December 2025 20:00:00 UTC.
    http = harness.bot.http
    event_id = await api.create_event(http, GUILD_A.id, hills(clock))
    sample = {
        "event_id": str(event_id),
        "event_exception_id": "1449128676556800000",
        "scheduled_start_time": None,
        "scheduled_end_time": None,
        "is_canceled": True,
    }
    harness.fake.events.edit_by_hand(event_id, guild_scheduled_event_exceptions=[sample])
    [change] = (await api.get_event(http, GUILD_A.id, event_id)).changes
    assert change.original == datetime(2025, 12, 12, 20, 0, tzinfo=UTC)
    assert change.canceled and change.start is None


async def test_exactly_100_interested_take_a_second_empty_page(
    harness: Harness, clock: FakeClock
) -> None:
    http = harness.bot.http
    event_id = await api.create_event(http, GUILD_A.id, hills(clock))
    harness.fake.events.mark_interested(event_id, *range(1000, 1100))
    found = await api.interested_user_ids(http, GUILD_A.id, event_id, FIRST)
    assert found == list(range(1000, 1100))
    assert len(sent(harness, "GET", f"{EVENTS_PATH}/{event_id}/users")) == 2


async def test_without_the_events_permission_discords_403_becomes_events_forbidden(
    harness: Harness, clock: FakeClock
) -> None:
    harness.fake.events.deny(GUILD_A.id)
    with pytest.raises(EventsForbidden):
        await api.create_event(harness.bot.http, GUILD_A.id, hills(clock))
    [request] = sent(harness, "POST", EVENTS_PATH)
    assert request.response == {"message": "Missing Permissions", "code": 50013}
    assert EventsForbidden.PERMISSION == "Create Events"


async def test_a_429_is_waited_out_by_discord_py_and_the_event_is_created_once(
    harness: Harness, clock: FakeClock
) -> None:
    limited = {"message": "You are being rate limited.", "retry_after": 0, "global": False}
    harness.fake.script("POST", EVENTS_PATH, 429, limited, headers={"Via": "1.1"}, times=2)
    event_id = await api.create_event(harness.bot.http, GUILD_A.id, hills(clock))
    assert [r.status for r in sent(harness, "POST", EVENTS_PATH)] == [429, 429, 200]
    assert [e["id"] for e in harness.fake.events.in_guild(GUILD_A.id)] == [str(event_id)]


@pytest.mark.parametrize("status", [429, 503])
async def test_rate_limits_and_outages_that_outlast_discord_py_are_temporary(
    harness: Harness, clock: FakeClock, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    limited = {"message": "You are being rate limited.", "retry_after": 0, "global": False}
    harness.fake.script(
        "POST", EVENTS_PATH, status, limited if status == 429 else None, headers={"Via": "1.1"}
    )
    with caplog.at_level(logging.CRITICAL), pytest.raises(TemporaryFailure):
        await api.create_event(harness.bot.http, GUILD_A.id, hills(clock))
    assert harness.fake.events.in_guild(GUILD_A.id) == []


# -- discord.py 2.7's shortfalls, pinned ------------------------------------------------------


async def test_discord_py_drops_the_recurrence_rule_on_create_and_edit(
    harness: Harness, clock: FakeClock
) -> None:
    body = api.event_body(hills(clock))
    http = harness.bot.http
    created = await http.create_guild_scheduled_event(GUILD_A.id, **body)
    [post] = sent(harness, "POST", EVENTS_PATH)
    assert post.json is not None and "recurrence_rule" not in post.json
    await http.edit_scheduled_event(GUILD_A.id, created["id"], **body)
    [patch] = sent(harness, "PATCH", f"{EVENTS_PATH}/{created['id']}")
    assert patch.json is not None and "recurrence_rule" not in patch.json


async def test_discord_py_users_repeats_the_first_page_past_100(
    harness: Harness, clock: FakeClock
) -> None:
    http = harness.bot.http
    event_id = await api.create_event(http, GUILD_A.id, hills(clock))
    harness.fake.events.mark_interested(event_id, *range(5000, 5149))
    guild = harness.bot.get_guild(GUILD_A.id)
    assert guild is not None
    event = await guild.fetch_scheduled_event(event_id, with_counts=True)
    assert event.user_count == 150  # the bot, subscribed as the event's creator, and 149
    ids = [user.id async for user in event.users()]
    # 150 users asked for; the second page starts again from the first one's wrong end.
    assert len(ids) == 150 and len(set(ids)) < 150
    assert set(ids) != {*range(5000, 5149), BOT_USER.id}


def test_discord_py_drops_a_user_add_for_a_user_it_has_not_cached(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = harness.bot._connection
    dispatched: list[str] = []
    monkeypatch.setattr(state, "dispatch", lambda event, *args: dispatched.append(event))
    payload = {
        "id": "1",
        "guild_id": str(GUILD_A.id),
        "name": "x",
        "scheduled_start_time": "2026-03-12T18:30:00+00:00",
        "privacy_level": 2,
        "status": 1,
        "entity_type": 3,
        "entity_metadata": {"location": "x"},
    }
    state.parsers["GUILD_SCHEDULED_EVENT_CREATE"](payload)
    assert dispatched == ["scheduled_event_create"]
    # A member the client never cached: without the members intent, that is nearly everyone.
    state.parsers["GUILD_SCHEDULED_EVENT_USER_ADD"](
        {"guild_id": str(GUILD_A.id), "guild_scheduled_event_id": "1", "user_id": "987654321"}
    )
    assert harness.bot.get_user(987654321) is None
    assert dispatched == ["scheduled_event_create"]
    assert not harness.bot.intents.members


async def test_discord_py_still_answers_the_shapes_the_module_reads(
    harness: Harness, clock: FakeClock
) -> None:
    # The fake's event object parses as a discord.py ScheduledEvent: its fields are Discord's.
    event_id = await api.create_event(harness.bot.http, GUILD_A.id, hills(clock))
    guild = harness.bot.get_guild(GUILD_A.id)
    assert guild is not None
    event = await guild.fetch_scheduled_event(event_id)
    assert isinstance(event, discord.ScheduledEvent)
    assert event.location == "Park gates"
    assert event.start_time == clock.now().replace(day=12, hour=18, minute=30)
    assert event.end_time == event.start_time + timedelta(hours=1)
