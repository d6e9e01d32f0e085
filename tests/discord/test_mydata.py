"""/mydata export and /mydata delete end to end, buttons included."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.core.models import MemberRef, Verdict
from bot.core.session_events import HeadsUpKey
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SqliteStore
from bot.store.tables import MEMBER_TABLES
from tests.discord.harness import (
    ALICE,
    BOB,
    CAROL,
    GUILD_A,
    GUILD_B,
    NO_PINGS,
    FakeAttachment,
    FakeClock,
    FakeUser,
    Harness,
    Result,
)
from tests.storage.checkins import answer

UPDATE_MESSAGE = 7
NOTHING: dict[str, list[dict[str, Any]]] = {table: [] for table in MEMBER_TABLES}


async def stored(h: Harness, user: FakeUser, guild: Any) -> dict[str, list[dict[str, Any]]]:
    out = {}
    for table in MEMBER_TABLES:
        rows = await h.store.db.all(
            f"SELECT * FROM {table} WHERE guild_id = :guild_id AND user_id = :user_id"
            " ORDER BY rowid",
            guild_id=guild.id,
            user_id=user.id,
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
        {
            "exercises": 2,
            "heaviest": 80,
            "sets": 3,
            "reps": 5,
            "notes": 'squats 🦵 "quoted"',
            "minutes": 55,
            "rpe": 8,
        },
        user=user,
    )
    await h.invoke("race set", {"date": "in 3 weeks", "name": "City <@1> 10k"}, user=user)
    await h.invoke(
        "run",
        {"type": "intervals", "distance": 5, "minutes": 30, "rpe": 8, "when": "2h ago"},
        user=user,
    )
    await h.invoke("run", {"type": "easy"}, user=user)
    await h.invoke("checkin", {"time": "07:00"}, user=user)


# --- export ---------------------------------------------------------------------------------

# Discord's ids, strings in the export as in Discord's JSON; the bot's own numbers stay numbers.
SNOWFLAKES = ("guild_id", "user_id", "channel_id", "message_id", "event_id")


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
    assert document["format"] == 2  # 1 wrote every *_id as a string
    assert document["guild_id"] == str(GUILD_A.id)
    assert document["user_id"] == str(ALICE.id)
    assert document["exported_at"] == iso(int(clock.now().timestamp()))

    rows = await stored(harness, ALICE, GUILD_A)
    sections = {"members": [document["profile"]], "leg_days": document["leg_days"]}
    sections["runs"] = document["runs"]
    sections["races"] = document["races"]
    for table in MEMBER_TABLES:
        section = sections.get(table, document.get(table))
        assert section is not None, table
        sections[table] = section
        assert len(section) == len(rows[table]), table
        if table in ("members", "leg_days", "runs", "timers"):
            assert rows[table], table
        for exported, row in zip(sections[table], rows[table], strict=True):
            short = {"leg_days": "L", "runs": "R"}.get(table)
            assert set(exported) == set(row) | ({"entry"} if short else set()), table
            if short:
                assert exported["entry"] == f"{short}{row['id']}"
                # Beside the number it names.
                keys = list(exported)
                assert keys[keys.index("id") + 1] == "entry"
            for key, value in row.items():
                if key == "at" or key.endswith("_at"):
                    wanted = None if value is None else iso(value)
                    assert exported[key] == wanted, (table, key)
                elif key in SNOWFLAKES and value is not None:
                    assert exported[key] == str(value), (table, key)
                elif key in ("listed", "hard_given", "is_hard"):
                    assert exported[key] is (None if value is None else bool(value)), key
                elif key == "distance_km" and value is not None:
                    assert exported[key] == round(value, 3), (table, key)
                else:
                    assert exported[key] == value, (table, key)
    # Spot checks against what was typed, not against the store.
    assert document["profile"]["units"] == "mi" and document["profile"]["listed"] is False
    assert document["leg_days"][0]["notes"] == 'squats 🦵 "quoted"'
    assert document["leg_days"][0]["is_hard"] is True
    assert document["leg_days"][0]["hard_given"] is None
    # Issue 12: a leg day's minutes and RPE, and the member's races, as typed.
    assert (document["leg_days"][0]["minutes"], document["leg_days"][0]["rpe"]) == (55, 8)
    [race] = document["races"]
    assert race["name"] == "City <@1> 10k" and race["distance"] is None
    three_weeks = clock.now().astimezone(ZoneInfo("Europe/Oslo")).date() + timedelta(days=21)
    assert race["race_on"] == three_weeks.isoformat()
    assert document["runs"][0]["distance_km"] == 8.047  # 5 mi, to the metre
    assert "2 runs" in result.embed["description"]


@pytest.mark.sqlite_only  # fills the table with one SQLite statement
async def test_an_export_over_discords_upload_limit_is_sent_gzipped_and_whole(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("run", {"type": "easy", "distance": 3})
    now = int(clock.now().timestamp())
    many = 20_000
    # Notes as long as /run takes, different on every row so gzip gets no free ride.
    await harness.store.db.run(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :many)"
        " INSERT INTO runs (guild_id, user_id, at, run_type, distance_km, minutes, rpe,"
        " notes, created_at)"
        " SELECT :guild, :user, :now - i * 3600, 'easy', 5.0, 30.0, 3,"
        " printf('%d %s', i, hex(randomblob(90))), :now FROM n",
        many=many,
        guild=GUILD_A.id,
        user=ALICE.id,
        now=now,
    )

    result = await harness.invoke("mydata export")

    (file,) = result.files
    assert file.filename == "runclub-mydata.json.gz"
    assert len(file.data) <= 10 * 2**20  # Discord's default; any server allows that much
    # The same data gives the same file: gzip's header holds no time (MTIME, bytes 4-7 of
    # RFC 1952, is 0 for "none").
    assert file.data[4:8] == bytes(4)
    document = json.loads(gzip.decompress(file.data))
    assert len(document["runs"]) == many + 1
    assert document["runs"][-1]["notes"].startswith(f"{many} ")
    assert result.embed["description"].startswith(
        f"Attached: your profile, 0 leg days and {many + 1} runs, as JSON compressed with gzip"
        " (it is over the 10 MiB a bot may attach)."
    )


@pytest.mark.sqlite_only  # fills the table with one SQLite statement
async def test_an_export_of_exactly_10_mib_is_sent_as_json_and_one_byte_more_gzipped(
    harness: Harness, clock: FakeClock
) -> None:
    # Discord takes a file of up to 10 MiB, 10,485,760 bytes, that one included.
    limit = 10 * 2**20
    await harness.invoke("run", {"type": "easy", "distance": 3, "notes": "first"})
    now = int(clock.now().timestamp())
    await harness.store.db.run(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)"
        " INSERT INTO runs (guild_id, user_id, at, run_type, distance_km, minutes, rpe,"
        " notes, created_at)"
        " SELECT :guild, :user, :now - i * 3600, 'easy', 5.0, 30.0, 3,"
        " printf('%d %s', i, hex(randomblob(90))), :now FROM n",
        guild=GUILD_A.id,
        user=ALICE.id,
        now=now,
    )
    short = len((await harness.invoke("mydata export")).files[0].data)
    assert short < limit

    async def export_with_notes_longer_by(extra: int) -> Result:
        # Letters, one byte each in the file as in the notes.
        await harness.store.db.run(
            "UPDATE runs SET notes = :notes WHERE notes = 'first' OR notes LIKE 'first %'",
            notes="first " + "x" * (extra - 1),
        )
        return await harness.invoke("mydata export")

    exactly = await export_with_notes_longer_by(limit - short)
    (file,) = exactly.files
    assert (file.filename, len(file.data)) == ("runclub-mydata.json", limit)
    assert ", as JSON. Times are UTC" in exactly.embed["description"]

    over = await export_with_notes_longer_by(limit - short + 1)
    (file,) = over.files
    assert file.filename == "runclub-mydata.json.gz"
    assert len(gzip.decompress(file.data)) == limit + 1


@pytest.mark.sqlite_only  # fills the table with one SQLite statement
async def test_an_export_still_over_the_limit_gzipped_is_not_sent_and_says_what_to_do(
    harness: Harness, clock: FakeClock
) -> None:
    # Notes as long as /run takes, of CJK characters drawn at random (3 bytes of UTF-8 each,
    # about 14 bits of chance): gzip keeps some 450 bytes of a row, so 25,000 rows are over
    # 10 MiB gzipped. (SQLite's char() takes at most 127 characters: two halves.)
    half = "char(" + ", ".join(["19968 + abs(random()) % 20000"] * 100) + ")"
    await harness.invoke("run", {"type": "easy", "distance": 3})
    now = int(clock.now().timestamp())
    many = 25_000
    await harness.store.db.run(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :many)"
        " INSERT INTO runs (guild_id, user_id, at, run_type, distance_km, minutes, rpe,"
        " notes, created_at)"
        f" SELECT :guild, :user, :now - i * 3600, 'easy', 5.0, 30.0, 3, {half} || {half},"
        " :now FROM n",
        many=many,
        guild=GUILD_A.id,
        user=ALICE.id,
        now=now,
    )

    result = await harness.invoke("mydata export")

    assert result.callback_type == 4 and result.ephemeral
    [request] = result.requests  # the answer, and no file in it: nothing half-sent
    assert request.files == [] and "attachments" not in result.message
    assert result.embed["title"] == "Your data is too big to attach"
    assert result.embed["color"] == 0xE74C3C  # red, as the deletion's question: not done
    assert result.embed["description"] == (
        f"Your data in this server (your profile, 0 leg days and {many + 1} runs) is over the"
        " 10 MiB a bot may attach on Discord even compressed with gzip, so nothing was sent."
        " Whoever runs runclub-bot for your club can copy it from the bot's database for you."
    )


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

    assert (
        "your profile, 1 leg day, 2 runs, 1 race and the record of your reminders, check-ins"
        " and heads-ups" in question.embed["description"]
    )
    assert set(ids) == {"Delete all my data", "Cancel"}
    assert await stored(harness, ALICE, GUILD_A) != NOTHING

    # Bob presses Alice's button: refused, privately, nothing changes.
    refused = await harness.click(message, ids["Delete all my data"], user=BOB)
    assert refused.callback_type == 4 and refused.ephemeral
    assert "Only the member who asked" in refused.content
    assert (await stored(harness, ALICE, GUILD_A))["runs"] != []

    done = await harness.click(message, ids["Delete all my data"])

    assert done.callback_type == UPDATE_MESSAGE
    assert done.callback is not None
    data = done.callback["data"]
    assert data["components"] == []
    assert data["embeds"][0]["title"] == "Deleted"
    said = data["embeds"][0]["description"]
    assert "your profile, 1 leg day, 2 runs, 1 race and the record of your" in said
    assert "row" not in said
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
    assert cancelled.callback is not None
    data = cancelled.callback["data"]
    assert data["embeds"][0]["title"] == "Nothing was deleted"
    assert data["components"] == []
    assert await stored(harness, ALICE, GUILD_A) == before


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_a_press_after_60_seconds_says_the_confirmation_expired_and_deletes_nothing(
    harness: Harness, clock: FakeClock
) -> None:
    await fill(harness, clock)
    before = await stored(harness, ALICE, GUILD_A)
    _, message, ids = await ask(harness)

    clock.advance(timedelta(seconds=60))
    late = await harness.click(message, ids["Delete all my data"])

    assert late.callback_type == UPDATE_MESSAGE
    assert late.callback is not None
    data = late.callback["data"]
    assert data["components"] == []
    assert data["content"] == "This confirmation expired; run `/mydata delete` again."
    assert await stored(harness, ALICE, GUILD_A) == before


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_the_confirmation_buttons_work_after_a_restart(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    async with make_harness() as first:
        await fill(first, clock)
        _, message, ids = await ask(first)
    async with make_harness() as second:
        refused = await second.click(message, ids["Delete all my data"], user=BOB)
        assert "Only the member who asked" in refused.content
        done = await second.click(message, ids["Delete all my data"])
        assert done.callback is not None
        assert done.callback["data"]["embeds"][0]["title"] == "Deleted"
        assert await stored(second, ALICE, GUILD_A) == NOTHING


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_a_second_press_after_deleting_does_nothing(
    harness: Harness, clock: FakeClock
) -> None:
    await fill(harness, clock)
    _, message, ids = await ask(harness)
    await harness.click(message, ids["Delete all my data"])
    await harness.invoke("run", {"type": "easy"})  # a fresh start

    # The message has no buttons any more: a press (a stale client) finds none to answer,
    # Discord shows "interaction failed", nothing is deleted.
    current = harness.fake.messages[int(message["id"])]
    assert current["components"] == []
    again = await harness.click(current, ids["Delete all my data"], expect_errors=True)
    assert again.callback_request is None
    assert len((await stored(harness, ALICE, GUILD_A))["runs"]) == 1


# --- every table and column, on both backends ------------------------------------------------

WATCH_FILE = Path(__file__).resolve().parent.parent / "data" / "easy_run.fit"
SHORT_IDS = {"leg_days": "L", "runs": "R"}


async def _query(h: Harness, sqlite_sql: str, postgres_sql: str, *args: Any) -> list[Any]:
    """The same query on the harness's backend (the two differ only in placeholders)."""
    store = h.store
    if isinstance(store, PostgresStore):
        return list(await store.db.fetchall(postgres_sql, *args))
    assert isinstance(store, SqliteStore)
    return list(await store.db.fetchall(sqlite_sql, args))


async def columns(h: Harness, table: str) -> set[str]:
    rows = await _query(
        h,
        "SELECT name FROM pragma_table_info(?)",
        "SELECT column_name AS name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = $1",
        table,
    )
    return {str(row["name"]) for row in rows}


async def member_row_counts(h: Harness, user: FakeUser, guild: Any) -> dict[str, int]:
    """Rows of the member in every member table of bot/store/tables.py."""
    counts = {}
    for table in MEMBER_TABLES:
        [row] = await _query(
            h,
            f"SELECT count(*) FROM {table} WHERE guild_id = ? AND user_id = ?",
            f"SELECT count(*) FROM {table} WHERE guild_id = $1 AND user_id = $2",
            guild.id,
            user.id,
        )
        counts[table] = int(row[0])
    return counts


async def fill_everything(h: Harness, clock: FakeClock, user: FakeUser = ALICE) -> None:
    """A row in every member table, and a value in every optional column a command sets."""
    await h.invoke(
        "profile",
        {"timezone": "Europe/Oslo", "units": "km", "listed": False, "max_hr": 188},
        user=user,
    )
    await h.invoke(
        "legday",
        {"exercises": 3, "heaviest": 80, "sets": 3, "reps": 5, "hard": True}
        | {"minutes": 55, "rpe": 8, "notes": "squats", "when": "1h ago"},
        user=user,
    )
    await h.invoke(
        "race set", {"date": "in 3 weeks", "name": "City 10k", "distance": "10k"}, user=user
    )
    await h.invoke(
        "run",
        {"type": "easy", "distance": 5, "minutes": 30, "rpe": 3, "notes": "park"},
        user=user,
    )
    await h.invoke(
        "run",
        {"file": FakeAttachment("easy_run.fit", WATCH_FILE.read_bytes()), "rpe": 4},
        user=user,
    )
    await h.invoke("checkin", {"time": "07:00"}, user=user)
    member = MemberRef(guild_id=GUILD_A.id, user_id=user.id)
    await answer(h.store, member, clock.now().date(), 3, clock.now())
    # A heads-up sent before a session (tests/discord/test_heads_up.py sends them for real),
    # and the console's "Interested" press.
    now = clock.now()
    key = HeadsUpKey(GUILD_A.id, 1, now, user.id)
    await h.store.heads_ups.claim(key, Verdict.WAIT, now=now)
    await h.store.heads_ups.finish(key, claimed_at=now, sent=False, error="DMs closed")
    await h.store.heads_ups.mark_interested(GUILD_A.id, 7, user.id, now=now)


async def test_export_and_delete_cover_every_table_and_column(
    harness: Harness, clock: FakeClock
) -> None:
    h = harness
    await fill_everything(h, clock)
    await fill_everything(h, clock, user=BOB)
    bob_before = await member_row_counts(h, BOB, GUILD_A)

    exported = await h.invoke("mydata export")
    document = json.loads(exported.files[0].data)
    sections = {table: document.get(table) for table in MEMBER_TABLES}
    sections["members"] = [document["profile"]]
    for table in MEMBER_TABLES:
        if table == "member_notices":
            continue  # read (and so deleted) by the export command itself; filled below
        rows = sections[table]
        assert rows, table
        expected = await columns(h, table) | ({"entry"} if table in SHORT_IDS else set())
        for row in rows:
            assert set(row) == expected, table
    # The newer fields, as given.
    assert document["profile"]["max_hr"] == 188
    [leg_day] = document["leg_days"]
    assert (leg_day["minutes"], leg_day["rpe"], leg_day["notes"]) == (55, 8, "squats")
    [race] = document["races"]
    assert (race["name"], race["distance"]) == ("City 10k", "10k")
    typed, from_file = document["runs"]
    assert (typed["source"], typed["moving_seconds"], typed["notes"]) == ("typed", None, "park")
    assert {k: from_file[k] for k in ("source", "moving_seconds", "elapsed_seconds")} == {
        "source": "fit",
        "moving_seconds": 1500,
        "elapsed_seconds": 1530,
    }
    assert {k: from_file[k] for k in ("avg_hr", "max_hr", "elevation_gain_m", "rpe")} == {
        "avg_hr": 145,
        "max_hr": 162,
        "elevation_gain_m": 42,
        "rpe": 4,
    }
    assert [answer["soreness"] for answer in document["checkin_answers"]] == [3]
    [heads_up] = document["heads_ups"]
    assert (heads_up["verdict"], heads_up["state"]) == ("WAIT", "failed")
    assert [row["event_id"] for row in document["event_interest"]] == ["7"]  # ids as text

    asked = await h.invoke("mydata delete")
    # A notice waiting for the member's next command: the delete takes it too.
    member = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
    await h.store.notices.add(member, "dm_closed", "Your DMs are closed.", now=clock.now())
    assert (await member_row_counts(h, ALICE, GUILD_A))["member_notices"] == 1
    question = asked.created_message
    assert question is not None
    done = await h.click(question, buttons(asked)["Delete all my data"])
    assert done.callback is not None
    assert done.callback["data"]["embeds"][0]["title"] == "Deleted"

    assert await member_row_counts(h, ALICE, GUILD_A) == dict.fromkeys(MEMBER_TABLES, 0)
    assert await member_row_counts(h, BOB, GUILD_A) == bob_before


async def test_delete_names_the_reminders_and_check_ins_it_takes_too(harness: Harness) -> None:
    """The question counted only the entries (found in review: it said "your profile, 0 leg
    days and 0 runs" to a member whose morning check-ins it was about to delete too)."""
    await harness.invoke("checkin", {"time": "07:00"})
    question, _, _ = await ask(harness)
    said = question.embed["description"]
    assert (
        "This deletes your profile, 0 leg days, 0 runs and the record of your reminders,"
        " check-ins and heads-ups for good" in said
    )
    exported = await harness.invoke("mydata export")
    assert "the record of your reminders, check-ins and heads-ups" in exported.embed["description"]


async def test_delete_of_entries_alone_names_no_reminders(harness: Harness) -> None:
    await harness.invoke("run", {"type": "easy"})
    question, _, _ = await ask(harness)
    said = question.embed["description"]
    assert "This deletes your profile, 0 leg days and 1 run for good" in said
    assert "reminders" not in said


async def test_the_export_names_a_reminders_leg_day_by_its_number(harness: Harness) -> None:
    await harness.invoke("legday", {"exercises": 4})
    wait = await harness.invoke("canirun", {"type": "tempo"})
    assert wait.created_message is not None
    [row] = wait.created_message["components"]
    await harness.click(wait.created_message, row["components"][0]["custom_id"])

    document = json.loads((await harness.invoke("mydata export")).files[0].data)

    [leg_day] = document["leg_days"]
    [reminder] = document["timers"]
    assert leg_day["id"] == reminder["entry_id"] == 1 and leg_day["entry"] == "L1"
    assert reminder["guild_id"] == str(GUILD_A.id) and reminder["user_id"] == str(ALICE.id)
