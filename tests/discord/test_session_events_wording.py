"""`/club session`'s replies word for word: what an admin reads after adding or removing a
session in each state of its event (published, refused, forbidden, Discord down, deleted or
edited by hand), and the list's title, footer, colour and lines."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from bot.render.reply import Colour
from tests.discord.harness import GUILD_A, Harness, Result
from tests.discord.test_heads_up import add_session

EVENTS = f"/guilds/{GUILD_A.id}/scheduled-events"
LINK = f"https://discord.com/events/{GUILD_A.id}"
HILLS = {"day": "thursday", "time": "18:30", "type": "hills", "name": "Hill reps"}
LONDON = {"club": {"timezone": "Europe/London"}}
ADDED = "Added to the club's week: Thu 18:30 hills · Hill reps (Europe/London)."
NOT_POSTING = (
    " It will show in the daily post on its day once the post is on (`/club reminder set`)."
)
REMOVED = "Removed from the club's week: Thu 18:30 hills · Hill reps."
FOOTER = "Times are the club's (Europe/London)."


@pytest.fixture
async def club(make_harness: Callable[..., Harness]) -> AsyncIterator[Harness]:
    async with make_harness(config=LONDON) as h:
        yield h


def colour(result: Result) -> int:
    return int(result.embed["color"])


# -- add -----------------------------------------------------------------------------------------


async def test_added_and_published(club: Harness) -> None:
    added = await club.invoke("club session add", HILLS)
    [event] = club.fake.events.in_guild(GUILD_A.id)
    assert added.content == (
        f"{ADDED}{NOT_POSTING} It is on the server's calendar as a weekly event:"
        f" {LINK}/{event['id']}"
    )


async def test_added_while_the_post_is_on(club: Harness) -> None:
    await club.invoke(
        "club reminder set", {"channel": GUILD_A.channel_named("training"), "time": "07:00"}
    )
    added = await club.invoke("club session add", {**HILLS, "event": False})
    assert added.content == f"{ADDED} It shows in the daily post on its day."


async def test_added_without_the_permission(club: Harness) -> None:
    club.fake.events.deny(GUILD_A.id)
    added = await club.invoke("club session add", HILLS)
    assert added.content == (
        f"{ADDED}{NOT_POSTING} It is not on the server's calendar: the bot needs the"
        " **Create Events** permission to publish it. Once it has it, remove the session and"
        " add it again."
    )


async def test_added_with_its_event_refused(club: Harness) -> None:
    club.fake.script("POST", EVENTS, 400)
    added = await club.invoke("club session add", HILLS, expect_errors=True)
    assert added.content == (
        f"{ADDED}{NOT_POSTING} Discord refused its event, so it is not on the server's"
        " calendar: remove the session and add it again later."
    )


async def test_added_while_discord_is_down(club: Harness) -> None:
    club.fake.script("POST", EVENTS, 503)
    added = await club.invoke("club session add", HILLS, expect_errors=True)
    assert added.content == (
        f"{ADDED}{NOT_POSTING} Discord did not answer, so it is not on the server's calendar"
        " yet: remove the session and add it again later."
    )


# -- remove --------------------------------------------------------------------------------------


async def test_removed_without_the_permission_to_delete_its_event(club: Harness) -> None:
    await add_session(club, HILLS)
    club.fake.events.deny(GUILD_A.id)
    removed = await club.invoke("club session remove", {"session": "1"})
    assert removed.content == (
        f"{REMOVED} Its event is still on the server's calendar: the bot needs the"
        " **Create Events** permission to delete it. Delete it in Discord (Events)."
    )


async def test_removed_while_discord_is_down(club: Harness) -> None:
    event_id = await add_session(club, HILLS)
    club.fake.script("DELETE", f"{EVENTS}/{event_id}", 503)
    club.fake.script("GET", f"{EVENTS}/{event_id}", 503)
    removed = await club.invoke("club session remove", {"session": "1"}, expect_errors=True)
    assert removed.content == (
        f"{REMOVED} Discord did not answer, so its event is still on the server's calendar."
        " Delete it in Discord (Events)."
    )


async def test_removed_after_its_event_was_deleted_by_hand(club: Harness) -> None:
    event_id = await add_session(club, HILLS)
    club.fake.events.delete_by_hand(event_id)
    removed = await club.invoke("club session remove", {"session": "1"})
    assert removed.content == f"{REMOVED} Its event had already been deleted in Discord."


async def test_removed_after_its_event_was_edited_by_hand(club: Harness) -> None:
    event_id = await add_session(club, HILLS)
    club.fake.events.edit_by_hand(event_id, name="Hills, moved to the park")
    removed = await club.invoke("club session remove", {"session": "1"})
    assert removed.content == (
        f"{REMOVED} Its event was edited by hand in Discord, so the bot left it; delete it"
        " there if it is no longer needed."
    )


# -- the list ------------------------------------------------------------------------------------


async def test_an_empty_list(club: Harness) -> None:
    listed = await club.invoke("club session list")
    embed = listed.embed
    assert (embed["title"], embed["description"], embed["footer"]["text"]) == (
        "The club's week",
        "No weekly sessions yet. `/club session add` adds one.",
        FOOTER,
    )
    assert colour(listed) == Colour.INFO.value


async def test_a_list_of_one_unpublished_session(club: Harness) -> None:
    club.fake.events.deny(GUILD_A.id)
    await club.invoke("club session add", HILLS)
    listed = await club.invoke("club session list")
    embed = listed.embed
    assert (embed["title"], embed["description"], embed["footer"]["text"]) == (
        "The club's week",
        "• Thu 18:30 hills · Hill reps, 60 minutes · not on the calendar (the bot needed"
        " **Create Events**, or Discord was down or refused it)",
        FOOTER,
    )
    assert colour(listed) == Colour.INFO.value


async def test_a_week_too_long_for_one_embed_ends_in_its_count_within_discords_limit(
    club: Harness,
) -> None:
    """25 sessions whose lines are 247 characters each (a 50-character name, a 60-character
    place, the event's link and count) do not all fit in one embed. Worked by hand: Discord's
    6000 characters less the title (15) and footer (37) leave 5948; the description holds 16
    lines (16 x 247 + 15 = 3967), a field 4 (4 x 247 + 3 = 991, plus its one-character name),
    and the next field 3 more with "…and 2 more" (3 x 247 + 3 + 11 = 755): 23 sessions, 5767
    characters in all. A 24th line instead of the count would make it 6003, past the limit."""
    days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    for n in range(25):
        await club.invoke(
            "club session add",
            {
                "day": days[n % 7],
                "time": f"{6 + n // 7 * 4:02d}:{n:02d}",
                "type": "tempo",
                "name": f"Session {n:02d} " + "x" * 39,
                "place": f"Gate {n:02d} " + "p" * 52,
            },
        )
    embed = (await club.invoke("club session list")).embed
    parts = [embed["description"], *(field["value"] for field in embed["fields"])]
    lines = [line for part in parts for line in part.splitlines()]
    assert lines[-1] == "…and 2 more"
    sessions = lines[:-1]
    assert [len(line) for line in sessions] == [247] * 23
    # Monday first, each day's sessions by their time.
    week = sorted(range(25), key=lambda n: (n % 7, n))
    assert [line.split(" · ")[1] for line in sessions] == [
        f"Session {n:02d} " + "x" * 39 + f", 60 minutes at Gate {n:02d} " + "p" * 52
        for n in week[:23]
    ]
    total = len(embed["title"]) + len(embed["footer"]["text"])
    total += len(embed["description"])
    total += sum(len(field["name"]) + len(field["value"]) for field in embed["fields"])
    assert total == 5767
