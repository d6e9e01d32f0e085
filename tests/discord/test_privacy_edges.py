"""Security and privacy at their edges, as a member and an admin probed them (an independent
review): the defects it found, each through the real path (interaction payload in, the
requests discord.py sends checked, a real database underneath)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core.models import MemberRef
from bot.discord.tree import UNAVAILABLE_MESSAGE
from tests.discord.harness import ALICE, GUILD_A, FakeAttachment, FakeClock, Harness, Result
from tests.discord.harness.payloads import dm_channel_id
from tests.discord.test_heads_up import HEADS_UP, HILLS, LONDON, add_session, hard_leg_day
from tests.discord.test_reminders import reminders_cog, wait_with_button
from tests.postgres_server import PostgresServer

ME = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
DM_PATH = f"/channels/{dm_channel_id(ALICE.id)}/messages"
DM_NOTICE = "I couldn't DM you"
UPDATE_MESSAGE = 7


def delete_buttons(asked: Result) -> dict[str, str]:
    [row] = asked.message["components"]
    return {b["label"]: b["custom_id"] for b in row["components"]}


async def delete_everything(h: Harness) -> None:
    """/mydata delete, confirmed with its button, as the member does it."""
    asked = await h.invoke("mydata delete")
    assert asked.created_message is not None
    done = await h.click(asked.created_message, delete_buttons(asked)["Delete all my data"])
    assert done.embed["title"] == "Deleted"


async def while_the_dm_is_refused(
    h: Harness, job: Awaitable[Any], meanwhile: Callable[[], Awaitable[None]]
) -> Any:
    """Run `job` (a timers' tick) until its DM reaches Discord, do `meanwhile`, then let
    Discord answer the DM, refused (the member's DMs are closed: 403, code 50007)."""
    h.fake.closed_dms.add(ALICE.id)
    arrived, answer = asyncio.Event(), asyncio.Event()
    handle = h.fake.handle

    async def held(method: str, url: str, **kwargs: Any) -> Any:
        if method.upper() == "POST" and url.endswith(DM_PATH):
            arrived.set()
            await answer.wait()
        return await handle(method, url, **kwargs)

    h.fake.handle = held  # type: ignore[method-assign]
    running = asyncio.ensure_future(job)
    try:
        await asyncio.wait_for(arrived.wait(), timeout=30)
    finally:
        h.fake.handle = handle  # type: ignore[method-assign]
    await meanwhile()
    answer.set()
    return await running


async def nothing_of_mine_is_kept(h: Harness) -> None:
    """The export lists no row of the member, and their next command tells them nothing about
    a DM of the data they deleted."""
    exported = json.loads((await h.invoke("mydata export")).files[0].data)
    kept = {key: rows for key, rows in exported.items() if isinstance(rows, list) and rows}
    assert exported["profile"] is None and kept == {}, kept
    after = await h.invoke("help")
    assert all(DM_NOTICE not in (message.get("content") or "") for message in after.messages)


# -- a DM refused while the member deletes their data -----------------------------------------


async def test_a_reminder_dm_refused_during_mydata_delete_stores_nothing_after_it(
    harness: Harness, clock: FakeClock
) -> None:
    # README, "Your data": confirming /mydata delete deletes "a notice waiting" with the rest,
    # and "using the bot again afterwards starts from scratch". A reminder DM already on its
    # way when the member confirms, and refused by Discord after (closed DMs), stored a new
    # "I couldn't DM you" notice for the member just deleted: it showed in their next
    # /mydata export and on their next command, about a reminder they had deleted.
    await harness.invoke("legday", {"exercises": 4})
    message, custom_id = await wait_with_button(harness)
    await harness.click(message, custom_id)
    [timer] = await harness.store.timers.pending(ME)
    clock.set(timer.due_at)

    await while_the_dm_is_refused(
        harness,
        reminders_cog(harness).runner.tick(clock.now()),
        lambda: delete_everything(harness),
    )

    await nothing_of_mine_is_kept(harness)


@pytest.fixture
async def club(make_harness: Callable[..., Harness]) -> AsyncIterator[Harness]:
    async with make_harness(config=LONDON) as h:
        yield h


async def test_a_heads_up_refused_during_mydata_delete_stores_nothing_after_it(
    club: Harness, clock: FakeClock
) -> None:
    # The same for a heads-up before a session: the DM went out just before the member
    # confirmed the delete and came back refused after it.
    event_id = await add_session(club, HILLS)
    await hard_leg_day(club, clock, ALICE)
    club.fake.events.mark_interested(event_id, ALICE.id)
    clock.set(HEADS_UP)

    await while_the_dm_is_refused(
        club, reminders_cog(club).runner.tick(clock.now()), lambda: delete_everything(club)
    )

    await nothing_of_mine_is_kept(club)


# -- /mydata delete pressed again after an outage ---------------------------------------------


@pytest.fixture
async def on_own_server(own_postgres: PostgresServer, tmp_path: Path) -> AsyncIterator[Harness]:
    url = own_postgres.fresh_database()
    async with Harness(tmp_path, clock=FakeClock(), database_url=url) as h:
        yield h


async def test_delete_pressed_again_after_an_outage_deletes(
    on_own_server: Harness, own_postgres: PostgresServer
) -> None:
    # README, "When the database is down": every button answers "Couldn't reach the
    # database; try again in a minute.", and "the next command after the database is back
    # works". The member does as told and presses "Delete all my data" again (within its 60
    # seconds): that press was acknowledged with nothing at all and deleted nothing, because
    # the failed press had already counted as the question's answer.
    h = on_own_server
    await h.invoke("legday", {"exercises": 4})
    asked = await h.invoke("mydata delete")
    assert asked.created_message is not None
    delete = delete_buttons(asked)["Delete all my data"]
    own_postgres.stop("fast")
    try:
        failed = await h.click(asked.created_message, delete, expect_errors=True)
    finally:
        own_postgres.start()
    assert failed.ephemeral and failed.content == UNAVAILABLE_MESSAGE

    again = await h.click(asked.created_message, delete)

    assert again.callback_type == UPDATE_MESSAGE, again.requests  # not a silent acknowledgement
    assert again.embed["title"] == "Deleted"
    kept = await h.store.privacy.export_member(ME)
    assert kept and all(rows == [] for rows in kept.values()), kept


# -- a public log and a member's race ---------------------------------------------------------


@pytest.fixture
async def public_logs(make_harness: Callable[..., Harness]) -> AsyncIterator[Harness]:
    async with make_harness(config={"club": {"public_logs": True}}) as h:
        yield h


async def test_a_public_leg_day_never_names_an_unlisted_members_race(public_logs: Harness) -> None:
    # README: with `[club] public_logs` the /legday confirmation is posted in the channel, and
    # a HARD leg day 7 days or fewer before a race gets a note about it; but a member with
    # `/profile listed:false` has their races "never named, only counted", and /race replies
    # are private. The public confirmation named the race for the whole channel: "This hard
    # leg day is 3 days before your race Secret trial".
    h = public_logs
    await h.invoke("profile", {"listed": False})
    await h.invoke("race set", {"date": "in 3 days", "name": "Secret trial"})

    logged = await h.invoke("legday", {"exercises": 4})

    assert not logged.ephemeral  # the club's choice: the confirmation is public
    assert "3 days before your race" in logged.embed["description"]  # the note itself stays
    assert all("Secret trial" not in text for text in message_texts(logged))


def message_texts(result: Result) -> list[str]:
    texts = []
    for message in result.messages:
        texts.append(message.get("content") or "")
        for embed in message.get("embeds") or []:
            texts += [embed.get("title") or "", embed.get("description") or ""]
            texts += [f"{f['name']} {f['value']}" for f in embed.get("fields") or []]
    return texts


# -- one small watch file, hundreds of runs ----------------------------------------------------


def gpx_of_many_runs(count: int, first: datetime) -> bytes:
    """A 70 kB GPX file with `count` tracks, each a short run of its own, ten minutes apart."""
    tracks = []
    for number in range(count):
        start = first + timedelta(minutes=10 * number)
        points = "".join(
            f'<trkpt lat="{51 + step / 1000:.3f}" lon="0"><time>'
            f"{(start + timedelta(seconds=30 * step)).strftime('%Y-%m-%dT%H:%M:%SZ')}"
            "</time></trkpt>"
            for step in range(4)
        )
        tracks.append(f"<trk><type>running</type><trkseg>{points}</trkseg></trk>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
        f"{''.join(tracks)}</gpx>"
    ).encode()


async def test_one_watch_file_cannot_make_the_bot_log_hundreds_of_runs(
    harness: Harness, clock: FakeClock
) -> None:
    # README's limits on /run's files (10 files, 25 MB, 200,000 track points, 10 seconds to
    # read) bound the reading, not the logging: every run a file holds is logged, each with
    # its own reads and writes (duplicates, type, spike, load). A 70 kB GPX file of 200 tiny
    # tracks made one member's /run log 200 runs (1,500 of them took the bot past 30 seconds;
    # a 25 MB file holds some 50,000), with everyone else's commands on the same loop and
    # database meanwhile, and past 15 minutes Discord no longer takes the answer. One /run
    # logs a bounded number of runs: such a file is refused, naming the limit, and stores
    # nothing.
    data = gpx_of_many_runs(200, clock.now() - timedelta(days=30))

    result = await harness.invoke("run", {"file": FakeAttachment("everything.gpx", data)})

    assert result.ephemeral
    assert "everything.gpx" in result.text and "200 runs" in result.text
    assert (await harness.store.privacy.export_member(ME))["runs"] == []


# -- a NUL character in a member's text --------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "options", "option"),
    [
        ("legday", {"exercises": 2, "notes": "squats\x00"}, "notes"),
        ("run", {"type": "easy", "notes": "\x00"}, "notes"),
        ("race set", {"date": "in 3 days", "name": "City\x0010k"}, "name"),
        (
            "club session add",
            {"day": "monday", "time": "18:00", "type": "easy", "place": "\x00"},
            "place",
        ),
    ],
)
async def test_a_nul_character_is_refused_by_name_on_every_backend(
    harness: Harness, command: str, options: dict[str, Any], option: str
) -> None:
    # PostgreSQL cannot store U+0000 in text: the command failed with "Sorry, that failed on
    # our side" and an ERROR with a traceback in the log, at the member's will, while on
    # SQLite the same text was stored (and a SQLite file holding it cannot move to
    # PostgreSQL with migrate-store). Refused as a lone surrogate is, naming the option, and
    # nothing stored, on both.
    result = await harness.invoke(command, options)

    assert result.ephemeral and result.content.startswith(f"`{option}`:"), result.text
    exported = await harness.store.privacy.export_member(ME)
    assert exported["leg_days"] == exported["runs"] == exported["races"] == []
    assert await harness.store.club_sessions.for_club(GUILD_A.id) == []
