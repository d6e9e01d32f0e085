"""/mydata export and /mydata delete end to end, buttons included."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.discord.commands.mydata import ConfirmDelete
from bot.store.sqlite.privacy import MEMBER_TABLES
from tests.discord.harness import (
    ALICE,
    APP_ID,
    BOB,
    CAROL,
    GUILD_A,
    GUILD_B,
    FakeClock,
    FakeUser,
    Harness,
    Result,
)

NO_PINGS = {"parse": []}
UPDATE_MESSAGE = 7
NOTHING: dict[str, list[dict[str, Any]]] = {table: [] for table in MEMBER_TABLES}


async def stored(h: Harness, user: FakeUser, guild: Any) -> dict[str, list[dict[str, Any]]]:
    out = {}
    for table in MEMBER_TABLES:
        rows = await h.store.db.fetchall(
            f"SELECT * FROM {table} WHERE guild_id = ? AND user_id = ? ORDER BY rowid",
            (guild.id, user.id),
        )
        out[table] = [dict(row) for row in rows]
    return out


def iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def fill(h: Harness, clock: FakeClock, user: FakeUser = ALICE) -> None:
    await h.invoke(
        "profile", {"timezone": "Europe/Oslo", "units": "mi", "listed": False}, user=user
    )
    clock.advance(timedelta(minutes=5))
    await h.invoke(
        "legday",
        {"exercises": 2, "heaviest": 80, "sets": 3, "reps": 5, "notes": 'squats 🦵 "quoted"'},
        user=user,
    )
    await h.invoke(
        "run",
        {"type": "intervals", "distance": 5, "minutes": 30, "rpe": 8, "when": "2h ago"},
        user=user,
    )
    await h.invoke("run", {"type": "easy"}, user=user)


# --- export ---------------------------------------------------------------------------------


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_export_round_trips_everything_stored_about_the_member(
    harness: Harness, clock: FakeClock
) -> None:
    await fill(harness, clock)
    await fill(harness, clock, user=BOB)
    await harness.invoke("run", {"type": "easy", "distance": 3}, user=CAROL)

    result = await harness.invoke("mydata export")

    assert result.callback_type == 4 and result.ephemeral
    assert result.message["allowed_mentions"] == NO_PINGS
    (file,) = result.files
    assert file.filename == "runclub-mydata.json"
    document = json.loads(file.data.decode("utf-8"))
    assert document["format"] == 1
    assert document["guild_id"] == str(GUILD_A.id)
    assert document["user_id"] == str(ALICE.id)
    assert document["exported_at"] == iso(int(clock.now().timestamp()))

    rows = await stored(harness, ALICE, GUILD_A)
    sections = {"members": [document["profile"]], "leg_days": document["leg_days"]}
    sections["runs"] = document["runs"]
    for table in MEMBER_TABLES:
        assert len(sections[table]) == len(rows[table]) > 0, table
        for exported, row in zip(sections[table], rows[table], strict=True):
            assert set(exported) == set(row), table
            for key, value in row.items():
                if key == "at" or key.endswith("_at"):
                    assert exported[key] == iso(value), (table, key)
                elif key.endswith("_id"):
                    assert exported[key] == str(value), (table, key)
                else:
                    assert exported[key] == value, (table, key)
    # Spot checks against what was typed, not against the store.
    assert document["profile"]["units"] == "mi" and document["profile"]["listed"] == 0
    assert document["leg_days"][0]["notes"] == 'squats 🦵 "quoted"'
    assert document["runs"][0]["distance_km"] == pytest.approx(5 * 1.609344)
    assert "2 runs" in result.embed["description"]


async def test_export_of_a_member_with_nothing_stored(harness: Harness) -> None:
    result = await harness.invoke("mydata export")
    document = json.loads(result.files[0].data)
    assert document["profile"] is None
    assert document["leg_days"] == [] and document["runs"] == []


# --- delete ---------------------------------------------------------------------------------


def buttons(result: Result) -> dict[str, str]:
    """Button label -> custom_id, from the message as Discord received it."""
    (row,) = result.message["components"]
    return {b["label"]: b["custom_id"] for b in row["components"]}


async def ask(h: Harness, user: FakeUser = ALICE) -> tuple[Result, dict[str, Any], dict[str, str]]:
    result = await h.invoke("mydata delete", user=user)
    assert result.callback_type == 4 and result.ephemeral
    message = result.created_message
    assert message is not None
    return result, message, buttons(result)


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_delete_asks_first_and_deletes_only_on_the_members_confirmation(
    harness: Harness, clock: FakeClock
) -> None:
    await fill(harness, clock)
    await fill(harness, clock, user=BOB)
    await harness.invoke("run", {"type": "easy"}, user=CAROL)
    await harness.invoke("run", {"type": "easy"}, guild=GUILD_B)  # Alice in another club
    bob_before = await stored(harness, BOB, GUILD_A)
    alice_b_before = await stored(harness, ALICE, GUILD_B)

    question, message, ids = await ask(harness)

    assert "1 leg day and 2 runs" in question.embed["description"]
    assert set(ids) == {"Delete all my data", "Cancel"}
    assert await stored(harness, ALICE, GUILD_A) != NOTHING

    # Bob presses Alice's button: refused, privately, nothing changes.
    refused = await harness.click(message, ids["Delete all my data"], user=BOB)
    assert refused.callback_type == 4 and refused.ephemeral
    assert "Only the member who asked" in refused.content
    assert (await stored(harness, ALICE, GUILD_A))["runs"] != []

    done = await harness.click(message, ids["Delete all my data"])

    assert done.callback_type == UPDATE_MESSAGE
    data = done.callback["data"]  # type: ignore[index]
    assert data["components"] == []
    assert data["embeds"][0]["title"] == "Deleted"
    assert "4 rows" in data["embeds"][0]["description"]  # profile, leg day, two runs
    assert await stored(harness, ALICE, GUILD_A) == NOTHING
    assert await stored(harness, BOB, GUILD_A) == bob_before
    assert await stored(harness, ALICE, GUILD_B) == alice_b_before
    assert (await stored(harness, CAROL, GUILD_B))["runs"] != []


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_cancel_deletes_nothing(harness: Harness, clock: FakeClock) -> None:
    await fill(harness, clock)
    before = await stored(harness, ALICE, GUILD_A)
    _, message, ids = await ask(harness)

    cancelled = await harness.click(message, ids["Cancel"])

    assert cancelled.callback_type == UPDATE_MESSAGE
    data = cancelled.callback["data"]  # type: ignore[index]
    assert data["embeds"][0]["title"] == "Nothing was deleted"
    assert data["components"] == []
    assert await stored(harness, ALICE, GUILD_A) == before


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_the_question_times_out_after_60_seconds_deleting_nothing(
    harness: Harness, clock: FakeClock
) -> None:
    await fill(harness, clock)
    before = await stored(harness, ALICE, GUILD_A)
    question, message, _ = await ask(harness)
    view = harness.bot._connection._view_store._synced_message_views[int(message["id"])]
    assert isinstance(view, ConfirmDelete)
    assert view.timeout == 60

    # What discord.py runs when the 60 seconds are up.
    async with harness.capture() as cap:
        await view.on_timeout()
    view.stop()

    (edit,) = cap.to("PATCH", f"/webhooks/{APP_ID}/{question.token}/messages/@original")
    assert edit.json["components"] == []
    assert edit.json["embeds"][0]["title"] == "Nothing was deleted"
    assert "60 seconds" in edit.json["embeds"][0]["description"]
    assert await stored(harness, ALICE, GUILD_A) == before


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_a_second_press_after_deleting_does_nothing(
    harness: Harness, clock: FakeClock
) -> None:
    await fill(harness, clock)
    _, message, ids = await ask(harness)
    await harness.click(message, ids["Delete all my data"])
    await harness.invoke("run", {"type": "easy"})  # a fresh start

    # The view is finished: Discord would show "interaction failed", nothing is deleted.
    again = await harness.click(message, ids["Delete all my data"], expect_errors=True)
    assert again.callback_request is None
    assert len((await stored(harness, ALICE, GUILD_A))["runs"]) == 1
